// Package stripegolatest runs fakestripe's end-to-end checks through the
// newest stripe-go major on the Go module proxy (v85, which pins API version
// 2026-03-25.dahlia), next to the v76 suite of the main module.
//
// It is a module of its own so that its stripe-go does not become a
// dependency of fakestripe. The fake answers in the 2023-10-16 shape, which
// a newer client may decode differently in places; these tests assert only
// what holds in both versions: ids, amounts, statuses, lists, errors.
package stripegolatest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v85"

	"github.com/fakestripe/fakestripe"
)

const testKey = "sk_test_stripego_latest"

// newClient returns a fake and a v85 client wired to it in-process. The
// responses it gets are recorded so tests can read the headers.
func newClient(t *testing.T) (*fakestripe.Server, *stripe.Client, *recorder) {
	t.Helper()
	fake := fakestripe.New(t)
	rec := &recorder{next: fake.Client().Transport}
	return fake, clientFor(fakestripe.InProcessURL, &http.Client{Transport: rec}), rec
}

// clientFor builds a v85 client on url and hc, the way stripe-go's README
// says to point it at stripe-mock.
func clientFor(url string, hc *http.Client) *stripe.Client {
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(url),
		HTTPClient:        hc,
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(0),
		EnableTelemetry:   stripe.Bool(false),
	})
	return stripe.NewClient(testKey, stripe.WithBackends(&stripe.Backends{API: backend, Connect: backend, Uploads: backend, MeterEvents: backend}))
}

// recorder remembers the last request and response headers it carried.
type recorder struct {
	next           http.RoundTripper
	sent, answered http.Header
	status         int
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	r.sent = req.Header.Clone()
	if err == nil {
		r.answered, r.status = resp.Header.Clone(), resp.StatusCode
	}
	return resp, err
}

// stripeErr asserts err is a *stripe.Error and returns it.
func stripeErr(t *testing.T, err error) *stripe.Error {
	t.Helper()
	var se *stripe.Error
	if !errors.As(err, &se) {
		t.Fatalf("got error %v (%T), want *stripe.Error", err, err)
	}
	return se
}

// noErr stops the test on an unexpected error.
func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func chargeParams(amount int64, token string) *stripe.ChargeCreateParams {
	return &stripe.ChargeCreateParams{
		Amount:   stripe.Int64(amount),
		Currency: stripe.String(string(stripe.CurrencyUSD)),
		Source:   &stripe.PaymentSourceSourceParams{Token: stripe.String(token)},
	}
}

func TestNewerVersionIsAcceptedAndEchoed(t *testing.T) {
	_, sc, rec := newClient(t)
	ctx := context.Background()
	_, err := sc.V1Balance.Retrieve(ctx, nil)
	noErr(t, err)
	if got := rec.sent.Get("Stripe-Version"); got != stripe.APIVersion {
		t.Fatalf("client sent Stripe-Version %q, want its pinned %q", got, stripe.APIVersion)
	}
	if got := rec.answered.Get("Stripe-Version"); got != stripe.APIVersion {
		t.Errorf("the fake answered Stripe-Version %q, want the client's %q echoed", got, stripe.APIVersion)
	}
	if rec.answered.Get("Request-Id") == "" {
		t.Error("no Request-Id header")
	}
}

