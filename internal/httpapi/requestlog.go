package httpapi

import "net/url"

// Request is one request the fake received, as the request log keeps it.
type Request struct {
	Method         string
	Path           string
	Route          string // the matched route's pattern, "" for an unknown URL
	Params         url.Values
	Status         int
	IdempotencyKey string
	RequestID      string
	Replayed       bool // answered from a saved idempotent result
}

// loggedRequest keeps the raw form, parsed only when asked for: the log is
// written on every request and read rarely.
type loggedRequest struct {
	Request
	raw string
}

// Requests returns every request received so far, in the order they were
// answered.
func (a *API) Requests() []Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]Request, len(a.requests))
	for i, r := range a.requests {
		out[i] = r.Request
		out[i].Params, _ = url.ParseQuery(r.raw)
	}
	return out
}
