package search

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeDoc is a searchable object: fields absent from the map are null.
type fakeDoc struct {
	id       string
	fields   map[string]string
	metadata map[string]string
}

func (d fakeDoc) Field(name string) (string, bool) {
	v, ok := d.fields[name]
	return v, ok
}

func (d fakeDoc) MetadataValue(key string) (string, bool) {
	v, ok := d.metadata[key]
	return v, ok
}

var docs = []fakeDoc{
	{id: "amy", fields: map[string]string{
		"email": "Amy@RocketRides.io", "name": "Amy Tan Lee", "currency": "usd",
		"amount": "1000", "created": "1620310503", "refunded": "true",
		"payment_method_details.card.last4": "4242",
	}, metadata: map[string]string{"donation-id": "asdf-jkl", "tier": "Gold"}},
	{id: "bob", fields: map[string]string{
		"email": "bob@example.com", "name": "Bob", "currency": "eur",
		"amount": "50", "created": "1700000000", "refunded": "false",
		"payment_method_details.card.last4": "0005",
	}, metadata: map[string]string{"tier": "silver"}},
	// cleo has null name and email (absent), an empty phone, and no metadata.
	{id: "cleo", fields: map[string]string{
		"phone": "", "currency": "USD", "amount": "99999999999999999999", "created": "1",
	}},
}

func TestMatch(t *testing.T) {
	tests := []struct {
		query string
		want  []string
	}{
		// Token (Stripe "string") exact match: words in order, any case.
		{`email:"amy@rocketrides.io"`, []string{"amy"}},
		{`name:"amy tan"`, []string{"amy"}},
		{`name:"TAN LEE"`, []string{"amy"}},
		{`name:"tan"`, []string{"amy"}},
		{`name:"amy lee"`, nil},
		{`name:"am"`, nil},
		{`name:""`, nil},
		{`-name:"amy"`, []string{"bob", "cleo"}},
		// Substring, case-insensitive.
		{`email~"ROCKET"`, []string{"amy"}},
		{`email~".com"`, []string{"bob"}},
		{`name~"y t"`, []string{"amy"}},
		// String (Stripe "token") exact match: whole value, any case.
		{`currency:"usd"`, []string{"amy", "cleo"}},
		{`currency:"US"`, nil},
		{`-currency:"usd"`, []string{"bob"}},
		{`payment_method_details.card.last4:4242`, []string{"amy"}},
		{`payment_method_details.card.last4:"0005"`, []string{"bob"}},
		// Numbers compare numerically, not as text, and exactly.
		{`amount>100`, []string{"amy", "cleo"}},
		{`amount>=1000`, []string{"amy", "cleo"}},
		{`amount<1000`, []string{"bob"}},
		{`amount<=1000.0`, []string{"amy", "bob"}},
		{`amount:1000`, []string{"amy"}},
		{`amount=50`, []string{"bob"}},
		{`amount:"0050"`, []string{"bob"}},
		{`amount>99999999999999999998`, []string{"cleo"}},
		{`amount>999.5`, []string{"amy", "cleo"}},
		{`created<1620310504 created>1`, []string{"amy"}},
		{`-amount>100`, []string{"bob"}},
		// Booleans.
		{`refunded:"true"`, []string{"amy"}},
		{`refunded:FALSE`, []string{"bob"}},
		{`refunded:null`, []string{"cleo"}},
		// Null: absent or empty.
		{`name:null`, []string{"cleo"}},
		{`-name:null`, []string{"amy", "bob"}},
		{`phone:null`, []string{"amy", "bob", "cleo"}},
		{`name:"null"`, nil},
		// Metadata: exact, any case; null tests presence of the key.
		{`metadata["donation-id"]:"asdf-jkl"`, []string{"amy"}},
		{`metadata['tier']:'gold'`, []string{"amy"}},
		{`metadata["tier"]:"gol"`, nil},
		{`metadata["Tier"]:"gold"`, nil},
		{`-metadata["donation-id"]:null`, []string{"amy"}},
		{`metadata["donation-id"]:null`, []string{"bob", "cleo"}},
		{`-metadata["tier"]:"gold"`, []string{"bob", "cleo"}},
		// AND and OR.
		{`currency:"usd" amount>100`, []string{"amy", "cleo"}},
		{`currency:"usd" AND refunded:"true"`, []string{"amy"}},
		{`currency:"eur" OR name:null`, []string{"bob", "cleo"}},
		{`currency:"gbp" OR amount<0`, nil},
		{`-currency:"usd" or -name:null`, []string{"amy", "bob"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := Parse(tt.query, testFields)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.query, err)
			}
			var got []string
			for _, d := range docs {
				if q.Match(d) {
					got = append(got, d.id)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s matched (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestMatchUnparsableDocNumber(t *testing.T) {
	q, err := Parse(`amount>1`, testFields)
	if err != nil {
		t.Fatal(err)
	}
	d := fakeDoc{fields: map[string]string{"amount": "1e9"}}
	if q.Match(d) {
		t.Errorf("%s matched a document whose amount is not a decimal number", q)
	}
	if !(Clause{Negated: true, Field: "amount", Kind: Number, Op: OpGT, Value: "1"}).Match(d) {
		t.Errorf("the negation of a clause that cannot match should match")
	}
}

func TestMatchNilQueryMatchesAll(t *testing.T) {
	var q *Query
	if !q.Match(docs[0]) {
		t.Error("a nil Query should match everything")
	}
	if got := q.String(); got != "" {
		t.Errorf("nil Query String() = %q, want empty", got)
	}
}
