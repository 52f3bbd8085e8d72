package state

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
)

// BalanceTransaction is one entry of the ledger: one movement of money in or
// out of the account's balance.
type BalanceTransaction struct {
	ID          string
	Created     int64
	seq         uint64
	Amount      int64
	Fee         int64
	Net         int64
	Currency    string
	FeeDetails  []FeeDetail
	Status      string // "pending" or "available"
	AvailableOn int64
	Type        string // charge, refund, refund_failure, payout, payout_cancel, ...
	Category    string // reporting_category
	Source      string // id of the charge, refund or payout that moved the money
	Description *string
}

// FeeDetail is one line of a balance transaction's fee breakdown.
type FeeDetail struct {
	Amount      int64
	Currency    string
	Description string
	Type        string
}

// OrderKey and ObjectID place balance transactions in lists.
func (b *BalanceTransaction) OrderKey() (int64, uint64) { return b.Created, b.seq }

// ObjectID is the balance transaction's id.
func (b *BalanceTransaction) ObjectID() string { return b.ID }

// ledger keeps running totals of the balance per currency, so that reading
// the balance costs O(currencies) however many transactions exist. Verify
// recomputes them from the transactions to prove they never drift.
type ledger struct {
	totals     map[string]*Totals
	currencies []string // in order of first use, the order the balance lists them
}

// Totals is the balance of one currency. Every amount is card-funded in the
// fake, so the source_types breakdown equals the totals.
type Totals struct {
	Currency  string
	Available int64
	Pending   int64
}

func newLedger() ledger { return ledger{totals: map[string]*Totals{}} }

func (l *ledger) of(currency string) *Totals {
	t, ok := l.totals[currency]
	if !ok {
		t = &Totals{Currency: currency}
		l.totals[currency] = t
		l.currencies = append(l.currencies, currency)
	}
	return t
}

// Balance returns the balance per currency, in order of first use. A fresh
// account shows USD at zero, as a new Stripe test account does.
func (st *State) Balance() []Totals {
	if len(st.ledger.currencies) == 0 {
		return []Totals{{Currency: "usd"}}
	}
	out := make([]Totals, 0, len(st.ledger.currencies))
	for _, c := range st.ledger.currencies {
		out = append(out, *st.ledger.totals[c])
	}
	return out
}

// txnSpec describes a balance transaction to record.
type txnSpec struct {
	amount, fee   int64
	currency      string
	typ, category string
	source        string
	description   *string
	available     bool // lands in available at once (refunds, payouts, bypassPending)
	// on is the clock the source lives on, which dates the transaction and
	// its settlement; nil is the account's.
	on *clock
}

// record writes a balance transaction and moves the running totals with it.
// Pending funds are scheduled to become available at midnight UTC after the
// settlement delay, on the clock the source lives on. The totals are the
// account's, whichever clock dates the transaction.
func (st *State) record(s txnSpec) *BalanceTransaction {
	clk := s.on
	if clk == nil {
		clk = &st.clock
	}
	now := clk.now
	b := &BalanceTransaction{
		ID:          st.NewID("txn"),
		Created:     now.Unix(),
		seq:         st.nextSeq(),
		Amount:      s.amount,
		Fee:         s.fee,
		Net:         s.amount - s.fee,
		Currency:    s.currency,
		FeeDetails:  []FeeDetail{},
		Type:        s.typ,
		Category:    s.category,
		Source:      s.source,
		Description: s.description,
	}
	if s.fee != 0 {
		b.FeeDetails = []FeeDetail{{Amount: s.fee, Currency: s.currency, Description: "Stripe processing fees", Type: "stripe_fee"}}
	}
	t := st.ledger.of(s.currency)
	if s.available {
		b.Status = "available"
		b.AvailableOn = b.Created
		t.Available += b.Net
	} else {
		b.Status = "pending"
		day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		at := day.AddDate(0, 0, *st.cfg.SettlementDays)
		b.AvailableOn = at.Unix()
		t.Pending += b.Net
		clk.schedule(at, func() { st.settle(b, clk) })
	}
	st.txns[b.ID] = b
	st.txnIdx.Insert(b)
	return b
}

