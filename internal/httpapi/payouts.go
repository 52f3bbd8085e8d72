package httpapi

import (
	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/state"
)

func registerPayouts(rt *router) {
	rt.add("POST", "/v1/payouts", "payout", false, createPayout)
	rt.add("GET", "/v1/payouts", "payout", true, listPayouts)
	rt.add("GET", "/v1/payouts/{payout}", "payout", false, getPayout)
	rt.add("POST", "/v1/payouts/{payout}", "payout", false, updatePayout)
	rt.add("POST", "/v1/payouts/{payout}/cancel", "payout", false, cancelPayout)
}

func createPayout(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	r.Require("amount", "currency")
	var p state.PayoutParams
	if v := r.Int("amount"); v != nil {
		p.Amount = *v
	}
	if v := r.String("currency"); v != nil {
		p.Currency = *v
	}
	p.Description = r.StringMax("description", 5000)
	p.Metadata = r.Metadata("metadata")
	p.StatementDescriptor = r.StringMax("statement_descriptor", 22)
	if d := r.StringMax("destination", 5000); d != nil {
		r.Fail(apierr.NoSuchObject("external account", *d, "destination"))
	}
	if m := r.Enum("method", "instant", "standard"); m != nil && *m == "instant" {
		// The fake's account has no debit card to pay out to instantly;
		// refusing says so, where paying out as standard would not. The
		// code is Stripe's; the wording is the fake's.
		r.Fail(apierr.Invalid("instant_payouts_unsupported", "method", "Instant Payouts are not supported by this account's external account: fakestripe models one bank account, which takes standard payouts only."))
	}
	r.Enum("source_type", "bank_account", "card", "fpx")
	return func(st *state.State) (any, *apierr.Error) {
		po, err := st.CreatePayout(p)
		if err != nil {
			return nil, err
		}
		return renderPayout(st, po, c.expand), nil
	}, nil
}

func getPayout(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		po, err := st.Payout(id)
		if err != nil {
			return nil, err
		}
		return renderPayout(st, po, c.expand), nil
	}, nil
}

func updatePayout(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	md := c.params.Metadata("metadata")
	return func(st *state.State) (any, *apierr.Error) {
		po, err := st.UpdatePayout(id, md)
		if err != nil {
			return nil, err
		}
		return renderPayout(st, po, c.expand), nil
	}, nil
}

func cancelPayout(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		po, err := st.CancelPayout(id)
		if err != nil {
			return nil, err
		}
		return renderPayout(st, po, c.expand), nil
	}, nil
}

func listPayouts(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	page := readPage(r)
	f := state.PayoutFilter{
		Status:      r.StringMax("status", 5000),
		Created:     r.Range("created"),
		ArrivalDate: r.Range("arrival_date"),
	}
	r.StringMax("destination", 5000)
	return func(st *state.State) (any, *apierr.Error) {
		return listPage(st, page, "payout", "/v1/payouts", (*state.State).Payout,
			func(q state.PageQuery[*state.Payout]) state.Page[*state.Payout] { return st.ListPayouts(f, q) },
			func(po *state.Payout) any { return renderPayout(st, po, c.expand) })
	}, nil
}

type payoutJSON struct {
	ID                        string            `json:"id"`
	Object                    string            `json:"object"`
	Amount                    int64             `json:"amount"`
	ArrivalDate               int64             `json:"arrival_date"`
	Automatic                 bool              `json:"automatic"`
	BalanceTransaction        any               `json:"balance_transaction"`
	Created                   int64             `json:"created"`
	Currency                  string            `json:"currency"`
	Description               *string           `json:"description"`
	Destination               any               `json:"destination"`
	FailureBalanceTransaction any               `json:"failure_balance_transaction"`
	FailureCode               *string           `json:"failure_code"`
	FailureMessage            *string           `json:"failure_message"`
	Livemode                  bool              `json:"livemode"`
	Metadata                  map[string]string `json:"metadata"`
	Method                    string            `json:"method"`
	OriginalPayout            any               `json:"original_payout"`
	ReconciliationStatus      string            `json:"reconciliation_status"`
	ReversedBy                any               `json:"reversed_by"`
	SourceType                string            `json:"source_type"`
	StatementDescriptor       *string           `json:"statement_descriptor"`
	Status                    string            `json:"status"`
	Type                      string            `json:"type"`
}

// renderPayout renders a manual standard payout to the account's bank
// account. The fake has no external account objects, so destination is null.
func renderPayout(st *state.State, po *state.Payout, x expansion) *payoutJSON {
	return &payoutJSON{
		ID:                   po.ID,
		Object:               "payout",
		Amount:               po.Amount,
		ArrivalDate:          po.ArrivalDate,
		BalanceTransaction:   expandTxn(st, po.BalanceTransaction, x, "balance_transaction"),
		Created:              po.Created,
		Currency:             po.Currency,
		Description:          po.Description,
		Livemode:             false,
		Metadata:             po.Metadata,
		Method:               "standard",
		ReconciliationStatus: "not_applicable",
		SourceType:           "card",
		StatementDescriptor:  po.StatementDescriptor,
		Status:               po.Status,
		Type:                 "bank_account",
	}
}
