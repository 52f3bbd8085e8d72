package scenarios_test

import (
	"fmt"
	"testing"

	"github.com/fakestripe/fakestripe"
	"github.com/fakestripe/fakestripe/scenarios"
)

// A table-driven payment test: each row names a starting state, built in
// one line, and what the code under test should see.
func Example_table() {
	t := &testing.T{} // in a real test, the test's own t
	tests := []struct {
		given scenarios.Scenario
		want  string
	}{
		{scenarios.SucceededCharge(2000), "succeeded"},
		{scenarios.UncapturedCharge(2000), "succeeded"},
		{scenarios.DeclinedCharge(2000, scenarios.InsufficientFunds), "failed"},
		{scenarios.RefundedCharge(2000), "succeeded"},
	}
	for _, tc := range tests {
		fake, _ := fakestripe.NewServer()
		got := tc.given.Apply(t, fake)
		ch, _ := fake.Charge(got.Charge)
		fmt.Printf("%-38s %-9s captured=%-5v refunded=%v\n", tc.given.Name(), ch.Status, ch.Captured, ch.Refunded)
		fake.Close()
	}
	// Output:
	// succeeded charge of 2000               succeeded captured=true  refunded=false
	// uncaptured charge of 2000              succeeded captured=false refunded=false
	// charge of 2000 declined (tok_visa_chargeDeclinedInsufficientFunds) failed    captured=false refunded=false
	// charge of 2000 refunded 2000           succeeded captured=true  refunded=true
}
