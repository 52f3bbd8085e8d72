package fakestripe_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/fakestripe/fakestripe"
)

// retryingClient is a stripe-go client that retries, as production code
// usually configures it.
func retryingClient(t *testing.T, fake *fakestripe.Server, retries int64, timeout time.Duration) *client.API {
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(fakestripe.InProcessURL),
		HTTPClient:        &http.Client{Transport: fake.Client().Transport, Timeout: timeout},
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(retries),
	})
	return client.New(testKey, &stripe.Backends{API: backend, Connect: backend, Uploads: backend})
}

func TestFaultErrors(t *testing.T) {
	fake, sc := newClient(t)
	fake.InjectFault(fakestripe.CreateCharge, fakestripe.RateLimited().Times(1))
	_, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	se := stripeErr(t, err)
	assert.Equal(t, 429, se.HTTPStatusCode)
	assert.Equal(t, stripe.ErrorCodeRateLimit, se.Code)
	_, err = sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err, "Times(1) hits one call")

	// Other endpoints are untouched by an endpoint's fault.
	fake.InjectFault(fakestripe.CreateCustomer, fakestripe.APIError())
	_, err = sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)
	_, err = sc.Customers.New(&stripe.CustomerParams{})
	assert.Equal(t, 500, stripeErr(t, err).HTTPStatusCode)
	fake.ClearFaults()
	_, err = sc.Customers.New(&stripe.CustomerParams{})
	require.NoError(t, err)

	r := do(t, fake, "POST", "/v1/customers", "")
	require.Equal(t, 200, r.status)
	fake.InjectFault(fakestripe.AnyEndpoint, fakestripe.LockTimeout().Times(1))
	r = do(t, fake, "GET", "/v1/balance", "")
	assert.Equal(t, 429, r.status)
	assert.Equal(t, "true", r.header.Get("Stripe-Should-Retry"))
	assert.Equal(t, "lock_timeout", r.errorBody(t)["code"])
}

func TestClientRetriesLockTimeouts(t *testing.T) {
	fake := fakestripe.New(t)
	sc := retryingClient(t, fake, 2, 0)
	fake.InjectFault(fakestripe.CreateCharge, fakestripe.LockTimeout().Times(1))
	_, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err, "stripe-go retries a lock_timeout")
	fake.CheckRequests(t,
		fakestripe.RequestSummary{Endpoint: fakestripe.CreateCharge, Status: 429},
		fakestripe.RequestSummary{Endpoint: fakestripe.CreateCharge, Status: 200},
	)
}

func TestDroppedResponseIsReplayedOnRetry(t *testing.T) {
	fake := fakestripe.New(t)
	sc := retryingClient(t, fake, 1, 0)
	fake.InjectFault(fakestripe.CreateCharge, fakestripe.DropResponse().Times(1))
	ch, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)
	reqs := fake.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, reqs[0].IdempotencyKey, reqs[1].IdempotencyKey, "the retry reuses the key")
	assert.True(t, reqs[1].Replayed, "the change was applied once; the retry gets the saved answer")
	assert.Equal(t, url.Values{"amount": {"1000"}, "currency": {"usd"}, "source": {"tok_visa"}}, reqs[0].Params)
	got, ok := fake.Charge(ch.ID)
	require.True(t, ok)
	assert.Equal(t, "succeeded", got.Status)
	fake.CheckBalance(t, "usd", 0, 941)
}

// TestLatencyTripsClientTimeouts runs in a synctest bubble, so the latency,
// the client's deadline and the elapsed time are all fake time: exact, and
// the same on a loaded machine.
func TestLatencyTripsClientTimeouts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake := fakestripe.New(t)
		fake.InjectFault(fakestripe.RetrieveBalance, fakestripe.Latency(200*time.Millisecond).Times(1))
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", fakestripe.InProcessURL+"/v1/balance", nil)
		req.Header.Set("Authorization", "Bearer "+testKey)
		start := time.Now()
		resp, err := (&http.Client{Transport: fake.Client().Transport}).Do(req)
		if err == nil {
			resp.Body.Close()
		}
		require.ErrorIs(t, err, context.DeadlineExceeded, "the client's deadline passes during the injected latency")
		assert.Equal(t, 50*time.Millisecond, time.Since(start), "the client stopped waiting at its deadline")

		// The fault hit one call: the next is not delayed.
		start = time.Now()
		do(t, fake, "GET", "/v1/balance", "")
		assert.Equal(t, time.Duration(0), time.Since(start))
	})
}
