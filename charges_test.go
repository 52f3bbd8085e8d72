package fakestripe_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"

	"github.com/fakestripe/fakestripe"
)

func chargeParams(amount int64, source string) *stripe.ChargeParams {
	return &stripe.ChargeParams{Amount: stripe.Int64(amount), Currency: stripe.String("usd"), Source: &stripe.PaymentSourceSourceParams{Token: stripe.String(source)}}
}

func TestChargeSucceeds(t *testing.T) {
	fake, sc := newClient(t)
	p := chargeParams(2000, "tok_visa")
	p.Description = stripe.String("Order 42")
	p.AddExpand("balance_transaction")
	ch, err := sc.Charges.New(p)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(ch.ID, "ch_"))
	assert.Equal(t, stripe.ChargeStatusSucceeded, ch.Status)
	assert.True(t, ch.Paid)
	assert.True(t, ch.Captured)
	assert.Equal(t, int64(2000), ch.AmountCaptured)
	assert.Equal(t, "visa", string(ch.PaymentMethodDetails.Card.Brand))
	assert.Equal(t, "4242", ch.PaymentMethodDetails.Card.Last4)
	assert.Equal(t, "authorized", ch.Outcome.Type)
	assert.Equal(t, "Payment complete.", ch.Outcome.SellerMessage)

	bt := ch.BalanceTransaction
	assert.Equal(t, int64(2000), bt.Amount)
	assert.Equal(t, int64(88), bt.Fee, "2.9% + 30")
	assert.Equal(t, int64(1912), bt.Net)
	assert.Equal(t, stripe.BalanceTransactionStatusPending, bt.Status)
	assert.Equal(t, "charge", string(bt.Type))
	assert.Equal(t, "charge", string(bt.ReportingCategory))
	assert.Equal(t, "Order 42", bt.Description)
	require.Len(t, bt.FeeDetails, 1)
	assert.Equal(t, "stripe_fee", string(bt.FeeDetails[0].Type))
	assert.Equal(t, "Stripe processing fees", bt.FeeDetails[0].Description)
	midnight := time.Date(2023, 10, 18, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, midnight.Unix(), bt.AvailableOn, "available at midnight UTC two days later")
	_ = fake
}

func TestChargeFees(t *testing.T) {
	tests := []struct {
		amount int64
		source string
		fee    int64
	}{
		{100, "tok_visa", 33},
		{3340, "tok_visa", 127},
		{65400, "tok_visa", 1927},
	}
	_, sc := newClient(t)
	for _, tc := range tests {
		p := chargeParams(tc.amount, tc.source)
		p.AddExpand("balance_transaction")
		ch, err := sc.Charges.New(p)
		require.NoError(t, err)
		assert.Equal(t, tc.fee, ch.BalanceTransaction.Fee, "amount %d", tc.amount)
	}

	// The schedule is an option.
	_, sc = newClient(t, fakestripe.WithFee("usd", fakestripe.Fee{BasisPoints: 100, Fixed: 10}))
	p := chargeParams(1000, "tok_visa")
	p.AddExpand("balance_transaction")
	ch, err := sc.Charges.New(p)
	require.NoError(t, err)
	assert.Equal(t, int64(20), ch.BalanceTransaction.Fee)
}

func TestChargeDeclines(t *testing.T) {
	tests := []struct {
		token, code, decline, message string
	}{
		{"tok_chargeDeclined", "card_declined", "generic_decline", "Your card was declined."},
		{"tok_visa_chargeDeclined", "card_declined", "generic_decline", "Your card was declined."},
		{"tok_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds", "Your card has insufficient funds."},
		{"tok_chargeDeclinedExpiredCard", "expired_card", "", "Your card has expired."},
		{"tok_chargeDeclinedProcessingError", "processing_error", "", "An error occurred while processing your card. Try again in a little bit."},
	}
	for _, tc := range tests {
		t.Run(tc.token, func(t *testing.T) {
			_, sc := newClient(t)
			_, err := sc.Charges.New(chargeParams(1000, tc.token))
			se := stripeErr(t, err)
			assert.Equal(t, 402, se.HTTPStatusCode)
			assert.Equal(t, stripe.ErrorTypeCard, se.Type)
			assert.Equal(t, stripe.ErrorCode(tc.code), se.Code)
			if tc.decline != "" {
				assert.Equal(t, stripe.DeclineCode(tc.decline), se.DeclineCode)
			}
			assert.Equal(t, tc.message, se.Msg)
			require.NotEmpty(t, se.ChargeID, "the error names the failed charge")

			ch, err := sc.Charges.Get(se.ChargeID, nil)
			require.NoError(t, err)
			assert.Equal(t, stripe.ChargeStatusFailed, ch.Status)
			assert.False(t, ch.Paid)
			assert.Equal(t, tc.code, ch.FailureCode)
			assert.Equal(t, tc.message, ch.FailureMessage)
			assert.Nil(t, ch.BalanceTransaction)
			assert.NotEqual(t, "authorized", ch.Outcome.Type)
		})
	}
}

