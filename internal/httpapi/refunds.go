package httpapi

import (
	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
	"github.com/fakestripe/fakestripe/internal/state"
)

func registerRefunds(rt *router) {
	rt.add("POST", "/v1/refunds", "refund", false, createRefund)
	rt.add("GET", "/v1/refunds", "refund", true, listRefunds)
	rt.add("GET", "/v1/refunds/{refund}", "refund", false, getRefund)
	rt.add("POST", "/v1/refunds/{refund}", "refund", false, updateRefund)
	rt.add("POST", "/v1/refunds/{refund}/cancel", "refund", false, cancelRefund)
	// The legacy routes under a charge.
	rt.add("POST", "/v1/charges/{charge}/refund", "charge", false, legacyRefundCharge)
	rt.add("GET", "/v1/charges/{charge}/refunds", "refund", true, listChargeRefunds)
	rt.add("POST", "/v1/charges/{charge}/refunds", "refund", false, createChargeRefund)
	rt.add("GET", "/v1/charges/{charge}/refunds/{refund}", "refund", false, getChargeRefund)
	rt.add("POST", "/v1/charges/{charge}/refunds/{refund}", "refund", false, updateChargeRefund)
}

var refundReasons = []string{"duplicate", "fraudulent", "requested_by_customer"}

// readRefundParams reads what every refund-creating route takes; the charge
// comes from the body on /v1/refunds and from the path on the legacy routes.
func readRefundParams(r *form.Reader, chargeInBody bool) state.RefundParams {
	var p state.RefundParams
	if chargeInBody {
		p.Charge = r.StringMax("charge", 5000)
		r.StringMax("currency", 5000)
		r.StringMax("customer", 5000)
		r.Enum("origin", "customer_balance")
	}
	p.PaymentIntent = r.StringMax("payment_intent", 5000)
	p.Amount = r.Int("amount")
	p.Reason = r.Enum("reason", refundReasons...)
	p.Metadata = r.Metadata("metadata")
	r.String("instructions_email")
	r.Bool("refund_application_fee")
	r.Bool("reverse_transfer")
	return p
}

func createRefund(c *call) (applyFunc, *apierr.Error) {
	p := readRefundParams(c.params, true)
	return func(st *state.State) (any, *apierr.Error) {
		ref, err := st.CreateRefund(p)
		if err != nil {
			return nil, err
		}
		return renderRefund(st, ref, c.expand), nil
	}, nil
}

// legacyRefundCharge is POST /v1/charges/{charge}/refund, which refunds and
// returns the charge rather than the refund.
func legacyRefundCharge(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	p := readRefundParams(c.params, false)
	p.Charge = &id
	return func(st *state.State) (any, *apierr.Error) {
		if _, err := st.Charge(id); err != nil {
			return nil, err
		}
		ref, err := st.CreateRefund(p)
		if err != nil {
			return nil, err
		}
		ch, _ := st.Charge(ref.Charge)
		return renderCharge(st, ch, c.expand), nil
	}, nil
}

func createChargeRefund(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	p := readRefundParams(c.params, false)
	// This route takes /v1/refunds' other parameters too, all of which
	// only matter for customer-balance refunds, which the fake has none of.
	c.params.StringMax("currency", 5000)
	c.params.StringMax("customer", 5000)
	c.params.Enum("origin", "customer_balance")
	p.Charge = &id
	return func(st *state.State) (any, *apierr.Error) {
		if _, err := st.Charge(id); err != nil {
			return nil, err
		}
		ref, err := st.CreateRefund(p)
		if err != nil {
			return nil, err
		}
		return renderRefund(st, ref, c.expand), nil
	}, nil
}

func getRefund(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		ref, err := st.Refund(id)
		if err != nil {
			return nil, err
		}
		return renderRefund(st, ref, c.expand), nil
	}, nil
}

// chargeRefund finds a refund through its charge, for the legacy routes.
func chargeRefund(st *state.State, chargeID, refundID string) (*state.Refund, *apierr.Error) {
	if _, err := st.Charge(chargeID); err != nil {
		return nil, err
	}
	ref, err := st.Refund(refundID)
	if err != nil || ref.Charge != chargeID {
		return nil, apierr.NoSuchObject("refund", refundID, "id")
	}
	return ref, nil
}

func getChargeRefund(c *call) (applyFunc, *apierr.Error) {
	chargeID, id := c.arg(0), c.arg(1)
	return func(st *state.State) (any, *apierr.Error) {
		ref, err := chargeRefund(st, chargeID, id)
		if err != nil {
			return nil, err
		}
		return renderRefund(st, ref, c.expand), nil
	}, nil
}

func updateRefund(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	md := c.params.Metadata("metadata")
	return func(st *state.State) (any, *apierr.Error) {
		ref, err := st.UpdateRefund(id, md)
		if err != nil {
			return nil, err
		}
		return renderRefund(st, ref, c.expand), nil
	}, nil
}

func updateChargeRefund(c *call) (applyFunc, *apierr.Error) {
	chargeID, id := c.arg(0), c.arg(1)
	md := c.params.Metadata("metadata")
	return func(st *state.State) (any, *apierr.Error) {
		if _, err := chargeRefund(st, chargeID, id); err != nil {
			return nil, err
		}
		ref, err := st.UpdateRefund(id, md)
		if err != nil {
			return nil, err
		}
		return renderRefund(st, ref, c.expand), nil
	}, nil
}

