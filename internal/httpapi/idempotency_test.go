package httpapi

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/fakestripe/fakestripe/internal/state"
)

// TestIdempotentResultsArePruned checks that saved results older than the
// window are dropped as new ones are saved, so memory does not grow with
// every POST of a long test.
func TestIdempotentResultsArePruned(t *testing.T) {
	a := New(Config{})
	post := func(key string) {
		req := httptest.NewRequest("POST", "/v1/customers", strings.NewReader("name=x"))
		req.Header.Set("Authorization", "Bearer sk_test_x")
		req.Header.Set("Idempotency-Key", key)
		rec := httptest.NewRecorder()
		a.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
	for _, k := range []string{"a", "b", "c"} {
		post(k)
	}
	a.Locked(func(st *state.State) { st.Advance(24 * time.Hour) })
	post("a") // expired: runs anew and is saved again, behind b and c
	a.Locked(func(st *state.State) { st.Advance(24 * time.Hour) })
	post("d")
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.idempotent) != 1 || a.idempotent["d"] == nil {
		t.Errorf("after the window, saved keys are %v, want only d", keys(a.idempotent))
	}
	if len(a.idemOrder) != 1 {
		t.Errorf("order queue holds %v", a.idemOrder)
	}
}

func keys(m map[string]*idempotentResult) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
