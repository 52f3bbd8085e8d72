package state

import (
	"fmt"
	"time"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
)

// refundSettleDelay is when the pending-refund and failing-refund test cards
// change their refund's status. Stripe says only "later"; an hour on the fake
// clock keeps tests explicit: Advance past it to see the change.
const refundSettleDelay = time.Hour

// Refund gives back all or part of a charge.
type Refund struct {
	ID      string
	Created int64
	seq     uint64

	Amount                    int64
	Currency                  string
	Charge                    string
	PaymentIntent             string
	BalanceTransaction        string
	FailureBalanceTransaction string
	FailureReason             string
	Metadata                  map[string]string
	Reason                    *string
	Status                    string // pending, succeeded, failed, canceled
	// Category is the ledger's reporting category: refund, or
	// partial_capture_reversal for the uncaptured rest of a partial capture.
	Category string
	// AfterSettlement says the charge's funds had settled when the refund
	// was made: the card network then sees a refund, not a reversal of the
	// authorization.
	AfterSettlement bool
}

// OrderKey and ObjectID place refunds in lists.
func (r *Refund) OrderKey() (int64, uint64) { return r.Created, r.seq }

// ObjectID is the refund's id.
func (r *Refund) ObjectID() string { return r.ID }

// RefundParams creates a refund.
type RefundParams struct {
	Charge        *string
	PaymentIntent *string
	Amount        *int64
	Reason        *string
	Metadata      *form.MetadataUpdate
}

// CreateRefund refunds a charge, in full by default. Every check runs first,
// so a refused refund writes nothing.
func (st *State) CreateRefund(p RefundParams) (*Refund, *apierr.Error) {
	var ch *Charge
	switch {
	case p.Charge != nil:
		c, ok := st.charges[*p.Charge]
		if !ok {
			return nil, apierr.NoSuchObject("charge", *p.Charge, "charge")
		}
		ch = c
	case p.PaymentIntent != nil:
		c, err := st.chargeOfPaymentIntent(*p.PaymentIntent)
		if err != nil {
			return nil, err
		}
		ch = c
	default:
		return nil, apierr.Invalid("parameter_missing", "", "One of the following params should be provided for this request: payment_intent or charge.")
	}
	if p.Metadata != nil {
		if err := p.Metadata.Validate("metadata", nil); err != nil {
			return nil, err
		}
	}
	if ch.Status == "failed" {
		return nil, apierr.Invalid("charge_not_refundable", "", fmt.Sprintf("Charge %s has a status of failed and cannot be refunded.", ch.ID))
	}
	if ch.PaymentIntent != "" && !ch.Captured {
		// A PaymentIntent's authorization is released by canceling the
		// PaymentIntent, which keeps the two in step; Stripe refuses to
		// refund it, or its released or expired charge.
		return nil, noChargeToRefund(ch.PaymentIntent)
	}
	if ch.Refunded {
		return nil, apierr.Invalid("charge_already_refunded", "", fmt.Sprintf("Charge %s has already been refunded.", ch.ID))
	}
	remaining := ch.Amount - ch.AmountRefunded
	amount := remaining
	if p.Amount != nil {
		amount = *p.Amount
		if amount <= 0 {
			return nil, apierr.TooSmall("amount", 1)
		}
		if amount > remaining {
			return nil, apierr.Invalid("", "amount", fmt.Sprintf("Refund amount (%s) is greater than unrefunded amount on charge (%s)", formatMoney(amount, ch.Currency), formatMoney(remaining, ch.Currency)))
		}
		if !ch.Captured && amount != remaining {
			// An authorization is released whole; a partial release is a
			// capture of less.
			return nil, apierr.Invalid("", "amount", fmt.Sprintf("You cannot partially refund an uncaptured charge. Instead, capture the charge for an amount less than the original amount"))
		}
	}
	r := st.newRefund(ch, amount, p.Reason, p.Metadata, "")
	// In 2023-10-16 a refund of a charge is announced on the charge;
	// refund.created exists only for refunds without one.
	st.emit("charge.refunded", ch, nil)
	return r, nil
}

