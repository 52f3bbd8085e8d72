package fakestripe_test

import (
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"

	"github.com/fakestripe/fakestripe"
)

// cardIntent returns parameters for a card PaymentIntent of amount USD cents
// paid with pm, confirmed at once when confirm is set.
func cardIntent(amount int64, pm string, confirm bool) *stripe.PaymentIntentParams {
	p := &stripe.PaymentIntentParams{
		Amount:             stripe.Int64(amount),
		Currency:           stripe.String("usd"),
		PaymentMethodTypes: stripe.StringSlice([]string{"card"}),
	}
	if pm != "" {
		p.PaymentMethod = stripe.String(pm)
	}
	if confirm {
		p.Confirm = stripe.Bool(true)
	}
	return p
}

func TestPaymentIntentAutomaticCapture(t *testing.T) {
	_, sc := newClient(t)
	p := cardIntent(2000, "pm_card_visa", true)
	p.Description = stripe.String("Order 42")
	p.AddMetadata("order", "42")
	p.AddExpand("latest_charge.balance_transaction")
	pi, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(pi.ID, "pi_"))
	assert.Equal(t, stripe.PaymentIntentStatusSucceeded, pi.Status)
	assert.Equal(t, int64(2000), pi.AmountReceived)
	assert.Equal(t, int64(0), pi.AmountCapturable)
	assert.True(t, strings.HasPrefix(pi.ClientSecret, pi.ID+"_secret_"))
	require.NotNil(t, pi.PaymentMethod)
	assert.True(t, strings.HasPrefix(pi.PaymentMethod.ID, "pm_"), "a test id becomes a fresh PaymentMethod")
	assert.NotEqual(t, "pm_card_visa", pi.PaymentMethod.ID)

	ch := pi.LatestCharge
	require.NotNil(t, ch)
	assert.True(t, strings.HasPrefix(ch.ID, "ch_"))
	assert.Equal(t, pi.ID, ch.PaymentIntent.ID, "the charge names its PaymentIntent")

	// The charge's and refunds' payment_intent expands back to the intent.
	gp := &stripe.ChargeParams{}
	gp.AddExpand("payment_intent")
	got, err := sc.Charges.Get(ch.ID, gp)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusSucceeded, got.PaymentIntent.Status)
	assert.Equal(t, pi.PaymentMethod.ID, ch.PaymentMethod)
	assert.Equal(t, "Order 42", ch.Description)
	assert.Equal(t, "42", ch.Metadata["order"])
	assert.True(t, ch.Captured)
	bt := ch.BalanceTransaction
	assert.Equal(t, int64(88), bt.Fee, "the same 2.9% + 30 as the Charges API")
	assert.Equal(t, int64(1912), bt.Net)
	assert.Equal(t, "Order 42", bt.Description)

	charges := sc.Charges.List(&stripe.ChargeListParams{PaymentIntent: stripe.String(pi.ID)})
	require.True(t, charges.Next())
	assert.Equal(t, ch.ID, charges.Charge().ID)
	assert.False(t, charges.Next())
}

func TestPaymentIntentConfirmLater(t *testing.T) {
	_, sc := newClient(t)
	pi, err := sc.PaymentIntents.New(cardIntent(1500, "", false))
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusRequiresPaymentMethod, pi.Status)
	assert.Nil(t, pi.LatestCharge)

	// Confirming without a PaymentMethod is refused, with the intent.
	_, err = sc.PaymentIntents.Confirm(pi.ID, nil)
	se := stripeErr(t, err)
	assert.Equal(t, 400, se.HTTPStatusCode)
	assert.Equal(t, stripe.ErrorCode("payment_intent_unexpected_state"), se.Code)
	assert.Contains(t, se.Msg, "because it's missing a payment method")
	require.NotNil(t, se.PaymentIntent)
	assert.Equal(t, pi.ID, se.PaymentIntent.ID)

	pi, err = sc.PaymentIntents.Update(pi.ID, &stripe.PaymentIntentParams{PaymentMethod: stripe.String("pm_card_mastercard")})
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusRequiresConfirmation, pi.Status)
	pi, err = sc.PaymentIntents.Confirm(pi.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusSucceeded, pi.Status)

	_, err = sc.PaymentIntents.Confirm(pi.ID, nil)
	se = stripeErr(t, err)
	assert.Equal(t, "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.", se.Msg)
	assert.Equal(t, stripe.ErrorCode("payment_intent_unexpected_state"), se.Code)
}