func TestCustomers(t *testing.T) {
	fake, sc, _ := newClient(t)
	ctx := context.Background()

	p := &stripe.CustomerCreateParams{Name: stripe.String("Jenny Rosen"), Email: stripe.String("jenny@example.com")}
	p.AddMetadata("plan", "pro")
	c, err := sc.V1Customers.Create(ctx, p)
	noErr(t, err)
	if !strings.HasPrefix(c.ID, "cus_") || c.Email != "jenny@example.com" || c.Name != "Jenny Rosen" || c.Metadata["plan"] != "pro" {
		t.Fatalf("created %+v", c)
	}
	if c.Created != fake.Now().Unix() || c.Livemode {
		t.Errorf("created=%d livemode=%v, want the fake clock's %d and test mode", c.Created, c.Livemode, fake.Now().Unix())
	}

	got, err := sc.V1Customers.Retrieve(ctx, c.ID, nil)
	noErr(t, err)
	if got.ID != c.ID || got.Email != c.Email {
		t.Errorf("retrieved %s %q, want %s %q", got.ID, got.Email, c.ID, c.Email)
	}

	up := &stripe.CustomerUpdateParams{Description: stripe.String("VIP")}
	up.AddMetadata("plan", "")
	got, err = sc.V1Customers.Update(ctx, c.ID, up)
	noErr(t, err)
	if got.Description != "VIP" {
		t.Errorf("description %q after update", got.Description)
	}
	if _, ok := got.Metadata["plan"]; ok {
		t.Errorf("metadata %v: an empty value should delete the key", got.Metadata)
	}

	amy, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Email: stripe.String("amy@rocketrides.io")})
	noErr(t, err)
	rory, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Email: stripe.String("rory@rocketrides.io")})
	noErr(t, err)

	// List, newest first, one item per page so the iterator pages.
	var ids []string
	lp := &stripe.CustomerListParams{}
	lp.Limit = stripe.Int64(1)
	for cus, err := range sc.V1Customers.List(ctx, lp).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, cus.ID)
	}
	if want := []string{rory.ID, amy.ID, c.ID}; strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("list gave %v, want %v", ids, want)
	}
	filtered := sc.V1Customers.List(ctx, &stripe.CustomerListParams{Email: stripe.String("amy@rocketrides.io")})
	for range filtered.All(ctx) {
	}
	if d := filtered.Data(); len(d) != 1 || d[0].ID != amy.ID {
		t.Errorf("list by email gave %v, want just %s", d, amy.ID)
	}

	// Search pages too.
	ids = nil
	sp := &stripe.CustomerSearchParams{}
	sp.Query = `email~"rocketrides"`
	sp.Limit = stripe.Int64(1)
	for cus, err := range sc.V1Customers.Search(ctx, sp).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, cus.ID)
	}
	if want := []string{rory.ID, amy.ID}; strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("search gave %v, want %v", ids, want)
	}
	sp = &stripe.CustomerSearchParams{}
	sp.Query = `nosuchfield:"x"`
	for _, err := range sc.V1Customers.Search(ctx, sp).All(ctx) {
		if se := stripeErr(t, err); se.HTTPStatusCode != 400 || se.Param != "query" {
			t.Errorf("bad query: %d param %q", se.HTTPStatusCode, se.Param)
		}
	}

	del, err := sc.V1Customers.Delete(ctx, c.ID, nil)
	noErr(t, err)
	if !del.Deleted || del.ID != c.ID {
		t.Errorf("delete gave %+v", del)
	}
	_, err = sc.V1Customers.Retrieve(ctx, "cus_nope", nil)
	se := stripeErr(t, err)
	if se.HTTPStatusCode != 404 || se.Code != stripe.ErrorCodeResourceMissing || se.Type != stripe.ErrorTypeInvalidRequest {
		t.Errorf("missing customer: %d %s %s", se.HTTPStatusCode, se.Code, se.Type)
	}
}

func TestChargesCaptureAndList(t *testing.T) {
	_, sc, _ := newClient(t)
	ctx := context.Background()

	p := chargeParams(2000, "tok_visa")
	p.Description = stripe.String("Order 42")
	p.AddExpand("balance_transaction")
	ch, err := sc.V1Charges.Create(ctx, p)
	noErr(t, err)
	if !strings.HasPrefix(ch.ID, "ch_") || ch.Status != stripe.ChargeStatusSucceeded || !ch.Paid || !ch.Captured || ch.Amount != 2000 {
		t.Fatalf("charge %s status=%s paid=%v captured=%v amount=%d", ch.ID, ch.Status, ch.Paid, ch.Captured, ch.Amount)
	}
	if ch.PaymentMethodDetails == nil || ch.PaymentMethodDetails.Card == nil || ch.PaymentMethodDetails.Card.Last4 != "4242" {
		t.Errorf("payment_method_details: %+v", ch.PaymentMethodDetails)
	}
	if bt := ch.BalanceTransaction; bt == nil || bt.Amount != 2000 || bt.Fee != 88 || bt.Net != 1912 || bt.Status != stripe.BalanceTransactionStatusPending {
		t.Errorf("expanded balance transaction: %+v", bt)
	}

	ap := chargeParams(1000, "tok_mastercard")
	ap.Capture = stripe.Bool(false)
	auth, err := sc.V1Charges.Create(ctx, ap)
	noErr(t, err)
	if auth.Captured || auth.AmountCaptured != 0 || auth.BalanceTransaction != nil {
		t.Fatalf("authorization captured=%v amount_captured=%d bt=%v", auth.Captured, auth.AmountCaptured, auth.BalanceTransaction)
	}
	auth, err = sc.V1Charges.Capture(ctx, auth.ID, &stripe.ChargeCaptureParams{Amount: stripe.Int64(600)})
	noErr(t, err)
	if !auth.Captured || auth.AmountCaptured != 600 || auth.AmountRefunded != 400 {
		t.Errorf("partial capture: captured=%v amount_captured=%d amount_refunded=%d", auth.Captured, auth.AmountCaptured, auth.AmountRefunded)
	}
	_, err = sc.V1Charges.Capture(ctx, auth.ID, nil)
	if se := stripeErr(t, err); se.Code != stripe.ErrorCodeChargeAlreadyCaptured {
		t.Errorf("second capture: code %q", se.Code)
	}

	var ids []string
	lp := &stripe.ChargeListParams{}
	lp.Limit = stripe.Int64(1)
	for c, err := range sc.V1Charges.List(ctx, lp).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	if want := []string{auth.ID, ch.ID}; strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("list gave %v, want %v", ids, want)
	}
}

