package fakestripe

import (
	"fmt"
	"strings"
	"time"

	"github.com/fakestripe/fakestripe/internal/state"
)

// Dump describes the fake's state for a human: the clock, the balance,
// test clocks, customers, charges and the ledger, oldest first. New prints it when a
// test fails. The output is deterministic.
func (s *Server) Dump() string {
	var b strings.Builder
	s.api.Locked(func(st *state.State) { dump(&b, st) })
	return b.String()
}

func dump(b *strings.Builder, st *state.State) {
	fmt.Fprintf(b, "clock: %s\n", st.Now().Format(time.RFC3339))
	b.WriteString("balance:\n")
	for _, t := range st.Balance() {
		fmt.Fprintf(b, "  %s available=%d pending=%d\n", t.Currency, t.Available, t.Pending)
	}
	if clocks := st.AllTestClocks(); len(clocks) > 0 {
		fmt.Fprintf(b, "test clocks (%d):\n", len(clocks))
		for i := len(clocks) - 1; i >= 0; i-- {
			c := clocks[i]
			fmt.Fprintf(b, "  %s frozen_time=%s status=%s\n", c.ID, c.FrozenTime().Format(time.RFC3339), c.Status)
		}
	}
	customers := st.AllCustomers()
	fmt.Fprintf(b, "customers (%d):\n", len(customers))
	for i := len(customers) - 1; i >= 0; i-- {
		c := customers[i]
		email := ""
		if c.Email != nil {
			email = *c.Email
		}
		fmt.Fprintf(b, "  %s email=%q default_source=%s sources=%d", c.ID, email, c.DefaultSource, len(c.Sources))
		if c.TestClock != "" {
			fmt.Fprintf(b, " test_clock=%s", c.TestClock)
		}
		b.WriteByte('\n')
	}
	charges := st.AllCharges()
	fmt.Fprintf(b, "charges (%d):\n", len(charges))
	for i := len(charges) - 1; i >= 0; i-- {
		c := charges[i]
		fmt.Fprintf(b, "  %s %s %d %s captured=%v refunded=%d customer=%s card=%s\n",
			c.ID, c.Status, c.Amount, c.Currency, c.Captured, c.AmountRefunded, c.Customer, c.Card.Info.Last4)
	}
	if intents := st.AllPaymentIntents(); len(intents) > 0 {
		fmt.Fprintf(b, "payment intents (%d):\n", len(intents))
		for i := len(intents) - 1; i >= 0; i-- {
			pi := intents[i]
			fmt.Fprintf(b, "  %s %s %d %s customer=%s latest_charge=%s\n",
				pi.ID, pi.Status, pi.Amount, pi.Currency, pi.Customer, pi.LatestCharge)
		}
	}
	txns := st.AllBalanceTransactions()
	fmt.Fprintf(b, "ledger (%d):\n", len(txns))
	for i := len(txns) - 1; i >= 0; i-- {
		t := txns[i]
		fmt.Fprintf(b, "  %s %-14s %-8s amount=%d fee=%d net=%d %s available_on=%s source=%s\n",
			t.ID, t.Type, t.Status, t.Amount, t.Fee, t.Net, t.Currency,
			time.Unix(t.AvailableOn, 0).UTC().Format("2006-01-02"), t.Source)
	}
	events := st.AllEvents()
	fmt.Fprintf(b, "events (%d):", len(events))
	for i := len(events) - 1; i >= 0; i-- {
		fmt.Fprintf(b, " %s", events[i].Type)
	}
	b.WriteByte('\n')
}
