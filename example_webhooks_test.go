package fakestripe_test

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/fakestripe/fakestripe"
)

// A webhook handler, written as for Stripe, receives each event before the
// API call that caused it returns; the fake signs deliveries so that
// webhook.ConstructEvent accepts them unchanged. A failed delivery is
// retried as the fake clock moves.
func ExampleServer_AddWebhookHandler() {
	fake, _ := fakestripe.NewServer()
	defer fake.Close()
	sc := exampleClient(fake)

	var secret string
	failures := 1
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		event, err := webhook.ConstructEvent(body, r.Header.Get("Stripe-Signature"), secret)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Println("received", event.Type, event.Data.Object["amount"])
		if failures > 0 {
			failures--
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	secret = fake.AddWebhookHandler(handler, "charge.succeeded")

	sc.Charges.New(&stripe.ChargeParams{Amount: stripe.Int64(2000), Currency: stripe.String("usd"), Source: &stripe.PaymentSourceSourceParams{Token: stripe.String("tok_visa")}})
	fmt.Println("charge created")
	fake.Advance(time.Hour)
	for _, d := range fake.WebhookDeliveries() {
		fmt.Println(d.EventType, "attempt", d.Attempt, d.StatusCode, d.Time.Format(time.TimeOnly))
	}
	// Output:
	// received charge.succeeded 2000
	// charge created
	// received charge.succeeded 2000
	// charge.succeeded attempt 1 503 00:00:00
	// charge.succeeded attempt 2 200 01:00:00
}
