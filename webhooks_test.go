package fakestripe_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/fakestripe/fakestripe"
)

// receiver is a webhook endpoint as an application writes one: it verifies
// each delivery with stripe-go's webhook.ConstructEvent, unchanged, and
// keeps the events it accepts. status is what it answers. It also checks
// each body against the event schema, data.object included.
type receiver struct {
	t      testing.TB
	mu     sync.Mutex
	secret string
	events []stripe.Event
	status func(n int) int // the answer to the n'th delivery (from 1); nil means 200
	n      int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		rc.t.Errorf("reading a delivery: %v", err)
		return
	}
	if err := schematestSpec(rc.t).ValidateComponent("event", body); err != nil {
		rc.t.Errorf("a delivered event does not match the 2023-10-16 schema: %v\n%s", err, body)
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	ev, err := webhook.ConstructEvent(body, r.Header.Get("Stripe-Signature"), rc.secret)
	if err != nil {
		rc.t.Errorf("webhook.ConstructEvent refused a delivery: %v\n%s", err, body)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if got := r.Header.Get("Content-Type"); !strings.HasPrefix(got, "application/json") {
		rc.t.Errorf("Content-Type %q", got)
	}
	rc.events = append(rc.events, ev)
	rc.n++
	if rc.status != nil {
		w.WriteHeader(rc.status(rc.n))
	}
}

func (rc *receiver) received() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := make([]string, len(rc.events))
	for i, e := range rc.events {
		out[i] = string(e.Type)
	}
	return out
}

func TestWebhookHandlerSeesEventBeforeCallReturns(t *testing.T) {
	fake, sc := newClient(t)
	rc := &receiver{t: t}
	var seenInside *stripe.Customer
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.ServeHTTP(w, r)
		// The fake's lock is not held during delivery: the handler can call
		// the API, as real handlers fetch what an event names.
		rc.mu.Lock()
		id := rc.events[len(rc.events)-1].Data.Object["id"].(string)
		rc.mu.Unlock()
		c, err := sc.Customers.Get(id, nil)
		require.NoError(t, err)
		seenInside = c
	})
	rc.secret = fake.AddWebhookHandler(handler, "customer.created")
	require.True(t, strings.HasPrefix(rc.secret, "whsec_"), rc.secret)

	cus, err := sc.Customers.New(&stripe.CustomerParams{Email: stripe.String("hook@example.com")})
	require.NoError(t, err)
	// No waiting: delivery happened before Customers.New returned.
	require.Equal(t, []string{"customer.created"}, rc.received())
	require.NotNil(t, seenInside)
	assert.Equal(t, cus.ID, seenInside.ID)
	ev := rc.events[0]
	assert.Equal(t, "hook@example.com", ev.Data.Object["email"])
	assert.Equal(t, cus.LastResponse.RequestID, ev.Request.ID)

	// Other types are not sent to an endpoint that did not ask for them.
	_, err = sc.Customers.Update(cus.ID, &stripe.CustomerParams{Name: stripe.String("Hook")})
	require.NoError(t, err)
	assert.Len(t, rc.received(), 1)

	d := fake.WebhookDeliveries()
	require.Len(t, d, 1)
	assert.Equal(t, ev.ID, d[0].EventID)
	assert.Equal(t, "customer.created", d[0].EventType)
	assert.Equal(t, 1, d[0].Attempt)
	assert.Equal(t, 200, d[0].StatusCode)
	assert.True(t, d[0].Succeeded())
	assert.Empty(t, d[0].URL)
	assert.Equal(t, fakestripe.DefaultStart, d[0].Time)

	got, err := sc.Events.Get(ev.ID, nil)
	require.NoError(t, err)
	assert.Zero(t, got.PendingWebhooks, "delivered")
	// Go-registered handlers are not API objects.
	it := sc.WebhookEndpoints.List(nil)
	assert.False(t, it.Next())
}

func TestWebhookHandlerAllEvents(t *testing.T) {
	fake, sc := newClient(t)
	rc := &receiver{t: t}
	rc.secret = fake.AddWebhookHandler(rc)
	_, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)
	fake.Advance(48 * time.Hour)
	assert.Equal(t, []string{"charge.succeeded", "balance.available"}, rc.received())
	assert.Panics(t, func() { fake.AddWebhookHandler(rc, "charge.nope") })
}