// TestPaymentIntentAutomaticPaymentMethods checks the 2023-08-16 default:
// without payment_method_types a PaymentIntent accepts the Dashboard's
// payment methods, some of which redirect, so confirming needs a return_url.
func TestPaymentIntentAutomaticPaymentMethods(t *testing.T) {
	_, sc := newClient(t)
	p := &stripe.PaymentIntentParams{Amount: stripe.Int64(1000), Currency: stripe.String("usd"), PaymentMethod: stripe.String("pm_card_visa"), Confirm: stripe.Bool(true)}
	_, err := sc.PaymentIntents.New(p)
	se := stripeErr(t, err)
	assert.Equal(t, 400, se.HTTPStatusCode)
	assert.Contains(t, se.Msg, "you must provide a `return_url`")

	p.ReturnURL = stripe.String("https://example.com/done")
	pi, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusSucceeded, pi.Status)
	require.NotNil(t, pi.AutomaticPaymentMethods)
	assert.True(t, pi.AutomaticPaymentMethods.Enabled)
	assert.Equal(t, []string{"card"}, pi.PaymentMethodTypes)

	p = &stripe.PaymentIntentParams{
		Amount: stripe.Int64(1000), Currency: stripe.String("usd"), PaymentMethod: stripe.String("pm_card_visa"), Confirm: stripe.Bool(true),
		AutomaticPaymentMethods: &stripe.PaymentIntentAutomaticPaymentMethodsParams{Enabled: stripe.Bool(true), AllowRedirects: stripe.String("never")},
	}
	pi, err = sc.PaymentIntents.New(p)
	require.NoError(t, err, "no redirects, no return_url needed")
	assert.Equal(t, stripe.PaymentIntentAutomaticPaymentMethodsAllowRedirectsNever, pi.AutomaticPaymentMethods.AllowRedirects)

	p.PaymentMethodTypes = stripe.StringSlice([]string{"card"})
	_, err = sc.PaymentIntents.New(p)
	se = stripeErr(t, err)
	assert.Equal(t, "You may only specify one of these parameters: automatic_payment_methods, payment_method_types.", se.Msg)
}

func TestPaymentIntentManualCapture(t *testing.T) {
	fake, sc := newClient(t)
	p := cardIntent(5000, "pm_card_visa", true)
	p.CaptureMethod = stripe.String("manual")
	pi, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusRequiresCapture, pi.Status)
	assert.Equal(t, int64(5000), pi.AmountCapturable)
	assert.Equal(t, int64(0), pi.AmountReceived)
	b, err := sc.Balance.Get(nil)
	require.NoError(t, err)
	_, pending := balanceOf(t, b, "usd")
	assert.Equal(t, int64(0), pending, "an authorization moves no money")

	pi, err = sc.PaymentIntents.Capture(pi.ID, &stripe.PaymentIntentCaptureParams{AmountToCapture: stripe.Int64(3000)})
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusSucceeded, pi.Status)
	assert.Equal(t, int64(3000), pi.AmountReceived)
	assert.Equal(t, int64(0), pi.AmountCapturable)
	ch, err := sc.Charges.Get(pi.LatestCharge.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(3000), ch.AmountCaptured)
	assert.Equal(t, int64(2000), ch.AmountRefunded, "the rest of the authorization is released")

	// A second capture finds nothing to capture.
	r := do(t, fake, "POST", "/v1/payment_intents/"+pi.ID+"/capture", "")
	require.Equal(t, 400, r.status)
	e := r.errorBody(t)
	assert.Equal(t, "payment_intent_unexpected_state", e["code"])
	assert.Equal(t, "This PaymentIntent could not be captured because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.", e["message"])
	assert.Equal(t, pi.ID, e["payment_intent"].(map[string]any)["id"])

	// Capturing more than was authorized is refused before anything moves.
	p = cardIntent(1000, "pm_card_visa", true)
	p.CaptureMethod = stripe.String("manual")
	held, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	_, err = sc.PaymentIntents.Capture(held.ID, &stripe.PaymentIntentCaptureParams{AmountToCapture: stripe.Int64(1001)})
	se := stripeErr(t, err)
	assert.Equal(t, "amount_to_capture", se.Param)
	held, err = sc.PaymentIntents.Get(held.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusRequiresCapture, held.Status)
}

// TestPaymentIntentCaptureThroughCharges captures a PaymentIntent's charge
// with the Charges API, which captures the PaymentIntent too.
func TestPaymentIntentCaptureThroughCharges(t *testing.T) {
	_, sc := newClient(t)
	p := cardIntent(2500, "pm_card_visa", true)
	p.CaptureMethod = stripe.String("manual")
	pi, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	_, err = sc.Charges.Capture(pi.LatestCharge.ID, nil)
	require.NoError(t, err)
	pi, err = sc.PaymentIntents.Get(pi.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusSucceeded, pi.Status)
	assert.Equal(t, int64(2500), pi.AmountReceived)
}

