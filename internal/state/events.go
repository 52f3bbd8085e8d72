package state

import (
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/fakestripe/fakestripe/internal/form"
)

// eventWindow is how far back Stripe lists and retrieves events
// (docs.stripe.com/api/events/list: "going back up to 30 days").
const eventWindow = 30 * 24 * time.Hour

// EventIntent is a state change that Stripe announces with an event. The
// state machine records intents as it changes; the HTTP layer drains them
// right after the change, under the same lock, renders their objects and
// stores the events. The state never renders: it knows objects, not JSON.
type EventIntent struct {
	ID string // evt_ id, made from the account's clock at the change
	// Created is the time of the clock the object lives on at the change:
	// the account's, or its customer's test clock's.
	Created int64
	// At is the account's clock at the change, which webhook deliveries
	// and their retries are timed by whatever clock the object reads.
	At   time.Time
	Type string // "customer.created", "charge.refunded", ...
	// Automatic marks a change made by a clock rather than by the request
	// being served: a test clock's advance runs its due work inside the
	// advance request, where Stripe runs it later, by itself, so its
	// events name no request.
	Automatic bool
	// Object is a copy of the object as it was right after the change:
	// *Customer, *Card, *Charge, *Refund, *Payout, *PaymentIntent,
	// *PaymentMethod, *TestClock or BalanceSnapshot. A
	// copy, because work run later in the same AdvanceTo may change the
	// object again before the intent is drained. A new kind of object
	// needs a case in snapshot and in the HTTP layer's renderEventObject.
	Object any
	// Previous is a copy of the object from before an update (for
	// *.updated events, whose previous_attributes it yields), or nil.
	Previous any
	seq      uint64
}

// BalanceSnapshot is the balance as a balance.available event shows it.
type BalanceSnapshot []Totals

// Event is an event as stored. Its data.object is the object as the change
// left it: kept as the intent's copy until first read, then as JSON. Most
// events are never read, and a copy costs a fraction of a rendering's time
// and memory; the copy renders the same later because the state never
// changes an object's nested values in place (see snapshot).
type Event struct {
	ID      string
	Created int64
	seq     uint64
	// at is the account's clock when the event happened, in Unix seconds:
	// events are kept 30 days of the account's time, whatever clock their
	// object reads.
	at int64

	Type string
	// Snapshot is the intent's copy of the object, until rendered.
	Snapshot any
	// Object is data.object as JSON, once rendered.
	Object []byte
	// Previous is the object's rendering before an update, kept until
	// PreviousAttributes, the diff of the two, is first needed.
	Previous           []byte
	PreviousAttributes []byte // data.previous_attributes, or nil
	RequestID          *string
	IdempotencyKey     *string
	// Pending holds the endpoints the event has not yet reached with a 2xx,
	// in delivery order; pending_webhooks is its length.
	Pending []string
}

// OrderKey and ObjectID place events in lists.
func (e *Event) OrderKey() (int64, uint64) { return e.Created, e.seq }

// ObjectID is the event's id.
func (e *Event) ObjectID() string { return e.ID }

// eventStore holds the events, the webhook endpoints and the deliveries
// still to make. Events draw ids from their own seeded source, so that
// emitting them does not change the ids of the objects they describe; it
// and the secrets' source are made on first use, keeping New cheap.
type eventStore struct {
	seed    int64
	ids     *idSource
	secrets *rand.Rand
	pending []EventIntent

	events   map[string]*Event
	eventIdx *Index[*Event]

	endpoints   map[string]*WebhookEndpoint
	endpointIdx *Index[*WebhookEndpoint]
	retries     []Retry // ordered by (At, seq)
	deliveries  []DeliveryAttempt
}

func newEventStore(seed int64) eventStore {
	return eventStore{
		seed:        seed,
		events:      map[string]*Event{},
		eventIdx:    NewIndex[*Event](),
		endpoints:   map[string]*WebhookEndpoint{},
		endpointIdx: NewIndex[*WebhookEndpoint](),
	}
}

// emit records that typ happened to obj. previous is a copy of obj taken
// before an update, for *.updated events, or nil. obj is copied now, so
// the event shows the object as this change left it. The event is stamped
// with the clock obj lives on.
func (st *State) emit(typ string, obj any, previous any) {
	st.emitOn(st.objectClock(obj), typ, obj, previous)
}