func TestWebhookEndpointURL(t *testing.T) {
	fake, sc := newClient(t)
	rc := &receiver{t: t}
	srv := httptest.NewServer(rc)
	defer srv.Close()

	we, err := sc.WebhookEndpoints.New(&stripe.WebhookEndpointParams{
		URL:           stripe.String(srv.URL + "/stripe"),
		EnabledEvents: stripe.StringSlice([]string{"charge.succeeded", "charge.refunded"}),
		Description:   stripe.String("orders"),
		APIVersion:    stripe.String(stripe.APIVersion),
	})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(we.ID, "we_"))
	assert.True(t, strings.HasPrefix(we.Secret, "whsec_"), "the secret is shown at creation")
	assert.Equal(t, "enabled", we.Status)
	assert.Equal(t, stripe.APIVersion, we.APIVersion)
	rc.secret = we.Secret

	ch, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)
	_, err = sc.Customers.New(nil)
	require.NoError(t, err)
	_, err = sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID)})
	require.NoError(t, err)
	assert.Equal(t, []string{"charge.succeeded", "charge.refunded"}, rc.received())
	d := fake.WebhookDeliveries()
	require.Len(t, d, 2)
	assert.Equal(t, we.ID, d[0].Endpoint)
	assert.Equal(t, srv.URL+"/stripe", d[0].URL)

	got, err := sc.WebhookEndpoints.Get(we.ID, nil)
	require.NoError(t, err)
	assert.Empty(t, got.Secret, "the secret is shown only at creation")
	assert.Equal(t, "orders", got.Description)

	got, err = sc.WebhookEndpoints.Update(we.ID, &stripe.WebhookEndpointParams{
		Disabled:      stripe.Bool(true),
		EnabledEvents: stripe.StringSlice([]string{"*"}),
		Params:        stripe.Params{Metadata: map[string]string{"team": "payments"}},
	})
	require.NoError(t, err)
	assert.Equal(t, "disabled", got.Status)
	assert.Equal(t, []string{"*"}, got.EnabledEvents)
	assert.Equal(t, "payments", got.Metadata["team"])
	_, err = sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)
	assert.Len(t, rc.received(), 2, "a disabled endpoint receives nothing")

	it := sc.WebhookEndpoints.List(nil)
	require.True(t, it.Next())
	assert.Equal(t, we.ID, it.WebhookEndpoint().ID)
	assert.False(t, it.Next())

	del, err := sc.WebhookEndpoints.Del(we.ID, nil)
	require.NoError(t, err)
	assert.True(t, del.Deleted)
	_, err = sc.WebhookEndpoints.Get(we.ID, nil)
	se := stripeErr(t, err)
	assert.Equal(t, 404, se.HTTPStatusCode)
	assert.Equal(t, "No such webhook endpoint: '"+we.ID+"'", se.Msg)
}

func TestWebhookEndpointValidation(t *testing.T) {
	fake := fakestripe.New(t)
	cases := []struct {
		body, param string
	}{
		{"url=https://example.com/hook", "enabled_events"},
		{"enabled_events[]=charge.succeeded", "url"},
		{"url=not a url&enabled_events[]=charge.succeeded", "url"},
		{"url=https://example.com/hook&enabled_events[]=charge.nope", "enabled_events[0]"},
		{"url=https://example.com/hook&enabled_events[]=*&api_version=2020-08-27", "api_version"},
		{"url=https://example.com/hook&enabled_events[]=*&connect=true", "connect"},
	}
	for _, tc := range cases {
		resp := do(t, fake, "POST", "/v1/webhook_endpoints", tc.body)
		assert.Equal(t, 400, resp.status, tc.body)
		assert.Equal(t, tc.param, resp.errorBody(t)["param"], tc.body)
	}
	resp := do(t, fake, "POST", "/v1/webhook_endpoints", "url=https://example.com/hook&enabled_events[]=charge.succeeded&enabled_events[]=charge.failed")
	require.Equal(t, 200, resp.status)
	obj := resp.object(t)
	assert.Nil(t, obj["api_version"])
	assert.Equal(t, []any{"charge.succeeded", "charge.failed"}, obj["enabled_events"])
}

