package state

import (
	"fmt"
	"time"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// testClockLifetime is how long after its creation Stripe deletes a test
// clock: the API reference's clock was created at 1680112806 and deletes
// after 1680717606, seven days later. The fake reports deletes_after but
// never deletes a clock by itself, so a test that moves the account's clock
// weeks ahead keeps its clocks.
const testClockLifetime = 7 * 24 * time.Hour

// The statuses of a test clock. internal_failure, Stripe's third, needs a
// failure the fake cannot have.
const (
	ClockReady     = "ready"
	ClockAdvancing = "advancing"
)

// TestClock is a clock of its own that customers are created on: each of
// their objects (charges, refunds, their balance transactions, PaymentIntents
// and events) carries the clock's time, and the work that falls due on them
// runs when this clock is advanced, not when the account's clock is.
type TestClock struct {
	ID      string
	Created int64 // on the account's clock, like the clock's id
	seq     uint64

	DeletesAfter int64
	Name         *string
	Status       string

	// clock holds frozen_time and the queue of the customers' due work.
	clock *clock
	// customers are those created on the clock, oldest first, so deleting
	// the clock can delete them without scanning every customer.
	customers []*Customer
}

// OrderKey and ObjectID place test clocks in lists.
func (tc *TestClock) OrderKey() (int64, uint64) { return tc.Created, tc.seq }

// ObjectID is the test clock's id.
func (tc *TestClock) ObjectID() string { return tc.ID }

// FrozenTime is the clock's time, which every object of its customers reads.
func (tc *TestClock) FrozenTime() time.Time { return tc.clock.now }

// copyAt copies tc as it would read at now with status, for events and for
// the answer to an advance: a copy, because events render later and the
// clock keeps moving. The copy's clock holds the time only, not the work.
func (tc *TestClock) copyAt(now time.Time, status string) *TestClock {
	c := *tc
	c.clock = &clock{now: now}
	c.Status = status
	c.customers = nil
	return &c
}

// TestClockParams creates a test clock.
type TestClockParams struct {
	FrozenTime int64 // Unix seconds, in the past or the future
	Name       *string
}

// CreateTestClock makes a test clock reading p.FrozenTime. It is ready at
// once: there is nothing on it to catch up.
func (st *State) CreateTestClock(p TestClockParams) *TestClock {
	if st.testClocks == nil {
		st.testClocks = map[string]*TestClock{}
		st.testClockIdx = NewIndex[*TestClock]()
	}
	now := st.Now()
	tc := &TestClock{
		ID:           st.NewID("clock"),
		Created:      now.Unix(),
		seq:          st.nextSeq(),
		DeletesAfter: now.Add(testClockLifetime).Unix(),
		Name:         nonEmpty(p.Name),
		Status:       ClockReady,
		clock:        &clock{now: time.Unix(p.FrozenTime, 0).UTC()},
	}
	st.testClocks[tc.ID] = tc
	st.testClockIdx.Insert(tc)
	st.emit("test_helpers.test_clock.created", tc, nil)
	return tc
}

// TestClock returns the test clock with id. A deleted clock is gone: Stripe
// answers for it as for an id it never made.
func (st *State) TestClock(id string) (*TestClock, *apierr.Error) {
	return st.lookupTestClock(id, "test_clock")
}

func (st *State) lookupTestClock(id, param string) (*TestClock, *apierr.Error) {
	tc, ok := st.testClocks[id]
	if !ok {
		return nil, apierr.NoSuchObject("test clock", id, param)
	}
	return tc, nil
}

// maxTestClockAdvance is how far one advance may go. Stripe limits it to two
// intervals of the clock's shortest subscription, or two years when it has
// none; the fake has no subscriptions.
func maxTestClockAdvance(from time.Time) time.Time { return from.AddDate(2, 0, 0) }

// AdvanceTestClock moves the clock with id to frozenTime, running the work
// due on its customers' objects in time order, each with the clock set to
// its due instant, as AdvanceTo does for the account's clock.
//
// Stripe advances asynchronously: its answer says advancing, and the clock
// is ready some time later. The fake advances at once, so it returns the
// clock as Stripe's answer shows it (advancing, towards frozenTime) while
// the clock itself is ready again before the call returns, and every later
// read finds it so. The events follow Stripe's order: advancing, what the
// advance did, ready.
func (st *State) AdvanceTestClock(id string, frozenTime int64) (*TestClock, *apierr.Error) {
	tc, err := st.TestClock(id)
	if err != nil {
		return nil, err
	}
	cur := tc.clock.now
	target := time.Unix(frozenTime, 0).UTC()
	// The wording of both refusals is the fake's; Stripe's text is
	// unverified.
	if !target.After(cur) {
		return nil, apierr.Invalid("", "frozen_time", fmt.Sprintf("The frozen_time (%d) must be after the test clock's current frozen_time (%d): a test clock can only move forward.", frozenTime, cur.Unix()))
	}
	if limit := maxTestClockAdvance(cur); target.After(limit) {
		return nil, apierr.Invalid("", "frozen_time", fmt.Sprintf("The frozen_time (%d) cannot be more than two years after the test clock's current frozen_time (%d).", frozenTime, cur.Unix()))
	}
	advancing := tc.copyAt(target, ClockAdvancing)
	tc.Status = ClockAdvancing
	st.emit("test_helpers.test_clock.advancing", advancing, nil)
	// What the advance does, and the clock becoming ready, Stripe does
	// after answering, by itself. The flag is reset even if a task panics,
	// so the requests after a recovered panic are not taken for the clock.
	st.automatic = true
	defer func() { st.automatic = false }()
	tc.clock.advanceTo(target)
	tc.Status = ClockReady
	st.emit("test_helpers.test_clock.ready", tc, nil)
	return advancing, nil
}

// DeleteTestClock deletes the clock with id and, as Stripe does, the
// customers on it. Work still queued on the clock (settling its charges'
// funds, say) is handed to the account's clock, where it falls due at the
// same instants: the ledger is the account's, and money a charge holds must
// still settle. Objects of the deleted customers live on the account's
// clock from then on.
func (st *State) DeleteTestClock(id string) (*TestClock, *apierr.Error) {
	tc, err := st.TestClock(id)
	if err != nil {
		return nil, err
	}
	for _, c := range tc.customers {
		if !c.Deleted {
			st.deleteCustomer(c)
		}
	}
	st.emit("test_helpers.test_clock.deleted", tc, nil)
	delete(st.testClocks, tc.ID)
	st.testClockIdx.Remove(tc)
	tc.clock.handOver(&st.clock)
	return tc, nil
}

// ListTestClocks returns one page of test clocks, newest first.
func (st *State) ListTestClocks(q PageQuery[*TestClock]) Page[*TestClock] {
	if st.testClockIdx == nil {
		return Page[*TestClock]{}
	}
	return st.testClockIdx.List(q)
}

// AllTestClocks returns every live test clock, newest first.
func (st *State) AllTestClocks() []*TestClock {
	if st.testClockIdx == nil {
		return nil
	}
	return st.testClockIdx.All()
}

// clockFor is the clock the objects of the customer with id live on: its
// test clock's, or the account's for a customer on none (or no customer, or
// one whose test clock was deleted).
func (st *State) clockFor(customerID string) *clock {
	if st.clockCustomers && customerID != "" {
		if c, ok := st.customers[customerID]; ok {
			return st.customerClock(c)
		}
	}
	return &st.clock
}

// customerClock is the clock c and its objects live on.
func (st *State) customerClock(c *Customer) *clock {
	if c.TestClock != "" {
		if tc, ok := st.testClocks[c.TestClock]; ok {
			return tc.clock
		}
	}
	return &st.clock
}

// objectClock is the clock an event about obj is stamped with: the clock
// of the customer obj belongs to. Test clocks themselves, payouts and the
// balance are the account's.
func (st *State) objectClock(obj any) *clock {
	if !st.clockCustomers {
		return &st.clock
	}
	switch v := obj.(type) {
	case *Customer:
		return st.customerClock(v)
	case *Card:
		return st.clockFor(v.Customer)
	case *Charge:
		return st.clockFor(v.Customer)
	case *Refund:
		if ch, ok := st.charges[v.Charge]; ok {
			return st.clockFor(ch.Customer)
		}
	case *PaymentIntent:
		return st.clockFor(v.Customer)
	case *PaymentMethod:
		return st.clockFor(v.Customer)
	}
	return &st.clock
}

// onTestClock reports whether the customer with id was created on a test
// clock, deleted or not: list-all endpoints leave such customers' objects
// out unless asked for them by customer, as Stripe does.
func (st *State) onTestClock(customerID string) bool {
	if !st.clockCustomers || customerID == "" {
		return false
	}
	c, ok := st.customers[customerID]
	return ok && c.TestClock != ""
}