func TestPaymentIntentThreeDSecure(t *testing.T) {
	fake, sc := newClient(t)
	pi, err := sc.PaymentIntents.New(cardIntent(3000, "pm_card_authenticationRequired", true))
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusRequiresAction, pi.Status)
	require.NotNil(t, pi.NextAction)
	assert.Equal(t, stripe.PaymentIntentNextActionTypeUseStripeSDK, pi.NextAction.Type)
	assert.Nil(t, pi.LatestCharge, "nothing is charged before the customer authenticates")

	// Capturing, or confirming elsewhere, does not skip the challenge.
	_, err = sc.PaymentIntents.Capture(pi.ID, nil)
	require.Error(t, err)

	require.NoError(t, fake.CompleteAuthentication(pi.ID, true))
	pi, err = sc.PaymentIntents.Get(pi.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusSucceeded, pi.Status)
	assert.Nil(t, pi.NextAction)
	require.NotNil(t, pi.LatestCharge)

	assert.Error(t, fake.CompleteAuthentication(pi.ID, true), "nothing left to authenticate")
	assert.Error(t, fake.CompleteAuthentication("pi_missing", true))

	events := allEvents(t, sc, nil)
	assert.Equal(t, []string{"payment_intent.created", "payment_intent.requires_action", "charge.succeeded", "payment_intent.succeeded"}, eventTypes(events))
}

func TestPaymentIntentThreeDSecureFails(t *testing.T) {
	fake, sc := newClient(t)
	p := cardIntent(3000, "pm_card_authenticationRequired", true)
	p.ReturnURL = stripe.String("https://example.com/back")
	pi, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	require.Equal(t, stripe.PaymentIntentStatusRequiresAction, pi.Status)
	assert.Equal(t, stripe.PaymentIntentNextActionTypeRedirectToURL, pi.NextAction.Type)
	assert.Equal(t, "https://example.com/back", pi.NextAction.RedirectToURL.ReturnURL)

	require.NoError(t, fake.CompleteAuthentication(pi.ID, false))
	pi, err = sc.PaymentIntents.Get(pi.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusRequiresPaymentMethod, pi.Status)
	require.NotNil(t, pi.LastPaymentError)
	assert.Equal(t, stripe.ErrorCode("payment_intent_authentication_failure"), pi.LastPaymentError.Code)
	require.NotNil(t, pi.LastPaymentError.PaymentMethod)
	assert.Nil(t, pi.LatestCharge, "a failed authentication charges nothing")

	// The customer tries another card, which needs no authentication.
	pi, err = sc.PaymentIntents.Confirm(pi.ID, &stripe.PaymentIntentConfirmParams{PaymentMethod: stripe.String("pm_card_visa")})
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusSucceeded, pi.Status)
	assert.Nil(t, pi.LastPaymentError)

	events := allEvents(t, sc, &stripe.EventListParams{Type: stripe.String("payment_intent.*")})
	assert.Equal(t, []string{"payment_intent.created", "payment_intent.requires_action", "payment_intent.payment_failed", "payment_intent.succeeded"}, eventTypes(events))
}

// TestPaymentIntentThreeDSecureThenDeclines uses the card that authenticates
// and then declines for insufficient funds.
func TestPaymentIntentThreeDSecureThenDeclines(t *testing.T) {
	fake, sc := newClient(t)
	pi, err := sc.PaymentIntents.New(cardIntent(3000, "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds", true))
	require.NoError(t, err)
	require.Equal(t, stripe.PaymentIntentStatusRequiresAction, pi.Status)
	require.NoError(t, fake.CompleteAuthentication(pi.ID, true))
	pi, err = sc.PaymentIntents.Get(pi.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusRequiresPaymentMethod, pi.Status)
	require.NotNil(t, pi.LastPaymentError)
	assert.Equal(t, stripe.DeclineCode("insufficient_funds"), pi.LastPaymentError.DeclineCode)
	require.NotNil(t, pi.LatestCharge)
	ch, err := sc.Charges.Get(pi.LatestCharge.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.ChargeStatusFailed, ch.Status)
}

// TestPaymentIntentAuthenticateOverHTTP drives the test-helper endpoint, the
// fakestripe extension for completing 3-D Secure over the wire.
func TestPaymentIntentAuthenticateOverHTTP(t *testing.T) {
	fake, sc := newClient(t)
	p := cardIntent(1200, "pm_card_threeDSecure2Required", true)
	p.CaptureMethod = stripe.String("manual")
	pi, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	require.Equal(t, stripe.PaymentIntentStatusRequiresAction, pi.Status)

	status, obj := authenticate(t, fake, pi.ID, "outcome=bogus")
	assert.Equal(t, 400, status)
	assert.Equal(t, "outcome", obj["error"].(map[string]any)["param"], "a bad outcome names the parameter")
	status, obj = authenticate(t, fake, pi.ID, "outcome=succeed")
	require.Equal(t, 200, status, "%v", obj)
	assert.Equal(t, "payment_intent", obj["object"])
	assert.Equal(t, "requires_capture", obj["status"])
	assert.Equal(t, float64(1200), obj["amount_capturable"])

	status, obj = authenticate(t, fake, pi.ID, "outcome=succeed")
	assert.Equal(t, 400, status)
	assert.Equal(t, "payment_intent_unexpected_state", obj["error"].(map[string]any)["code"])
}

