package fakestripe_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"

	"github.com/fakestripe/fakestripe"
)

func TestAuthentication(t *testing.T) {
	fake := fakestripe.New(t)
	basic := func(key string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":")) }
	tests := []struct {
		name, auth string
		status     int
		message    string
		code       string
	}{
		{"bearer test key", "Bearer sk_test_abc", 200, "", ""},
		{"basic test key", basic("sk_test_abc"), 200, "", ""},
		{"no key", "", 401, "You did not provide an API key.", ""},
		{"unknown key", "Bearer nonsense_1234", 401, "Invalid API Key provided: *********1234", ""},
		{"bare prefix", "Bearer sk_test_", 401, "Invalid API Key provided: sk_test_", ""},
		{"live key", "Bearer sk_live_abcdefgh1234", 401, "Invalid API Key provided: sk_live_********1234. This is a live mode key", ""},
		{"publishable key", "Bearer pk_test_abcdefgh1234", 403, "This API call cannot be made with a publishable API key.", "secret_key_required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, fake, "GET", "/v1/customers", "", "Authorization", tc.auth)
			require.Equal(t, tc.status, r.status, string(r.body))
			assert.True(t, strings.HasPrefix(r.header.Get("Request-Id"), "req_"))
			if tc.status == 200 {
				return
			}
			e := r.errorBody(t)
			assert.Equal(t, "invalid_request_error", e["type"])
			assert.True(t, strings.HasPrefix(e["message"].(string), tc.message), "message %q does not start with %q", e["message"], tc.message)
			if tc.code != "" {
				assert.Equal(t, tc.code, e["code"])
			} else {
				assert.NotContains(t, e, "code")
			}
		})
	}
}

func TestAPIKeysOption(t *testing.T) {
	fake := fakestripe.New(t, fakestripe.WithAPIKeys("sk_test_only"))
	assert.Equal(t, 200, do(t, fake, "GET", "/v1/customers", "", "Authorization", "Bearer sk_test_only").status)
	r := do(t, fake, "GET", "/v1/customers", "", "Authorization", "Bearer sk_test_other")
	assert.Equal(t, 401, r.status)
	assert.Equal(t, "Invalid API Key provided: sk_test_*ther", r.errorBody(t)["message"])
	_, err := fakestripe.NewServer(fakestripe.WithAPIKeys("sk_live_x"))
	assert.Error(t, err)
}

func TestStripeVersionHeader(t *testing.T) {
	fake := fakestripe.New(t)
	tests := []struct {
		sent, echoed string
		status       int
	}{
		{"", "2023-10-16", 200},
		{"2023-10-16", "2023-10-16", 200},
		{"2024-06-20", "2024-06-20", 200},
		{"2025-03-31.basil", "2025-03-31.basil", 200},
		{"2099-01-01.future", "2099-01-01.future", 200},
		{"2019-2-19", "2023-10-16", 400},
		{"2023-10-17", "2023-10-16", 400},
		{"latest", "2023-10-16", 400},
	}
	for _, tc := range tests {
		t.Run(tc.sent, func(t *testing.T) {
			r := do(t, fake, "GET", "/v1/customers", "", "Stripe-Version", tc.sent)
			assert.Equal(t, tc.status, r.status, string(r.body))
			assert.Equal(t, tc.echoed, r.header.Get("Stripe-Version"))
			if tc.status == 400 {
				assert.Equal(t, "Invalid Stripe API version: "+tc.sent, r.errorBody(t)["message"])
			}
		})
	}
}

func TestResponseHeaders(t *testing.T) {
	fake := fakestripe.New(t)
	r := do(t, fake, "POST", "/v1/customers", "name=x", "Idempotency-Key", "key-1")
	require.Equal(t, 200, r.status)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
	assert.Equal(t, "key-1", r.header.Get("Idempotency-Key"))
	assert.Equal(t, r.header.Get("Request-Id"), r.header.Get("Original-Request"))
	assert.Equal(t, "false", r.header.Get("Stripe-Should-Retry"))
	assert.Equal(t, "2023-10-16", r.header.Get("Stripe-Version"))
}

