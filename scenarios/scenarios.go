// Package scenarios builds realistic Stripe states on a fakestripe.Server in
// one line each: a customer with a card, a declining customer, charges in
// every state, a balance with funds pending and available, many customers
// for pagination tests.
//
// Every builder goes through the fake's real API, as a client would, so
// every invariant of the fake holds afterwards; none writes a result
// directly. A Scenario is a plain value, so test tables can hold them:
//
//	tests := []struct {
//		name  string
//		given scenarios.Scenario
//		want  string
//	}{
//		{"visa", scenarios.CustomerWithCard("tok_visa"), "succeeded"},
//		{"no funds", scenarios.DecliningCustomer(scenarios.InsufficientFunds), "failed"},
//	}
//	for _, tc := range tests {
//		fake := fakestripe.New(t)
//		got := tc.given.Apply(t, fake)
//		...
//	}
package scenarios

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fakestripe/fakestripe"
)

// Scenario is a state to build on a fake.
type Scenario struct {
	name  string
	apply func(t testing.TB, s *fakestripe.Server) Result
}

// Name says what the scenario builds, for test names.
func (sc Scenario) Name() string { return sc.name }

// String is Name.
func (sc Scenario) String() string { return sc.name }

// Apply builds the scenario on s and returns the ids it made. A request the
// fake refuses fails the test: scenarios are for setting up, not for
// testing the fake.
func (sc Scenario) Apply(t testing.TB, s *fakestripe.Server) Result {
	t.Helper()
	return sc.apply(t, s)
}

// Result holds the ids a scenario made. Fields it did not make are empty.
type Result struct {
	Customer  string   // the customer, if one was made
	Card      string   // the customer's default card
	Charge    string   // the (last) charge made
	Refunds   []string // refunds made, oldest first
	Customers []string // every customer made, oldest first
	Charges   []string // every charge made, oldest first
}

// Then runs scenarios one after another on the same fake, merging their
// results (later ones win for single ids; lists are appended).
func Then(scenarios ...Scenario) Scenario {
	names := make([]string, len(scenarios))
	for i, sc := range scenarios {
		names[i] = sc.name
	}
	return Scenario{name: strings.Join(names, " then "), apply: func(t testing.TB, s *fakestripe.Server) Result {
		t.Helper()
		var out Result
		for _, sc := range scenarios {
			r := sc.apply(t, s)
			if r.Customer != "" {
				out.Customer = r.Customer
			}
			if r.Card != "" {
				out.Card = r.Card
			}
			if r.Charge != "" {
				out.Charge = r.Charge
			}
			out.Refunds = append(out.Refunds, r.Refunds...)
			out.Customers = append(out.Customers, r.Customers...)
			out.Charges = append(out.Charges, r.Charges...)
		}
		return out
	}}
}

// call sends one request to the fake's handler, in-process, and decodes the
// JSON answer. want is the status the scenario expects.
func call(t testing.TB, s *fakestripe.Server, method, path string, form url.Values, want int) map[string]any {
	t.Helper()
	body := form.Encode()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.APIKey())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("scenarios: %s %s: answer is not JSON: %v", method, path, err)
	}
	if rec.Code != want {
		t.Fatalf("scenarios: %s %s %s: got %d, want %d: %s", method, path, body, rec.Code, want, rec.Body.String())
	}
	return out
}

// id reads the id of an object, or the charge id of a card error.
func id(obj map[string]any) string {
	if v, ok := obj["id"].(string); ok {
		return v
	}
	if e, ok := obj["error"].(map[string]any); ok {
		if v, ok := e["charge"].(string); ok {
			return v
		}
	}
	return ""
}

// CustomerWithCard is a customer whose default source is a card made from a
// test token (tok_visa, tok_mastercard, tok_amex...).
func CustomerWithCard(token string) Scenario {
	return Scenario{name: "customer with " + token, apply: func(t testing.TB, s *fakestripe.Server) Result {
		t.Helper()
		c := call(t, s, http.MethodPost, "/v1/customers", url.Values{"source": {token}, "email": {"customer@example.com"}}, http.StatusOK)
		card, _ := c["default_source"].(string)
		return Result{Customer: id(c), Card: card, Customers: []string{id(c)}}
	}}
}

