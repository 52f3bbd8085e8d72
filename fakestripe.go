// Package fakestripe is an in-process, stateful fake of the Stripe API
// (version 2023-10-16) for Go tests.
//
// A fake holds one Stripe test-mode account in memory: customers and their
// cards, charges, refunds, payouts and a ledger of balance transactions whose
// sum is always the balance. It speaks Stripe's wire protocol, so the real
// client (stripe-go, or any other) talks to it unchanged:
//
//	fake := fakestripe.New(t)
//	backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
//		URL:        stripe.String(fake.URL()),
//		HTTPClient: fake.Client(),
//	})
//	sc := client.New("sk_test_123", &stripe.Backends{API: backend})
//
// Time is a fake clock that starts at a fixed instant (DefaultStart) and
// moves only when the test moves it with Advance or AdvanceTo; funds settle,
// authorizations expire and payouts arrive as it passes their due instants.
// IDs come from that clock and a seeded generator, so the same calls on two
// fakes give the same bytes. Test clocks (/v1/test_helpers/test_clocks)
// give the customers created on them a clock of their own, which only the
// API's advance moves.
//
// Every change is announced as the event Stripe sends for it (GET
// /v1/events), and events are delivered, signed as Stripe signs them, to
// webhook endpoints: URLs created through /v1/webhook_endpoints, or
// http.Handlers registered with AddWebhookHandler. Delivery happens before
// the response of the request that caused it, so a test sees its webhooks
// when its API call returns; failed deliveries are retried as the fake
// clock moves, and WebhookDeliveries lists every attempt.
//
// What is faithful: response shapes (every body validates against the
// 2023-10-16 OpenAPI schema), error envelopes, statuses and messages,
// authentication, form encoding, expansion, pagination and search, the test
// cards and tokens, fees and settlement. What is not: Connect, disputes'
// money movements, subscriptions and invoices, and anything Stripe does
// asynchronously in real time; see README.md for the full table.
package fakestripe

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/fakestripe/fakestripe/internal/httpapi"
	"github.com/fakestripe/fakestripe/internal/state"
)

// DefaultStart is where a fake's clock starts unless WithStartTime says
// otherwise: 2023-10-16T00:00:00Z, the first day of the API version it fakes.
var DefaultStart = state.DefaultStart

// InProcessURL is a base URL for clients that use Client(): its transport
// hands every request to the fake's handler whatever the host, so no
// listener is needed. URL() works too, at the cost of starting one.
const InProcessURL = "http://fakestripe.in-process"

// Server is one fake Stripe account.
type Server struct {
	api    *httpapi.API
	apiKey string

	listenOnce sync.Once
	ts         *httptest.Server
	closeOnce  sync.Once
}

// New starts a fake for a test and closes it when the test ends. At cleanup
// it checks the ledger's invariants and reports, as test errors, any broken
// one and any request that made the fake panic.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := NewServer(opts...)
	if err != nil {
		t.Fatalf("fakestripe.New: %v", err)
	}
	t.Cleanup(func() {
		defer s.Close()
		if err := s.Verify(); err != nil {
			t.Errorf("%v", err)
		}
		for _, p := range s.api.Panics() {
			t.Errorf("fakestripe: a request made the fake panic (a fakestripe bug): %s", p)
		}
		if t.Failed() {
			t.Logf("fakestripe state at the end of the test:\n%s", s.Dump())
		}
		for _, u := range s.api.UnknownRoutes() {
			t.Logf("fakestripe: no such endpoint (the client got a 404): %s", u)
		}
	})
	return s
}

// NewServer makes a fake outside a test, for TestMain or a standalone
// server. The caller closes it.
func NewServer(opts ...Option) (*Server, error) {
	cfg := config{}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	key := "sk_test_fakestripe"
	if len(cfg.api.APIKeys) > 0 {
		key = cfg.api.APIKeys[0]
	}
	return &Server{api: httpapi.New(cfg.api), apiKey: key}, nil
}

// APIKey returns a key the fake accepts: the first WithAPIKeys key, or
// sk_test_fakestripe. Scenario builders and examples use it.
func (s *Server) APIKey() string { return s.apiKey }

// Close stops the listener, if URL started one, and waits for queued
// asynchronous webhook deliveries (WithAsyncWebhooks) to be made, so it
// must not be called from a webhook handler.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.api.Close()
		s.listenOnce.Do(func() {}) // no listener may start after Close
		if s.ts != nil {
			s.ts.Close()
		}
	})
}

// Handler returns the fake as an http.Handler, for mounting it yourself.
func (s *Server) Handler() http.Handler { return s.api }

// URL returns the base URL of the fake (without /v1), starting a loopback
// listener on first use. Use it as stripe-go's BackendConfig.URL.
func (s *Server) URL() string {
	s.listenOnce.Do(func() { s.ts = httptest.NewServer(s.api) })
	if s.ts == nil {
		return ""
	}
	return s.ts.URL
}

// Now returns the fake clock's current time.
func (s *Server) Now() time.Time {
	var now time.Time
	s.api.Locked(func(st *state.State) { now = st.Now() })
	return now
}

// Advance moves the fake clock forward by d, applying everything that falls
// due on the way (settlement, expiring authorizations, payouts) in time
// order, each at its own instant. A negative d does nothing. Test clocks
// keep their time: the work of their customers waits for their advance.
func (s *Server) Advance(d time.Duration) {
	s.api.Locked(func(st *state.State) { st.Advance(d) })
}

// AdvanceTo moves the fake clock to t, as Advance does. A t before Now does
// nothing: the clock never goes back.
func (s *Server) AdvanceTo(t time.Time) {
	s.api.Locked(func(st *state.State) { st.AdvanceTo(t) })
}

// Verify checks the fake's invariants (the balance equals the sum of the
// ledger per currency and status; charges agree with their refunds and
// transactions) and returns every broken one in a single error.
func (s *Server) Verify() error {
	var err error
	s.api.Locked(func(st *state.State) { err = st.Verify() })
	return err
}