// authenticate POSTs to the authenticate test helper and returns the status
// and the decoded body, checked against the schema of a PaymentIntent or an
// error (the helper itself is not in Stripe's spec).
func authenticate(t *testing.T, fake *fakestripe.Server, id, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest("POST", fakestripe.InProcessURL+"/v1/test_helpers/payment_intents/"+id+"/authenticate", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+testKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := fake.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	component := "payment_intent"
	if resp.StatusCode != 200 {
		component = "error"
	}
	require.NoError(t, schematestSpec(t).ValidateComponent(component, b), "%s", b)
	return resp.StatusCode, rawResponse{status: resp.StatusCode, body: b}.object(t)
}

// TestPaymentIntentManualConfirmationAfterAuthentication checks that with
// confirmation_method=manual an authenticated PaymentIntent waits for the
// server to confirm it again, and is not asked to authenticate twice.
func TestPaymentIntentManualConfirmationAfterAuthentication(t *testing.T) {
	fake, sc := newClient(t)
	p := cardIntent(800, "pm_card_authenticationRequired", true)
	p.ConfirmationMethod = stripe.String("manual")
	pi, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	require.Equal(t, stripe.PaymentIntentStatusRequiresAction, pi.Status)
	require.NoError(t, fake.CompleteAuthentication(pi.ID, true))
	pi, err = sc.PaymentIntents.Get(pi.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusRequiresConfirmation, pi.Status)
	pi, err = sc.PaymentIntents.Confirm(pi.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusSucceeded, pi.Status)
}

func TestPaymentIntentOffSessionNeedsAuthentication(t *testing.T) {
	_, sc := newClient(t)
	cus, err := sc.Customers.New(&stripe.CustomerParams{PaymentMethod: stripe.String("pm_card_authenticationRequired")})
	require.NoError(t, err)
	pms := sc.Customers.ListPaymentMethods(&stripe.CustomerListPaymentMethodsParams{Customer: stripe.String(cus.ID)})
	require.True(t, pms.Next())
	pm := pms.PaymentMethod().ID

	p := cardIntent(2000, pm, true)
	p.Customer = stripe.String(cus.ID)
	p.OffSession = stripe.Bool(true)
	_, err = sc.PaymentIntents.New(p)
	se := stripeErr(t, err)
	assert.Equal(t, 402, se.HTTPStatusCode)
	assert.Equal(t, stripe.ErrorCode("authentication_required"), se.Code)
	assert.Equal(t, stripe.DeclineCode("authentication_required"), se.DeclineCode)
	require.NotNil(t, se.PaymentIntent)
	assert.Equal(t, stripe.PaymentIntentStatusRequiresPaymentMethod, se.PaymentIntent.Status)

	// The card set up for off-session use pays off session.
	cus, err = sc.Customers.New(&stripe.CustomerParams{PaymentMethod: stripe.String("pm_card_authenticationRequiredOnSetup")})
	require.NoError(t, err)
	pms = sc.Customers.ListPaymentMethods(&stripe.CustomerListPaymentMethodsParams{Customer: stripe.String(cus.ID)})
	require.True(t, pms.Next())
	p = cardIntent(2000, pms.PaymentMethod().ID, true)
	p.Customer = stripe.String(cus.ID)
	p.OffSession = stripe.Bool(true)
	pi, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusSucceeded, pi.Status)
}

