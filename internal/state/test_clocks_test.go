package state

import (
	"testing"
	"time"
)

// clockCharge makes a test clock at frozen, a customer on it with a Visa
// card, and a charge of 2000 cents captured or only authorized.
func clockCharge(t *testing.T, st *State, frozen time.Time, capture bool) (*TestClock, *Charge) {
	t.Helper()
	tc := st.CreateTestClock(TestClockParams{FrozenTime: frozen.Unix()})
	src := "tok_visa"
	cus, err := st.CreateCustomer(CustomerParams{TestClock: &tc.ID, Source: &src})
	if err != nil {
		t.Fatal(err)
	}
	usd := "usd"
	ch, err := st.CreateCharge(ChargeParams{Amount: 2000, Currency: usd, Customer: &cus.ID, Capture: &capture})
	if err != nil {
		t.Fatal(err)
	}
	return tc, ch
}

func TestTestClockKeepsItsOwnQueue(t *testing.T) {
	st := New(Config{})
	frozen := time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC)
	tc, ch := clockCharge(t, st, frozen, true)
	if ch.Created != frozen.Unix() {
		t.Errorf("charge created at %d, want the clock's %d", ch.Created, frozen.Unix())
	}
	b := st.txns[ch.BalanceTransaction]
	if want := time.Date(2020, 1, 3, 0, 0, 0, 0, time.UTC).Unix(); b.AvailableOn != want {
		t.Errorf("available_on %d, want %d", b.AvailableOn, want)
	}

	st.Advance(365 * 24 * time.Hour)
	if b.Status != "pending" {
		t.Fatalf("the account's clock settled a test clock's charge")
	}
	if _, err := st.AdvanceTestClock(tc.ID, frozen.Add(48*time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}
	if b.Status != "available" {
		t.Errorf("status %s after the test clock passed available_on", b.Status)
	}
	if got := tc.FrozenTime(); !got.Equal(frozen.Add(48 * time.Hour)) {
		t.Errorf("frozen_time %s", got)
	}
	if tc.Status != ClockReady {
		t.Errorf("status %s after the advance returned", tc.Status)
	}
	if err := st.Verify(); err != nil {
		t.Error(err)
	}
}

func TestTestClockRunsWorkAtItsInstants(t *testing.T) {
	st := New(Config{})
	frozen := time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC)
	tc, ch := clockCharge(t, st, frozen, false)
	var seen []time.Time
	tc.clock.schedule(frozen.Add(time.Hour), func() { seen = append(seen, tc.FrozenTime()) })
	if _, err := st.AdvanceTestClock(tc.ID, frozen.Add(30*24*time.Hour).Unix()); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || !seen[0].Equal(frozen.Add(time.Hour)) {
		t.Errorf("work ran at %v, want at its due instant", seen)
	}
	if !ch.Expired {
		t.Fatal("the authorization did not expire on its clock")
	}
	r := st.refunds[ch.Refunds[0]]
	if want := frozen.Add(authorizationLifetime).Unix(); r.Created != want {
		t.Errorf("expiry refund created at %d, want %d", r.Created, want)
	}
	// The advance's own events carry the account's time, the work's the
	// clock's, and only the work's are the clock's doing alone.
	emitted := map[string]bool{}
	for _, in := range st.DrainEvents() {
		emitted[in.Type] = true
		switch in.Type {
		case "test_helpers.test_clock.advancing":
			if in.Created != st.Now().Unix() || in.Automatic {
				t.Errorf("%s: created %d automatic %v", in.Type, in.Created, in.Automatic)
			}
		case "charge.expired":
			if in.Created != frozen.Add(authorizationLifetime).Unix() || !in.Automatic {
				t.Errorf("%s: created %d automatic %v", in.Type, in.Created, in.Automatic)
			}
		}
	}
	for _, typ := range []string{"test_helpers.test_clock.advancing", "charge.expired"} {
		if !emitted[typ] {
			t.Errorf("no %s event", typ)
		}
	}
}

func TestTestClockDeleteHandsWorkOver(t *testing.T) {
	st := New(Config{})
	tc, ch := clockCharge(t, st, time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC), true)
	cus := st.customers[ch.Customer]
	if _, err := st.DeleteTestClock(tc.ID); err != nil {
		t.Fatal(err)
	}
	if !cus.Deleted {
		t.Error("the clock's customer outlived it")
	}
	if _, err := st.TestClock(tc.ID); err == nil || err.Status != 404 {
		t.Errorf("a deleted clock answered %v", err)
	}
	if got := st.clockFor(cus.ID); got != &st.clock {
		t.Error("a deleted clock's customer is not on the account's clock")
	}
	b := st.txns[ch.BalanceTransaction]
	st.Advance(0)
	if b.Status != "available" {
		t.Errorf("status %s: the clock's queued settlement was lost", b.Status)
	}
	if err := st.Verify(); err != nil {
		t.Error(err)
	}
}

func TestTestClockAdvanceLimits(t *testing.T) {
	st := New(Config{})
	frozen := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	tc := st.CreateTestClock(TestClockParams{FrozenTime: frozen.Unix()})
	for _, to := range []time.Time{frozen, frozen.Add(-time.Second), frozen.AddDate(2, 0, 0).Add(time.Second)} {
		if _, err := st.AdvanceTestClock(tc.ID, to.Unix()); err == nil || err.Param != "frozen_time" {
			t.Errorf("advance to %s: %v", to, err)
		}
	}
	if !tc.FrozenTime().Equal(frozen) || len(st.DrainEvents()) != 1 {
		t.Error("a refused advance changed something")
	}
	if _, err := st.AdvanceTestClock(tc.ID, frozen.AddDate(2, 0, 0).Unix()); err != nil {
		t.Errorf("two years to the second: %v", err)
	}
}
