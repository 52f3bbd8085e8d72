// Package httpapi is fakestripe's HTTP layer: it authenticates requests,
// decodes Stripe's form encoding, routes to one handler per endpoint, runs
// the handler's change against the state machine under one lock, and renders
// the result or a Stripe error envelope with Stripe's headers.
package httpapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
	"github.com/fakestripe/fakestripe/internal/state"
)

// maxBody bounds a request body; Stripe's requests are small forms.
const maxBody = 1 << 20

// Config configures an API.
type Config struct {
	State state.Config
	// APIKeys, when not empty, are the only keys accepted. Otherwise any
	// key starting with sk_test_ or rk_test_ is, as test mode accepts any
	// of the account's keys.
	APIKeys []string
	// WebhookSigningTime is the clock webhook signatures are stamped with;
	// nil means the wall clock, which receivers check signatures against.
	WebhookSigningTime func() time.Time
	// AsyncWebhooks delivers webhooks from a goroutine instead of before the
	// response of the request that caused them.
	AsyncWebhooks bool
}

// API is one fake Stripe account behind an http.Handler.
type API struct {
	mu   sync.Mutex // guards st and every field below it
	st   *state.State
	keys map[string]bool

	unknownRoutes []string // "GET /v1/foo", remembered for the test that hit them
	panics        []string // recovered handler panics: always a fakestripe bug
	idempotent    map[string]*idempotentResult
	idemOrder     []savedKey      // keys in the order they were saved, for pruning
	inFlight      map[string]bool // idempotency keys of executions still running (injected latency)
	faults        []*Fault
	requests      []loggedRequest
	hooks         *hooks // webhook handlers and delivery; its handlers map is guarded by mu
}

// New returns an API over a fresh state.
func New(cfg Config) *API {
	a := &API{st: state.New(cfg.State), idempotent: map[string]*idempotentResult{}, inFlight: map[string]bool{}, hooks: newHooks(cfg)}
	if len(cfg.APIKeys) > 0 {
		a.keys = map[string]bool{}
		for _, k := range cfg.APIKeys {
			a.keys[k] = true
		}
	}
	return a
}

// Locked runs fn with the state while holding the API's lock. It is how the
// Go-side API (Advance, Verify, Dump, checks) reads and moves the state.
// What fn changes is announced as events with no request, as Stripe
// announces what its clock does, and their webhooks are delivered after the
// lock is released.
func (a *API) Locked(fn func(st *state.State)) {
	var jobs []job
	func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		fn(a.st)
		jobs = a.collect(nil, nil)
	}()
	a.dispatch(jobs)
}

// UnknownRoutes returns the requests that matched no endpoint, in order.
func (a *API) UnknownRoutes() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.unknownRoutes...)
}

// Panics returns the handler panics recovered so far. Any is a bug.
func (a *API) Panics() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.panics...)
}

// handlerFunc decodes and checks a request's parameters without touching the
// state, and returns the change to apply under the lock. Keeping decoding
// outside the lock keeps parallel requests cheap, and keeping every check
// that can fail before the first write keeps failed requests from leaving a
// half-applied change behind.
type handlerFunc func(c *call) (applyFunc, *apierr.Error)

// applyFunc applies a change and renders the response, under the lock.
type applyFunc func(st *state.State) (any, *apierr.Error)

// call is one request as a handler sees it.
type call struct {
	method string
	path   string
	args   []string // path parameters in pattern order
	params *form.Reader
	expand expansion
}

// arg returns the i'th path parameter.
func (c *call) arg(i int) string { return c.args[i] }

// response is what ServeHTTP writes.
type response struct {
	status  int
	body    []byte
	headers map[string]string
	jobs    []job // webhook deliveries to make before the response is written
	drop    bool  // an injected fault drops the response
}

// fixedHeaders go on every response, with keys in canonical form.
var fixedHeaders = map[string]string{
	"Content-Type":                  "application/json",
	"Cache-Control":                 "no-cache, no-store",
	"Access-Control-Allow-Origin":   "*",
	"Access-Control-Expose-Headers": "Request-Id, Stripe-Manage-Version, Stripe-Should-Retry, X-Stripe-External-Auth-Required, X-Stripe-Privileged-Session-Required",
}

// ServeHTTP implements http.Handler.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	resp := a.serve(r)
	a.dispatch(resp.jobs)
	if resp.drop {
		// An injected fault: the change is applied, the answer is lost.
		// net/http closes the connection; the in-process transport turns
		// the abort into a transport error.
		panic(http.ErrAbortHandler)
	}
	// Keys are written in canonical form directly: Header.Set would
	// canonicalise each one again on every response.
	h := w.Header()
	for k, v := range fixedHeaders {
		h[k] = []string{v}
	}
	for k, v := range resp.headers {
		h[k] = []string{v}
	}
	h["Content-Length"] = []string{strconv.Itoa(len(resp.body))}
	w.WriteHeader(resp.status)
	w.Write(resp.body)
}