// Decline names a way a card declines.
type Decline string

// The decline kinds, each a test card whose charges Stripe declines.
const (
	GenericDecline    Decline = "tok_visa_chargeDeclined"
	InsufficientFunds Decline = "tok_visa_chargeDeclinedInsufficientFunds"
	LostCard          Decline = "tok_visa_chargeDeclinedLostCard"
	StolenCard        Decline = "tok_visa_chargeDeclinedStolenCard"
	ExpiredCard       Decline = "tok_chargeDeclinedExpiredCard"
	IncorrectCVC      Decline = "tok_chargeDeclinedIncorrectCvc"
	ProcessingError   Decline = "tok_chargeDeclinedProcessingError"
	VelocityExceeded  Decline = "tok_visa_chargeDeclinedVelocityLimitExceeded"
	Fraudulent        Decline = "tok_radarBlock"
)

// Declines lists every Decline, for tables that cover them all.
var Declines = []Decline{GenericDecline, InsufficientFunds, LostCard, StolenCard, ExpiredCard, IncorrectCVC, ProcessingError, VelocityExceeded, Fraudulent}

// DecliningCustomer is a customer whose card declines, with one declined
// charge of the given kind already on record (Result.Charge). Stripe will
// not attach most declining test cards to a customer, so the customer's
// default card is 4000000000000341, which attaches and then declines every
// charge (generically); the kind-specific charge is made with the kind's
// token on the customer.
func DecliningCustomer(kind Decline) Scenario {
	return Scenario{name: "customer whose card declines (" + string(kind) + ")", apply: func(t testing.TB, s *fakestripe.Server) Result {
		t.Helper()
		c := call(t, s, http.MethodPost, "/v1/customers", url.Values{"source": {"tok_chargeCustomerFail"}, "email": {"declining@example.com"}}, http.StatusOK)
		card, _ := c["default_source"].(string)
		ch := call(t, s, http.MethodPost, "/v1/charges", url.Values{"amount": {"1000"}, "currency": {"usd"}, "source": {string(kind)}, "customer": {id(c)}}, http.StatusPaymentRequired)
		return Result{Customer: id(c), Card: card, Charge: id(ch), Customers: []string{id(c)}, Charges: []string{id(ch)}}
	}}
}

// charge makes a charge on a fresh token and returns its object.
func charge(t testing.TB, s *fakestripe.Server, amount int64, token string, capture bool) map[string]any {
	t.Helper()
	return call(t, s, http.MethodPost, "/v1/charges", url.Values{
		"amount": {fmt.Sprint(amount)}, "currency": {"usd"}, "source": {token}, "capture": {fmt.Sprint(capture)},
	}, http.StatusOK)
}

func chargeResult(ch map[string]any, refunds ...string) Result {
	return Result{Charge: id(ch), Charges: []string{id(ch)}, Refunds: refunds}
}

// SucceededCharge is a captured USD charge of amount on tok_visa.
func SucceededCharge(amount int64) Scenario {
	return Scenario{name: fmt.Sprintf("succeeded charge of %d", amount), apply: func(t testing.TB, s *fakestripe.Server) Result {
		t.Helper()
		return chargeResult(charge(t, s, amount, "tok_visa", true))
	}}
}

// UncapturedCharge is an authorization of amount, not yet captured.
func UncapturedCharge(amount int64) Scenario {
	return Scenario{name: fmt.Sprintf("uncaptured charge of %d", amount), apply: func(t testing.TB, s *fakestripe.Server) Result {
		t.Helper()
		return chargeResult(charge(t, s, amount, "tok_visa", false))
	}}
}

