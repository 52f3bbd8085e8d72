package fakestripe

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Request is one request the fake answered.
type Request struct {
	Method         string
	Path           string
	Endpoint       Endpoint   // the endpoint it matched; "" for an unknown URL
	Params         url.Values // the decoded query string and form body
	Status         int
	IdempotencyKey string
	RequestID      string
	Replayed       bool // answered from a saved idempotent result
}

// Requests returns every request the fake answered, in order.
func (s *Server) Requests() []Request {
	raw := s.api.Requests()
	out := make([]Request, len(raw))
	for i, r := range raw {
		out[i] = Request{Method: r.Method, Path: r.Path, Endpoint: Endpoint(r.Route), Params: r.Params, Status: r.Status,
			IdempotencyKey: r.IdempotencyKey, RequestID: r.RequestID, Replayed: r.Replayed}
	}
	return out
}

// RequestSummary is what CheckRequests compares: the endpoint, the status
// and, when not nil, the parameters.
type RequestSummary struct {
	Endpoint Endpoint
	Status   int
	Params   url.Values // nil: not compared
}

// CheckRequests checks the requests the fake answered, in order.
func (s *Server) CheckRequests(t testing.TB, want ...RequestSummary) bool {
	t.Helper()
	all := s.Requests()
	got := make([]RequestSummary, len(all))
	for i, r := range all {
		got[i] = RequestSummary{Endpoint: r.Endpoint, Status: r.Status}
		if i < len(want) && want[i].Params != nil {
			got[i].Params = r.Params
		}
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("fakestripe: requests (-want +got):\n%s", diff)
		return false
	}
	return true
}
