package scenarios_test

import (
	"testing"
	"time"

	"github.com/fakestripe/fakestripe"
	"github.com/fakestripe/fakestripe/scenarios"
)

func TestChargeScenarios(t *testing.T) {
	tests := []struct {
		given scenarios.Scenario
		want  fakestripe.Charge
	}{
		{scenarios.SucceededCharge(2000), fakestripe.Charge{Status: "succeeded", Amount: 2000, AmountCaptured: 2000, Currency: "usd", Captured: true, Paid: true}},
		{scenarios.UncapturedCharge(2000), fakestripe.Charge{Status: "succeeded", Amount: 2000, Currency: "usd", Paid: true}},
		{scenarios.PartiallyCapturedCharge(2000, 1500), fakestripe.Charge{Status: "succeeded", Amount: 2000, AmountCaptured: 1500, AmountRefunded: 500, Currency: "usd", Captured: true, Paid: true}},
		{scenarios.RefundedCharge(2000), fakestripe.Charge{Status: "succeeded", Amount: 2000, AmountCaptured: 2000, AmountRefunded: 2000, Currency: "usd", Captured: true, Refunded: true, Paid: true}},
		{scenarios.PartiallyRefundedCharge(2000, 700), fakestripe.Charge{Status: "succeeded", Amount: 2000, AmountCaptured: 2000, AmountRefunded: 700, Currency: "usd", Captured: true, Paid: true}},
		{scenarios.DisputedCharge(2000), fakestripe.Charge{Status: "succeeded", Amount: 2000, AmountCaptured: 2000, Currency: "usd", Captured: true, Disputed: true, Paid: true}},
		{scenarios.DeclinedCharge(2000, scenarios.InsufficientFunds), fakestripe.Charge{Status: "failed", Amount: 2000, Currency: "usd", FailureCode: "card_declined"}},
	}
	for _, tc := range tests {
		t.Run(tc.given.Name(), func(t *testing.T) {
			fake := fakestripe.New(t)
			got := tc.given.Apply(t, fake)
			fake.CheckCharge(t, got.Charge, tc.want)
		})
	}
}

func TestDecliningCustomers(t *testing.T) {
	for _, kind := range scenarios.Declines {
		t.Run(string(kind), func(t *testing.T) {
			fake := fakestripe.New(t)
			got := scenarios.DecliningCustomer(kind).Apply(t, fake)
			if got.Customer == "" || got.Card == "" {
				t.Fatalf("no customer or card: %+v", got)
			}
			ch, ok := fake.Charge(got.Charge)
			if !ok || ch.Status != "failed" || ch.Customer != got.Customer {
				t.Errorf("declined charge: %+v (found %v), want failed on %s", ch, ok, got.Customer)
			}
		})
	}
}

func TestPendingAndAvailable(t *testing.T) {
	fake := fakestripe.New(t)
	scenarios.PendingAndAvailable(2000, 1000).Apply(t, fake)
	fake.CheckBalance(t, "usd", 1912, 941)
}

func TestCustomersWithChargesAndThen(t *testing.T) {
	fake := fakestripe.New(t)
	start := fake.Now()
	got := scenarios.Then(scenarios.CustomerWithCard("tok_amex"), scenarios.CustomersWithCharges(12, 500)).Apply(t, fake)
	if len(got.Customers) != 13 || len(got.Charges) != 12 {
		t.Fatalf("got %d customers and %d charges, want 13 and 12", len(got.Customers), len(got.Charges))
	}
	if d := fake.Now().Sub(start); d != 12*time.Second {
		t.Errorf("clock moved %s, want 12s", d)
	}
	fake.CheckLedger(t, got.Charges[0], fakestripe.LedgerEntry{Type: "charge", Category: "charge", Amount: 500, Fee: 45, Net: 455, Currency: "usd", Status: "pending"})
}