func TestDeclines(t *testing.T) {
	tests := []struct {
		token   string
		code    stripe.ErrorCode
		decline stripe.DeclineCode
		message string
	}{
		{"tok_chargeDeclined", stripe.ErrorCodeCardDeclined, "generic_decline", "Your card was declined."},
		{"tok_chargeDeclinedInsufficientFunds", stripe.ErrorCodeCardDeclined, "insufficient_funds", "Your card has insufficient funds."},
		{"tok_chargeDeclinedExpiredCard", stripe.ErrorCodeExpiredCard, "", "Your card has expired."},
	}
	for _, tc := range tests {
		t.Run(tc.token, func(t *testing.T) {
			_, sc, _ := newClient(t)
			ctx := context.Background()
			_, err := sc.V1Charges.Create(ctx, chargeParams(1000, tc.token))
			se := stripeErr(t, err)
			if se.HTTPStatusCode != 402 || se.Type != stripe.ErrorTypeCard || se.Code != tc.code || se.Msg != tc.message {
				t.Errorf("got %d %s %s %q, want 402 card_error %s %q", se.HTTPStatusCode, se.Type, se.Code, se.Msg, tc.code, tc.message)
			}
			if tc.decline != "" && se.DeclineCode != tc.decline {
				t.Errorf("decline_code %q, want %q", se.DeclineCode, tc.decline)
			}
			if se.RequestID == "" {
				t.Error("the error carries no request id")
			}
			if se.ChargeID == "" {
				t.Fatal("the error names no charge")
			}
			ch, err := sc.V1Charges.Retrieve(ctx, se.ChargeID, nil)
			noErr(t, err)
			if ch.Status != stripe.ChargeStatusFailed || ch.Paid || ch.FailureCode != string(tc.code) {
				t.Errorf("failed charge: status=%s paid=%v failure_code=%s", ch.Status, ch.Paid, ch.FailureCode)
			}
		})
	}

	t.Run("invalid request", func(t *testing.T) {
		_, sc, _ := newClient(t)
		_, err := sc.V1Charges.Create(context.Background(), &stripe.ChargeCreateParams{Currency: stripe.String("usd")})
		se := stripeErr(t, err)
		if se.HTTPStatusCode != 400 || se.Type != stripe.ErrorTypeInvalidRequest || se.Param != "amount" {
			t.Errorf("no amount: %d %s param %q", se.HTTPStatusCode, se.Type, se.Param)
		}
	})
}

