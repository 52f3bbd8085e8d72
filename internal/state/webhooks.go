package state

import (
	"math/rand/v2"
	"time"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
)

// RetryBackoff is how long after a failed delivery the next attempt falls
// due, per failed attempt. Stripe's test mode retries "three times over a
// few hours" (docs.stripe.com/webhooks#retries) without publishing the
// schedule, so the fake doubles from an hour: attempts at 0, 1h, 3h and 7h.
var RetryBackoff = []time.Duration{time.Hour, 2 * time.Hour, 4 * time.Hour}

// WebhookEndpoint is where events are delivered: a URL created through the
// API, or, when Local, an http.Handler registered from Go, which the HTTP
// layer keeps and the API neither lists nor retrieves.
type WebhookEndpoint struct {
	ID      string
	Created int64
	seq     uint64

	URL           string
	EnabledEvents []string
	Description   *string
	Metadata      map[string]string
	Disabled      bool
	Secret        string
	APIVersion    *string
	Local         bool
}

// OrderKey and ObjectID place endpoints in lists.
func (e *WebhookEndpoint) OrderKey() (int64, uint64) { return e.Created, e.seq }

// ObjectID is the endpoint's id.
func (e *WebhookEndpoint) ObjectID() string { return e.ID }

// Wants reports whether the endpoint subscribes to events of type typ.
func (e *WebhookEndpoint) Wants(typ string) bool {
	for _, t := range e.EnabledEvents {
		if t == "*" || t == typ {
			return true
		}
	}
	return false
}

// WebhookEndpointParams creates or updates an endpoint; nil fields are left
// alone. Which fields each call takes is the HTTP layer's business.
type WebhookEndpointParams struct {
	URL           *string
	EnabledEvents []string // nil leaves them alone
	Description   *string
	Metadata      *form.MetadataUpdate
	Disabled      *bool
	APIVersion    *string
	Local         bool
}

// CreateWebhookEndpoint adds an endpoint with a fresh whsec_ signing secret.
func (st *State) CreateWebhookEndpoint(p WebhookEndpointParams) (*WebhookEndpoint, *apierr.Error) {
	if p.Metadata != nil {
		if err := p.Metadata.Validate("metadata", nil); err != nil {
			return nil, err
		}
	}
	e := &WebhookEndpoint{
		ID:         st.NewID("we"),
		Created:    st.Now().Unix(),
		seq:        st.nextSeq(),
		Secret:     st.webhookSecret(),
		APIVersion: p.APIVersion,
		Local:      p.Local,
		Metadata:   map[string]string{},
	}
	st.applyWebhookEndpoint(e, &p)
	st.events.endpoints[e.ID] = e
	st.events.endpointIdx.Insert(e)
	return e, nil
}

// webhookSecret makes a signing secret shaped like Stripe's: whsec_ and 32
// letters and digits, from the seeded source so a fake's secrets repeat.
func (st *State) webhookSecret() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	if st.events.secrets == nil {
		st.events.secrets = rand.New(rand.NewChaCha8(seedBytes(st.events.seed, "webhook secrets")))
	}
	b := make([]byte, 32)
	for i := range b {
		b[i] = alphabet[st.events.secrets.IntN(len(alphabet))]
	}
	return "whsec_" + string(b)
}

func (st *State) applyWebhookEndpoint(e *WebhookEndpoint, p *WebhookEndpointParams) {
	if p.URL != nil {
		e.URL = *p.URL
	}
	if p.EnabledEvents != nil {
		e.EnabledEvents = append([]string{}, p.EnabledEvents...)
	}
	if p.Description != nil {
		e.Description = nonEmpty(p.Description)
	}
	if p.Metadata != nil {
		e.Metadata = p.Metadata.Apply(e.Metadata)
	}
	if p.Disabled != nil {
		e.Disabled = *p.Disabled
	}
}

// WebhookEndpoint returns the API endpoint with id; Go-registered handlers
// are not API objects and are not found.
func (st *State) WebhookEndpoint(id string) (*WebhookEndpoint, *apierr.Error) {
	e, ok := st.events.endpoints[id]
	if !ok || e.Local {
		return nil, apierr.NoSuchObject("webhook endpoint", id, "id")
	}
	return e, nil
}

// UpdateWebhookEndpoint applies p to the endpoint with id.
func (st *State) UpdateWebhookEndpoint(id string, p WebhookEndpointParams) (*WebhookEndpoint, *apierr.Error) {
	e, err := st.WebhookEndpoint(id)
	if err != nil {
		return nil, err
	}
	if p.Metadata != nil {
		if err := p.Metadata.Validate("metadata", e.Metadata); err != nil {
			return nil, err
		}
	}
	st.applyWebhookEndpoint(e, &p)
	return e, nil
}

