package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/state"
)

// eventAPIVersion is the version every event is rendered at. stripe-go's
// webhook.ConstructEvent refuses events of any other version.
const eventAPIVersion = "2023-10-16"

// maxEventTypes is how many names types[] takes (SPEC).
const maxEventTypes = 20

func registerEvents(rt *router) {
	rt.add("GET", "/v1/events", "event", true, listEvents)
	rt.add("GET", "/v1/events/{id}", "event", false, getEvent)
}

func listEvents(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	page := readPage(r)
	var f state.EventFilter
	f.Type = r.StringMax("type", 5000)
	if types, ok := r.Strings("types"); ok {
		switch {
		case f.Type != nil:
			r.Fail(apierr.Invalid("", "types", "You may pass either `type` or `types`, but not both."))
		case len(types) > maxEventTypes:
			r.Fail(apierr.Invalidf("types", "Invalid array: types may contain at most %d elements.", maxEventTypes))
		}
		f.Types = types
	}
	f.Created = r.Range("created")
	f.DeliverySuccess = r.Bool("delivery_success")
	return func(st *state.State) (any, *apierr.Error) {
		q, err := pageQuery(page, "event", st.Event)
		if err != nil {
			return nil, err
		}
		return renderList("/v1/events", st.ListEvents(f, q), func(e *state.Event) any {
			return renderEvent(st, e)
		}), nil
	}, nil
}

func getEvent(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		e, ok := st.Event(id)
		if !ok {
			return nil, apierr.NoSuchObject("event", id, "id")
		}
		return renderEvent(st, e), nil
	}, nil
}

// eventJSON is the event object of 2023-10-16. account is left out: it is
// set only on events from connected accounts.
type eventJSON struct {
	ID              string           `json:"id"`
	Object          string           `json:"object"`
	APIVersion      string           `json:"api_version"`
	Created         int64            `json:"created"`
	Data            eventDataJSON    `json:"data"`
	Livemode        bool             `json:"livemode"`
	PendingWebhooks int              `json:"pending_webhooks"`
	Request         eventRequestJSON `json:"request"`
	Type            string           `json:"type"`
}

// eventDataJSON holds the object as it was when the event happened, frozen
// as JSON; previous_attributes appears on *.updated events only.
type eventDataJSON struct {
	Object             json.RawMessage `json:"object"`
	PreviousAttributes json.RawMessage `json:"previous_attributes,omitempty"`
}

// eventRequestJSON names the API request behind an event; both are null for
// what the clock did (settlement, expiry, payouts arriving).
type eventRequestJSON struct {
	ID             *string `json:"id"`
	IdempotencyKey *string `json:"idempotency_key"`
}

// renderEvent renders a stored event, rendering its object and making its
// previous_attributes on first use. Callers hold a.mu, as the event may be
// written.
func renderEvent(st *state.State, e *state.Event) *eventJSON {
	if e.Object == nil {
		e.Object = encode(renderEventObject(st, e.Snapshot))
		e.Snapshot = nil
	}
	if e.Previous != nil {
		e.PreviousAttributes = previousAttributes(e.Previous, e.Object)
		e.Previous = nil
	}
	return &eventJSON{
		ID:              e.ID,
		Object:          "event",
		APIVersion:      eventAPIVersion,
		Created:         e.Created,
		Data:            eventDataJSON{Object: e.Object, PreviousAttributes: e.PreviousAttributes},
		PendingWebhooks: len(e.Pending),
		Request:         eventRequestJSON{ID: e.RequestID, IdempotencyKey: e.IdempotencyKey},
		Type:            e.Type,
	}
}

// renderEventObject renders the object an intent carries as the API would
// answer a GET of it at 2023-10-16, with nothing expanded, which is what
// Stripe puts in data.object.
func renderEventObject(st *state.State, obj any) any {
	switch v := obj.(type) {
	case *state.Customer:
		return renderCustomer(st, v, nil)
	case *state.Card:
		return renderCard(st, v, nil)
	case *state.Charge:
		return renderCharge(st, v, nil)
	case *state.Refund:
		return renderRefund(st, v, nil)
	case *state.Payout:
		return renderPayout(st, v, nil)
	case *state.PaymentIntent:
		return renderPaymentIntent(st, v, nil)
	case *state.PaymentMethod:
		return renderPaymentMethod(st, v, nil)
	case *state.TestClock:
		return renderTestClock(v)
	case state.BalanceSnapshot:
		return renderBalanceSnapshot(v)
	}
	// An object without a rendering is a fakestripe bug; the panic becomes
	// a recorded 500 for the request that caused it.
	panic(fmt.Sprintf("fakestripe: no event rendering for %T", obj))
}

// renderBalanceSnapshot renders the balance as GET /v1/balance does.
func renderBalanceSnapshot(totals state.BalanceSnapshot) *balanceJSON {
	out := &balanceJSON{Object: "balance", Available: []balanceAmountJSON{}, Pending: []balanceAmountJSON{}}
	for _, t := range totals {
		// Every fund in the fake comes from cards.
		out.Available = append(out.Available, balanceAmountJSON{Amount: t.Available, Currency: t.Currency, SourceTypes: map[string]int64{"card": t.Available}})
		out.Pending = append(out.Pending, balanceAmountJSON{Amount: t.Pending, Currency: t.Currency, SourceTypes: map[string]int64{"card": t.Pending}})
	}
	return out
}

