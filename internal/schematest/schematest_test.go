package schematest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stripe/stripe-mock/embedded"
)

// fixtures decodes stripe-mock's example resources once; they are the
// closest thing to real API responses available offline.
var fixtures = sync.OnceValues(func() (map[string]json.RawMessage, error) {
	var doc struct {
		Resources map[string]json.RawMessage `json:"resources"`
	}
	err := json.Unmarshal(embedded.OpenAPIFixtures, &doc)
	return doc.Resources, err
})

// fixture returns a fresh, mutable copy of one fixture. Numbers are kept as
// json.Number so that re-encoding does not turn integers into floats.
func fixture(t testing.TB, name string) map[string]any {
	t.Helper()
	all, err := fixtures()
	if err != nil {
		t.Fatal(err)
	}
	raw, ok := all[name]
	if !ok {
		t.Fatalf("no fixture %q", name)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func spec(t testing.TB) *Spec {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// want is an expected problem: the exact path and a substring of the message.
type want struct {
	path, msg string
}

// checkProblems asserts that err lists exactly the wanted problems, in any
// order. Requiring the exact count is what proves anyOf failures are
// reported concisely rather than as every branch's noise.
func checkProblems(t *testing.T, err error, wants []want) {
	t.Helper()
	if len(wants) == 0 {
		if err != nil {
			t.Fatalf("unexpected problems: %v", err)
		}
		return
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got error %v (%T), want *ValidationError", err, err)
	}
	used := make([]bool, len(ve.Problems))
	for _, w := range wants {
		found := false
		for i, p := range ve.Problems {
			if !used[i] && p.Path == w.path && strings.Contains(p.Message, w.msg) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			t.Errorf("missing problem %s: …%s…", w.path, w.msg)
		}
	}
	if len(ve.Problems) != len(wants) {
		t.Errorf("got %d problems, want %d", len(ve.Problems), len(wants))
	}
	if t.Failed() {
		t.Logf("all problems: %v", err)
	}
}

func TestLoadIsCachedAndSafeForConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	got := make([]*Spec, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Load()
			if err != nil {
				t.Error(err)
			}
			got[i] = s
		}()
	}
	wg.Wait()
	for _, s := range got[1:] {
		if s != got[0] {
			t.Fatal("Load returned different *Spec values; it must parse once")
		}
	}
}

// knownBadFixtures are stripe-mock fixtures that do not match the spec they
// ship with. They are listed so the test notices if that ever changes.
var knownBadFixtures = map[string][]want{
	// The fixture's address carries a "zip" key that the address schema
	// does not have.
	"identity.verification_report": {{"/document/address/zip", "unknown property"}},
	// The fixture's card has a "wallet" key, which only exists on
	// payment_method_details_card, not on the card resource.
	"token": {{"/card/wallet", "unknown property"}},
	// The fixture uses an older shape of destination_payment_method_details.
	"treasury.outbound_payment": {
		{"/destination_payment_method_details/billing_details", "missing required property"},
		{"/destination_payment_method_details/destination", "unknown property"},
	},
}

// TestFixturesValidate checks every stripe-mock fixture against the component
// of the same name. It is the broadest evidence that the validator accepts
// real responses, including pre-expanded and sparse ones.
func TestFixturesValidate(t *testing.T) {
	s := spec(t)
	all, err := fixtures()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(all))
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) < 100 {
		t.Fatalf("only %d fixtures; the fixture file changed shape", len(names))
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			checkProblems(t, s.ValidateComponent(name, all[name]), knownBadFixtures[name])
		})
	}
}