func (a *API) serve(r *http.Request) (resp response) {
	a.mu.Lock()
	reqID := a.st.NewID("req")
	now := a.st.Now().Unix()
	a.mu.Unlock()

	var (
		routePattern string
		raw          string
	)
	defer func() {
		a.mu.Lock()
		a.requests = append(a.requests, loggedRequest{raw: raw, Request: Request{
			Method: r.Method, Path: r.URL.Path, Route: routePattern, Status: resp.status,
			IdempotencyKey: r.Header.Get("Idempotency-Key"), RequestID: reqID,
			Replayed: resp.headers["Idempotent-Replayed"] == "true",
		}})
		a.mu.Unlock()
	}()

	version := DefaultVersion
	headers := map[string]string{"Request-Id": reqID, "Stripe-Version": version}
	fail := func(err *apierr.Error) response {
		if err.ShouldRetry != nil {
			headers["Stripe-Should-Retry"] = fmt.Sprint(*err.ShouldRetry)
		}
		return response{status: err.Status, body: renderError(err, reqID, now), headers: headers}
	}
	defer func() {
		if p := recover(); p != nil {
			a.mu.Lock()
			a.panics = append(a.panics, fmt.Sprintf("%s %s: %v", r.Method, r.URL.Path, p))
			// Events of a change cut short by the panic are dropped, so the
			// next request does not announce them as its own.
			a.st.DrainEvents()
			a.mu.Unlock()
			resp = fail(apierr.Internal("An unexpected error occurred in fakestripe (a bug: please report it)."))
		}
	}()
	key := r.Header.Get("Idempotency-Key")
	if key != "" {
		headers["Idempotency-Key"] = key
		if err := checkIdempotencyKey(key); err != nil {
			return fail(err)
		}
	}
	if err := a.authenticate(r.Header.Get("Authorization")); err != nil {
		return fail(err)
	}
	if vs := r.Header.Values("Stripe-Version"); len(vs) > 0 {
		v := strings.Join(vs, ", ")
		if !acceptVersion(v) {
			return fail(apierr.InvalidVersion(v))
		}
		version = v
		headers["Stripe-Version"] = v
	}

	rt, args := routes.match(r.Method, r.URL.Path)
	if rt == nil {
		a.mu.Lock()
		a.unknownRoutes = append(a.unknownRoutes, r.Method+" "+r.URL.Path)
		a.mu.Unlock()
		return fail(apierr.UnrecognizedURL(r.Method, r.URL.Path))
	}
	routePattern = rt.pattern
	a.mu.Lock()
	fault := a.takeFault(rt.pattern)
	a.mu.Unlock()
	if fault != nil && fault.Err != nil {
		return fail(fault.Err)
	}
	var err *apierr.Error
	raw, err = requestParams(r)
	if err != nil {
		return fail(err)
	}
	if fault != nil && fault.Drop {
		defer func() { resp.drop = true }()
	}
	root, err := form.Parse(raw)
	if err != nil {
		return fail(err)
	}
	c := &call{method: r.Method, path: r.URL.Path, args: args, params: form.NewReader(root)}
	if paths, ok := c.params.Strings("expand"); ok {
		if c.expand, err = parseExpand(paths, rt.object, rt.list); err != nil {
			return fail(err)
		}
	}
	apply, err := rt.handle(c)
	if err == nil {
		err = c.params.Err()
	}
	if err != nil {
		return fail(err)
	}
	if r.Method == http.MethodPost {
		headers["Original-Request"] = reqID
		headers["Stripe-Should-Retry"] = "false"
	}
	var latency time.Duration
	if fault != nil {
		latency = fault.Latency
	}
	if r.Method != http.MethodPost || key == "" {
		if err := waitLatency(r, latency); err != nil {
			return fail(err)
		}
		a.mu.Lock()
		defer a.mu.Unlock()
		return a.execute(apply, fail, headers)
	}

	// Idempotency lives under the same lock as the change it guards: the
	// lookup, the execution and the save are one step, so parallel requests
	// with one key see exactly one execution.
	params := raw
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.inFlight[key] {
		return fail(keyInUse(key))
	}
	if latency > 0 && a.lookupIdempotent(key, a.st.Now()) == nil {
		// A slow execution (an injected latency) holds its key for as long
		// as it runs; another request with the key meanwhile gets Stripe's
		// 409 idempotency_key_in_use. The lock is let go while it waits.
		a.inFlight[key] = true
		a.mu.Unlock()
		err := waitLatency(r, latency)
		a.mu.Lock()
		delete(a.inFlight, key)
		if err != nil {
			return fail(err)
		}
	}
	if saved := a.lookupIdempotent(key, a.st.Now()); saved != nil {
		if err := idempotencyConflict(saved, key, r.Method, r.URL.Path, params); err != nil {
			return fail(err)
		}
		headers["Idempotent-Replayed"] = "true"
		headers["Original-Request"] = saved.requestID
		return response{status: saved.status, body: saved.body, headers: headers}
	}
	resp = a.execute(apply, fail, headers)
	a.saveIdempotent(key, &idempotentResult{
		method: r.Method, path: r.URL.Path, params: params,
		requestID: reqID, saved: a.st.Now(), status: resp.status, body: resp.body,
	})
	return resp
}