// settle moves a pending transaction's funds to available; clk is the clock
// it settles on, whose time the balance.available event carries.
func (st *State) settle(b *BalanceTransaction, clk *clock) {
	if b.Status != "pending" {
		return
	}
	t := st.ledger.of(b.Currency)
	t.Pending -= b.Net
	t.Available += b.Net
	b.Status = "available"
	st.emitOn(clk.live(), "balance.available", BalanceSnapshot(st.Balance()), nil)
}

// BalanceTransaction returns the transaction with id.
func (st *State) BalanceTransaction(id string) (*BalanceTransaction, *apierr.Error) {
	b, ok := st.txns[id]
	if !ok {
		return nil, apierr.NoSuchObject("balance transaction", id, "id")
	}
	return b, nil
}

// BalanceTransactionFilter narrows a ledger list.
type BalanceTransactionFilter struct {
	Type     *string
	Source   *string
	Currency *string
	Payout   *string
	Created  *form.Range
}

// ListBalanceTransactions returns one page of the ledger, newest first.
func (st *State) ListBalanceTransactions(f BalanceTransactionFilter, q PageQuery[*BalanceTransaction]) Page[*BalanceTransaction] {
	if f.Type != nil || f.Source != nil || f.Currency != nil || f.Payout != nil || f.Created != nil {
		q.Match = func(b *BalanceTransaction) bool {
			switch {
			case f.Type != nil && b.Type != *f.Type,
				f.Source != nil && b.Source != *f.Source,
				f.Currency != nil && b.Currency != strings.ToLower(*f.Currency),
				f.Created != nil && !f.Created.Contains(b.Created):
				return false
			case f.Payout != nil:
				// Only automatic payouts sweep transactions; the fake makes
				// manual payouts only, so a payout filter matches the
				// payout's own transaction and nothing else.
				return b.Source == *f.Payout
			}
			return true
		}
	}
	return st.txnIdx.List(q)
}

// Verify checks that the running balance equals the sum of the ledger per
// currency and status, and that every object agrees with its transactions.
// It returns every broken invariant, not just the first.
func (st *State) Verify() error {
	var problems []string
	sum := map[string]*Totals{}
	for _, b := range st.txnIdx.items {
		t, ok := sum[b.Currency]
		if !ok {
			t = &Totals{Currency: b.Currency}
			sum[b.Currency] = t
		}
		if b.Net != b.Amount-b.Fee {
			problems = append(problems, fmt.Sprintf("%s: net %d != amount %d - fee %d", b.ID, b.Net, b.Amount, b.Fee))
		}
		var fees int64
		for _, d := range b.FeeDetails {
			fees += d.Amount
		}
		if fees != b.Fee {
			problems = append(problems, fmt.Sprintf("%s: fee_details sum to %d, fee is %d", b.ID, fees, b.Fee))
		}
		switch b.Status {
		case "available":
			t.Available += b.Net
		case "pending":
			t.Pending += b.Net
		default:
			problems = append(problems, fmt.Sprintf("%s: unknown status %q", b.ID, b.Status))
		}
	}
	currencies := make([]string, 0, len(st.ledger.totals))
	for c := range st.ledger.totals {
		currencies = append(currencies, c)
	}
	for c := range sum {
		if _, ok := st.ledger.totals[c]; !ok {
			currencies = append(currencies, c)
		}
	}
	sort.Strings(currencies)
	for _, c := range currencies {
		want := Totals{Currency: c}
		if s, ok := sum[c]; ok {
			want = *s
		}
		got := Totals{Currency: c}
		if t, ok := st.ledger.totals[c]; ok {
			got = *t
		}
		if got.Available != want.Available {
			problems = append(problems, fmt.Sprintf("%s available: balance says %d, balance transactions sum to %d", c, got.Available, want.Available))
		}
		if got.Pending != want.Pending {
			problems = append(problems, fmt.Sprintf("%s pending: balance says %d, balance transactions sum to %d", c, got.Pending, want.Pending))
		}
	}
	problems = append(problems, st.verifyCharges()...)
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("fakestripe: %d broken invariant(s):\n  %s", len(problems), strings.Join(problems, "\n  "))
}

// AllBalanceTransactions returns the whole ledger, newest first.
func (st *State) AllBalanceTransactions() []*BalanceTransaction { return st.txnIdx.All() }