func TestValidateComponent(t *testing.T) {
	s := spec(t)
	tests := []struct {
		name      string
		component string
		fixture   string
		// mutate edits the fixture before validation; nil keeps it as is.
		mutate func(m map[string]any)
		// body, when set, replaces the fixture entirely.
		body  string
		wants []want
	}{
		{name: "valid customer", component: "customer", fixture: "customer"},
		{name: "valid charge", component: "charge", fixture: "charge"},
		{name: "valid deleted customer", component: "deleted_customer", fixture: "deleted_customer"},
		{name: "valid event", component: "event", fixture: "event"},
		{
			name: "minimal customer has only the required fields", component: "customer",
			body: `{"id":"cus_1","object":"customer","created":1,"livemode":false}`,
		},
		{
			name: "customer with populated nullable and includable fields", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) {
				m["address"] = map[string]any{"city": "Berlin", "country": "DE", "line1": "x", "line2": nil, "postal_code": "10115", "state": nil}
				m["email"] = "jenny@example.com"
				m["metadata"] = map[string]any{"order": "6735", "a/b~c": ""}
				m["preferred_locales"] = []any{"en", "de"}
				m["invoice_credit_balance"] = map[string]any{"usd": 100}
				m["tax_ids"] = map[string]any{"object": "list", "data": []any{}, "has_more": false, "url": "/v1/customers/cus_1/tax_ids"}
			},
		},
		{
			name: "missing required field", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { delete(m, "created"); delete(m, "livemode") },
			wants: []want{
				{"/created", "missing required property"},
				{"/livemode", "missing required property"},
			},
		},
		{
			name: "extra field", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["nickname"] = "jen" },
			wants:  []want{{"/nickname", "unknown property (not in customer)"}},
		},
		{
			name: "extra field in nested object", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) {
				m["invoice_settings"].(map[string]any)["color"] = "red"
			},
			wants: []want{{"/invoice_settings/color", "unknown property"}},
		},
		{
			name: "null in non-nullable field", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["balance"] = nil; m["metadata"] = nil },
			wants: []want{
				{"/balance", "null is not allowed"},
				{"/metadata", "null is not allowed"},
			},
		},
		{
			name: "null in required non-nullable field", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["id"] = nil },
			wants:  []want{{"/id", "null is not allowed"}},
		},
		{
			name: "string where integer expected", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["balance"] = "100" },
			wants:  []want{{"/balance", "expected integer, got string"}},
		},
		{
			name: "float where integer expected", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["balance"] = json.Number("1.5") },
			wants:  []want{{"/balance", "expected integer, got 1.5"}},
		},
		{
			// stripe-go decodes into int64 and rejects "1.0", so it is not an integer here either.
			name: "integral float where integer expected", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["created"] = json.Number("1234567890.0") },
			wants:  []want{{"/created", "expected integer"}},
		},
		{
			name: "exponent where integer expected", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["balance"] = json.Number("1e3") },
			wants:  []want{{"/balance", "expected integer"}},
		},
		{
			name: "integer overflowing int64", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["balance"] = json.Number("9223372036854775808") },
			wants:  []want{{"/balance", "expected integer"}},
		},
		{
			name: "integer where boolean expected", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["livemode"] = json.Number("0") },
			wants:  []want{{"/livemode", "expected boolean, got integer"}},
		},
		{
			name: "object where array expected", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["preferred_locales"] = map[string]any{} },
			wants:  []want{{"/preferred_locales", "expected array, got object"}},
		},
		{
			name: "wrong array item", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["preferred_locales"] = []any{"en", true} },
			wants:  []want{{"/preferred_locales/1", "expected string, got boolean"}},
		},
		{
			name: "bad enum", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["tax_exempt"] = "sometimes" },
			wants:  []want{{"/tax_exempt", `"sometimes" is not one of the allowed values ["exempt", "none", "reverse"]`}},
		},
		{
			name: "bad object enum", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["object"] = "client" },
			wants:  []want{{"/object", "not one of the allowed values"}},
		},
		{
			name: "empty string is not in an enum that lacks it", component: "charge", fixture: "charge",
			mutate: func(m map[string]any) { m["status"] = "" },
			wants:  []want{{"/status", `"" is not one of`}},
		},
		{
			name: "boolean enum", component: "deleted_customer", fixture: "deleted_customer",
			mutate: func(m map[string]any) { m["deleted"] = false },
			wants:  []want{{"/deleted", "false is not one of the allowed values [true]"}},
		},
		{
			name: "metadata value too long", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["metadata"] = map[string]any{"k": strings.Repeat("x", 501)} },
			wants:  []want{{"/metadata/k", "exceeds maxLength 500"}},
		},
		{
			// maxLength counts characters, not bytes: 500 two-byte runes fit.
			name: "metadata value at maxLength in runes", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["metadata"] = map[string]any{"k": strings.Repeat("é", 500)} },
		},
		{
			name: "metadata value not a string, key escaped", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["metadata"] = map[string]any{"a/b~c": json.Number("1")} },
			wants:  []want{{"/metadata/a~1b~0c", "expected string, got integer"}},
		},
		{
			name: "additionalProperties integer map", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) { m["invoice_credit_balance"] = map[string]any{"usd": "10"} },
			wants:  []want{{"/invoice_credit_balance/usd", "expected integer, got string"}},
		},
		{
			name: "nullable anyOf wrapper with invalid nested object", component: "customer", fixture: "customer",
			mutate: func(m map[string]any) {
				m["address"] = map[string]any{"city": json.Number("10"), "country": nil, "line1": nil, "line2": nil, "postal_code": nil, "state": nil, "zip": "x"}
			},
			// A single-branch anyOf reports the branch's problems without a summary.
			wants: []want{
				{"/address/city", "expected string, got integer"},
				{"/address/zip", "unknown property (not in address)"},
			},
		},
		{
			name: "expanded customer in charge", component: "charge", fixture: "charge",
			mutate: func(m map[string]any) { m["customer"] = fixture(t, "customer") },
		},
		{
			name: "expanded deleted customer in charge", component: "charge", fixture: "charge",
			mutate: func(m map[string]any) { m["customer"] = fixture(t, "deleted_customer") },
		},
		{
			name: "invalid expanded customer in charge", component: "charge", fixture: "charge",
			mutate: func(m map[string]any) {
				c := fixture(t, "customer")
				c["address"] = map[string]any{"city": false}
				delete(c, "created")
				m["customer"] = c
			},
			// Only the customer branch is reported: not "expected string"
			// from the id branch, nor deleted_customer's complaints.
			wants: []want{
				{"/customer", "matches none of string | customer | deleted_customer; problems when read as customer follow"},
				{"/customer/created", "missing required property"},
				// address has no required properties in this spec, so
				// the partial address only fails on its city.
				{"/customer/address/city", "expected string, got boolean"},
			},
		},
		{
			name: "expandable field of the wrong JSON type", component: "charge", fixture: "charge",
			mutate: func(m map[string]any) { m["customer"] = json.Number("42") },
			wants:  []want{{"/customer", "expected string or customer or deleted_customer, got integer"}},
		},
		{
			name: "expandable field with an id that is too long", component: "charge", fixture: "charge",
			mutate: func(m map[string]any) { m["customer"] = strings.Repeat("c", 5001) },
			wants: []want{
				{"/customer", "matches none of"},
				{"/customer", "exceeds maxLength 5000"},
			},
		},
		{
			name: "invalid item in nested list", component: "charge", fixture: "charge",
			mutate: func(m map[string]any) {
				m["refunds"].(map[string]any)["data"] = []any{map[string]any{"object": "refund", "id": "re_1"}}
			},
			wants: []want{
				{"/refunds/data/0/amount", "missing required property"},
				{"/refunds/data/0/created", "missing required property"},
				{"/refunds/data/0/currency", "missing required property"},
			},
		},
		{
			name: "charge with everything wrong reports every problem", component: "charge", fixture: "charge",
			mutate: func(m map[string]any) {
				m["amount"] = "100"
				m["paid"] = nil
				m["status"] = "done"
				m["extra"] = true
				delete(m, "currency")
			},
			wants: []want{
				{"/amount", "expected integer"},
				{"/paid", "null is not allowed"},
				{"/status", "not one of"},
				{"/extra", "unknown property"},
				{"/currency", "missing required property"},
			},
		},
		{name: "valid error", component: "error", body: `{"error":{"type":"card_error","code":"card_declined","decline_code":"generic_decline","message":"Your card was declined.","param":"","charge":"ch_1","doc_url":"https://stripe.com/docs/error-codes/card-declined","request_log_url":"https://dashboard.stripe.com/test/logs/req_1"}}`},
		{
			name: "error with wrong type value", component: "error",
			body:  `{"error":{"type":"card_declined","message":"Declined"}}`,
			wants: []want{{"/error/type", `"card_declined" is not one of the allowed values`}},
		},
		{
			name: "error with mistyped fields", component: "error",
			body: `{"error":{"type":400,"message":null,"status":400}}`,
			wants: []want{
				{"/error/type", "expected string, got integer"},
				{"/error/message", "null is not allowed"},
				{"/error/status", "unknown property (not in api_errors)"},
			},
		},
		{
			name: "error envelope is not an object", component: "error",
			body:  `{"error":"Your card was declined."}`,
			wants: []want{{"/error", "expected object, got string"}},
		},
		{
			name: "error envelope missing", component: "error",
			body:  `{"message":"Your card was declined.","type":"card_error"}`,
			wants: []want{{"/error", "missing required property"}, {"/message", "unknown property"}, {"/type", "unknown property"}},
		},
		{
			name: "event with invalid payload", component: "event", fixture: "event",
			mutate: func(m map[string]any) {
				c := fixture(t, "customer")
				c["balance"] = "0"
				m["type"] = "customer.updated"
				m["data"] = map[string]any{"object": c, "previous_attributes": map[string]any{"email": nil, "colour": "red"}}
			},
			wants: []want{
				{"/data/object", "matches none of customer | deleted_customer"},
				{"/data/object/balance", "expected integer"},
				{"/data/previous_attributes/colour", `not a property of "customer"`},
			},
		},
		{
			name: "event payload without object field", component: "event", fixture: "event",
			mutate: func(m map[string]any) { m["data"] = map[string]any{"object": map[string]any{"id": "cus_1"}} },
			wants:  []want{{"/data/object/object", `no string "object" field`}},
		},
		{
			name: "event payload of unknown type", component: "event", fixture: "event",
			mutate: func(m map[string]any) { m["data"] = map[string]any{"object": map[string]any{"object": "widget"}} },
			wants:  []want{{"/data/object/object", `"widget", which is no resource`}},
		},
		{
			name: "event missing data", component: "event", fixture: "event",
			mutate: func(m map[string]any) { delete(m, "data"); m["request"] = "req_1" },
			wants: []want{
				{"/data", "missing required property"},
				{"/request", "expected object, got string"},
			},
		},
		{name: "not JSON", component: "customer", body: `{"id":`, wants: []want{{"", "not valid JSON"}}},
		{name: "trailing data", component: "customer", body: `{} {}`, wants: []want{{"", "trailing data"}}},
		{name: "array instead of object", component: "customer", body: `[]`, wants: []want{{"", "expected object, got array"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := []byte(tt.body)
			if tt.body == "" {
				m := fixture(t, tt.fixture)
				if tt.mutate != nil {
					tt.mutate(m)
				}
				body = mustJSON(t, m)
			}
			checkProblems(t, s.ValidateComponent(tt.component, body), tt.wants)
		})
	}
}

