package httpapi

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/fakestripe/fakestripe/internal/state"
)

// referencePreviousAttributes is previousAttributes written the obvious,
// slow way, to check the fast one against.
func referencePreviousAttributes(prev, cur []byte) []byte {
	var old, now map[string]json.RawMessage
	if json.Unmarshal(prev, &old) != nil || json.Unmarshal(cur, &now) != nil {
		return nil
	}
	diff := map[string]json.RawMessage{}
	for k, v := range old {
		if w, ok := now[k]; !ok || !bytes.Equal(v, w) {
			diff[k] = v
		}
	}
	for k := range now {
		if _, ok := old[k]; !ok {
			diff[k] = json.RawMessage("null")
		}
	}
	if len(diff) == 0 {
		return nil
	}
	return encode(diff)
}

func TestPreviousAttributes(t *testing.T) {
	cases := []struct{ prev, cur, want string }{
		{`{"a":1,"b":"x"}`, `{"a":1,"b":"x"}`, ``},
		{`{"a":1,"b":"x"}`, `{"a":2,"b":"x"}`, `{"a":1}`},
		{`{"name":null,"metadata":{}}`, `{"name":"Ada","metadata":{"k":"v"}}`, `{"metadata":{},"name":null}`},
		{`{"a":[1,2],"b":{"c":"},\"{"}}`, `{"a":[1,2,3],"b":{"c":"},\"{"}}`, `{"a":[1,2]}`},
		{`{"s":"a,\"b\":c"}`, `{"s":"a,\"b\":d"}`, `{"s":"a,\"b\":c"}`},
		{`{"a":1}`, `{"a":1,"failure_reason":"x"}`, `{"failure_reason":null}`},
		{`{"a":1,"gone":true}`, `{"a":1}`, `{"gone":true}`},
	}
	for _, tc := range cases {
		got := previousAttributes([]byte(tc.prev), []byte(tc.cur))
		if string(got) != tc.want {
			t.Errorf("previousAttributes(%s, %s) = %s, want %s", tc.prev, tc.cur, got, tc.want)
		}
		if ref := referencePreviousAttributes([]byte(tc.prev), []byte(tc.cur)); string(ref) != tc.want {
			t.Errorf("reference(%s, %s) = %s, want %s", tc.prev, tc.cur, ref, tc.want)
		}
	}
}

// FuzzPreviousAttributes checks the scanner against encoding/json on
// objects as encode writes them.
func FuzzPreviousAttributes(f *testing.F) {
	f.Add(`{"a":1,"b":"x"}`, `{"a":2,"b":"x"}`)
	f.Add(`{"a":{"b":[1,{"c":"\"}"}]}}`, `{"a":{"b":[1,{"c":"\"]"}]},"d":null}`)
	f.Fuzz(func(t *testing.T, a, b string) {
		var va, vb map[string]any
		if json.Unmarshal([]byte(a), &va) != nil || json.Unmarshal([]byte(b), &vb) != nil || va == nil || vb == nil {
			return // the fake renders objects only
		}
		// Re-encode so both inputs are compact, as the fake's renderings are.
		pa, pb := encode(va), encode(vb)
		got := previousAttributes(pa, pb)
		want := referencePreviousAttributes(pa, pb)
		if !bytes.Equal(got, want) {
			t.Fatalf("previousAttributes(%s, %s) = %s, want %s", pa, pb, got, want)
		}
	})
}

func TestMatchEventType(t *testing.T) {
	cases := []struct {
		pattern, typ string
		want         bool
	}{
		{"charge.succeeded", "charge.succeeded", true},
		{"charge.succeeded", "charge.failed", false},
		{"charge.*", "charge.refund.updated", true},
		{"charge.*", "customer.created", false},
		{"*", "balance.available", true},
		{"*.updated", "payout.updated", true},
		{"*.updated", "payout.paid", false},
		{"customer.*.created", "customer.source.created", true},
		{"customer.*.created", "customer.created", false},
	}
	for _, tc := range cases {
		if got := state.MatchEventType(tc.pattern, tc.typ); got != tc.want {
			t.Errorf("MatchEventType(%q, %q) = %v, want %v", tc.pattern, tc.typ, got, tc.want)
		}
	}
}

// BenchmarkPublish measures what turning a change's intents into stored
// events costs, against only draining them: the price of the event log
// itself, apart from the change and the HTTP request around it.
func BenchmarkPublish(b *testing.B) {
	name := []string{"Ada", "Grace"}
	cases := []struct {
		name   string
		change func(b *testing.B, st *state.State, i int)
	}{
		{"customer.created", func(b *testing.B, st *state.State, _ int) {
			if _, err := st.CreateCustomer(state.CustomerParams{}); err != nil {
				b.Fatal(err)
			}
		}},
		{"customer.updated", func(b *testing.B, st *state.State, i int) {
			if _, err := st.UpdateCustomer(st.AllCustomers()[0].ID, state.CustomerParams{Name: &name[i%2]}); err != nil {
				b.Fatal(err)
			}
		}},
		{"charge.succeeded", func(b *testing.B, st *state.State, _ int) {
			src := "tok_visa"
			if _, err := st.CreateCharge(state.ChargeParams{Amount: 1000, Currency: "usd", Source: &src}); err != nil {
				b.Fatal(err)
			}
		}},
	}
	for _, tc := range cases {
		for _, publish := range []bool{false, true} {
			label := tc.name + "/drain only"
			if publish {
				label = tc.name + "/publish"
			}
			b.Run(label, func(b *testing.B) {
				a := New(Config{})
				a.st.CreateCustomer(state.CustomerParams{})
				a.st.DrainEvents()
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					tc.change(b, a.st, i)
					if publish {
						a.collect(nil, nil)
					} else {
						a.st.DrainEvents()
					}
				}
			})
		}
	}
}
