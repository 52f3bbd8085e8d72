package fakestripe_test

import (
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/fakestripe/fakestripe"
)

// exampleClient wires stripe-go to a fake, in-process. In a test, use
// fakestripe.New(t) instead of NewServer: it closes the fake and checks its
// ledger when the test ends.
func exampleClient(fake *fakestripe.Server) *client.API {
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:           stripe.String(fakestripe.InProcessURL),
		HTTPClient:    fake.Client(),
		LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull},
	})
	return client.New(fake.APIKey(), &stripe.Backends{API: backend, Connect: backend, Uploads: backend})
}

// A charge through stripe-go, as a service under test would make it.
func Example() {
	fake, _ := fakestripe.NewServer()
	defer fake.Close()
	sc := exampleClient(fake)

	cus, _ := sc.Customers.New(&stripe.CustomerParams{Email: stripe.String("jenny@example.com"), Source: stripe.String("tok_visa")})
	ch, _ := sc.Charges.New(&stripe.ChargeParams{Amount: stripe.Int64(2000), Currency: stripe.String("usd"), Customer: stripe.String(cus.ID)})
	fmt.Println(ch.Status, ch.Amount, ch.PaymentMethodDetails.Card.Brand, ch.PaymentMethodDetails.Card.Last4)

	_, err := sc.Charges.New(&stripe.ChargeParams{Amount: stripe.Int64(2000), Currency: stripe.String("usd"), Source: &stripe.PaymentSourceSourceParams{Token: stripe.String("tok_chargeDeclinedInsufficientFunds")}})
	se := err.(*stripe.Error)
	fmt.Println(se.HTTPStatusCode, se.Code, se.DeclineCode, se.Msg)
	// Output:
	// succeeded 2000 visa 4242
	// 402 card_declined insufficient_funds Your card has insufficient funds.
}

// Funds settle on the fake clock: pending at first, available at midnight
// UTC two days later, net of Stripe's 2.9% + 30¢.
func ExampleServer_Advance() {
	fake, _ := fakestripe.NewServer()
	defer fake.Close()
	sc := exampleClient(fake)

	sc.Charges.New(&stripe.ChargeParams{Amount: stripe.Int64(2000), Currency: stripe.String("usd"), Source: &stripe.PaymentSourceSourceParams{Token: stripe.String("tok_visa")}})
	fmt.Printf("%s %+v\n", fake.Now().Format(time.DateOnly), fake.Balance("usd"))

	fake.Advance(48 * time.Hour)
	fmt.Printf("%s %+v\n", fake.Now().Format(time.DateOnly), fake.Balance("usd"))
	// Output:
	// 2023-10-16 {Available:0 Pending:1912}
	// 2023-10-18 {Available:1912 Pending:0}
}

// An authorization left uncaptured expires after seven days.
func ExampleServer_Advance_expiry() {
	fake, _ := fakestripe.NewServer()
	defer fake.Close()
	sc := exampleClient(fake)

	ch, _ := sc.Charges.New(&stripe.ChargeParams{Amount: stripe.Int64(5000), Currency: stripe.String("usd"), Capture: stripe.Bool(false), Source: &stripe.PaymentSourceSourceParams{Token: stripe.String("tok_visa")}})
	fake.Advance(7 * 24 * time.Hour)
	ch, _ = sc.Charges.Get(ch.ID, nil)
	fmt.Println(ch.Captured, ch.Refunded, ch.AmountRefunded)

	_, err := sc.Charges.Capture(ch.ID, nil)
	fmt.Println(err.(*stripe.Error).Code)
	// Output:
	// false true 5000
	// charge_expired_for_capture
}