func TestChargeCustomerDefaultSource(t *testing.T) {
	_, sc := newClient(t)
	cus, err := sc.Customers.New(&stripe.CustomerParams{Source: stripe.String("tok_mastercard")})
	require.NoError(t, err)
	ch, err := sc.Charges.New(&stripe.ChargeParams{Amount: stripe.Int64(500), Currency: stripe.String("usd"), Customer: stripe.String(cus.ID)})
	require.NoError(t, err)
	assert.Equal(t, cus.ID, ch.Customer.ID)
	assert.Equal(t, "mastercard", string(ch.PaymentMethodDetails.Card.Brand))
	assert.Equal(t, cus.DefaultSource.ID, ch.PaymentMethod)

	bare, err := sc.Customers.New(&stripe.CustomerParams{})
	require.NoError(t, err)
	_, err = sc.Charges.New(&stripe.ChargeParams{Amount: stripe.Int64(500), Currency: stripe.String("usd"), Customer: stripe.String(bare.ID)})
	se := stripeErr(t, err)
	assert.Equal(t, 402, se.HTTPStatusCode)
	assert.Equal(t, stripe.ErrorCodeMissing, se.Code)
}

func TestChargeAmountRules(t *testing.T) {
	fake := fakestripe.New(t)
	tests := []struct {
		body, code, message string
	}{
		{"amount=49&currency=usd&source=tok_visa", "amount_too_small", "Amount must be at least 50 cents"},
		{"amount=100000000&currency=usd&source=tok_visa", "amount_too_large", ""},
		{"currency=usd&source=tok_visa", "parameter_missing", "Missing required param: amount."},
		{"amount=100&source=tok_visa", "parameter_missing", "Missing required param: currency."},
		{"amount=100&currency=usd", "", "Must provide source or customer."},
		{"amount=100&currency=zzz&source=tok_visa", "", "Invalid currency: zzz."},
	}
	for _, tc := range tests {
		t.Run(tc.body, func(t *testing.T) {
			r := do(t, fake, "POST", "/v1/charges", tc.body)
			require.Equal(t, 400, r.status, string(r.body))
			e := r.errorBody(t)
			if tc.code != "" {
				assert.Equal(t, tc.code, e["code"])
			}
			assert.True(t, strings.HasPrefix(e["message"].(string), tc.message), e["message"])
		})
	}
	// JPY is zero-decimal: 50 is ¥50, fine.
	r := do(t, fake, "POST", "/v1/charges", "amount=50&currency=jpy&source=tok_visa")
	assert.Equal(t, 200, r.status, string(r.body))
	// Every presentment currency of a US account is taken, not only the
	// settlement ones.
	r = do(t, fake, "POST", "/v1/charges", "amount=10000&currency=zar&source=tok_visa")
	assert.Equal(t, 200, r.status, string(r.body))
}

func TestUncapturedChargeCaptureAndExpiry(t *testing.T) {
	fake, sc := newClient(t)
	p := chargeParams(1000, "tok_visa")
	p.Capture = stripe.Bool(false)
	ch, err := sc.Charges.New(p)
	require.NoError(t, err)
	assert.False(t, ch.Captured)
	assert.Equal(t, int64(0), ch.AmountCaptured)
	assert.Nil(t, ch.BalanceTransaction)

	cp := &stripe.ChargeCaptureParams{Amount: stripe.Int64(600)}
	cp.AddExpand("refunds")
	ch, err = sc.Charges.Capture(ch.ID, cp)
	require.NoError(t, err)
	assert.True(t, ch.Captured)
	assert.Equal(t, int64(600), ch.AmountCaptured)
	assert.Equal(t, int64(400), ch.AmountRefunded)
	assert.False(t, ch.Refunded)
	require.Len(t, ch.Refunds.Data, 1)
	assert.Equal(t, int64(400), ch.Refunds.Data[0].Amount)

	var cats []string
	it := sc.BalanceTransactions.List(&stripe.BalanceTransactionListParams{})
	for it.Next() {
		cats = append(cats, string(it.BalanceTransaction().ReportingCategory))
	}
	require.NoError(t, it.Err())
	assert.Equal(t, []string{"partial_capture_reversal", "charge"}, cats)

	_, err = sc.Charges.Capture(ch.ID, nil)
	se := stripeErr(t, err)
	assert.Equal(t, stripe.ErrorCodeChargeAlreadyCaptured, se.Code)

	// Another authorization, left alone for seven days, expires.
	p = chargeParams(700, "tok_visa")
	p.Capture = stripe.Bool(false)
	auth, err := sc.Charges.New(p)
	require.NoError(t, err)
	fake.Advance(7*24*time.Hour - time.Second)
	auth, err = sc.Charges.Get(auth.ID, nil)
	require.NoError(t, err)
	assert.False(t, auth.Refunded)
	fake.Advance(time.Second)
	gp := &stripe.ChargeParams{}
	gp.AddExpand("refunds")
	auth, err = sc.Charges.Get(auth.ID, gp)
	require.NoError(t, err)
	assert.True(t, auth.Refunded)
	require.Len(t, auth.Refunds.Data, 1)
	assert.Equal(t, stripe.RefundReasonExpiredUncapturedCharge, auth.Refunds.Data[0].Reason)
	assert.Nil(t, auth.Refunds.Data[0].BalanceTransaction, "releasing an authorization moves no money")
	_, err = sc.Charges.Capture(auth.ID, nil)
	assert.Equal(t, stripe.ErrorCodeChargeExpiredForCapture, stripeErr(t, err).Code)
}