func cancelRefund(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		ref, err := st.CancelRefund(id)
		if err != nil {
			return nil, err
		}
		return renderRefund(st, ref, c.expand), nil
	}, nil
}

func listRefunds(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	page := readPage(r)
	f := state.RefundFilter{
		Charge:        r.StringMax("charge", 5000),
		PaymentIntent: r.StringMax("payment_intent", 5000),
		Created:       r.Range("created"),
	}
	return refundList(c, page, f, "/v1/refunds")
}

func listChargeRefunds(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	page := readPage(c.params)
	apply, err := refundList(c, page, state.RefundFilter{Charge: &id}, "/v1/charges/"+id+"/refunds")
	return func(st *state.State) (any, *apierr.Error) {
		if _, err := st.Charge(id); err != nil {
			return nil, err
		}
		return apply(st)
	}, err
}

func refundList(c *call, page pageParams, f state.RefundFilter, url string) (applyFunc, *apierr.Error) {
	return func(st *state.State) (any, *apierr.Error) {
		return listPage(st, page, "refund", url, (*state.State).Refund,
			func(q state.PageQuery[*state.Refund]) state.Page[*state.Refund] { return st.ListRefunds(f, q) },
			func(ref *state.Refund) any { return renderRefund(st, ref, c.expand) })
	}, nil
}

// refundJSON is the refund object of 2023-10-16. failure_balance_transaction
// and failure_reason appear only on failed refunds, as on Stripe.
type refundJSON struct {
	ID                        string                 `json:"id"`
	Object                    string                 `json:"object"`
	Amount                    int64                  `json:"amount"`
	BalanceTransaction        any                    `json:"balance_transaction"`
	Charge                    any                    `json:"charge"`
	Created                   int64                  `json:"created"`
	Currency                  string                 `json:"currency"`
	DestinationDetails        destinationDetailsJSON `json:"destination_details"`
	FailureBalanceTransaction any                    `json:"failure_balance_transaction,omitempty"`
	FailureReason             string                 `json:"failure_reason,omitempty"`
	Metadata                  map[string]string      `json:"metadata"`
	PaymentIntent             any                    `json:"payment_intent"`
	Reason                    *string                `json:"reason"`
	ReceiptNumber             *string                `json:"receipt_number"`
	SourceTransferReversal    any                    `json:"source_transfer_reversal"`
	Status                    string                 `json:"status"`
	TransferReversal          any                    `json:"transfer_reversal"`
}

type destinationDetailsJSON struct {
	Card destinationCardJSON `json:"card"`
	Type string              `json:"type"`
}

type destinationCardJSON struct {
	ReferenceStatus string `json:"reference_status,omitempty"`
	ReferenceType   string `json:"reference_type,omitempty"`
	Type            string `json:"type"`
}

// refundDestination says how the money goes back to the card. Before the
// charge's funds settle, the authorization is reversed (Stripe's fixture
// shows {"type":"reversal"}); after, the network carries a refund, whose
// acquirer reference number Stripe reports once the network assigns it,
// which in the fake it never does, so its status stays pending.
func refundDestination(r *state.Refund) destinationDetailsJSON {
	card := destinationCardJSON{Type: "reversal"}
	if r.AfterSettlement {
		card = destinationCardJSON{Type: "refund", ReferenceType: "acquirer_reference_number", ReferenceStatus: "pending"}
	}
	return destinationDetailsJSON{Card: card, Type: "card"}
}

// renderRefund renders a refund, expanding what x asks for.
func renderRefund(st *state.State, r *state.Refund, x expansion) *refundJSON {
	out := &refundJSON{
		ID:                 r.ID,
		Object:             "refund",
		Amount:             r.Amount,
		Created:            r.Created,
		Currency:           r.Currency,
		DestinationDetails: refundDestination(r),
		FailureReason:      r.FailureReason,
		Metadata:           r.Metadata,
		Reason:             r.Reason,
		Status:             r.Status,
	}
	out.BalanceTransaction = expandTxn(st, r.BalanceTransaction, x, "balance_transaction")
	if r.FailureBalanceTransaction != "" {
		out.FailureBalanceTransaction = expandTxn(st, r.FailureBalanceTransaction, x, "failure_balance_transaction")
	}
	if r.Charge != "" {
		out.Charge = r.Charge
		if x.has("charge") {
			if ch, err := st.Charge(r.Charge); err == nil {
				out.Charge = renderCharge(st, ch, x.child("charge"))
			}
		}
	}
	out.PaymentIntent = expandPaymentIntent(st, r.PaymentIntent, x, "payment_intent")
	return out
}

// expandTxn renders a balance transaction property: its id, the expanded
// object when x asks for prop, or null when unset.
func expandTxn(st *state.State, id string, x expansion, prop string) any {
	if id == "" {
		return nil
	}
	if x.has(prop) {
		if b, err := st.BalanceTransaction(id); err == nil {
			return renderBalanceTransaction(st, b, x.child(prop))
		}
	}
	return id
}
