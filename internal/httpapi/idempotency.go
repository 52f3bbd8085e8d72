package httpapi

import (
	"fmt"
	"net/url"
	"time"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// idempotencyWindow is how long Stripe keeps an idempotency key's result.
const idempotencyWindow = 24 * time.Hour

// maxIdempotencyKey is the longest key Stripe takes.
const maxIdempotencyKey = 255

// idempotentResult is the saved first execution of a POST with an
// Idempotency-Key: what it was asked and what it answered.
type idempotentResult struct {
	method, path string
	params       string // the request's raw form, canonicalised only to compare unequal ones
	requestID    string // the first execution's request id
	saved        time.Time
	status       int
	body         []byte
}

// canonicalParams normalises a raw form so that the same parameters in
// another order compare equal. It runs only when a key is reused with a
// body that differs byte for byte, so the first use of a key pays nothing.
func canonicalParams(raw string) string {
	v, err := url.ParseQuery(raw)
	if err != nil {
		return raw
	}
	return v.Encode()
}

// checkIdempotencyKey refuses keys Stripe refuses, before anything runs.
func checkIdempotencyKey(key string) *apierr.Error {
	if len(key) > maxIdempotencyKey {
		return apierr.Invalidf("", "Idempotency-Key header is too long: keys can be at most %d characters, this one is %d.", maxIdempotencyKey, len(key))
	}
	return nil
}

// lookupIdempotent finds the saved result for key, dropping it once it is
// older than the window on the fake clock. Callers hold a.mu.
func (a *API) lookupIdempotent(key string, now time.Time) *idempotentResult {
	res, ok := a.idempotent[key]
	if !ok {
		return nil
	}
	if now.Sub(res.saved) >= idempotencyWindow {
		delete(a.idempotent, key)
		return nil
	}
	return res
}

// idempotencyConflict is the error for a key reused for another request,
// or nil when the saved result may be replayed.
func idempotencyConflict(res *idempotentResult, key, method, path, params string) *apierr.Error {
	switch {
	case res.method != method || res.path != path:
		return &apierr.Error{Status: 400, Type: apierr.TypeIdempotency,
			Message: fmt.Sprintf("Keys for idempotent requests can only be used for the same endpoint they were first used for ('%s' vs '%s'). Try using a key other than '%s' if you meant to execute a different request.", res.path, path, key)}
	case res.params != params && canonicalParams(res.params) != canonicalParams(params):
		return &apierr.Error{Status: 400, Type: apierr.TypeIdempotency,
			Message: fmt.Sprintf("Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '%s' if you meant to execute a different request.", key)}
	}
	return nil
}

// keyInUse is Stripe's 409 for a key whose first request is still running.
// It can only happen while an injected latency keeps an execution running:
// otherwise the lookup, the execution and the save share one lock, and a
// second request waits, then replays. Clients retry it (stripe-go retries
// every 409).
func keyInUse(key string) *apierr.Error {
	retry := true
	return &apierr.Error{Status: 409, Type: apierr.TypeInvalidRequest, Code: "idempotency_key_in_use", ShouldRetry: &retry,
		Message: fmt.Sprintf("There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): %s. Please try again later.", key)}
}

// saveIdempotent keeps a first execution's result, and drops results that
// have aged out of the window: stripe-go sends a key with every POST, so
// without pruning a long test would keep every response body. Keys are
// saved in clock order (the main clock never goes back), so the expired
// ones are at the front of idemOrder; each entry carries its own save time,
// so a key saved again after expiring does not hold the queue up. Callers
// hold a.mu.
func (a *API) saveIdempotent(key string, res *idempotentResult) {
	for len(a.idemOrder) > 0 && res.saved.Sub(a.idemOrder[0].saved) >= idempotencyWindow {
		old := a.idemOrder[0]
		if cur, ok := a.idempotent[old.key]; ok && cur.saved.Equal(old.saved) {
			delete(a.idempotent, old.key)
		}
		a.idemOrder = a.idemOrder[1:]
	}
	a.idempotent[key] = res
	a.idemOrder = append(a.idemOrder, savedKey{key: key, saved: res.saved})
}

// savedKey is one entry of the pruning queue.
type savedKey struct {
	key   string
	saved time.Time
}