func TestParameterErrors(t *testing.T) {
	fake := fakestripe.New(t)
	tests := []struct {
		name, method, path, body string
		status                   int
		code, param, message     string
	}{
		{"unknown", "POST", "/v1/customers", "nmae=x", 400, "parameter_unknown", "nmae", "Received unknown parameter: nmae. Did you mean name?"},
		{"unknown nested", "POST", "/v1/customers", "address[town]=x", 400, "parameter_unknown", "address[town]", ""},
		{"bad integer", "POST", "/v1/customers", "balance=5.5", 400, "parameter_invalid_integer", "balance", "Invalid integer: 5.5"},
		{"bad enum", "POST", "/v1/customers", "tax_exempt=maybe", 400, "", "tax_exempt", "Invalid tax_exempt: must be one of exempt, none, or reverse"},
		{"too long", "POST", "/v1/customers", "phone=" + strings.Repeat("1", 21), 400, "", "phone", ""},
		{"missing nested", "POST", "/v1/customers", "shipping[phone]=1", 400, "parameter_missing", "shipping[address]", "Missing required param: shipping[address]."},
		{"limit too big", "GET", "/v1/customers?limit=101", "", 400, "", "limit", "This value must be less than or equal to 100."},
		{"limit zero", "GET", "/v1/customers?limit=0", "", 400, "", "limit", "This value must be greater than or equal to 1."},
		{"bad cursor", "GET", "/v1/customers?starting_after=cus_nope", "", 404, "resource_missing", "starting_after", "No such customer: 'cus_nope'"},
		{"bad expand", "GET", "/v1/customers?expand[]=email", "", 400, "", "", "This property cannot be expanded (email)."},
		{"list expand without data", "GET", "/v1/customers?expand[]=default_source", "", 400, "", "", "This property cannot be expanded (default_source). You may want to try expanding 'data.default_source' instead."},
		{"unknown coupon", "POST", "/v1/customers", "coupon=SAVE10", 404, "resource_missing", "coupon", "No such coupon: 'SAVE10'"},
		{"unknown token", "POST", "/v1/customers", "source=tok_nope", 404, "resource_missing", "source", "No such token: 'tok_nope'"},
		{"search without query", "GET", "/v1/customers/search", "", 400, "parameter_missing", "query", "Missing required param: query."},
		{"unknown route", "GET", "/v1/nope", "", 404, "", "", "Unrecognized request URL (GET: /v1/nope). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."},
		{"wrong method", "PUT", "/v1/nope/customers", "", 404, "", "", "Unrecognized request URL (PUT: /v1/nope/customers)."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, fake, tc.method, tc.path, tc.body)
			require.Equal(t, tc.status, r.status, string(r.body))
			e := r.errorBody(t)
			assert.Equal(t, "invalid_request_error", e["type"])
			if tc.code != "" {
				assert.Equal(t, tc.code, e["code"])
				assert.Equal(t, "https://stripe.com/docs/error-codes/"+strings.ReplaceAll(tc.code, "_", "-"), e["doc_url"])
			}
			if tc.param != "" {
				assert.Equal(t, tc.param, e["param"])
			}
			if tc.message != "" {
				assert.True(t, strings.HasPrefix(e["message"].(string), tc.message), "message %q, want prefix %q", e["message"], tc.message)
			}
		})
	}
	// Nothing above created a customer.
	r := do(t, fake, "GET", "/v1/customers", "")
	assert.Empty(t, r.object(t)["data"])
}

