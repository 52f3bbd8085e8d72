package fakestripe_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"

	"github.com/fakestripe/fakestripe"
	"github.com/fakestripe/fakestripe/internal/schematest"
)

func TestIdempotentReplay(t *testing.T) {
	fake := fakestripe.New(t)
	first := do(t, fake, "POST", "/v1/charges", "amount=1000&currency=usd&source=tok_visa", "Idempotency-Key", "k1")
	require.Equal(t, 200, first.status)
	assert.Empty(t, first.header.Get("Idempotent-Replayed"))

	// Same key, same parameters in another order: the saved answer.
	again := do(t, fake, "POST", "/v1/charges", "source=tok_visa&currency=usd&amount=1000", "Idempotency-Key", "k1")
	require.Equal(t, 200, again.status)
	assert.Equal(t, "true", again.header.Get("Idempotent-Replayed"))
	assert.Equal(t, first.header.Get("Request-Id"), again.header.Get("Original-Request"))
	assert.NotEqual(t, first.header.Get("Request-Id"), again.header.Get("Request-Id"))
	assert.Equal(t, "k1", again.header.Get("Idempotency-Key"))
	assert.Equal(t, string(first.body), string(again.body))

	list := do(t, fake, "GET", "/v1/charges", "")
	assert.Len(t, list.object(t)["data"], 1, "a replay creates nothing")

	// Same key, other parameters.
	r := do(t, fake, "POST", "/v1/charges", "amount=2000&currency=usd&source=tok_visa", "Idempotency-Key", "k1")
	require.Equal(t, 400, r.status)
	e := r.errorBody(t)
	assert.Equal(t, "idempotency_error", e["type"])
	assert.Equal(t, "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'k1' if you meant to execute a different request.", e["message"])

	// Same key, another endpoint.
	r = do(t, fake, "POST", "/v1/customers", "", "Idempotency-Key", "k1")
	require.Equal(t, 400, r.status)
	assert.True(t, strings.HasPrefix(r.errorBody(t)["message"].(string), "Keys for idempotent requests can only be used for the same endpoint they were first used for ('/v1/charges' vs '/v1/customers')."))
}

func TestIdempotencySavesCardErrorsNotValidationErrors(t *testing.T) {
	fake := fakestripe.New(t)
	decline := do(t, fake, "POST", "/v1/charges", "amount=1000&currency=usd&source=tok_chargeDeclined", "Idempotency-Key", "d")
	require.Equal(t, 402, decline.status)
	replay := do(t, fake, "POST", "/v1/charges", "amount=1000&currency=usd&source=tok_chargeDeclined", "Idempotency-Key", "d")
	assert.Equal(t, 402, replay.status)
	assert.Equal(t, "true", replay.header.Get("Idempotent-Replayed"))
	assert.Equal(t, string(decline.body), string(replay.body))
	assert.Len(t, do(t, fake, "GET", "/v1/charges", "").object(t)["data"], 1)

	// A request that fails validation is not saved: the key stays free.
	bad := do(t, fake, "POST", "/v1/customers", "nmae=x", "Idempotency-Key", "v")
	require.Equal(t, 400, bad.status)
	good := do(t, fake, "POST", "/v1/customers", "name=x", "Idempotency-Key", "v")
	assert.Equal(t, 200, good.status)
	assert.Empty(t, good.header.Get("Idempotent-Replayed"))

	long := do(t, fake, "POST", "/v1/customers", "", "Idempotency-Key", strings.Repeat("x", 256))
	assert.Equal(t, 400, long.status)
}

func TestIdempotencyKeysExpireAfter24Hours(t *testing.T) {
	fake := fakestripe.New(t)
	require.Equal(t, 200, do(t, fake, "POST", "/v1/customers", "", "Idempotency-Key", "day").status)
	fake.Advance(24*time.Hour - time.Second)
	assert.Equal(t, "true", do(t, fake, "POST", "/v1/customers", "", "Idempotency-Key", "day").header.Get("Idempotent-Replayed"))
	fake.Advance(time.Second)
	r := do(t, fake, "POST", "/v1/customers", "", "Idempotency-Key", "day")
	assert.Empty(t, r.header.Get("Idempotent-Replayed"), "after 24 hours the key runs as new")
	assert.Len(t, do(t, fake, "GET", "/v1/customers", "").object(t)["data"], 2)
}

