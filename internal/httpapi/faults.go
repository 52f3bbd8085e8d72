package httpapi

import (
	"net/http"
	"time"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// Fault is a failure injected into the calls of one route, so tests can
// exercise retry and timeout code.
type Fault struct {
	// Route is the route's pattern ("POST /v1/charges/{charge}/capture"),
	// or "" for every route.
	Route string
	// Times is how many matching calls the fault hits; 0 means every one
	// until the faults are cleared.
	Times int
	// Err, when set, answers the call without running it, as Stripe's
	// rate limiter or a lock timeout would.
	Err *apierr.Error
	// Latency delays the call by real time before it runs (the fake clock
	// is not involved: it is the client's timeouts that are under test).
	Latency time.Duration
	// Drop runs the call, applying its change, then drops the response:
	// the client sees a broken connection, as after a network failure.
	Drop bool
}

// AddFault queues a fault. Faults are matched in the order they were added.
func (a *API) AddFault(f Fault) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f.Times == 0 {
		f.Times = -1
	}
	a.faults = append(a.faults, &f)
}

// ClearFaults removes every injected fault.
func (a *API) ClearFaults() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.faults = nil
}

// takeFault returns the fault that hits a call of route, counting it, or
// nil. Callers hold a.mu.
func (a *API) takeFault(route string) *Fault {
	for i, f := range a.faults {
		if f.Route != "" && f.Route != route {
			continue
		}
		hit := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				a.faults = append(a.faults[:i:i], a.faults[i+1:]...)
			}
		}
		return &hit
	}
	return nil
}

// waitLatency waits out an injected latency. A client that gives up (its
// timeout cancels the request's context) stops the wait, as it would on a
// real slow server, and nothing runs.
func waitLatency(r *http.Request, d time.Duration) *apierr.Error {
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-r.Context().Done():
		return apierr.Internal("The client closed the request before the injected latency ended.")
	}
}