// DeleteWebhookEndpoint removes the endpoint. Its queued retries go with it,
// and the events waiting for them stop counting it as pending: there is no
// longer anything to deliver to.
func (st *State) DeleteWebhookEndpoint(id string) (*WebhookEndpoint, *apierr.Error) {
	e, err := st.WebhookEndpoint(id)
	if err != nil {
		return nil, err
	}
	delete(st.events.endpoints, e.ID)
	st.events.endpointIdx.Remove(e)
	kept := st.events.retries[:0]
	for _, r := range st.events.retries {
		if r.EndpointID != e.ID {
			kept = append(kept, r)
		}
	}
	st.events.retries = kept
	// A deleted endpoint is owed nothing: no event waits on it any more,
	// whether its retries were queued, ran out or are in flight. Deleting
	// endpoints is rare, so a walk over the events is cheap enough.
	for _, ev := range st.events.eventIdx.items {
		if len(ev.Pending) > 0 {
			ev.Pending = without(ev.Pending, e.ID)
		}
	}
	return e, nil
}

// ListWebhookEndpoints returns one page of the API's endpoints, newest first.
func (st *State) ListWebhookEndpoints(q PageQuery[*WebhookEndpoint]) Page[*WebhookEndpoint] {
	q.Match = func(e *WebhookEndpoint) bool { return !e.Local }
	return st.events.endpointIdx.List(q)
}

// LookupWebhookEndpoint returns any endpoint with id, Go-registered ones
// included, for delivery.
func (st *State) LookupWebhookEndpoint(id string) (*WebhookEndpoint, bool) {
	e, ok := st.events.endpoints[id]
	return e, ok
}

// EndpointsFor returns the enabled endpoints that subscribe to typ, oldest
// first, so deliveries happen in the order endpoints were added.
func (st *State) EndpointsFor(typ string) []*WebhookEndpoint {
	var out []*WebhookEndpoint
	for _, e := range st.events.endpointIdx.items {
		if !e.Disabled && e.Wants(typ) {
			out = append(out, e)
		}
	}
	return out
}

// HasWebhookEndpoints reports whether any endpoint exists, so that callers
// can skip rendering deliveries nobody receives.
func (st *State) HasWebhookEndpoints() bool { return len(st.events.endpoints) > 0 }

// Retry is a delivery attempt waiting on the fake clock.
type Retry struct {
	EventID    string
	EndpointID string
	Attempt    int       // 2 for the first retry
	At         time.Time // when it falls due
	seq        uint64
}

// DueRetries removes and returns the retries due at or before now, in the
// order they fell due. Retries to an endpoint since disabled are dropped:
// a disabled endpoint receives nothing, and the event stays pending.
func (st *State) DueRetries() []Retry {
	now := st.Now()
	rs := st.events.retries
	n := 0
	for n < len(rs) && !rs[n].At.After(now) {
		n++
	}
	if n == 0 {
		return nil
	}
	var due []Retry
	for _, r := range rs[:n] {
		if e, ok := st.events.endpoints[r.EndpointID]; ok && !e.Disabled {
			due = append(due, r)
		}
	}
	st.events.retries = append(rs[:0:0], rs[n:]...)
	return due
}

// DeliveryAttempt is one attempt to deliver an event to an endpoint.
type DeliveryAttempt struct {
	EventID    string
	EventType  string
	EndpointID string
	URL        string // "" for a Go-registered handler
	Attempt    int    // 1 for the first delivery
	At         time.Time
	StatusCode int    // 0 when no response came back
	Error      string // why the attempt failed, or ""
}

// Succeeded reports whether the endpoint acknowledged with a 2xx.
func (d DeliveryAttempt) Succeeded() bool {
	return d.Error == "" && d.StatusCode >= 200 && d.StatusCode < 300
}

// RecordDelivery logs an attempt. Success takes the endpoint off the
// event's pending list; failure schedules the next attempt on the fake
// clock, counted from when this one was due, until RetryBackoff runs out,
// after which the event stays pending for that endpoint, as Stripe leaves
// it. It returns whether another attempt was scheduled.
func (st *State) RecordDelivery(d DeliveryAttempt) bool {
	st.events.deliveries = append(st.events.deliveries, d)
	ev, ok := st.events.events[d.EventID]
	if !ok {
		return false
	}
	if d.Succeeded() {
		ev.Pending = without(ev.Pending, d.EndpointID)
		return false
	}
	if d.Attempt > len(RetryBackoff) {
		return false
	}
	if _, ok := st.events.endpoints[d.EndpointID]; !ok {
		return false
	}
	r := Retry{EventID: d.EventID, EndpointID: d.EndpointID, Attempt: d.Attempt + 1, At: d.At.Add(RetryBackoff[d.Attempt-1]), seq: st.nextSeq()}
	rs := st.events.retries
	i := len(rs)
	for i > 0 && rs[i-1].At.After(r.At) {
		i--
	}
	rs = append(rs, Retry{})
	copy(rs[i+1:], rs[i:])
	rs[i] = r
	st.events.retries = rs
	return true
}

// Deliveries returns every delivery attempt so far, in the order they were
// recorded.
func (st *State) Deliveries() []DeliveryAttempt {
	return append([]DeliveryAttempt(nil), st.events.deliveries...)
}

func without(ids []string, id string) []string {
	for i, v := range ids {
		if v == id {
			return append(ids[:i:i], ids[i+1:]...)
		}
	}
	return ids
}