// PartiallyCapturedCharge is an authorization of amount captured for
// captured; the rest is released as a refund.
func PartiallyCapturedCharge(amount, captured int64) Scenario {
	return Scenario{name: fmt.Sprintf("charge of %d captured for %d", amount, captured), apply: func(t testing.TB, s *fakestripe.Server) Result {
		t.Helper()
		ch := charge(t, s, amount, "tok_visa", false)
		call(t, s, http.MethodPost, "/v1/charges/"+id(ch)+"/capture", url.Values{"amount": {fmt.Sprint(captured)}}, http.StatusOK)
		return chargeResult(ch)
	}}
}

// RefundedCharge is a charge of amount refunded in full.
func RefundedCharge(amount int64) Scenario {
	return PartiallyRefundedCharge(amount, amount)
}

// PartiallyRefundedCharge is a charge of amount with refunded refunded.
func PartiallyRefundedCharge(amount, refunded int64) Scenario {
	return Scenario{name: fmt.Sprintf("charge of %d refunded %d", amount, refunded), apply: func(t testing.TB, s *fakestripe.Server) Result {
		t.Helper()
		ch := charge(t, s, amount, "tok_visa", true)
		r := call(t, s, http.MethodPost, "/v1/refunds", url.Values{"charge": {id(ch)}, "amount": {fmt.Sprint(refunded)}}, http.StatusOK)
		return chargeResult(ch, id(r))
	}}
}

// DisputedCharge is a charge of amount on the dispute test card.
func DisputedCharge(amount int64) Scenario {
	return Scenario{name: fmt.Sprintf("disputed charge of %d", amount), apply: func(t testing.TB, s *fakestripe.Server) Result {
		t.Helper()
		return chargeResult(charge(t, s, amount, "tok_createDispute", true))
	}}
}

// DeclinedCharge is a charge of amount declined as kind says.
func DeclinedCharge(amount int64, kind Decline) Scenario {
	return Scenario{name: fmt.Sprintf("charge of %d declined (%s)", amount, kind), apply: func(t testing.TB, s *fakestripe.Server) Result {
		t.Helper()
		ch := call(t, s, http.MethodPost, "/v1/charges", url.Values{"amount": {fmt.Sprint(amount)}, "currency": {"usd"}, "source": {string(kind)}}, http.StatusPaymentRequired)
		return chargeResult(ch)
	}}
}

// PendingAndAvailable makes a balance with funds in both states: a charge
// of available that settles (the clock moves past its settlement), then a
// charge of pending that does not yet. Amounts are gross: the balance holds
// them net of Stripe's fees. It moves the fake clock forward three days.
func PendingAndAvailable(available, pending int64) Scenario {
	return Scenario{name: fmt.Sprintf("balance from %d settled and %d pending", available, pending), apply: func(t testing.TB, s *fakestripe.Server) Result {
		t.Helper()
		a := charge(t, s, available, "tok_visa", true)
		s.Advance(3 * 24 * time.Hour)
		p := charge(t, s, pending, "tok_visa", true)
		return Result{Charge: id(p), Charges: []string{id(a), id(p)}}
	}}
}

// CustomersWithCharges makes n customers, each with a card and one charge of
// amount, for pagination tests. Each has its own second on the clock, so
// created filters can tell them apart.
func CustomersWithCharges(n int, amount int64) Scenario {
	return Scenario{name: fmt.Sprintf("%d customers with charges", n), apply: func(t testing.TB, s *fakestripe.Server) Result {
		t.Helper()
		var out Result
		for i := 0; i < n; i++ {
			c := call(t, s, http.MethodPost, "/v1/customers", url.Values{"source": {"tok_visa"}, "email": {fmt.Sprintf("customer%d@example.com", i)}}, http.StatusOK)
			ch := call(t, s, http.MethodPost, "/v1/charges", url.Values{"amount": {fmt.Sprint(amount)}, "currency": {"usd"}, "customer": {id(c)}}, http.StatusOK)
			out.Customers = append(out.Customers, id(c))
			out.Charges = append(out.Charges, id(ch))
			s.Advance(time.Second)
		}
		if n > 0 {
			out.Customer, out.Charge = out.Customers[n-1], out.Charges[n-1]
		}
		return out
	}}
}