func TestWebhookRetriesOnTheFakeClock(t *testing.T) {
	fake, sc := newClient(t)
	rc := &receiver{t: t, status: func(n int) int {
		if n < 3 {
			return http.StatusInternalServerError
		}
		return http.StatusOK
	}}
	rc.secret = fake.AddWebhookHandler(rc, "customer.created")
	_, err := sc.Customers.New(nil)
	require.NoError(t, err)

	ev := allEvents(t, sc, nil)[0]
	assert.Equal(t, int64(1), ev.PendingWebhooks, "the endpoint failed: still pending")
	assert.Len(t, allEvents(t, sc, &stripe.EventListParams{DeliverySuccess: stripe.Bool(false)}), 1)
	assert.Empty(t, allEvents(t, sc, &stripe.EventListParams{DeliverySuccess: stripe.Bool(true)}))

	fake.Advance(59 * time.Minute)
	assert.Len(t, rc.received(), 1, "the first retry is an hour later")
	// One Advance makes every attempt that falls within it, in order.
	fake.Advance(3 * time.Hour)
	assert.Len(t, rc.received(), 3)

	ev, err = sc.Events.Get(ev.ID, nil)
	require.NoError(t, err)
	assert.Zero(t, ev.PendingWebhooks, "delivered on the third attempt")
	d := fake.WebhookDeliveries()
	require.Len(t, d, 3)
	for i, want := range []struct {
		attempt, status int
		after           time.Duration
	}{{1, 500, 0}, {2, 500, time.Hour}, {3, 200, 3 * time.Hour}} {
		assert.Equal(t, want.attempt, d[i].Attempt)
		assert.Equal(t, want.status, d[i].StatusCode)
		assert.Equal(t, fakestripe.DefaultStart.Add(want.after), d[i].Time, "attempt %d", want.attempt)
		assert.Equal(t, ev.ID, d[i].EventID)
	}
	// Every attempt carries the same event.
	rc.mu.Lock()
	assert.Equal(t, rc.events[0].ID, rc.events[2].ID)
	rc.mu.Unlock()
}

func TestWebhookRetriesGiveUp(t *testing.T) {
	fake, sc := newClient(t)
	rc := &receiver{t: t, status: func(int) int { return http.StatusServiceUnavailable }}
	rc.secret = fake.AddWebhookHandler(rc)
	_, err := sc.Customers.New(nil)
	require.NoError(t, err)
	fake.Advance(24 * time.Hour)
	d := fake.WebhookDeliveries()
	require.Len(t, d, 4, "the first attempt and three retries, as Stripe's test mode makes")
	assert.Equal(t, fakestripe.DefaultStart.Add(7*time.Hour), d[3].Time)
	fake.Advance(72 * time.Hour)
	assert.Len(t, fake.WebhookDeliveries(), 4)
	ev := allEvents(t, sc, &stripe.EventListParams{DeliverySuccess: stripe.Bool(false)})
	require.Len(t, ev, 1, "an event that failed every attempt is not delivered")
	assert.Equal(t, int64(1), ev[0].PendingWebhooks)
}

func TestWebhookEndpointUnreachable(t *testing.T) {
	fake, sc := newClient(t)
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := sc.WebhookEndpoints.New(&stripe.WebhookEndpointParams{
		URL: stripe.String(url), EnabledEvents: stripe.StringSlice([]string{"*"}),
	})
	require.NoError(t, err)
	_, err = sc.Customers.New(nil)
	require.NoError(t, err, "a failing endpoint does not fail the request")
	d := fake.WebhookDeliveries()
	require.Len(t, d, 1)
	assert.Zero(t, d[0].StatusCode)
	assert.NotEmpty(t, d[0].Error)
	assert.False(t, d[0].Succeeded())
}

func TestWebhookHandlerPanicIsAFailedDelivery(t *testing.T) {
	fake, sc := newClient(t)
	fake.AddWebhookHandler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	_, err := sc.Customers.New(nil)
	require.NoError(t, err)
	d := fake.WebhookDeliveries()
	require.Len(t, d, 1)
	assert.Contains(t, d[0].Error, "boom")
}

func TestWebhookSigningTime(t *testing.T) {
	at := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	fake, sc := newClient(t, fakestripe.WithWebhookSigningTime(func() time.Time { return at }))
	var header string
	var body []byte
	secret := fake.AddWebhookHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header = r.Header.Get("Stripe-Signature")
		body, _ = io.ReadAll(r.Body)
	}))
	_, err := sc.Customers.New(nil)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(header, "t=1577934245,v1="), header)
	want := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: body, Secret: secret, Timestamp: at})
	assert.Equal(t, want.Header, header, "the signature stripe-go computes for the same body, secret and time")
	_, err = webhook.ConstructEvent(body, header, secret)
	assert.ErrorIs(t, err, webhook.ErrTooOld, "receivers check the time against their own clock, which a past signature fails")
}