func TestListPaginationThroughIterators(t *testing.T) {
	fake, sc := newClient(t)
	var ids []string
	for i := 0; i < 25; i++ {
		c, err := sc.Customers.New(&stripe.CustomerParams{Email: stripe.String(fmt.Sprintf("c%d@example.com", i))})
		require.NoError(t, err)
		ids = append(ids, c.ID)
		if i%7 == 0 {
			fake.Advance(time.Second) // mix distinct and equal timestamps
		}
	}
	newestFirst := make([]string, len(ids))
	for i, id := range ids {
		newestFirst[len(ids)-1-i] = id
	}

	var got []string
	it := sc.Customers.List(&stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(4)}})
	for it.Next() {
		got = append(got, it.Customer().ID)
	}
	require.NoError(t, it.Err())
	if diff := cmp.Diff(newestFirst, got); diff != "" {
		t.Errorf("forward pagination (-want +got):\n%s", diff)
	}

	// Backwards from the oldest: ending_before pages, reversed by the iterator.
	got = nil
	it = sc.Customers.List(&stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(3), EndingBefore: stripe.String(ids[0])}})
	for it.Next() {
		got = append(got, it.Customer().ID)
	}
	require.NoError(t, it.Err())
	if diff := cmp.Diff(ids[1:], got); diff != "" {
		t.Errorf("backward pagination (-want +got):\n%s", diff)
	}
}

func TestListFilters(t *testing.T) {
	fake, sc := newClient(t)
	a, err := sc.Customers.New(&stripe.CustomerParams{Email: stripe.String("a@example.com")})
	require.NoError(t, err)
	fake.Advance(time.Hour)
	b, err := sc.Customers.New(&stripe.CustomerParams{Email: stripe.String("b@example.com")})
	require.NoError(t, err)

	list := func(p *stripe.CustomerListParams) []string {
		var out []string
		it := sc.Customers.List(p)
		for it.Next() {
			out = append(out, it.Customer().ID)
		}
		require.NoError(t, it.Err())
		return out
	}
	assert.Equal(t, []string{a.ID}, list(&stripe.CustomerListParams{Email: stripe.String("a@example.com")}))
	assert.Empty(t, list(&stripe.CustomerListParams{Email: stripe.String("A@example.com")}), "email filter is case-sensitive")
	assert.Equal(t, []string{b.ID}, list(&stripe.CustomerListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThan: a.Created}}))
	assert.Equal(t, []string{a.ID}, list(&stripe.CustomerListParams{Created: stripe.Int64(a.Created)}))
	assert.Equal(t, []string{b.ID, a.ID}, list(&stripe.CustomerListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: a.Created, LesserThanOrEqual: b.Created}}))
}

func TestCustomerSearch(t *testing.T) {
	_, sc := newClient(t)
	mk := func(name, email, plan string) string {
		p := &stripe.CustomerParams{Name: stripe.String(name), Email: stripe.String(email)}
		p.AddMetadata("plan", plan)
		c, err := sc.Customers.New(p)
		require.NoError(t, err)
		return c.ID
	}
	jenny := mk("Jenny Rosen", "jenny@example.com", "pro")
	amy := mk("Amy Pond", "amy@rocketrides.io", "free")
	rory := mk("Rory Williams", "rory@rocketrides.io", "pro")

	search := func(q string) []string {
		var out []string
		it := sc.Customers.Search(&stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: q, Limit: stripe.Int64(1)}})
		for it.Next() {
			out = append(out, it.Customer().ID)
		}
		require.NoError(t, it.Err())
		return out
	}
	tests := []struct {
		query string
		want  []string
	}{
		{`email:"amy@rocketrides.io"`, []string{amy}},
		{`email~"rocketrides"`, []string{rory, amy}},
		{`metadata["plan"]:"pro"`, []string{rory, jenny}},
		{`metadata['plan']:'pro' AND name~"Rosen"`, []string{jenny}},
		{`name:"Amy Pond" OR name:"Rory Williams"`, []string{rory, amy}},
		{`-metadata["plan"]:"pro"`, []string{amy}},
		{`created>0`, []string{rory, amy, jenny}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, search(tc.query)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	p := &stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: `metadata["plan"]:"pro"`, Single: true}}
	p.AddExpand("total_count")
	it := sc.Customers.Search(p)
	require.True(t, it.Next())
	require.NotNil(t, it.CustomerSearchResult().TotalCount)
	assert.Equal(t, uint32(2), *it.CustomerSearchResult().TotalCount)

	it = sc.Customers.Search(&stripe.CustomerSearchParams{SearchParams: stripe.SearchParams{Query: `nosuchfield:"x"`}})
	assert.False(t, it.Next())
	se := stripeErr(t, it.Err())
	assert.Equal(t, 400, se.HTTPStatusCode)
	assert.Equal(t, "query", se.Param)
}