// newRefund writes a refund of amount against ch. Money leaves the ledger
// only if the charge was captured; releasing an authorization moves none.
// category overrides the ledger's reporting category (partial captures).
func (st *State) newRefund(ch *Charge, amount int64, reason *string, md *form.MetadataUpdate, category string) *Refund {
	if category == "" {
		category = "refund"
	}
	// A refund lives on its charge's clock.
	clk := st.clockFor(ch.Customer)
	r := &Refund{
		ID:            st.NewID("re"),
		Created:       clk.now.Unix(),
		seq:           st.nextSeq(),
		Amount:        amount,
		Currency:      ch.Currency,
		Charge:        ch.ID,
		PaymentIntent: ch.PaymentIntent,
		Metadata:      applyMetadata(md, nil),
		Reason:        reason,
		Status:        "succeeded",
		Category:      category,
	}
	if b, ok := st.txns[ch.BalanceTransaction]; ok && b.Status == "available" {
		r.AfterSettlement = true
	}
	if ch.Captured {
		b := st.record(txnSpec{amount: -amount, currency: ch.Currency, typ: "refund", category: category, source: r.ID, available: true, on: clk})
		r.BalanceTransaction = b.ID
	}
	ch.AmountRefunded += amount
	ch.Refunded = ch.AmountRefunded == ch.Amount
	ch.Refunds = append(ch.Refunds, r.ID)
	st.refunds[r.ID] = r
	st.refundIdx.Insert(r)
	if category == "refund" && ch.Captured {
		switch ch.Card.Info.Refund {
		case "pending":
			r.Status = "pending"
			clk.schedule(clk.now.Add(refundSettleDelay), func() {
				if r.Status == "pending" {
					prev := *r
					r.Status = "succeeded"
					st.emitRefundUpdated(r, &prev)
				}
			})
		case "fail":
			clk.schedule(clk.now.Add(refundSettleDelay), func() { st.failRefund(r, ch) })
		}
	}
	return r
}

// failRefund turns a succeeded refund into a failed one: the money comes
// back to the balance through a refund_failure transaction, and the charge is
// no longer refunded by that amount.
func (st *State) failRefund(r *Refund, ch *Charge) {
	if r.Status != "succeeded" {
		return
	}
	prev := *r
	defer st.emitRefundUpdated(r, &prev)
	r.Status = "failed"
	r.FailureReason = "expired_or_canceled_card"
	b := st.record(txnSpec{amount: r.Amount, currency: r.Currency, typ: "refund_failure", category: "refund_failure", source: r.ID, available: true, on: st.clockFor(ch.Customer)})
	r.FailureBalanceTransaction = b.ID
	ch.AmountRefunded -= r.Amount
	ch.Refunded = ch.AmountRefunded == ch.Amount
}

// Refund returns the refund with id.
func (st *State) Refund(id string) (*Refund, *apierr.Error) {
	r, ok := st.refunds[id]
	if !ok {
		return nil, apierr.NoSuchObject("refund", id, "id")
	}
	return r, nil
}

// UpdateRefund changes a refund's metadata, the only field Stripe lets
// change.
func (st *State) UpdateRefund(id string, md *form.MetadataUpdate) (*Refund, *apierr.Error) {
	r, err := st.Refund(id)
	if err != nil {
		return nil, err
	}
	if md != nil {
		if err := md.Validate("metadata", r.Metadata); err != nil {
			return nil, err
		}
		prev := *r
		r.Metadata = md.Apply(r.Metadata)
		st.emitRefundUpdated(r, &prev)
	}
	return r, nil
}

// CancelRefund cancels a refund. Stripe cancels only refunds waiting for
// customer action, which card refunds never are.
func (st *State) CancelRefund(id string) (*Refund, *apierr.Error) {
	r, err := st.Refund(id)
	if err != nil {
		return nil, err
	}
	if r.Status != "requires_action" {
		return nil, apierr.Invalid("", "refund", fmt.Sprintf("Refund %s cannot be canceled because it has a status of %s. Only refunds with a status of `requires_action` can be canceled.", r.ID, r.Status))
	}
	prev := *r
	r.Status = "canceled"
	st.emitRefundUpdated(r, &prev)
	return r, nil
}

// emitRefundUpdated announces a change to a refund. In 2023-10-16 Stripe
// announces changes to a charge's refunds on the charge, as
// charge.refund.updated; refund.updated was sent only for refunds without
// a charge until 2024-10-28.acacia (changelog), and every refund here has
// one.
func (st *State) emitRefundUpdated(r, prev *Refund) {
	st.emit("charge.refund.updated", r, prev)
}

// RefundFilter narrows a refund list.
type RefundFilter struct {
	Charge        *string
	PaymentIntent *string
	Created       *form.Range
}

// ListRefunds returns one page of refunds, newest first.
func (st *State) ListRefunds(f RefundFilter, q PageQuery[*Refund]) Page[*Refund] {
	if f.Charge != nil || f.PaymentIntent != nil || f.Created != nil {
		q.Match = func(r *Refund) bool {
			return (f.Charge == nil || r.Charge == *f.Charge) &&
				(f.PaymentIntent == nil || r.PaymentIntent == *f.PaymentIntent) &&
				(f.Created == nil || f.Created.Contains(r.Created))
		}
	}
	return st.refundIdx.List(q)
}

// ChargeRefunds returns a charge's refunds, newest first.
func (st *State) ChargeRefunds(ch *Charge) []*Refund {
	out := make([]*Refund, 0, len(ch.Refunds))
	for i := len(ch.Refunds) - 1; i >= 0; i-- {
		out = append(out, st.refunds[ch.Refunds[i]])
	}
	return out
}