func TestPaymentIntentDeclines(t *testing.T) {
	tests := []struct {
		pm, code, decline, message string
	}{
		{"pm_card_visa_chargeDeclined", "card_declined", "generic_decline", "Your card was declined."},
		{"pm_card_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds", "Your card has insufficient funds."},
		{"pm_card_chargeDeclinedExpiredCard", "expired_card", "", "Your card has expired."},
		{"pm_card_radarBlock", "card_declined", "fraudulent", "Your card was declined."},
	}
	for _, tc := range tests {
		t.Run(tc.pm, func(t *testing.T) {
			_, sc := newClient(t)
			_, err := sc.PaymentIntents.New(cardIntent(1000, tc.pm, true))
			se := stripeErr(t, err)
			assert.Equal(t, 402, se.HTTPStatusCode)
			assert.Equal(t, stripe.ErrorTypeCard, se.Type)
			assert.Equal(t, stripe.ErrorCode(tc.code), se.Code)
			assert.Equal(t, stripe.DeclineCode(tc.decline), se.DeclineCode)
			assert.Equal(t, tc.message, se.Msg)
			require.NotEmpty(t, se.ChargeID)
			require.NotNil(t, se.PaymentIntent, "the 402 carries the PaymentIntent")
			require.NotNil(t, se.PaymentMethod)
			pi := se.PaymentIntent
			assert.Equal(t, stripe.PaymentIntentStatusRequiresPaymentMethod, pi.Status)
			require.NotNil(t, pi.LastPaymentError)
			assert.Equal(t, stripe.ErrorCode(tc.code), pi.LastPaymentError.Code)
			assert.Equal(t, se.ChargeID, pi.LastPaymentError.ChargeID)
			assert.Equal(t, se.ChargeID, pi.LatestCharge.ID)
			assert.Nil(t, pi.PaymentMethod, "the failed card moves to last_payment_error")
			_, err = sc.PaymentIntents.Confirm(pi.ID, nil)
			assert.Contains(t, stripeErr(t, err).Msg, "missing a payment method")

			// The customer retries with a good card; both attempts are
			// the PaymentIntent's charges.
			pi, err = sc.PaymentIntents.Confirm(pi.ID, &stripe.PaymentIntentConfirmParams{PaymentMethod: stripe.String("pm_card_visa")})
			require.NoError(t, err)
			assert.Equal(t, stripe.PaymentIntentStatusSucceeded, pi.Status)
			assert.Nil(t, pi.LastPaymentError)
			it := sc.Charges.List(&stripe.ChargeListParams{PaymentIntent: stripe.String(pi.ID)})
			var statuses []string
			for it.Next() {
				statuses = append(statuses, string(it.Charge().Status))
			}
			assert.Equal(t, []string{"succeeded", "failed"}, statuses)

			events := allEvents(t, sc, nil)
			assert.Equal(t, []string{"payment_intent.created", "charge.failed", "payment_intent.payment_failed", "charge.succeeded", "payment_intent.succeeded"}, eventTypes(events))
		})
	}
}

func TestPaymentIntentCancel(t *testing.T) {
	fake, sc := newClient(t)
	pi, err := sc.PaymentIntents.New(cardIntent(1000, "", false))
	require.NoError(t, err)
	pi, err = sc.PaymentIntents.Cancel(pi.ID, &stripe.PaymentIntentCancelParams{CancellationReason: stripe.String("abandoned")})
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusCanceled, pi.Status)
	assert.Equal(t, stripe.PaymentIntentCancellationReasonAbandoned, pi.CancellationReason)
	assert.Equal(t, fake.Now().Unix(), pi.CanceledAt)

	_, err = sc.PaymentIntents.Confirm(pi.ID, &stripe.PaymentIntentConfirmParams{PaymentMethod: stripe.String("pm_card_visa")})
	se := stripeErr(t, err)
	assert.Equal(t, stripe.ErrorCode("payment_intent_unexpected_state"), se.Code)

	// Canceling an authorization releases it: the charge is refunded and no
	// money moves.
	p := cardIntent(4000, "pm_card_visa", true)
	p.CaptureMethod = stripe.String("manual")
	held, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	held, err = sc.PaymentIntents.Cancel(held.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusCanceled, held.Status)
	assert.Equal(t, int64(0), held.AmountCapturable)
	ch, err := sc.Charges.Get(held.LatestCharge.ID, nil)
	require.NoError(t, err)
	assert.True(t, ch.Refunded)
	assert.False(t, ch.Captured)
	b, err := sc.Balance.Get(nil)
	require.NoError(t, err)
	avail, pending := balanceOf(t, b, "usd")
	assert.Equal(t, int64(0), avail+pending)

	// A succeeded PaymentIntent cannot be canceled.
	done, err := sc.PaymentIntents.New(cardIntent(1000, "pm_card_visa", true))
	require.NoError(t, err)
	_, err = sc.PaymentIntents.Cancel(done.ID, nil)
	se = stripeErr(t, err)
	assert.Equal(t, "You cannot cancel this PaymentIntent because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.", se.Msg)
	require.NotNil(t, se.PaymentIntent)

	events := allEvents(t, sc, &stripe.EventListParams{Type: stripe.String("payment_intent.canceled")})
	assert.Len(t, events, 2)
}

// TestPaymentIntentAuthorizationExpires leaves an authorization uncaptured
// for seven days: Stripe releases it and cancels the PaymentIntent.
func TestPaymentIntentAuthorizationExpires(t *testing.T) {
	fake, sc := newClient(t)
	p := cardIntent(4000, "pm_card_visa", true)
	p.CaptureMethod = stripe.String("manual")
	pi, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	fake.Advance(7*24*time.Hour + time.Second)
	pi, err = sc.PaymentIntents.Get(pi.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusCanceled, pi.Status)
	assert.Equal(t, stripe.PaymentIntentCancellationReasonAutomatic, pi.CancellationReason)
	events := allEvents(t, sc, nil)
	assert.Equal(t, []string{"payment_intent.created", "charge.succeeded", "payment_intent.amount_capturable_updated", "charge.expired", "payment_intent.canceled"}, eventTypes(events))
}

