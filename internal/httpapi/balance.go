package httpapi

import (
	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/state"
)

func registerBalance(rt *router) {
	rt.add("GET", "/v1/balance", "balance", false, getBalance)
	// /v1/balance/history is the legacy alias; it answers the same list,
	// whose url stays /v1/balance_transactions as the schema requires.
	for _, base := range []string{"/v1/balance_transactions", "/v1/balance/history"} {
		rt.add("GET", base, "balance_transaction", true, listBalanceTransactions)
		rt.add("GET", base+"/{id}", "balance_transaction", false, getBalanceTransaction)
	}
}

// balanceJSON is the balance object. The fake has no Connect, Issuing or
// Instant Payouts, so connect_reserved, instant_available and issuing are
// left out, as Stripe leaves them out for such accounts.
type balanceJSON struct {
	Object    string              `json:"object"`
	Available []balanceAmountJSON `json:"available"`
	Livemode  bool                `json:"livemode"`
	Pending   []balanceAmountJSON `json:"pending"`
}

type balanceAmountJSON struct {
	Amount      int64            `json:"amount"`
	Currency    string           `json:"currency"`
	SourceTypes map[string]int64 `json:"source_types"`
}

func getBalance(c *call) (applyFunc, *apierr.Error) {
	return func(st *state.State) (any, *apierr.Error) {
		out := &balanceJSON{Object: "balance", Available: []balanceAmountJSON{}, Pending: []balanceAmountJSON{}}
		for _, t := range st.Balance() {
			// Every fund in the fake comes from cards.
			out.Available = append(out.Available, balanceAmountJSON{Amount: t.Available, Currency: t.Currency, SourceTypes: map[string]int64{"card": t.Available}})
			out.Pending = append(out.Pending, balanceAmountJSON{Amount: t.Pending, Currency: t.Currency, SourceTypes: map[string]int64{"card": t.Pending}})
		}
		return out, nil
	}, nil
}

// balanceTransactionTypes are the type filter's values (SPEC).
var balanceTransactionTypes = []string{"adjustment", "advance", "advance_funding", "anticipation_repayment", "application_fee", "application_fee_refund", "charge", "climate_order_purchase", "climate_order_refund", "connect_collection_transfer", "contribution", "issuing_authorization_hold", "issuing_authorization_release", "issuing_dispute", "issuing_transaction", "obligation_outbound", "obligation_reversal_inbound", "payment", "payment_failure_refund", "payment_network_reserve_hold", "payment_network_reserve_release", "payment_refund", "payment_reversal", "payment_unreconciled", "payout", "payout_cancel", "payout_failure", "refund", "refund_failure", "reserve_transaction", "reserved_funds", "stripe_fee", "stripe_fx_fee", "tax_fee", "topup", "topup_reversal", "transfer", "transfer_cancel", "transfer_failure", "transfer_refund"}

func listBalanceTransactions(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	page := readPage(r)
	f := state.BalanceTransactionFilter{
		Type:     r.Enum("type", balanceTransactionTypes...),
		Source:   r.StringMax("source", 5000),
		Currency: r.String("currency"),
		Payout:   r.StringMax("payout", 5000),
		Created:  r.Range("created"),
	}
	return func(st *state.State) (any, *apierr.Error) {
		return listPage(st, page, "balance transaction", "/v1/balance_transactions", (*state.State).BalanceTransaction,
			func(q state.PageQuery[*state.BalanceTransaction]) state.Page[*state.BalanceTransaction] {
				return st.ListBalanceTransactions(f, q)
			},
			func(b *state.BalanceTransaction) any { return renderBalanceTransaction(st, b, c.expand) })
	}, nil
}

func getBalanceTransaction(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		b, err := st.BalanceTransaction(id)
		if err != nil {
			return nil, err
		}
		return renderBalanceTransaction(st, b, c.expand), nil
	}, nil
}

type balanceTransactionJSON struct {
	ID                string          `json:"id"`
	Object            string          `json:"object"`
	Amount            int64           `json:"amount"`
	AvailableOn       int64           `json:"available_on"`
	Created           int64           `json:"created"`
	Currency          string          `json:"currency"`
	Description       *string         `json:"description"`
	ExchangeRate      *float64        `json:"exchange_rate"`
	Fee               int64           `json:"fee"`
	FeeDetails        []feeDetailJSON `json:"fee_details"`
	Net               int64           `json:"net"`
	ReportingCategory string          `json:"reporting_category"`
	Source            any             `json:"source"`
	Status            string          `json:"status"`
	Type              string          `json:"type"`
}

type feeDetailJSON struct {
	Amount      int64   `json:"amount"`
	Application *string `json:"application"`
	Currency    string  `json:"currency"`
	Description *string `json:"description"`
	Type        string  `json:"type"`
}

// renderBalanceTransaction renders a ledger entry; its source expands to the
// charge, refund or payout that moved the money.
func renderBalanceTransaction(st *state.State, b *state.BalanceTransaction, x expansion) *balanceTransactionJSON {
	out := &balanceTransactionJSON{
		ID:                b.ID,
		Object:            "balance_transaction",
		Amount:            b.Amount,
		AvailableOn:       b.AvailableOn,
		Created:           b.Created,
		Currency:          b.Currency,
		Description:       b.Description,
		Fee:               b.Fee,
		FeeDetails:        make([]feeDetailJSON, len(b.FeeDetails)),
		Net:               b.Net,
		ReportingCategory: b.Category,
		Source:            idOrNil(b.Source),
		Status:            b.Status,
		Type:              b.Type,
	}
	for i, d := range b.FeeDetails {
		out.FeeDetails[i] = feeDetailJSON{Amount: d.Amount, Currency: d.Currency, Description: orNil(d.Description), Type: d.Type}
	}
	if x.has("source") && b.Source != "" {
		sx := x.child("source")
		if ch, err := st.Charge(b.Source); err == nil {
			out.Source = renderCharge(st, ch, sx)
		} else if r, err := st.Refund(b.Source); err == nil {
			out.Source = renderRefund(st, r, sx)
		} else if po, err := st.Payout(b.Source); err == nil {
			out.Source = renderPayout(st, po, sx)
		}
	}
	return out
}
