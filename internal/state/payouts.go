package state

import (
	"fmt"
	"time"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
)

// payoutTransitDays is how long a standard payout takes to arrive.
const payoutTransitDays = 2

// Payout sends available funds to the account's bank account.
type Payout struct {
	ID      string
	Created int64
	seq     uint64

	Amount             int64
	Currency           string
	ArrivalDate        int64
	BalanceTransaction string
	// CancelTransaction is the payout_cancel transaction that returned the
	// funds, once canceled.
	CancelTransaction   string
	Description         *string
	Metadata            map[string]string
	Status              string // pending, in_transit, paid, canceled
	StatementDescriptor *string
}

// OrderKey and ObjectID place payouts in lists.
func (p *Payout) OrderKey() (int64, uint64) { return p.Created, p.seq }

// ObjectID is the payout's id.
func (p *Payout) ObjectID() string { return p.ID }

// PayoutParams creates a payout.
type PayoutParams struct {
	Amount              int64
	Currency            string
	Description         *string
	Metadata            *form.MetadataUpdate
	StatementDescriptor *string
}

// CreatePayout debits the available balance and starts a payout: pending,
// in transit from the next midnight UTC, paid on its arrival date.
func (st *State) CreatePayout(p PayoutParams) (*Payout, *apierr.Error) {
	currency, err := checkCurrency(p.Currency, "currency")
	if err != nil {
		return nil, err
	}
	if p.Amount <= 0 {
		return nil, apierr.TooSmall("amount", 1)
	}
	if p.Metadata != nil {
		if err := p.Metadata.Validate("metadata", nil); err != nil {
			return nil, err
		}
	}
	var available int64
	if t, ok := st.ledger.totals[currency]; ok {
		available = t.Available
	}
	if p.Amount > available {
		return nil, apierr.Invalid("balance_insufficient", "", fmt.Sprintf("You have insufficient funds in your Stripe account for this transfer. Your card balance is too low.  You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance)."))
	}
	now := st.Now()
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	arrival := midnight.AddDate(0, 0, payoutTransitDays)
	po := &Payout{
		ID:                  st.NewID("po"),
		Created:             now.Unix(),
		seq:                 st.nextSeq(),
		Amount:              p.Amount,
		Currency:            currency,
		ArrivalDate:         arrival.Unix(),
		Description:         nonEmpty(p.Description),
		Metadata:            applyMetadata(p.Metadata, nil),
		Status:              "pending",
		StatementDescriptor: nonEmpty(p.StatementDescriptor),
	}
	b := st.record(txnSpec{amount: -p.Amount, currency: currency, typ: "payout", category: "payout", source: po.ID, description: strPtr("STRIPE PAYOUT"), available: true})
	po.BalanceTransaction = b.ID
	st.payouts[po.ID] = po
	st.payoutIdx.Insert(po)
	st.emit("payout.created", po, nil)
	st.clock.schedule(midnight.AddDate(0, 0, 1), func() {
		if po.Status == "pending" {
			prev := *po
			po.Status = "in_transit"
			// No event type names the move to in_transit; Stripe
			// announces it as an update of the status.
			st.emit("payout.updated", po, &prev)
		}
	})
	st.clock.schedule(arrival, func() {
		if po.Status == "in_transit" || po.Status == "pending" {
			po.Status = "paid"
			st.emit("payout.paid", po, nil)
		}
	})
	return po, nil
}

// Payout returns the payout with id.
func (st *State) Payout(id string) (*Payout, *apierr.Error) {
	po, ok := st.payouts[id]
	if !ok {
		return nil, apierr.NoSuchObject("payout", id, "id")
	}
	return po, nil
}

// UpdatePayout changes a payout's metadata.
func (st *State) UpdatePayout(id string, md *form.MetadataUpdate) (*Payout, *apierr.Error) {
	po, err := st.Payout(id)
	if err != nil {
		return nil, err
	}
	if md != nil {
		if err := md.Validate("metadata", po.Metadata); err != nil {
			return nil, err
		}
		prev := *po
		po.Metadata = md.Apply(po.Metadata)
		st.emit("payout.updated", po, &prev)
	}
	return po, nil
}

// CancelPayout cancels a pending payout and returns its funds to the
// available balance.
func (st *State) CancelPayout(id string) (*Payout, *apierr.Error) {
	po, err := st.Payout(id)
	if err != nil {
		return nil, err
	}
	if po.Status != "pending" {
		return nil, apierr.Invalid("", "", fmt.Sprintf("Payouts can only be canceled while they are pending. This payout has status %s.", po.Status))
	}
	po.Status = "canceled"
	b := st.record(txnSpec{amount: po.Amount, currency: po.Currency, typ: "payout_cancel", category: "payout_reversal", source: po.ID, available: true})
	po.CancelTransaction = b.ID
	st.emit("payout.canceled", po, nil)
	return po, nil
}

// PayoutFilter narrows a payout list.
type PayoutFilter struct {
	Status      *string
	Created     *form.Range
	ArrivalDate *form.Range
}

// ListPayouts returns one page of payouts, newest first.
func (st *State) ListPayouts(f PayoutFilter, q PageQuery[*Payout]) Page[*Payout] {
	if f.Status != nil || f.Created != nil || f.ArrivalDate != nil {
		q.Match = func(p *Payout) bool {
			return (f.Status == nil || p.Status == *f.Status) &&
				(f.Created == nil || f.Created.Contains(p.Created)) &&
				(f.ArrivalDate == nil || f.ArrivalDate.Contains(p.ArrivalDate))
		}
	}
	return st.payoutIdx.List(q)
}
