package fakestripe_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fakestripe/fakestripe"
	"github.com/fakestripe/fakestripe/scenarios"
)

// recorder is a testing.TB that records failures instead of failing, so the
// checks' own failures can be tested.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
	r.fatal = true
}

func TestChecks(t *testing.T) {
	fake := fakestripe.New(t)
	got := scenarios.PartiallyRefundedCharge(2000, 500).Apply(t, fake)

	assert.True(t, fake.CheckBalance(t, "usd", -500, 1912))
	assert.True(t, fake.CheckLedger(t, got.Charge,
		fakestripe.LedgerEntry{Type: "charge", Category: "charge", Amount: 2000, Fee: 88, Net: 1912, Currency: "usd", Status: "pending"},
		fakestripe.LedgerEntry{Type: "refund", Category: "refund", Amount: -500, Net: -500, Currency: "usd", Status: "available"},
	))

	rec := &recorder{TB: t}
	assert.False(t, fake.CheckBalance(rec, "usd", 0, 0))
	assert.False(t, fake.CheckCharge(rec, got.Charge, fakestripe.Charge{Status: "failed"}))
	assert.False(t, fake.CheckCharge(rec, "ch_nope", fakestripe.Charge{}))
	assert.False(t, fake.CheckLedger(rec, got.Charge))
	assert.Len(t, rec.errors, 4)
	assert.Contains(t, rec.errors[0], "-want +got")
	assert.False(t, rec.fatal, "plain checks do not stop the test")

	rec = &recorder{TB: t}
	fake.CheckBalance(fakestripe.Fatal(rec), "usd", 0, 0)
	assert.True(t, rec.fatal, "Fatal(t) makes a mismatch stop the test")
	assert.True(t, strings.Contains(rec.errors[0], "usd balance"))
}

func TestCheckEventsAndWebhooks(t *testing.T) {
	fake := fakestripe.New(t)
	status := 200
	fake.AddWebhookHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }), "charge.succeeded", "charge.refunded")
	scenarios.PartiallyRefundedCharge(2000, 500).Apply(t, fake)
	status = 500
	scenarios.SucceededCharge(1000).Apply(t, fake)

	assert.True(t, fake.CheckEvents(t, "charge.succeeded", "charge.refunded", "charge.succeeded"))
	assert.True(t, fake.CheckWebhooks(t,
		fakestripe.WebhookSummary{EventType: "charge.succeeded", StatusCode: 200},
		fakestripe.WebhookSummary{EventType: "charge.refunded", StatusCode: 200},
		fakestripe.WebhookSummary{EventType: "charge.succeeded", StatusCode: 500},
	))
	rec := &recorder{TB: t}
	assert.False(t, fake.CheckEvents(rec, "charge.succeeded"))
	assert.False(t, fake.CheckWebhooks(rec))
	assert.Len(t, rec.errors, 2)
}