// emitOn is emit for an event stamped with clock c, for events whose
// object belongs to no customer but whose change happened on a test clock
// (the balance, as a test clock's charge settles).
func (st *State) emitOn(c *clock, typ string, obj any, previous any) {
	now := c.now
	ev := &st.events
	if ev.ids == nil {
		ev.ids = newIDSource(ev.seed ^ 0x0e7e27)
	}
	if typ == "balance.available" {
		// Every pending transaction due at one instant settles in its own
		// task; Stripe announces the resulting balance once, so a second
		// balance.available at the same instant replaces the first.
		if n := len(ev.pending); n > 0 && ev.pending[n-1].Type == typ && ev.pending[n-1].Created == now.Unix() {
			ev.pending[n-1].Object = obj
			return
		}
	}
	// Ids come from the account's clock whatever clock stamps the event,
	// so that they keep sorting in the order events happened.
	ev.pending = append(ev.pending, EventIntent{
		ID:        ev.ids.next("evt", st.clock.now),
		Created:   now.Unix(),
		At:        st.clock.now,
		Automatic: st.automatic,
		Type:      typ,
		Object:    snapshot(obj),
		Previous:  previous,
		seq:       st.nextSeq(),
	})
}

// snapshot copies an object shallowly. Shallow is enough because the state
// replaces maps and nested values on update rather than changing them in
// place, and only appends to slices, which a copy's length fences off.
// Code that changes a map, a pointed-to value or a slice element of these
// objects in place would rewrite past events: replace the value instead.
func snapshot(obj any) any {
	switch v := obj.(type) {
	case *Customer:
		c := *v
		return &c
	case *Card:
		c := *v
		return &c
	case *Charge:
		c := *v
		return &c
	case *Refund:
		r := *v
		return &r
	case *Payout:
		p := *v
		return &p
	case *TestClock:
		return v.copyAt(v.clock.now, v.Status)
	}
	return obj
}

// DrainEvents returns the intents recorded since the last drain, oldest
// first, and forgets them.
func (st *State) DrainEvents() []EventIntent {
	out := st.events.pending
	st.events.pending = nil
	return out
}

// AddEvent stores an event made from an intent; the intent's id, time and
// sequence place it in the list.
func (st *State) AddEvent(in EventIntent, e *Event) {
	e.ID, e.Created, e.seq, e.at = in.ID, in.Created, in.seq, in.At.Unix()
	st.events.events[e.ID] = e
	st.events.eventIdx.Insert(e)
}

// Event returns the event with id, if it is recent enough for Stripe to
// still show it.
func (st *State) Event(id string) (*Event, bool) {
	e, ok := st.events.events[id]
	if !ok || !st.eventVisible(e) {
		return nil, false
	}
	return e, true
}

// StoredEvent returns the event with id whatever its age: webhook retries
// still deliver an event that has left the 30-day listing window (one
// Advance can move the clock past it and past the retries at once).
func (st *State) StoredEvent(id string) (*Event, bool) {
	e, ok := st.events.events[id]
	return e, ok
}

func (st *State) eventVisible(e *Event) bool {
	return e.at >= st.Now().Add(-eventWindow).Unix()
}

// EventFilter narrows an event list.
type EventFilter struct {
	Type            *string  // a name, or a pattern with * wildcards
	Types           []string // exact names, any of which may match
	Created         *form.Range
	DeliverySuccess *bool
}

// ListEvents returns one page of the last 30 days' events, newest first.
func (st *State) ListEvents(f EventFilter, q PageQuery[*Event]) Page[*Event] {
	q.Match = func(e *Event) bool {
		if !st.eventVisible(e) {
			return false
		}
		if f.Type != nil && !MatchEventType(*f.Type, e.Type) {
			return false
		}
		if len(f.Types) > 0 && !slices.Contains(f.Types, e.Type) {
			return false
		}
		if f.Created != nil && !f.Created.Contains(e.Created) {
			return false
		}
		if f.DeliverySuccess != nil && *f.DeliverySuccess != (len(e.Pending) == 0) {
			return false
		}
		return true
	}
	return st.events.eventIdx.List(q)
}

// AllEvents returns every event, newest first.
func (st *State) AllEvents() []*Event { return st.events.eventIdx.All() }

// MatchEventType reports whether typ matches pattern, in which each *
// stands for any run of characters ("charge.*" matches "charge.succeeded"
// and "charge.refund.updated"; "*" matches everything).
func MatchEventType(pattern, typ string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == typ
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(typ, parts[0]) {
		return false
	}
	typ = typ[len(parts[0]):]
	last := len(parts) - 1
	for _, p := range parts[1:last] {
		i := strings.Index(typ, p)
		if i < 0 {
			return false
		}
		typ = typ[i+len(p):]
	}
	return strings.HasSuffix(typ, parts[last])
}