// previousAttributes compares two renderings of an object and returns the
// top-level properties that differ, with their old values (arrays and
// hashes whole, as Stripe sends them since 2017-04-06), or nil when nothing
// differs. A property new in cur was absent, which Stripe shows as null.
// Keys come out sorted, so the same change always reads the same.
func previousAttributes(prev, cur []byte) []byte {
	if bytes.Equal(prev, cur) {
		return nil
	}
	old, now := topLevel(prev), topLevel(cur)
	if old == nil || now == nil {
		return nil
	}
	var diff []property
	for _, o := range old {
		if v, ok := lookupProperty(now, o.key); !ok || !bytes.Equal(v, o.val) {
			diff = append(diff, o)
		}
	}
	for _, n := range now {
		if _, ok := lookupProperty(old, n.key); !ok {
			diff = append(diff, property{key: n.key, val: []byte("null")})
		}
	}
	if len(diff) == 0 {
		return nil
	}
	sort.Slice(diff, func(i, j int) bool { return string(diff[i].key) < string(diff[j].key) })
	out := make([]byte, 0, 64)
	out = append(out, '{')
	for i, p := range diff {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, '"')
		out = append(out, p.key...)
		out = append(out, '"', ':')
		out = append(out, p.val...)
	}
	return append(out, '}')
}

// property is one top-level member of a JSON object: its key as written
// (without quotes) and its raw value.
type property struct{ key, val []byte }

func lookupProperty(ps []property, key []byte) ([]byte, bool) {
	for _, p := range ps {
		if bytes.Equal(p.key, key) {
			return p.val, true
		}
	}
	return nil, false
}

// topLevel splits a compact JSON object, as encode writes it, into its
// members without decoding the values: an update's diff compares every
// member of two renderings, and decoding them all would cost more than the
// rest of the request. It returns nil for anything else.
func topLevel(b []byte) []property {
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return nil
	}
	out := make([]property, 0, 32)
	i := 1
	for i < len(b)-1 {
		if b[i] != '"' {
			return nil
		}
		end := skipString(b, i)
		if end < 0 || end >= len(b) || b[end] != ':' {
			return nil
		}
		key := b[i+1 : end-1]
		start := end + 1
		i = skipValue(b, start)
		if i < 0 {
			return nil
		}
		out = append(out, property{key: key, val: b[start:i]})
		if b[i] == ',' {
			i++
		}
	}
	return out
}

// skipString returns the index just past the string starting at b[i].
func skipString(b []byte, i int) int {
	for j := i + 1; j < len(b); j++ {
		switch b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

// skipValue returns the index of the comma or closing brace that ends the
// value starting at b[i].
func skipValue(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			i = skipString(b, i)
			if i < 0 {
				return -1
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
		case ',':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return -1
}

// eventRequest reads the request behind a response's events from the
// headers the response carries: its Request-Id and the Idempotency-Key it
// echoes. A nil map means no request: the clock moved.
func eventRequest(headers map[string]string) (id, key *string) {
	if v, ok := headers["Request-Id"]; ok {
		id = &v
	}
	if v, ok := headers["Idempotency-Key"]; ok && v != "" {
		key = &v
	}
	return id, key
}

// collect turns the state's event intents into stored events and returns
// the deliveries they and any retries now due call for, in the order they
// fell due. Callers hold a.mu; the deliveries are made after it is released.
func (a *API) collect(reqID, key *string) []job {
	var jobs []job
	if intents := a.st.DrainEvents(); len(intents) > 0 {
		jobs = a.publish(intents, reqID, key)
	}
	if due := a.st.DueRetries(); len(due) > 0 {
		for _, r := range due {
			e, ok := a.st.StoredEvent(r.EventID)
			ep, found := a.st.LookupWebhookEndpoint(r.EndpointID)
			if !ok || !found {
				continue
			}
			jobs = append(jobs, a.newJob(e, ep, r.Attempt, r.At, encode(renderEvent(a.st, e))))
		}
		sort.SliceStable(jobs, func(i, j int) bool { return jobs[i].at.Before(jobs[j].at) })
	}
	return jobs
}

// publish stores one event per intent and returns its first deliveries. An
// update that changed nothing visible is no event, as on Stripe.
func (a *API) publish(intents []state.EventIntent, reqID, key *string) []job {
	var jobs []job
	for _, in := range intents {
		e := &state.Event{Type: in.Type, Snapshot: in.Object, RequestID: reqID, IdempotencyKey: key}
		if in.Automatic {
			e.RequestID, e.IdempotencyKey = nil, nil
		}
		if in.Previous != nil && strings.HasSuffix(in.Type, ".updated") {
			// Whether an update changed anything visible is known only from
			// the renderings, so updates are rendered now.
			e.Object = encode(renderEventObject(a.st, in.Object))
			e.Previous = encode(renderEventObject(a.st, in.Previous))
			if bytes.Equal(e.Previous, e.Object) {
				continue
			}
			e.Snapshot = nil
		}
		endpoints := a.st.EndpointsFor(in.Type)
		for _, ep := range endpoints {
			e.Pending = append(e.Pending, ep.ID)
		}
		a.st.AddEvent(in, e)
		if len(endpoints) == 0 {
			continue
		}
		body := encode(renderEvent(a.st, e))
		// Deliveries and their retries keep the account's time, even for
		// an event stamped with a test clock's.
		for _, ep := range endpoints {
			jobs = append(jobs, a.newJob(e, ep, 1, in.At, body))
		}
	}
	return jobs
}