func TestRefundsBalanceAndLedger(t *testing.T) {
	fake, sc, _ := newClient(t)
	ctx := context.Background()

	ch, err := sc.V1Charges.Create(ctx, chargeParams(1000, "tok_visa"))
	noErr(t, err)
	r1, err := sc.V1Refunds.Create(ctx, &stripe.RefundCreateParams{Charge: stripe.String(ch.ID), Amount: stripe.Int64(300), Reason: stripe.String("requested_by_customer")})
	noErr(t, err)
	if !strings.HasPrefix(r1.ID, "re_") || r1.Amount != 300 || r1.Status != stripe.RefundStatusSucceeded || r1.BalanceTransaction == nil {
		t.Fatalf("refund %+v", r1)
	}
	r2, err := sc.V1Refunds.Create(ctx, &stripe.RefundCreateParams{Charge: stripe.String(ch.ID)})
	noErr(t, err)
	if r2.Amount != 700 {
		t.Errorf("refund of the rest: %d, want 700", r2.Amount)
	}
	_, err = sc.V1Refunds.Create(ctx, &stripe.RefundCreateParams{Charge: stripe.String(ch.ID)})
	if se := stripeErr(t, err); se.Code != stripe.ErrorCodeChargeAlreadyRefunded {
		t.Errorf("third refund: code %q", se.Code)
	}
	var amounts []int64
	for r, err := range sc.V1Refunds.List(ctx, &stripe.RefundListParams{Charge: stripe.String(ch.ID)}).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		amounts = append(amounts, r.Amount)
	}
	if len(amounts) != 2 || amounts[0] != 700 || amounts[1] != 300 {
		t.Errorf("refunds listed %v, want [700 300]", amounts)
	}
	ch, err = sc.V1Charges.Retrieve(ctx, ch.ID, nil)
	noErr(t, err)
	if !ch.Refunded || ch.AmountRefunded != 1000 {
		t.Errorf("charge refunded=%v amount_refunded=%d", ch.Refunded, ch.AmountRefunded)
	}

	bt, err := sc.V1BalanceTransactions.Retrieve(ctx, r1.BalanceTransaction.ID, nil)
	noErr(t, err)
	if bt.Amount != -300 || bt.Type != stripe.BalanceTransactionTypeRefund {
		t.Errorf("refund transaction amount=%d type=%s", bt.Amount, bt.Type)
	}
	var types []string
	var sum int64
	for bt, err := range sc.V1BalanceTransactions.List(ctx, nil).All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, string(bt.Type))
		sum += bt.Net
	}
	if strings.Join(types, ",") != "refund,refund,charge" {
		t.Errorf("ledger %v, want refund,refund,charge", types)
	}

	// Refunds come out of the available balance at once; the charge's net
	// is pending until midnight UTC two days later.
	b, err := sc.V1Balance.Retrieve(ctx, nil)
	noErr(t, err)
	if av, pe := usd(b.Available), usd(b.Pending); av != -1000 || pe != 941 {
		t.Errorf("balance available=%d pending=%d, want -1000 and 941", av, pe)
	}
	fake.Advance(48 * time.Hour)
	b, err = sc.V1Balance.Retrieve(ctx, nil)
	noErr(t, err)
	if av, pe := usd(b.Available), usd(b.Pending); av != sum || pe != 0 {
		t.Errorf("after settlement available=%d pending=%d, want %d and 0", av, pe, sum)
	}
}

func usd(amounts []*stripe.BalanceAmount) int64 {
	var n int64
	for _, a := range amounts {
		if a.Currency == stripe.CurrencyUSD {
			n += a.Amount
		}
	}
	return n
}

// TestOverLoopback runs a checkout through URL(), a real listener, as a
// client in another process would.
func TestOverLoopback(t *testing.T) {
	fake := fakestripe.New(t)
	sc := clientFor(fake.URL(), &http.Client{Timeout: 10 * time.Second})
	ctx := context.Background()
	cus, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Source: stripe.String("tok_visa")})
	noErr(t, err)
	ch, err := sc.V1Charges.Create(ctx, &stripe.ChargeCreateParams{Amount: stripe.Int64(1000), Currency: stripe.String("usd"), Customer: stripe.String(cus.ID)})
	noErr(t, err)
	if ch.Customer == nil || ch.Customer.ID != cus.ID || ch.Status != stripe.ChargeStatusSucceeded {
		t.Fatalf("charge for the customer's default source: %+v", ch)
	}
	_, err = sc.V1Refunds.Create(ctx, &stripe.RefundCreateParams{Charge: stripe.String(ch.ID)})
	noErr(t, err)
	b, err := sc.V1Balance.Retrieve(ctx, nil)
	noErr(t, err)
	if av, pe := usd(b.Available), usd(b.Pending); av+pe != -59 {
		t.Errorf("balance %d, want -59: Stripe keeps its fee on a refund", av+pe)
	}
}