func TestDeterminism(t *testing.T) {
	script := func() []string {
		fake := fakestripe.New(t, fakestripe.WithSeed(42))
		var bodies []string
		for _, step := range []struct{ method, path, body string }{
			{"POST", "/v1/customers", "email=a@example.com&source=tok_visa"},
			{"POST", "/v1/customers", "name=B&metadata[x]=1"},
			{"GET", "/v1/customers?limit=5", ""},
			{"GET", "/v1/customers/search?query=name:%22B%22", ""},
		} {
			r := do(t, fake, step.method, step.path, step.body)
			bodies = append(bodies, r.header.Get("Request-Id")+" "+string(r.body))
		}
		return bodies
	}
	first, second := script(), script()
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("two fakes with one seed differ (-first +second):\n%s", diff)
	}
	same := fakestripe.New(t, fakestripe.WithSeed(42))
	other := fakestripe.New(t, fakestripe.WithSeed(43))
	a := do(t, same, "POST", "/v1/customers", "email=a@example.com&source=tok_visa").object(t)["id"]
	b := do(t, other, "POST", "/v1/customers", "email=a@example.com&source=tok_visa").object(t)["id"]
	assert.NotEqual(t, a, b, "another seed gives other object ids")
}

func TestExpandNested(t *testing.T) {
	fake, sc := newClient(t)
	cus, err := sc.Customers.New(&stripe.CustomerParams{Source: stripe.String("tok_visa"), Email: stripe.String("x@example.com")})
	require.NoError(t, err)
	ch, err := sc.Charges.New(&stripe.ChargeParams{Amount: stripe.Int64(1000), Currency: stripe.String("usd"), Customer: stripe.String(cus.ID)})
	require.NoError(t, err)

	// Four levels: balance transaction → charge → customer → card.
	p := &stripe.BalanceTransactionParams{}
	p.AddExpand("source.customer.default_source")
	bt, err := sc.BalanceTransactions.Get(ch.BalanceTransaction.ID, p)
	require.NoError(t, err)
	require.NotNil(t, bt.Source.Charge)
	require.NotNil(t, bt.Source.Charge.Customer)
	assert.Equal(t, "x@example.com", bt.Source.Charge.Customer.Email)
	require.NotNil(t, bt.Source.Charge.Customer.DefaultSource.Card)
	assert.Equal(t, "4242", bt.Source.Charge.Customer.DefaultSource.Card.Last4)

	// On lists, with data.
	lp := &stripe.ChargeListParams{}
	lp.AddExpand("data.customer")
	lp.AddExpand("data.balance_transaction")
	it := sc.Charges.List(lp)
	require.True(t, it.Next())
	assert.Equal(t, "x@example.com", it.Charge().Customer.Email)
	assert.Equal(t, int64(1000), it.Charge().BalanceTransaction.Amount)

	// Too deep, and through a property that does not expand.
	r := do(t, fake, "GET", "/v1/balance_transactions/"+bt.ID+"?expand[]=source.customer.default_source.customer.default_source", "")
	assert.Equal(t, 400, r.status)
	r = do(t, fake, "GET", "/v1/charges/"+ch.ID+"?expand[]=customer.email", "")
	assert.Equal(t, 400, r.status)
	assert.Equal(t, "This property cannot be expanded (customer.email).", r.errorBody(t)["message"])

	// A null property may be named: nothing to expand, no error.
	r = do(t, fake, "GET", "/v1/charges/"+ch.ID+"?expand[]=invoice&expand[]=refunds.data.balance_transaction", "")
	require.Equal(t, 200, r.status, string(r.body))
	assert.Nil(t, r.object(t)["invoice"])
}
