package state

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// item is an Ordered for index tests.
type item struct {
	id      string
	created int64
	seq     uint64
}

func (i *item) OrderKey() (int64, uint64) { return i.created, i.seq }
func (i *item) ObjectID() string          { return i.id }

func ids(items []*item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.id
	}
	return out
}

func TestIndexPaging(t *testing.T) {
	x := NewIndex[*item]()
	var all []*item
	for i := 0; i < 7; i++ {
		it := &item{id: fmt.Sprintf("o%d", i), created: int64(i / 2), seq: uint64(i)}
		all = append(all, it)
	}
	// Insert out of order: the index sorts by (created, seq).
	for _, i := range []int{3, 0, 6, 1, 5, 2, 4} {
		x.Insert(all[i])
	}
	tests := []struct {
		name    string
		q       PageQuery[*item]
		want    []string
		hasMore bool
	}{
		{"first page", PageQuery[*item]{Limit: 3}, []string{"o6", "o5", "o4"}, true},
		{"after o4", PageQuery[*item]{Limit: 3, After: &all[4]}, []string{"o3", "o2", "o1"}, true},
		{"after o1", PageQuery[*item]{Limit: 3, After: &all[1]}, []string{"o0"}, false},
		{"before o0", PageQuery[*item]{Limit: 3, Before: &all[0]}, []string{"o3", "o2", "o1"}, true},
		{"before o3", PageQuery[*item]{Limit: 3, Before: &all[3]}, []string{"o6", "o5", "o4"}, false},
		{"filtered", PageQuery[*item]{Limit: 2, Match: func(i *item) bool { return i.seq%2 == 0 }}, []string{"o6", "o4"}, true},
		{"default limit", PageQuery[*item]{}, []string{"o6", "o5", "o4", "o3", "o2", "o1", "o0"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := x.List(tc.q)
			if diff := cmp.Diff(tc.want, ids(p.Data)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if p.HasMore != tc.hasMore {
				t.Errorf("has_more = %v, want %v", p.HasMore, tc.hasMore)
			}
		})
	}
	x.Remove(all[3])
	if diff := cmp.Diff([]string{"o6", "o5", "o4", "o2", "o1", "o0"}, ids(x.All())); diff != "" {
		t.Errorf("after Remove (-want +got):\n%s", diff)
	}
}

func TestClockRunsDueWorkInTimeOrder(t *testing.T) {
	st := New(Config{})
	start := st.Now()
	var log []string
	at := func(d time.Duration, name string) {
		st.clock.schedule(start.Add(d), func() {
			log = append(log, fmt.Sprintf("%s@%s", name, st.Now().Sub(start)))
		})
	}
	at(3*time.Hour, "c")
	at(time.Hour, "a")
	at(time.Hour, "b") // same instant: scheduling order
	at(5*time.Hour, "late")
	st.Advance(4 * time.Hour)
	want := []string{"a@1h0m0s", "b@1h0m0s", "c@3h0m0s"}
	if diff := cmp.Diff(want, log); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := st.Now().Sub(start); got != 4*time.Hour {
		t.Errorf("clock at +%s, want +4h", got)
	}
	st.AdvanceTo(start) // the clock never goes back
	if got := st.Now().Sub(start); got != 4*time.Hour {
		t.Errorf("AdvanceTo the past moved the clock to +%s", got)
	}
	st.Advance(-time.Hour)
	if got := st.Now().Sub(start); got != 4*time.Hour {
		t.Errorf("negative Advance moved the clock to +%s", got)
	}
}

func TestFees(t *testing.T) {
	st := New(Config{})
	for _, tc := range []struct {
		amount        int64
		international bool
		want          int64
	}{
		{100, false, 33}, {2000, false, 88}, {3340, false, 127}, {65400, false, 1927},
		{10000, true, 470}, {50, false, 31},
	} {
		if got := st.feeFor(tc.amount, "usd", tc.international); got != tc.want {
			t.Errorf("fee(%d, international=%v) = %d, want %d", tc.amount, tc.international, got, tc.want)
		}
	}
	custom := New(Config{Fees: map[string]Fee{"eur": {BasisPoints: 140, Fixed: 25}}})
	if got := custom.feeFor(1000, "eur", false); got != 39 {
		t.Errorf("custom eur fee = %d, want 39", got)
	}
	if got := custom.feeFor(1000, "usd", false); got != 59 {
		t.Errorf("usd falls back to the standard fee: got %d, want 59", got)
	}
}

// TestVerifyCatchesDrift proves Verify can fail: it corrupts the running
// totals and a charge behind the state machine's back.
func TestVerifyCatchesDrift(t *testing.T) {
	st := New(Config{})
	src := "tok_visa"
	if _, err := st.CreateCharge(ChargeParams{Amount: 1000, Currency: "usd", Source: &src}); err != nil {
		t.Fatal(err)
	}
	if err := st.Verify(); err != nil {
		t.Fatalf("clean state fails Verify: %v", err)
	}
	st.ledger.totals["usd"].Pending += 1
	st.AllCharges()[0].AmountRefunded = 5
	err := st.Verify()
	if err == nil {
		t.Fatal("Verify missed a drifted balance")
	}
	for _, want := range []string{"usd pending: balance says 942, balance transactions sum to 941", "amount_refunded 5, refunds sum to 0"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Verify report lacks %q:\n%v", want, err)
		}
	}
}

func TestSettlementMovesFundsAtMidnight(t *testing.T) {
	st := New(Config{Start: time.Date(2024, 3, 1, 15, 30, 0, 0, time.UTC)})
	src := "tok_visa"
	if _, err := st.CreateCharge(ChargeParams{Amount: 2000, Currency: "usd", Source: &src}); err != nil {
		t.Fatal(err)
	}
	st.AdvanceTo(time.Date(2024, 3, 2, 23, 59, 59, 0, time.UTC))
	if b := st.Balance()[0]; b.Pending != 1912 || b.Available != 0 {
		t.Fatalf("before midnight: %+v", b)
	}
	st.Advance(time.Second)
	if b := st.Balance()[0]; b.Pending != 0 || b.Available != 1912 {
		t.Fatalf("after midnight: %+v", b)
	}
}

func TestIDsAreDeterministicAndOrdered(t *testing.T) {
	a, b := New(Config{Seed: 7}), New(Config{Seed: 7})
	var prev string
	for i := 0; i < 100; i++ {
		x, y := a.NewID("cus"), b.NewID("cus")
		if x != y {
			t.Fatalf("id %d differs: %s vs %s", i, x, y)
		}
		if x <= prev {
			t.Fatalf("ids not increasing: %s after %s", x, prev)
		}
		prev = x
	}
	if New(Config{Seed: 8}).NewID("cus") == New(Config{Seed: 7}).NewID("cus") {
		t.Error("different seeds gave the same id")
	}
}
