// Package state is fakestripe's state machine: the objects of one fake
// Stripe account (customers, cards, charges, refunds, payouts and the ledger
// of balance transactions), the account's clock that every timestamp and
// every piece of due work reads (or, for the customers of a test clock,
// that test clock's), and the invariants that tie them together.
//
// It knows nothing of HTTP. Callers serialise access: the HTTP layer holds
// one lock around every call into a State, so no method here locks.
package state

import (
	"math/rand/v2"
	"time"
)

// DefaultStart is where a fake's clock starts unless told otherwise: the
// first instant of the API version the fake speaks, so every fake starts at
// the same, documented time.
var DefaultStart = time.Date(2023, 10, 16, 0, 0, 0, 0, time.UTC)

// Config holds what a State is made from. The zero value is usable: it
// starts at DefaultStart with seed 0 and Stripe's standard US pricing.
type Config struct {
	Start time.Time // the clock's first instant; zero means DefaultStart
	Seed  int64     // seeds ids and generated values
	// Fees maps a lower-case currency to its card pricing; currencies not
	// listed use DefaultFee.
	Fees map[string]Fee
	// DefaultFee prices card charges in currencies absent from Fees. Zero
	// means Stripe's standard 2.9% + 30 minor units.
	DefaultFee *Fee
	// SettlementDays is how many days after the charge's UTC date its funds
	// become available. Nil means 2, Stripe's standard US schedule.
	SettlementDays *int
	// StatementDescriptor is the account's descriptor, used to compute
	// calculated_statement_descriptor. Empty means "FAKESTRIPE".
	StatementDescriptor string
}

// State is one fake Stripe account in test mode.
type State struct {
	cfg   Config
	clock clock
	ids   *idSource
	rnd   *rand.Rand // generated values that are not ids (invoice prefixes, fingerprints)
	seq   uint64     // creation sequence, the tie-break of every list order

	customers   map[string]*Customer
	customerIdx *Index[*Customer]
	sources     map[string]*Card
	tokens      map[string]bool // tok_ ids already used once

	charges   map[string]*Charge
	chargeIdx *Index[*Charge]
	refunds   map[string]*Refund
	refundIdx *Index[*Refund]
	txns      map[string]*BalanceTransaction
	txnIdx    *Index[*BalanceTransaction]
	payouts   map[string]*Payout
	payoutIdx *Index[*Payout]

	ledger ledger

	// events holds events, webhook endpoints and pending deliveries.
	events eventStore

	// payments holds PaymentMethods and PaymentIntents, made on first use.
	payments payments

	// testClocks holds the live test clocks; a deleted one is forgotten.
	// Both are made with the first clock, keeping New cheap.
	testClocks   map[string]*TestClock
	testClockIdx *Index[*TestClock]
	// clockCustomers is set once a customer is made on a test clock, so
	// lists that hide such customers' objects skip the check until then.
	clockCustomers bool
	// automatic is set while a test clock's advance runs its work, whose
	// events Stripe makes by itself, with no request.
	automatic bool
}

// New returns an empty account whose clock reads cfg.Start.
func New(cfg Config) *State {
	if cfg.Start.IsZero() {
		cfg.Start = DefaultStart
	}
	if cfg.SettlementDays == nil {
		two := 2
		cfg.SettlementDays = &two
	}
	if cfg.StatementDescriptor == "" {
		cfg.StatementDescriptor = "FAKESTRIPE"
	}
	st := &State{
		cfg:         cfg,
		clock:       clock{now: cfg.Start.UTC()},
		ids:         newIDSource(cfg.Seed),
		rnd:         rand.New(rand.NewChaCha8(seedBytes(cfg.Seed, "values"))),
		customers:   map[string]*Customer{},
		customerIdx: NewIndex[*Customer](),
		sources:     map[string]*Card{},
		tokens:      map[string]bool{},
		charges:     map[string]*Charge{},
		chargeIdx:   NewIndex[*Charge](),
		refunds:     map[string]*Refund{},
		refundIdx:   NewIndex[*Refund](),
		txns:        map[string]*BalanceTransaction{},
		txnIdx:      NewIndex[*BalanceTransaction](),
		payouts:     map[string]*Payout{},
		payoutIdx:   NewIndex[*Payout](),
		ledger:      newLedger(),
		events:      newEventStore(cfg.Seed),
	}
	return st
}

// Now is the fake clock's current instant.
func (st *State) Now() time.Time { return st.clock.now }

// NewID returns a fresh id with Stripe's prefix for its kind ("cus", "req").
func (st *State) NewID(prefix string) string { return st.ids.next(prefix, st.clock.now) }

// nextSeq numbers objects in creation order.
func (st *State) nextSeq() uint64 {
	st.seq++
	return st.seq
}

// Advance moves the clock forward by d, applying due work in time order.
func (st *State) Advance(d time.Duration) {
	if d < 0 {
		return
	}
	st.AdvanceTo(st.clock.now.Add(d))
}

// AdvanceTo moves the clock to t, running every piece of work due at or
// before t in time order, with the clock set to each task's due instant
// while it runs, so timestamps it writes read as if it had run on time.
// A t in the past is ignored: the clock only moves forward. Test clocks
// keep their own time and are not moved.
func (st *State) AdvanceTo(t time.Time) { st.clock.advanceTo(t) }
