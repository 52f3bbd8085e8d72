package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/fakestripe/fakestripe"
	"github.com/fakestripe/fakestripe/internal/inprocess"
)

const benchKey = "sk_test_bench"

// target is one server the workloads run against, through stripe-go v76.
type target struct {
	name string
	sc   *client.API
	// customerID is a customer the retrieve workload reads.
	customerID string
	// fake marks the targets that keep state, and so must list 10.
	fake bool
}

// stripeClient is a stripe-go client on url and hc, configured alike for
// every target: no retries, no logging, no telemetry.
func stripeClient(url string, hc *http.Client) *client.API {
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(url),
		HTTPClient:        hc,
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(0),
		EnableTelemetry:   stripe.Bool(false),
	})
	return client.New(benchKey, &stripe.Backends{API: backend, Connect: backend, Uploads: backend})
}

// loopbackClient is the http.Client for targets behind a socket: a fresh
// transport each, keeping connections alive as a test suite's would.
func loopbackClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 8
	return &http.Client{Transport: tr}
}

// newTargets makes the floor, the two ways into a fake, and, when mock is
// set, stripe-mock; each prepared with the customers the workloads read.
func newTargets(mock *stripeMock) ([]*target, func(), error) {
	floor, err := newFloor()
	if err != nil {
		return nil, nil, err
	}
	inproc, err := fakestripe.NewServer()
	if err != nil {
		return nil, nil, err
	}
	loop, err := fakestripe.NewServer()
	if err != nil {
		return nil, nil, err
	}
	loopHC := loopbackClient()
	targets := []*target{
		{name: "floor", sc: stripeClient(fakestripe.InProcessURL, &http.Client{Transport: inprocess.Transport{Handler: floor}})},
		{name: "Client()", sc: stripeClient(fakestripe.InProcessURL, inproc.Client()), fake: true},
		{name: "URL()", sc: stripeClient(loop.URL(), loopHC), fake: true},
	}
	var mockHC *http.Client
	if mock != nil {
		mockHC = loopbackClient()
		targets = append(targets, &target{name: "stripe-mock", sc: stripeClient(mock.url, mockHC)})
	}
	closeAll := func() {
		loopHC.CloseIdleConnections()
		if mockHC != nil {
			mockHC.CloseIdleConnections()
		}
		inproc.Close()
		loop.Close()
	}
	for _, t := range targets {
		if err := prepare(t); err != nil {
			closeAll()
			return nil, nil, fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return targets, closeAll, nil
}

// prepare stores what the read workloads need: ten customers to list and
// one to retrieve.
func prepare(t *target) error {
	for i := 0; i < 10; i++ {
		c, err := t.sc.Customers.New(&stripe.CustomerParams{Email: stripe.String(fmt.Sprintf("list%d@example.com", i))})
		if err != nil {
			return err
		}
		t.customerID = c.ID
	}
	return nil
}

// newFloor records what a fake answers to every request the workloads
// make, and returns a bare handler that answers each route with those
// bytes: no parsing, no state, no lock. Between it and the fake, through
// the same transport, lies exactly what the fake does.
func newFloor() (http.Handler, error) {
	fake, err := fakestripe.NewServer()
	if err != nil {
		return nil, err
	}
	defer fake.Close()
	rec := &recorder{next: fake.Client().Transport, bodies: map[string][]byte{}}
	t := &target{name: "recording", sc: stripeClient(fakestripe.InProcessURL, &http.Client{Transport: rec}), fake: true}
	if err := prepare(t); err != nil {
		return nil, err
	}
	for _, w := range workloads {
		if err := w.run(t); err != nil {
			return nil, fmt.Errorf("recording %s: %w", w.name, err)
		}
	}
	return floorHandler(rec.bodies), nil
}

// routeKey names a route by method and path, with ids replaced:
// "GET /v1/customers/{id}".
func routeKey(method, path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i, p := range parts {
		if i >= 2 && strings.Contains(p, "_") {
			parts[i] = "{id}"
		}
	}
	return method + " /" + strings.Join(parts, "/")
}

// recorder keeps the last body answered on each route.
type recorder struct {
	next   http.RoundTripper
	mu     sync.Mutex
	bodies map[string][]byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, body)
	}
	r.mu.Lock()
	r.bodies[routeKey(req.Method, req.URL.Path)] = body
	r.mu.Unlock()
	resp.Body = io.NopCloser(strings.NewReader(string(body)))
	return resp, nil
}

// floorHandler answers each known route with its recorded body.
type floorHandler map[string][]byte

func (f floorHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	body, ok := f[routeKey(r.Method, r.URL.Path)]
	if !ok {
		http.Error(w, `{"error":{"type":"invalid_request_error","message":"the floor has no body for this route"}}`, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req_floor")
	w.Write(body)
}