func TestWebhooksAsync(t *testing.T) {
	fake, sc := newClient(t, fakestripe.WithAsyncWebhooks())
	release := make(chan struct{})
	rc := &receiver{t: t}
	rc.secret = fake.AddWebhookHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		rc.ServeHTTP(w, r)
	}))
	_, err := sc.Customers.New(nil)
	require.NoError(t, err, "the call returns while the handler still waits")
	_, err = sc.Customers.New(nil)
	require.NoError(t, err)
	ev := allEvents(t, sc, nil)
	require.Len(t, ev, 2)
	assert.Equal(t, int64(1), ev[0].PendingWebhooks)
	close(release)
	fake.FlushWebhooks()
	assert.Equal(t, []string{"customer.created", "customer.created"}, rc.received())
	ev = allEvents(t, sc, nil)
	assert.Zero(t, ev[0].PendingWebhooks)
	assert.Zero(t, ev[1].PendingWebhooks)
	rc.mu.Lock()
	assert.Equal(t, ev[0].ID, rc.events[0].ID, "delivered in order")
	rc.mu.Unlock()
}

func TestWebhooksAsyncCloseWaits(t *testing.T) {
	fake, err := fakestripe.NewServer(fakestripe.WithAsyncWebhooks())
	require.NoError(t, err)
	var mu sync.Mutex
	delivered := 0
	fake.AddWebhookHandler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		time.Sleep(10 * time.Millisecond)
		mu.Lock()
		delivered++
		mu.Unlock()
	}))
	for i := 0; i < 3; i++ {
		resp := do(t, fake, "POST", "/v1/customers", "")
		require.Equal(t, 200, resp.status)
	}
	fake.Close()
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, 3, delivered, "Close waits for queued deliveries")
}

func TestWebhooksConcurrentRequests(t *testing.T) {
	fake, sc := newClient(t)
	rc := &receiver{t: t}
	rc.secret = fake.AddWebhookHandler(rc, "customer.created")
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := sc.Customers.New(nil)
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	assert.Len(t, rc.received(), 20)
	for _, e := range allEvents(t, sc, nil) {
		assert.Zero(t, e.PendingWebhooks)
	}
}

// TestWebhooksInsideSynctest shows deliveries inside a synctest bubble: a Go
// handler is called in the requesting goroutine, retries wait for the fake
// clock, and signatures made with the bubble's time.Now verify against it.
// Async delivery works there too: its goroutine blocks durably and Close,
// at cleanup, ends it.
func TestWebhooksInsideSynctest(t *testing.T) {
	for _, async := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			var opts []fakestripe.Option
			if async {
				opts = append(opts, fakestripe.WithAsyncWebhooks())
			}
			fake, sc := newClient(t, opts...)
			rc := &receiver{t: t, status: func(n int) int {
				if n == 1 {
					return http.StatusInternalServerError
				}
				return http.StatusOK
			}}
			rc.secret = fake.AddWebhookHandler(rc, "charge.succeeded")
			_, err := sc.Charges.New(chargeParams(2000, "tok_visa"))
			require.NoError(t, err)
			fake.Advance(time.Hour)
			fake.FlushWebhooks()
			synctest.Wait()
			assert.Equal(t, []string{"charge.succeeded", "charge.succeeded"}, rc.received())
		})
	}
}

// TestAsyncWebhookHandlerGoexit checks that an asynchronous handler that
// ends its goroutine (as t.FailNow and testify's require do) is recorded as
// a failed delivery and does not stall the queue.
func TestAsyncWebhookHandlerGoexit(t *testing.T) {
	fake := fakestripe.New(t, fakestripe.WithAsyncWebhooks())
	fake.AddWebhookHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { runtime.Goexit() }), "customer.created")
	r := do(t, fake, "POST", "/v1/customers", "")
	require.Equal(t, 200, r.status)
	fake.FlushWebhooks()
	deliveries := fake.WebhookDeliveries()
	require.Len(t, deliveries, 1)
	assert.False(t, deliveries[0].Succeeded())
	assert.Contains(t, deliveries[0].Error, "Goexit")

	// The queue still works.
	fake.AddWebhookHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), "customer.updated")
	require.Equal(t, 200, do(t, fake, "POST", "/v1/customers/"+r.object(t)["id"].(string), "name=x").status)
	fake.FlushWebhooks()
	assert.Len(t, fake.WebhookDeliveries(), 2)
}