func TestPaymentIntentUpdate(t *testing.T) {
	_, sc := newClient(t)
	cus, err := sc.Customers.New(nil)
	require.NoError(t, err)
	pi, err := sc.PaymentIntents.New(cardIntent(1000, "", false))
	require.NoError(t, err)
	up := &stripe.PaymentIntentParams{
		Amount:       stripe.Int64(1500),
		Customer:     stripe.String(cus.ID),
		Description:  stripe.String("bigger"),
		ReceiptEmail: stripe.String("ada@example.com"),
	}
	up.AddMetadata("k", "v")
	pi, err = sc.PaymentIntents.Update(pi.ID, up)
	require.NoError(t, err)
	assert.Equal(t, int64(1500), pi.Amount)
	assert.Equal(t, cus.ID, pi.Customer.ID)
	assert.Equal(t, "bigger", pi.Description)
	assert.Equal(t, "v", pi.Metadata["k"])
	assert.Equal(t, stripe.PaymentIntentStatusRequiresPaymentMethod, pi.Status)

	pi, err = sc.PaymentIntents.Confirm(pi.ID, &stripe.PaymentIntentConfirmParams{PaymentMethod: stripe.String("pm_card_visa")})
	require.NoError(t, err)
	assert.Equal(t, int64(1500), pi.AmountReceived)

	_, err = sc.PaymentIntents.Update(pi.ID, &stripe.PaymentIntentParams{Amount: stripe.Int64(99)})
	se := stripeErr(t, err)
	assert.Equal(t, "amount", se.Param)
	assert.Equal(t, "This PaymentIntent's amount could not be updated because it has a status of succeeded. You may only update the amount of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.", se.Msg)

	// Descriptive fields can change after the payment.
	up = &stripe.PaymentIntentParams{}
	up.AddMetadata("shipped", "yes")
	pi, err = sc.PaymentIntents.Update(pi.ID, up)
	require.NoError(t, err)
	assert.Equal(t, "yes", pi.Metadata["shipped"])
}

func TestPaymentIntentListAndSearch(t *testing.T) {
	fake, sc := newClient(t)
	cus, err := sc.Customers.New(nil)
	require.NoError(t, err)
	var ids []string
	for i, amount := range []int64{500, 1500, 2500, 3500} {
		p := cardIntent(amount, "pm_card_visa", i%2 == 0)
		if i >= 2 {
			p.Customer = stripe.String(cus.ID)
		}
		p.AddMetadata("n", fmt.Sprint(i))
		pi, err := sc.PaymentIntents.New(p)
		require.NoError(t, err)
		ids = append(ids, pi.ID)
		fake.Advance(time.Minute)
	}
	var listed []string
	it := sc.PaymentIntents.List(&stripe.PaymentIntentListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(2)}})
	for it.Next() {
		listed = append(listed, it.PaymentIntent().ID)
	}
	require.NoError(t, it.Err())
	assert.Equal(t, []string{ids[3], ids[2], ids[1], ids[0]}, listed, "newest first, across pages")

	listed = nil
	it = sc.PaymentIntents.List(&stripe.PaymentIntentListParams{Customer: stripe.String(cus.ID)})
	for it.Next() {
		listed = append(listed, it.PaymentIntent().ID)
	}
	assert.Equal(t, []string{ids[3], ids[2]}, listed)

	search := func(q string) []string {
		t.Helper()
		var out []string
		it := sc.PaymentIntents.Search(&stripe.PaymentIntentSearchParams{SearchParams: stripe.SearchParams{Query: q}})
		for it.Next() {
			out = append(out, it.PaymentIntent().ID)
		}
		require.NoError(t, it.Err())
		return out
	}
	assert.Equal(t, []string{ids[2], ids[0]}, search(`status:"succeeded"`))
	assert.Equal(t, []string{ids[3], ids[2]}, search(`amount>1000 AND customer:"`+cus.ID+`"`))
	assert.Equal(t, []string{ids[1]}, search(`metadata["n"]:"1"`))
	assert.Equal(t, []string{ids[3], ids[2], ids[1], ids[0]}, search(`currency:"usd"`))

	r := do(t, fake, "GET", "/v1/payment_intents/search?query=email:%22x%22", "")
	assert.Equal(t, 400, r.status)
	assert.Contains(t, r.errorBody(t)["message"], "unsupported search field for resource `payment_intents`")
}

