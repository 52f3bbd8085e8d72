package httpapi

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/fakestripe/fakestripe/internal/state"
)

// webhookTimeout bounds one delivery to a URL. Stripe gives endpoints a
// few seconds; a test endpoint that hangs should fail the attempt, not the
// test.
const webhookTimeout = 30 * time.Second

// webhookUserAgent is the User-Agent Stripe's deliveries carry.
const webhookUserAgent = "Stripe/1.0 (+https://stripe.com/docs/webhooks)"

// hooks is the delivery side of webhooks: what cannot live in the state
// because it is not data (handlers, clients, clocks, a goroutine).
type hooks struct {
	signNow  func() time.Time
	client   *http.Client
	handlers map[string]http.Handler // endpoint id -> handler; guarded by API.mu
	queue    *deliveryQueue          // nil unless deliveries are asynchronous
}

func newHooks(cfg Config) *hooks {
	h := &hooks{
		signNow:  cfg.WebhookSigningTime,
		client:   &http.Client{Timeout: webhookTimeout},
		handlers: map[string]http.Handler{},
	}
	if h.signNow == nil {
		// Receivers check the signature's timestamp against their own wall
		// clock (stripe-go allows 300 s), so the fake clock, frozen at
		// some past instant, cannot sign.
		h.signNow = time.Now
	}
	if cfg.AsyncWebhooks {
		h.queue = &deliveryQueue{}
		h.queue.cond = sync.NewCond(&h.queue.mu)
	}
	return h
}

// job is one delivery to make: everything it needs, copied out of the state
// under the lock so it can run without it.
type job struct {
	eventID, eventType string
	endpointID         string
	url                string
	handler            http.Handler // set for Go-registered endpoints
	secret             string
	attempt            int
	at                 time.Time // the fake clock instant it fell due
	body               []byte
}

// newJob prepares a delivery of e to ep. Callers hold a.mu.
func (a *API) newJob(e *state.Event, ep *state.WebhookEndpoint, attempt int, at time.Time, body []byte) job {
	j := job{
		eventID: e.ID, eventType: e.Type, endpointID: ep.ID, url: ep.URL,
		secret: ep.Secret, attempt: attempt, at: at, body: body,
	}
	if ep.Local {
		j.handler = a.hooks.handlers[ep.ID]
	}
	return j
}

// dispatch makes deliveries once the caller has released a.mu: never under
// it, because a handler may call back into the fake. By default it delivers
// before returning, so the request that caused an event returns after its
// webhooks; with AsyncWebhooks it queues them for the delivery goroutine.
func (a *API) dispatch(jobs []job) {
	if len(jobs) == 0 {
		return
	}
	if q := a.hooks.queue; q != nil && q.push(jobs, a.deliver) {
		return
	}
	a.deliver(jobs)
}

// deliver makes each delivery, then records the results under the lock.
// A failure whose retry is already due (the clock was advanced past it)
// is retried at once, so an Advance makes every attempt that falls within
// it, each recorded at the instant it was due.
func (a *API) deliver(jobs []job) {
	for len(jobs) > 0 {
		results := make([]state.DeliveryAttempt, len(jobs))
		for i, j := range jobs {
			results[i] = a.hooks.perform(j)
		}
		jobs = a.record(results)
	}
}

// record stores delivery results, scheduling retries for the failures, and
// returns the deliveries now due: retries whose time the clock has already
// passed.
func (a *API) record(results []state.DeliveryAttempt) []job {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, d := range results {
		a.st.RecordDelivery(d)
	}
	return a.collect(nil, nil)
}

// callHandler delivers to a Go handler. A panicking handler is a failed
// delivery, not a crashed fake: with async delivery the panic would
// otherwise end the process.
func callHandler(handler http.Handler, rec *httptest.ResponseRecorder, req *http.Request, d state.DeliveryAttempt) (out state.DeliveryAttempt) {
	out = d
	defer func() {
		if p := recover(); p != nil {
			out.StatusCode = 0
			out.Error = fmt.Sprintf("the webhook handler panicked: %v", p)
		}
	}()
	handler.ServeHTTP(rec, req)
	out.StatusCode = rec.Code
	return out
}