func TestIdempotencyUnderConcurrency(t *testing.T) {
	fake := fakestripe.New(t)
	var wg sync.WaitGroup
	bodies := make([]string, 100)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := do(t, fake, "POST", "/v1/charges", "amount=1000&currency=usd&source=tok_visa", "Idempotency-Key", "same")
			if r.status != 200 {
				t.Errorf("request %d: %d %s", i, r.status, r.body)
			}
			bodies[i] = string(r.body)
		}()
	}
	wg.Wait()
	for _, b := range bodies[1:] {
		assert.Equal(t, bodies[0], b)
	}
	assert.Len(t, do(t, fake, "GET", "/v1/charges", "").object(t)["data"], 1, "exactly one execution")
}

// flakyTransport drops the response of the first request it forwards, as a
// network failure after the server applied the change would.
type flakyTransport struct {
	base    http.RoundTripper
	dropped bool
}

func (f *flakyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := f.base.RoundTrip(req)
	if err == nil && !f.dropped {
		f.dropped = true
		resp.Body.Close()
		return nil, &netError{}
	}
	return resp, err
}

type netError struct{}

func (*netError) Error() string   { return "connection reset (simulated)" }
func (*netError) Timeout() bool   { return false }
func (*netError) Temporary() bool { return true }

// TestClientRetriesAreIdempotent lets stripe-go retry a charge whose first
// response was lost: its retry reuses the key, and the fake replays rather
// than charging twice.
func TestClientRetriesAreIdempotent(t *testing.T) {
	fake := fakestripe.New(t)
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(fakestripe.InProcessURL),
		HTTPClient:        &http.Client{Transport: &flakyTransport{base: schematest.Transport(t, fake.Client().Transport)}},
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(1),
	})
	sc := clientFor(t, fake, fakestripe.InProcessURL, fake.Client())
	sc.Charges.B = backend
	ch, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)
	assert.Equal(t, "true", ch.LastResponse.Header.Get("Idempotent-Replayed"))
	assert.Len(t, do(t, fake, "GET", "/v1/charges", "").object(t)["data"], 1)
}

// TestIdempotencyKeyInUse holds executions open with an injected latency:
// of two simultaneous requests with one key, one runs and the other gets
// Stripe's 409; once the first is done the key replays.
func TestIdempotencyKeyInUse(t *testing.T) {
	// In a synctest bubble the latency ends only once both requests are
	// blocked, so their overlap is certain, not a matter of timing.
	synctest.Test(t, func(t *testing.T) {
		fake := fakestripe.New(t)
		fake.InjectFault(fakestripe.CreateCharge, fakestripe.Latency(300*time.Millisecond))
		results := make(chan rawResponse, 2)
		for i := 0; i < 2; i++ {
			go func() {
				results <- do(t, fake, "POST", "/v1/charges", "amount=1000&currency=usd&source=tok_visa", "Idempotency-Key", "slow")
			}()
		}
		a, b := <-results, <-results
		if a.status == 200 {
			a, b = b, a
		}
		require.Equal(t, 409, a.status, string(a.body))
		require.Equal(t, 200, b.status, string(b.body))
		e := a.errorBody(t)
		assert.Equal(t, "idempotency_key_in_use", e["code"])
		assert.Equal(t, "true", a.header.Get("Stripe-Should-Retry"))

		fake.ClearFaults()
		again := do(t, fake, "POST", "/v1/charges", "amount=1000&currency=usd&source=tok_visa", "Idempotency-Key", "slow")
		assert.Equal(t, "true", again.header.Get("Idempotent-Replayed"))
		assert.Len(t, do(t, fake, "GET", "/v1/charges", "").object(t)["data"], 1)
	})
}
