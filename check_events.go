package fakestripe

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/fakestripe/fakestripe/internal/state"
)

// EventTypes returns the types of every event the fake emitted, oldest
// first.
func (s *Server) EventTypes() []string {
	var out []string
	s.api.Locked(func(st *state.State) {
		all := st.AllEvents()
		out = make([]string, 0, len(all))
		for i := len(all) - 1; i >= 0; i-- {
			out = append(out, all[i].Type)
		}
	})
	return out
}

// CheckEvents checks the types of the events emitted, in order, oldest
// first. Wildcards are not expanded: name each event.
func (s *Server) CheckEvents(t testing.TB, types ...string) bool {
	t.Helper()
	if diff := cmp.Diff(types, s.EventTypes(), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("fakestripe: events (-want +got):\n%s", diff)
		return false
	}
	return true
}

// WebhookSummary is what CheckWebhooks compares of a delivery attempt.
type WebhookSummary struct {
	EventType  string
	StatusCode int // 0 when the endpoint could not be reached
}

// CheckWebhooks checks the webhook delivery attempts made so far, in order.
// With WithAsyncWebhooks, call FlushWebhooks first.
func (s *Server) CheckWebhooks(t testing.TB, want ...WebhookSummary) bool {
	t.Helper()
	all := s.WebhookDeliveries()
	got := make([]WebhookSummary, len(all))
	for i, d := range all {
		got[i] = WebhookSummary{EventType: d.EventType, StatusCode: d.StatusCode}
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("fakestripe: webhook deliveries (-want +got):\n%s", diff)
		return false
	}
	return true
}
