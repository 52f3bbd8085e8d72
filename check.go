package fakestripe

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fakestripe/fakestripe/internal/state"
)

// The Check helpers compare the fake's state with what a test expects. Each
// takes the test, calls t.Helper(), reports a mismatch with t.Errorf and a
// go-cmp diff (-want +got), and returns whether it matched. To stop the test
// at the first mismatch, as testify's require does, pass Fatal(t) instead of
// t.

// Fatal wraps t so that the Check helpers stop the test on a mismatch:
// Errorf becomes Fatalf.
func Fatal(t testing.TB) testing.TB { return fatalTB{t} }

type fatalTB struct{ testing.TB }

func (f fatalTB) Errorf(format string, args ...any) {
	f.TB.Helper()
	f.TB.Fatalf(format, args...)
}

// Balance is the balance of one currency.
type Balance struct {
	Available int64
	Pending   int64
}

// Balance returns the balance of currency (lower-case ISO code); a currency
// the account never used reads zero.
func (s *Server) Balance(currency string) Balance {
	var out Balance
	s.api.Locked(func(st *state.State) {
		for _, t := range st.Balance() {
			if t.Currency == currency {
				out = Balance{Available: t.Available, Pending: t.Pending}
			}
		}
	})
	return out
}

// CheckBalance checks the available and pending balance of a currency.
func (s *Server) CheckBalance(t testing.TB, currency string, available, pending int64) bool {
	t.Helper()
	want, got := Balance{Available: available, Pending: pending}, s.Balance(currency)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fakestripe: %s balance (-want +got):\n%s", currency, diff)
		return false
	}
	return true
}

// Charge is the state of a charge that tests usually care about.
type Charge struct {
	Status         string // succeeded, failed
	Amount         int64
	AmountCaptured int64
	AmountRefunded int64
	Currency       string
	Captured       bool
	Refunded       bool
	Disputed       bool
	Paid           bool
	Customer       string
	FailureCode    string
}

// Charge returns the charge with id, and whether it exists.
func (s *Server) Charge(id string) (Charge, bool) {
	var out Charge
	var ok bool
	s.api.Locked(func(st *state.State) {
		ch, err := st.Charge(id)
		if err != nil {
			return
		}
		ok = true
		out = Charge{
			Status: ch.Status, Amount: ch.Amount, AmountCaptured: ch.AmountCaptured, AmountRefunded: ch.AmountRefunded,
			Currency: ch.Currency, Captured: ch.Captured, Refunded: ch.Refunded, Disputed: ch.Disputed, Paid: ch.Paid,
			Customer: ch.Customer,
		}
		if ch.FailureCode != nil {
			out.FailureCode = *ch.FailureCode
		}
	})
	return out, ok
}

// CheckCharge checks a charge against want, field by field.
func (s *Server) CheckCharge(t testing.TB, id string, want Charge) bool {
	t.Helper()
	got, ok := s.Charge(id)
	if !ok {
		t.Errorf("fakestripe: no charge %s", id)
		return false
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fakestripe: charge %s (-want +got):\n%s", id, diff)
		return false
	}
	return true
}

// LedgerEntry is one balance transaction, as tests compare it.
type LedgerEntry struct {
	Type     string // charge, refund, payout, ...
	Category string // reporting_category
	Amount   int64
	Fee      int64
	Net      int64
	Currency string
	Status   string // pending, available
}

// Ledger returns the balance transactions whose source is sourceID (a
// charge, refund or payout id; a charge's includes its refunds'), oldest
// first.
func (s *Server) Ledger(sourceID string) []LedgerEntry {
	var out []LedgerEntry
	s.api.Locked(func(st *state.State) {
		sources := map[string]bool{sourceID: true}
		if ch, err := st.Charge(sourceID); err == nil {
			for _, r := range st.ChargeRefunds(ch) {
				sources[r.ID] = true
			}
		}
		all := st.AllBalanceTransactions()
		for i := len(all) - 1; i >= 0; i-- {
			b := all[i]
			if sources[b.Source] {
				out = append(out, LedgerEntry{Type: b.Type, Category: b.Category, Amount: b.Amount, Fee: b.Fee, Net: b.Net, Currency: b.Currency, Status: b.Status})
			}
		}
	})
	return out
}

// CheckLedger checks the balance transactions of a source, oldest first.
func (s *Server) CheckLedger(t testing.TB, sourceID string, want ...LedgerEntry) bool {
	t.Helper()
	got := s.Ledger(sourceID)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fakestripe: ledger of %s (-want +got):\n%s", sourceID, diff)
		return false
	}
	return true
}

// CheckVerify reports every broken invariant of the fake's state now (New
// checks them at cleanup too).
func (s *Server) CheckVerify(t testing.TB) bool {
	t.Helper()
	if err := s.Verify(); err != nil {
		t.Errorf("%v\n%s", err, s.Dump())
		return false
	}
	return true
}
