package fakestripe

import (
	"time"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/httpapi"
)

// Endpoint names one endpoint of the fake, for fault injection and the
// request log. The value is the method and the path pattern.
type Endpoint string

// The endpoints faults can target. AnyEndpoint matches them all.
const (
	AnyEndpoint Endpoint = ""

	CreateCustomer   Endpoint = "POST /v1/customers"
	RetrieveCustomer Endpoint = "GET /v1/customers/{customer}"
	UpdateCustomer   Endpoint = "POST /v1/customers/{customer}"
	DeleteCustomer   Endpoint = "DELETE /v1/customers/{customer}"
	ListCustomers    Endpoint = "GET /v1/customers"
	SearchCustomers  Endpoint = "GET /v1/customers/search"
	CreateSource     Endpoint = "POST /v1/customers/{customer}/sources"

	CreateCharge   Endpoint = "POST /v1/charges"
	RetrieveCharge Endpoint = "GET /v1/charges/{charge}"
	UpdateCharge   Endpoint = "POST /v1/charges/{charge}"
	CaptureCharge  Endpoint = "POST /v1/charges/{charge}/capture"
	ListCharges    Endpoint = "GET /v1/charges"
	SearchCharges  Endpoint = "GET /v1/charges/search"

	CreateRefund   Endpoint = "POST /v1/refunds"
	RetrieveRefund Endpoint = "GET /v1/refunds/{refund}"
	UpdateRefund   Endpoint = "POST /v1/refunds/{refund}"
	CancelRefund   Endpoint = "POST /v1/refunds/{refund}/cancel"
	ListRefunds    Endpoint = "GET /v1/refunds"

	RetrieveBalance            Endpoint = "GET /v1/balance"
	ListBalanceTransactions    Endpoint = "GET /v1/balance_transactions"
	RetrieveBalanceTransaction Endpoint = "GET /v1/balance_transactions/{id}"

	CreatePayout   Endpoint = "POST /v1/payouts"
	RetrievePayout Endpoint = "GET /v1/payouts/{payout}"
	CancelPayout   Endpoint = "POST /v1/payouts/{payout}/cancel"
	ListPayouts    Endpoint = "GET /v1/payouts"

	ListEvents    Endpoint = "GET /v1/events"
	RetrieveEvent Endpoint = "GET /v1/events/{id}"

	CreatePaymentMethod   Endpoint = "POST /v1/payment_methods"
	AttachPaymentMethod   Endpoint = "POST /v1/payment_methods/{payment_method}/attach"
	DetachPaymentMethod   Endpoint = "POST /v1/payment_methods/{payment_method}/detach"
	CreatePaymentIntent   Endpoint = "POST /v1/payment_intents"
	RetrievePaymentIntent Endpoint = "GET /v1/payment_intents/{intent}"
	UpdatePaymentIntent   Endpoint = "POST /v1/payment_intents/{intent}"
	ConfirmPaymentIntent  Endpoint = "POST /v1/payment_intents/{intent}/confirm"
	CapturePaymentIntent  Endpoint = "POST /v1/payment_intents/{intent}/capture"
	CancelPaymentIntent   Endpoint = "POST /v1/payment_intents/{intent}/cancel"

	CreateTestClock  Endpoint = "POST /v1/test_helpers/test_clocks"
	AdvanceTestClock Endpoint = "POST /v1/test_helpers/test_clocks/{test_clock}/advance"
)

// endpoints lists the constants above, so a test can check each names a
// real route.
var endpoints = []Endpoint{
	CreateCustomer, RetrieveCustomer, UpdateCustomer, DeleteCustomer, ListCustomers, SearchCustomers, CreateSource,
	CreateCharge, RetrieveCharge, UpdateCharge, CaptureCharge, ListCharges, SearchCharges,
	CreateRefund, RetrieveRefund, UpdateRefund, CancelRefund, ListRefunds,
	RetrieveBalance, ListBalanceTransactions, RetrieveBalanceTransaction,
	CreatePayout, RetrievePayout, CancelPayout, ListPayouts,
	ListEvents, RetrieveEvent,
	CreatePaymentMethod, AttachPaymentMethod, DetachPaymentMethod,
	CreatePaymentIntent, RetrievePaymentIntent, UpdatePaymentIntent, ConfirmPaymentIntent, CapturePaymentIntent, CancelPaymentIntent,
	CreateTestClock, AdvanceTestClock,
}

// Fault is a failure to inject. Build one with RateLimited, LockTimeout,
// APIError, ServiceUnavailable, StatusError, Latency or DropResponse, and
// limit it with Times.
type Fault struct {
	times   int
	err     *apierr.Error
	latency time.Duration
	drop    bool
}

// Times limits the fault to the next n matching calls (by default it hits
// every matching call until ClearFaults).
func (f Fault) Times(n int) Fault {
	f.times = n
	return f
}

func retry(b bool) *bool { return &b }

// RateLimited is Stripe's 429 rate_limit. Stripe-Should-Retry is not set:
// clients back off on their own (stripe-go does not retry it).
func RateLimited() Fault {
	return Fault{err: &apierr.Error{Status: 429, Type: apierr.TypeInvalidRequest, Code: "rate_limit",
		Message: "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits."}}
}

// LockTimeout is Stripe's 429 lock_timeout, which it marks retryable.
func LockTimeout() Fault {
	return Fault{err: &apierr.Error{Status: 429, Type: apierr.TypeInvalidRequest, Code: "lock_timeout", ShouldRetry: retry(true),
		Message: "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate."}}
}

// APIError is a 500 api_error.
func APIError() Fault {
	return Fault{err: &apierr.Error{Status: 500, Type: apierr.TypeAPI, ShouldRetry: retry(true),
		Message: "An unknown error occurred (injected by fakestripe)."}}
}

// ServiceUnavailable is a 503 api_error, which clients retry even on POST.
func ServiceUnavailable() Fault {
	return Fault{err: &apierr.Error{Status: 503, Type: apierr.TypeAPI, ShouldRetry: retry(true),
		Message: "Stripe is temporarily unavailable (injected by fakestripe)."}}
}

// StatusError is any Stripe error: status, type ("api_error",
// "invalid_request_error", ...), code and message.
func StatusError(status int, typ, code, message string) Fault {
	return Fault{err: &apierr.Error{Status: status, Type: typ, Code: code, Message: message}}
}

// Latency delays matching calls by d of real time before they run, to test
// client timeouts. The fake clock does not move.
func Latency(d time.Duration) Fault { return Fault{latency: d} }

// DropResponse runs matching calls, applying their change, then drops the
// response: the client sees a broken connection. With an Idempotency-Key,
// its retry is answered from the saved result.
func DropResponse() Fault { return Fault{drop: true} }

// InjectFault makes calls to e (or every endpoint, for AnyEndpoint) fail as
// f says. Faults apply in the order they were injected.
func (s *Server) InjectFault(e Endpoint, f Fault) {
	s.api.AddFault(httpapi.Fault{Route: string(e), Times: f.times, Err: f.err, Latency: f.latency, Drop: f.drop})
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() { s.api.ClearFaults() }