// execute runs a change and renders its result or error. Callers hold a.mu.
func (a *API) execute(apply applyFunc, fail func(*apierr.Error) response, headers map[string]string) response {
	v, err := apply(a.st)
	// A failed request can still have changed the state (a declined charge
	// is created), so events are collected either way.
	jobs := a.collect(eventRequest(headers))
	if err != nil {
		resp := fail(err)
		resp.jobs = jobs
		return resp
	}
	return response{status: http.StatusOK, body: encode(v), headers: headers, jobs: jobs}
}

// requestParams returns the raw form of a request: the query string, plus
// the body for POST and DELETE (stripe-go sends DELETE parameters as a body).
func requestParams(r *http.Request) (string, *apierr.Error) {
	raw := r.URL.RawQuery
	if r.Body == nil || r.Method == http.MethodGet {
		return raw, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return "", apierr.Invalid("", "", "Could not read the request body.")
	}
	if len(body) > maxBody {
		return "", apierr.Invalid("", "", "The request body is too large.")
	}
	if len(body) > 0 && body[0] == '{' {
		return "", apierr.Invalid("", "", "Invalid request: the Stripe API takes application/x-www-form-urlencoded bodies, not JSON.")
	}
	if raw == "" {
		return string(body), nil
	}
	if len(body) == 0 {
		return raw, nil
	}
	return raw + "&" + string(body), nil
}

// authenticate checks the Authorization header the way Stripe does: Bearer
// or Basic with the key as user name.
func (a *API) authenticate(header string) *apierr.Error {
	if header == "" {
		return apierr.NoAPIKey()
	}
	var key string
	switch {
	case strings.HasPrefix(header, "Bearer "):
		key = strings.TrimPrefix(header, "Bearer ")
	case strings.HasPrefix(header, "Basic "):
		dec, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(header, "Basic "))
		if err != nil {
			return apierr.InvalidAPIKey(strings.TrimPrefix(header, "Basic "))
		}
		key, _, _ = strings.Cut(string(dec), ":")
	default:
		return apierr.InvalidAPIKey(header)
	}
	if key == "" {
		return apierr.NoAPIKey()
	}
	switch {
	case strings.HasPrefix(key, "sk_live_"), strings.HasPrefix(key, "rk_live_"), strings.HasPrefix(key, "pk_live_"):
		return apierr.LiveKey(key)
	case strings.HasPrefix(key, "pk_test_"):
		return apierr.PublishableKey()
	}
	if a.keys != nil {
		if !a.keys[key] {
			return apierr.InvalidAPIKey(key)
		}
		return nil
	}
	if strings.ContainsAny(key, " \t") ||
		!(strings.HasPrefix(key, "sk_test_") && len(key) > len("sk_test_") ||
			strings.HasPrefix(key, "rk_test_") && len(key) > len("rk_test_")) {
		return apierr.InvalidAPIKey(key)
	}
	return nil
}

// encode renders v as JSON without HTML escaping, as Stripe does.
func encode(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Render types are plain data; failing to encode one is a bug, and
		// panicking here turns it into a recorded 500.
		panic(fmt.Sprintf("encoding response: %v", err))
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// errorJSON is Stripe's error envelope. Absent keys are omitted, not null.
type errorJSON struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Charge        string `json:"charge,omitempty"`
	Code          string `json:"code,omitempty"`
	DeclineCode   string `json:"decline_code,omitempty"`
	DocURL        string `json:"doc_url,omitempty"`
	Message       string `json:"message,omitempty"`
	Param         string `json:"param,omitempty"`
	PaymentIntent any    `json:"payment_intent,omitempty"`
	PaymentMethod any    `json:"payment_method,omitempty"`
	RequestLogURL string `json:"request_log_url,omitempty"`
	Type          string `json:"type"`
}

func renderError(err *apierr.Error, reqID string, now int64) []byte {
	return encode(errorJSON{Error: errorBody{
		Charge:        err.Charge,
		Code:          err.Code,
		DeclineCode:   err.DeclineCode,
		DocURL:        err.DocURL(),
		Message:       err.Message,
		Param:         err.Param,
		PaymentIntent: err.PaymentIntent,
		PaymentMethod: err.PaymentMethod,
		RequestLogURL: fmt.Sprintf("https://dashboard.stripe.com/test/logs/%s?t=%d", reqID, now),
		Type:          err.Type,
	}})
}