func TestPaymentIntentRefunds(t *testing.T) {
	fake, sc := newClient(t)
	pi, err := sc.PaymentIntents.New(cardIntent(3000, "pm_card_visa", true))
	require.NoError(t, err)
	re, err := sc.Refunds.New(&stripe.RefundParams{PaymentIntent: stripe.String(pi.ID), Amount: stripe.Int64(1000)})
	require.NoError(t, err)
	assert.Equal(t, pi.LatestCharge.ID, re.Charge.ID)
	assert.Equal(t, pi.ID, re.PaymentIntent.ID)
	re, err = sc.Refunds.New(&stripe.RefundParams{PaymentIntent: stripe.String(pi.ID)})
	require.NoError(t, err)
	assert.Equal(t, int64(2000), re.Amount, "the rest")
	ch, err := sc.Charges.Get(pi.LatestCharge.ID, nil)
	require.NoError(t, err)
	assert.True(t, ch.Refunded)
	_, err = sc.Refunds.New(&stripe.RefundParams{PaymentIntent: stripe.String(pi.ID)})
	se := stripeErr(t, err)
	assert.Equal(t, stripe.ErrorCode("charge_already_refunded"), se.Code)

	it := sc.Refunds.List(&stripe.RefundListParams{PaymentIntent: stripe.String(pi.ID)})
	n := 0
	for it.Next() {
		n++
	}
	assert.Equal(t, 2, n)

	_, err = sc.Refunds.New(&stripe.RefundParams{PaymentIntent: stripe.String("pi_missing")})
	se = stripeErr(t, err)
	assert.Equal(t, 404, se.HTTPStatusCode)
	assert.Equal(t, "No such payment_intent: 'pi_missing'", se.Msg)

	// An authorization is released by canceling, not refunding, through
	// either parameter.
	p := cardIntent(1000, "pm_card_visa", true)
	p.CaptureMethod = stripe.String("manual")
	held, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	for _, rp := range []*stripe.RefundParams{{PaymentIntent: stripe.String(held.ID)}, {Charge: stripe.String(held.LatestCharge.ID)}} {
		_, err = sc.Refunds.New(rp)
		se = stripeErr(t, err)
		assert.Equal(t, "This PaymentIntent ("+held.ID+") does not have a successful charge to refund.", se.Msg)
	}
	require.NoError(t, fake.Verify())
}

func TestPaymentIntentSavesPaymentMethod(t *testing.T) {
	_, sc := newClient(t)
	cus, err := sc.Customers.New(nil)
	require.NoError(t, err)
	p := cardIntent(1000, "pm_card_visa", true)
	p.Customer = stripe.String(cus.ID)
	p.SetupFutureUsage = stripe.String("off_session")
	pi, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	pm, err := sc.PaymentMethods.Get(pi.PaymentMethod.ID, nil)
	require.NoError(t, err)
	require.NotNil(t, pm.Customer, "setup_future_usage saves the card to the customer")
	assert.Equal(t, cus.ID, pm.Customer.ID)

	// A saved card pays again, for its customer only.
	again := cardIntent(700, pm.ID, true)
	again.Customer = stripe.String(cus.ID)
	_, err = sc.PaymentIntents.New(again)
	require.NoError(t, err)
	_, err = sc.PaymentIntents.New(cardIntent(700, pm.ID, true))
	se := stripeErr(t, err)
	assert.Equal(t, "The `payment_method` parameter supplied "+pm.ID+" belongs to the Customer "+cus.ID+". Please include the Customer in the `customer` parameter on the PaymentIntent.", se.Msg)

	// A card used without a customer is used up.
	once, err := sc.PaymentIntents.New(cardIntent(500, "pm_card_visa", true))
	require.NoError(t, err)
	_, err = sc.PaymentIntents.New(cardIntent(500, once.PaymentMethod.ID, true))
	se = stripeErr(t, err)
	assert.Contains(t, se.Msg, "It may not be used again.")
	_, err = sc.PaymentMethods.Attach(once.PaymentMethod.ID, &stripe.PaymentMethodAttachParams{Customer: stripe.String(cus.ID)})
	se = stripeErr(t, err)
	assert.Equal(t, "This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.", se.Msg)
}

func TestPaymentIntentEventsManualCapture(t *testing.T) {
	_, sc := newClient(t)
	p := cardIntent(2000, "pm_card_visa", true)
	p.CaptureMethod = stripe.String("manual")
	pi, err := sc.PaymentIntents.New(p)
	require.NoError(t, err)
	_, err = sc.PaymentIntents.Capture(pi.ID, nil)
	require.NoError(t, err)
	events := allEvents(t, sc, nil)
	require.Equal(t, []string{"payment_intent.created", "charge.succeeded", "payment_intent.amount_capturable_updated", "charge.captured", "payment_intent.succeeded"}, eventTypes(events))
	assert.Equal(t, "requires_confirmation", events[0].Data.Object["status"], "payment_intent.created shows the intent before confirmation")
	assert.Equal(t, float64(2000), events[2].Data.Object["amount_capturable"])
	assert.Equal(t, "succeeded", events[4].Data.Object["status"])
	assert.Equal(t, pi.ID, events[1].Data.Object["payment_intent"])
}