// perform makes one delivery and reports how it went.
func (h *hooks) perform(j job) (d state.DeliveryAttempt) {
	d = state.DeliveryAttempt{
		EventID: j.eventID, EventType: j.eventType, EndpointID: j.endpointID,
		URL: j.url, Attempt: j.attempt, At: j.at,
	}
	header := http.Header{}
	header.Set("Content-Type", "application/json; charset=utf-8")
	header.Set("User-Agent", webhookUserAgent)
	header.Set("Cache-Control", "no-cache")
	header.Set("Stripe-Signature", Signature(j.secret, h.signNow(), j.body))
	if j.handler != nil {
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(j.body))
		req.Header = header
		rec := httptest.NewRecorder()
		if h.queue != nil {
			// Asynchronous deliveries run each Go handler on a goroutine of
			// its own: a handler that calls t.FailNow (or testify's require)
			// ends the goroutine it runs on, and must not take the delivery
			// queue with it.
			done := make(chan struct{})
			go func() {
				defer close(done)
				d = callHandler(j.handler, rec, req, d)
			}()
			<-done
			if d.StatusCode == 0 && d.Error == "" {
				d.Error = "the webhook handler did not return (it called runtime.Goexit, as t.FailNow does)"
			}
			return d
		}
		return callHandler(j.handler, rec, req, d)
	}
	req, err := http.NewRequest(http.MethodPost, j.url, bytes.NewReader(j.body))
	if err != nil {
		d.Error = err.Error()
		return d
	}
	req.Header = header
	resp, err := h.client.Do(req)
	if err != nil {
		d.Error = err.Error()
		return d
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	d.StatusCode = resp.StatusCode
	return d
}

// Signature is the Stripe-Signature header for body signed with secret at
// t: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">, the scheme
// stripe-go's webhook.ConstructEvent verifies.
func Signature(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts))
	mac.Write([]byte("."))
	mac.Write(body)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac.Sum(nil))
}

// deliveryQueue feeds one goroutine that makes asynchronous deliveries in
// the order they were queued. The queue is unbounded so that a request
// never waits for a slow endpoint, which is the point of async delivery.
type deliveryQueue struct {
	mu      sync.Mutex
	cond    *sync.Cond // signals new work, a finished batch, or closing
	batches [][]job
	busy    bool // a batch is being delivered
	started bool
	closed  bool
	done    chan struct{}
}

// push queues a batch, starting the goroutine on first use. It reports
// false once the queue is closed, and the caller then delivers itself.
func (q *deliveryQueue) push(jobs []job, deliver func([]job)) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	q.batches = append(q.batches, jobs)
	if !q.started {
		q.started = true
		q.done = make(chan struct{})
		go q.run(deliver)
	}
	q.cond.Broadcast()
	return true
}

func (q *deliveryQueue) run(deliver func([]job)) {
	defer close(q.done)
	q.mu.Lock()
	for {
		for len(q.batches) == 0 && !q.closed {
			q.cond.Wait()
		}
		if len(q.batches) == 0 {
			q.mu.Unlock()
			return
		}
		b := q.batches[0]
		q.batches = q.batches[1:]
		q.busy = true
		q.mu.Unlock()
		deliver(b)
		q.mu.Lock()
		q.busy = false
		q.cond.Broadcast()
	}
}

// flush waits until every queued batch has been delivered and recorded.
func (q *deliveryQueue) flush() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.batches) > 0 || q.busy {
		q.cond.Wait()
	}
}

// close delivers what is queued, then stops the goroutine.
func (q *deliveryQueue) close() {
	q.mu.Lock()
	q.closed = true
	started := q.started
	q.cond.Broadcast()
	q.mu.Unlock()
	if started {
		<-q.done
	}
}

// AddWebhookHandler registers h as an endpoint for the given event types
// ("*" for all) and returns its signing secret. Unknown types are refused.
func (a *API) AddWebhookHandler(h http.Handler, events []string) (string, error) {
	if len(events) == 0 {
		events = []string{"*"}
	}
	for _, t := range events {
		if !eventTypes[t] {
			return "", fmt.Errorf("%q is not a 2023-10-16 event type", t)
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	version := eventAPIVersion
	ep, err := a.st.CreateWebhookEndpoint(state.WebhookEndpointParams{EnabledEvents: events, APIVersion: &version, Local: true})
	if err != nil {
		return "", err
	}
	a.hooks.handlers[ep.ID] = h
	return ep.Secret, nil
}

// WebhookDeliveries returns every delivery attempt so far.
func (a *API) WebhookDeliveries() []state.DeliveryAttempt {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.st.Deliveries()
}

// FlushWebhooks waits for asynchronous deliveries queued so far to be made
// and recorded. With synchronous delivery there is never anything to wait
// for.
func (a *API) FlushWebhooks() {
	if a.hooks.queue != nil {
		a.hooks.queue.flush()
	}
}

// Close waits for queued asynchronous deliveries and stops their goroutine;
// deliveries after Close are made synchronously.
func (a *API) Close() {
	if a.hooks.queue != nil {
		a.hooks.queue.close()
	}
}