func TestChargeUpdateListAndSearch(t *testing.T) {
	_, sc := newClient(t)
	cus, err := sc.Customers.New(&stripe.CustomerParams{Source: stripe.String("tok_visa")})
	require.NoError(t, err)
	a, err := sc.Charges.New(&stripe.ChargeParams{Amount: stripe.Int64(1500), Currency: stripe.String("usd"), Customer: stripe.String(cus.ID)})
	require.NoError(t, err)
	b, err := sc.Charges.New(chargeParams(999, "tok_amex"))
	require.NoError(t, err)

	up := &stripe.ChargeParams{Description: stripe.String("updated")}
	up.AddMetadata("order", "7")
	b, err = sc.Charges.Update(b.ID, up)
	require.NoError(t, err)
	assert.Equal(t, "updated", b.Description)
	assert.Equal(t, "7", b.Metadata["order"])

	var ids []string
	it := sc.Charges.List(&stripe.ChargeListParams{Customer: stripe.String(cus.ID)})
	for it.Next() {
		ids = append(ids, it.Charge().ID)
	}
	require.NoError(t, it.Err())
	assert.Equal(t, []string{a.ID}, ids)

	search := func(q string) []string {
		var out []string
		it := sc.Charges.Search(&stripe.ChargeSearchParams{SearchParams: stripe.SearchParams{Query: q}})
		for it.Next() {
			out = append(out, it.Charge().ID)
		}
		require.NoError(t, it.Err())
		return out
	}
	for q, want := range map[string][]string{
		`amount>1000`:                              {a.ID},
		`metadata["order"]:"7"`:                    {b.ID},
		`payment_method_details.card.brand:"amex"`: {b.ID},
		`payment_method_details.card.last4:"4242"`: {a.ID},
		`customer:"` + cus.ID + `"`:                {a.ID},
		`status:"succeeded" AND refunded:null`:     {b.ID, a.ID},
	} {
		if diff := cmp.Diff(want, search(q)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", q, diff)
		}
	}
}

func TestChargeTestCardOutcomes(t *testing.T) {
	_, sc := newClient(t)
	ch, err := sc.Charges.New(chargeParams(1000, "tok_riskLevelElevated"))
	require.NoError(t, err)
	assert.Equal(t, "elevated", ch.Outcome.RiskLevel)

	ch, err = sc.Charges.New(chargeParams(1000, "tok_cvcCheckFail"))
	require.NoError(t, err)
	assert.Equal(t, stripe.ChargePaymentMethodDetailsCardChecksCVCCheckFail, ch.PaymentMethodDetails.Card.Checks.CVCCheck)

	ch, err = sc.Charges.New(chargeParams(1000, "tok_avsZipFail"))
	require.NoError(t, err)
	assert.Equal(t, "fail", string(ch.PaymentMethodDetails.Card.Checks.AddressPostalCodeCheck))

	ch, err = sc.Charges.New(chargeParams(1000, "tok_createDispute"))
	require.NoError(t, err)
	assert.True(t, ch.Disputed)

	_, err = sc.Charges.New(chargeParams(1000, "tok_radarBlock"))
	se := stripeErr(t, err)
	assert.Equal(t, stripe.DeclineCode("fraudulent"), se.DeclineCode)
	blocked, err := sc.Charges.Get(se.ChargeID, nil)
	require.NoError(t, err)
	assert.Equal(t, "blocked", blocked.Outcome.Type)
	assert.Equal(t, "fraudulent", string(blocked.FraudDetails.StripeReport))

	_, err = sc.Charges.New(chargeParams(1000, "pm_card_authenticationRequired"))
	se = stripeErr(t, err)
	assert.Equal(t, stripe.DeclineCode("authentication_required"), se.DeclineCode, "3-D Secure cards decline on the Charges API")

	// International cards pay the 1.5% surcharge.
	p := chargeParams(10000, "tok_br")
	p.AddExpand("balance_transaction")
	ch, err = sc.Charges.New(p)
	require.NoError(t, err)
	assert.Equal(t, int64(440+30), ch.BalanceTransaction.Fee)
	assert.Equal(t, "BR", ch.PaymentMethodDetails.Card.Country)
}

func TestCaptureRefundedChargeIsAlreadyCaptured(t *testing.T) {
	_, sc := newClient(t)
	ch, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)
	_, err = sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID)})
	require.NoError(t, err)
	_, err = sc.Charges.Capture(ch.ID, nil)
	assert.Equal(t, stripe.ErrorCodeChargeAlreadyCaptured, stripeErr(t, err).Code)
}