// TestLedgerInvariantMixedFlows runs random sequences mixing the Charges
// API and PaymentIntents (confirmations, 3-D Secure, captures, cancels,
// refunds by charge and by PaymentIntent, clock moves) and checks after
// every step that the ledger and every charge and PaymentIntent agree.
func TestLedgerInvariantMixedFlows(t *testing.T) {
	runs := 100
	if testing.Short() {
		runs = 15
	}
	pms := []string{"pm_card_visa", "pm_card_mastercard", "pm_card_bypassPending", "pm_card_chargeDeclined", "pm_card_refundFail",
		"pm_card_pendingRefund", "pm_card_br", "pm_card_authenticationRequired", "pm_card_authenticationRequiredChargeDeclinedInsufficientFunds"}
	tokens := []string{"tok_visa", "tok_chargeDeclined", "tok_bypassPending", "tok_refundFail"}
	currencies := []string{"usd", "eur", "jpy"}
	for seed := int64(0); seed < int64(runs); seed++ {
		rng := rand.New(rand.NewSource(seed))
		fake := fakestripe.New(t, fakestripe.WithSeed(seed))
		sc := clientFor(t, fake, fakestripe.InProcessURL, fake.Client())
		var intents, charges []string
		for step := 0; step < 30; step++ {
			var desc string
			switch op := rng.Intn(9); op {
			case 0, 1:
				p := cardIntent(int64(100+rng.Intn(90000)), pms[rng.Intn(len(pms))], rng.Intn(4) > 0)
				p.Currency = stripe.String(currencies[rng.Intn(len(currencies))])
				if rng.Intn(3) == 0 {
					p.CaptureMethod = stripe.String("manual")
				}
				desc = fmt.Sprintf("create intent %d %s %s confirm=%v", *p.Amount, *p.Currency, *p.PaymentMethod, p.Confirm != nil)
				pi, err := sc.PaymentIntents.New(p)
				if err != nil {
					se := stripeErr(t, err)
					require.Equal(t, 402, se.HTTPStatusCode, "%s: %v", desc, err)
					pi = se.PaymentIntent
				}
				intents = append(intents, pi.ID)
			case 2:
				body := fmt.Sprintf("amount=%d&currency=%s&source=%s&capture=%v", 50+rng.Intn(100000), currencies[rng.Intn(len(currencies))], tokens[rng.Intn(len(tokens))], rng.Intn(3) > 0)
				desc = "charge " + body
				r := do(t, fake, "POST", "/v1/charges", body)
				switch r.status {
				case 200:
					charges = append(charges, r.object(t)["id"].(string))
				case 402:
					charges = append(charges, r.errorBody(t)["charge"].(string))
				default:
					t.Fatalf("seed %d: %s: %d %s", seed, desc, r.status, r.body)
				}
			case 3, 4:
				if len(intents) == 0 {
					continue
				}
				id := intents[rng.Intn(len(intents))]
				switch rng.Intn(5) {
				case 0:
					desc = "confirm " + id
					sc.PaymentIntents.Confirm(id, &stripe.PaymentIntentConfirmParams{PaymentMethod: stripe.String(pms[rng.Intn(len(pms))])})
				case 1:
					desc = "capture " + id
					cp := &stripe.PaymentIntentCaptureParams{}
					if rng.Intn(2) == 0 {
						cp.AmountToCapture = stripe.Int64(int64(1 + rng.Intn(60000)))
					}
					sc.PaymentIntents.Capture(id, cp)
				case 2:
					desc = "cancel " + id
					sc.PaymentIntents.Cancel(id, nil)
				case 3:
					desc = "authenticate " + id
					fake.CompleteAuthentication(id, rng.Intn(3) > 0)
				case 4:
					desc = "update " + id
					sc.PaymentIntents.Update(id, &stripe.PaymentIntentParams{Amount: stripe.Int64(int64(100 + rng.Intn(5000)))})
				}
			case 5:
				if len(intents) == 0 {
					continue
				}
				id := intents[rng.Intn(len(intents))]
				rp := &stripe.RefundParams{PaymentIntent: stripe.String(id)}
				if rng.Intn(2) == 0 {
					rp.Amount = stripe.Int64(int64(1 + rng.Intn(50000)))
				}
				desc = "refund intent " + id
				sc.Refunds.New(rp)
			case 6:
				if len(charges) == 0 {
					continue
				}
				id := charges[rng.Intn(len(charges))]
				if rng.Intn(2) == 0 {
					desc = "capture charge " + id
					do(t, fake, "POST", "/v1/charges/"+id+"/capture", "")
				} else {
					desc = "refund charge " + id
					do(t, fake, "POST", "/v1/refunds", "charge="+id)
				}
			case 7:
				body := fmt.Sprintf("amount=%d&currency=%s", 1+rng.Intn(20000), currencies[rng.Intn(len(currencies))])
				desc = "payout " + body
				do(t, fake, "POST", "/v1/payouts", body)
			case 8:
				d := time.Duration(rng.Intn(5*24*3600)) * time.Second
				desc = "advance " + d.String()
				fake.Advance(d)
			}
			if err := fake.Verify(); err != nil {
				t.Fatalf("seed %d, step %d (%s): %v\n%s", seed, step, desc, err, fake.Dump())
			}
		}
	}
}