func TestValidateComponentUnknown(t *testing.T) {
	err := spec(t).ValidateComponent("widget", []byte(`{}`))
	if err == nil || !strings.Contains(err.Error(), `no component schema "widget"`) {
		t.Fatalf("got %v, want an unknown-component error", err)
	}
}

func TestValidateResponse(t *testing.T) {
	s := spec(t)
	customer := mustJSON(t, fixture(t, "customer"))
	deleted := mustJSON(t, fixture(t, "deleted_customer"))
	list := func(url string, items ...[]byte) []byte {
		return fmt.Appendf(nil, `{"object":"list","data":[%s],"has_more":false,"url":%q}`, bytes.Join(items, []byte(",")), url)
	}
	search := fmt.Appendf(nil, `{"object":"search_result","data":[%s],"has_more":false,"next_page":null,"url":"/v1/customers/search"}`, customer)
	errBody := []byte(`{"error":{"type":"invalid_request_error","message":"No such customer: 'cus_x'","param":"id","code":"resource_missing"}}`)
	tests := []struct {
		name         string
		method, path string
		status       int
		body         []byte
		// wantErr is a substring of the error, or "" for success.
		wantErr string
	}{
		{"retrieve customer", "GET", "/v1/customers/cus_x", 200, customer, ""},
		{"retrieve deleted customer", "GET", "/v1/customers/cus_x", 200, deleted, ""},
		{"query string is ignored", "GET", "/v1/customers/cus_x?expand[]=sources", 200, customer, ""},
		{"method is case-insensitive", "get", "/v1/customers/cus_x", 200, customer, ""},
		{"retrieve returns a charge", "GET", "/v1/customers/cus_x", 200, mustJSON(t, fixture(t, "charge")), "matches none of customer | deleted_customer"},
		{"search is routed to the search schema", "GET", "/v1/customers/search", 200, search, ""},
		{"search is not routed to retrieve", "GET", "/v1/customers/search", 200, customer, `"customer" is not one of the allowed values ["search_result"]`},
		{"list", "GET", "/v1/customers", 200, list("/v1/customers", customer), ""},
		{"list url must match the pattern", "GET", "/v1/customers", 200, list("/v1/charges", customer), "does not match pattern ^/v1/customers"},
		{"list item invalid", "GET", "/v1/customers", 200, list("/v1/customers", []byte(`{"object":"customer"}`)), "/data/0/created: missing required property"},
		{"create", "POST", "/v1/customers", 200, customer, ""},
		{"update", "POST", "/v1/customers/cus_x", 200, customer, ""},
		{"delete", "DELETE", "/v1/customers/cus_x", 200, deleted, ""},
		{"delete must return the deleted shape", "DELETE", "/v1/customers/cus_x", 200, customer, "/deleted: missing required property"},
		{"nested sub-resource", "GET", "/v1/customers/cus_x/tax_ids", 200, list("/v1/customers/cus_x/tax_ids"), ""},
		{"400 uses the error schema", "POST", "/v1/customers/cus_x", 400, errBody, ""},
		{"404 uses the error schema", "GET", "/v1/customers/cus_x", 404, errBody, ""},
		{"402 card error", "POST", "/v1/charges", 402, []byte(`{"error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}`), ""},
		{"error status with a resource body", "GET", "/v1/customers/cus_x", 404, customer, "/error: missing required property"},
		{"success status with an error body", "GET", "/v1/customers/cus_x", 200, errBody, "matches none of"},
		{"non-JSON response is not validated", "GET", "/v1/quotes/qt_1/pdf", 200, []byte("%PDF-1.4"), ""},
		{"unknown path", "GET", "/v1/widgets", 200, []byte(`{}`), "no operation in the 2023-10-16 spec matches path /v1/widgets"},
		{"unknown nested path", "GET", "/v1/customers/cus_x/widgets", 200, []byte(`{}`), "no operation"},
		{"empty id segment", "GET", "/v1/customers/", 200, customer, "no operation"},
		{"unknown method", "PUT", "/v1/customers/cus_x", 200, customer, "has no PUT operation"},
		{"invalid JSON", "GET", "/v1/customers/cus_x", 200, []byte("<html>"), "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.ValidateResponse(tt.method, tt.path, tt.status, tt.body)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("got nil, want error containing %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("got %v\nwant it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestMatchPrefersLiteralSegments(t *testing.T) {
	s := spec(t)
	tests := map[string]string{
		"/v1/customers/search":               "/v1/customers/search",
		"/v1/customers/cus_1":                "/v1/customers/{customer}",
		"/v1/customers/cus_1/sources/card_1": "/v1/customers/{customer}/sources/{id}",
		"/v1/payment_intents/search":         "/v1/payment_intents/search",
		"/v1/payment_intents/pi_1/capture":   "/v1/payment_intents/{intent}/capture",
		"/v1/charges/ch_1/refunds/re_1":      "/v1/charges/{charge}/refunds/{refund}",
	}
	for path, tmpl := range tests {
		r := s.match(path)
		if r == nil || r.template != tmpl {
			got := "<nil>"
			if r != nil {
				got = r.template
			}
			t.Errorf("match(%q) = %s, want %s", path, got, tmpl)
		}
	}
}

// recorder is a testing.TB that records Errorf calls, so that Check and
// Transport can be tested without failing this test.
type recorder struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestCheck(t *testing.T) {
	rec := &recorder{TB: t}
	Check(rec, "GET", "/v1/customers/cus_x", 200, mustJSON(t, fixture(t, "customer")))
	if len(rec.errors) != 0 {
		t.Fatalf("valid body reported: %v", rec.errors)
	}
	Check(rec, "GET", "/v1/customers/cus_x", 200, []byte(`{"object":"customer","id":"cus_x"}`))
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "GET /v1/customers/cus_x -> 200") {
		t.Fatalf("got %q, want one error naming the request", rec.errors)
	}
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestTransport(t *testing.T) {
	customer := mustJSON(t, fixture(t, "customer"))
	tests := []struct {
		name       string
		url        string
		status     int
		body       []byte
		wantErrors int
	}{
		{"valid response", "https://api.stripe.com/v1/customers/cus_x?expand[]=sources", 200, customer, 0},
		{"invalid response", "https://api.stripe.com/v1/customers/cus_x", 200, []byte(`{"object":"customer"}`), 1},
		{"error response", "https://api.stripe.com/v1/customers/cus_x", 404, []byte(`{"error":{"type":"invalid_request_error"}}`), 0},
		{"unknown route", "https://api.stripe.com/v1/nope", 404, []byte(`{"error":{"type":"invalid_request_error"}}`), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: tt.status, Body: io.NopCloser(bytes.NewReader(tt.body)), Request: r}, nil
			})
			client := &http.Client{Transport: Transport(rec, base)}
			resp, err := client.Get(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.body) {
				t.Errorf("caller saw body %q, want %q", got, tt.body)
			}
			if len(rec.errors) != tt.wantErrors {
				t.Errorf("got %d reported problems, want %d: %q", len(rec.errors), tt.wantErrors, rec.errors)
			}
		})
	}
}

func TestTransportPassesErrorsThrough(t *testing.T) {
	rec := &recorder{TB: t}
	boom := errors.New("boom")
	tr := Transport(rec, roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, boom }))
	req, err := http.NewRequest("GET", "https://api.stripe.com/v1/customers", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.RoundTrip(req); !errors.Is(err, boom) {
		t.Fatalf("got %v, want the base transport's error", err)
	}
	if len(rec.errors) != 0 {
		t.Fatalf("transport errors must not be reported as schema problems: %q", rec.errors)
	}
	if Transport(rec, nil) == nil {
		t.Fatal("Transport with a nil base must fall back to http.DefaultTransport")
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := parse(embedded.OpenAPISpec); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateComponent(b *testing.B) {
	s := spec(b)
	c := fixture(b, "charge")
	c["customer"] = fixture(b, "customer")
	body := mustJSON(b, c)
	for b.Loop() {
		if err := s.ValidateComponent("charge", body); err != nil {
			b.Fatal(err)
		}
	}
}
