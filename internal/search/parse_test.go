package search

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// testFields has one field of every Kind, named as Stripe's resources name
// them.
var testFields = Fields{
	"email":                             Token,
	"name":                              Token,
	"phone":                             String,
	"currency":                          String,
	"payment_method_details.card.last4": String,
	"amount":                            Number,
	"created":                           Number,
	"refunded":                          Boolean,
	"metadata":                          Metadata,
}

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  *Query
	}{
		{"exact token field", `email:"amy@rocketrides.io"`, &Query{Clauses: []Clause{
			{Field: "email", Kind: Token, Op: OpExact, Value: "amy@rocketrides.io"}}}},
		{"substring", `email~"amy"`, &Query{Clauses: []Clause{
			{Field: "email", Kind: Token, Op: OpSubstring, Value: "amy"}}}},
		{"single quotes", `currency:'usd'`, &Query{Clauses: []Clause{
			{Field: "currency", Kind: String, Op: OpExact, Value: "usd"}}}},
		{"escaped double quote", `name:"the story called \"The Sky and the Sea.\""`, &Query{Clauses: []Clause{
			{Field: "name", Kind: Token, Op: OpExact, Value: `the story called "The Sky and the Sea."`}}}},
		{"escaped single quote and backslash", `name:'O\'Brien \\ co'`, &Query{Clauses: []Clause{
			{Field: "name", Kind: Token, Op: OpExact, Value: `O'Brien \ co`}}}},
		{"other backslashes are literal", `name:"a\nb"`, &Query{Clauses: []Clause{
			{Field: "name", Kind: Token, Op: OpExact, Value: `a\nb`}}}},
		{"other quote needs no escape", `name:"it's"`, &Query{Clauses: []Clause{
			{Field: "name", Kind: Token, Op: OpExact, Value: "it's"}}}},
		{"bare number on token field", `payment_method_details.card.last4:4242`, &Query{Clauses: []Clause{
			{Field: "payment_method_details.card.last4", Kind: String, Op: OpExact, Value: "4242"}}}},
		{"number exact", `amount:1000`, &Query{Clauses: []Clause{
			{Field: "amount", Kind: Number, Op: OpExact, Value: "1000"}}}},
		{"number equals", `amount=1000`, &Query{Clauses: []Clause{
			{Field: "amount", Kind: Number, Op: OpEq, Value: "1000"}}}},
		{"greater", `created>1620310503`, &Query{Clauses: []Clause{
			{Field: "created", Kind: Number, Op: OpGT, Value: "1620310503"}}}},
		{"less", `amount<50`, &Query{Clauses: []Clause{
			{Field: "amount", Kind: Number, Op: OpLT, Value: "50"}}}},
		{"greater or equal, quoted number", `amount>="10"`, &Query{Clauses: []Clause{
			{Field: "amount", Kind: Number, Op: OpGTE, Value: "10"}}}},
		{"less or equal, negative decimal", `amount<=-2.5`, &Query{Clauses: []Clause{
			{Field: "amount", Kind: Number, Op: OpLTE, Value: "-2.5"}}}},
		{"boolean quoted", `refunded:"true"`, &Query{Clauses: []Clause{
			{Field: "refunded", Kind: Boolean, Op: OpExact, Value: "true"}}}},
		{"boolean bare", `refunded:FALSE`, &Query{Clauses: []Clause{
			{Field: "refunded", Kind: Boolean, Op: OpExact, Value: "FALSE"}}}},
		{"metadata double quotes", `metadata["donation-id"]:"asdf-jkl"`, &Query{Clauses: []Clause{
			{Field: "metadata", Key: "donation-id", Kind: Metadata, Op: OpExact, Value: "asdf-jkl"}}}},
		{"metadata single quotes", `metadata['key']:'value'`, &Query{Clauses: []Clause{
			{Field: "metadata", Key: "key", Kind: Metadata, Op: OpExact, Value: "value"}}}},
		{"metadata key with bracket and escaped quote", `metadata["a]\"b"]:"v"`, &Query{Clauses: []Clause{
			{Field: "metadata", Key: `a]"b`, Kind: Metadata, Op: OpExact, Value: "v"}}}},
		{"null", `name:null`, &Query{Clauses: []Clause{
			{Field: "name", Kind: Token, Op: OpExact, Null: true}}}},
		{"NULL any case", `amount:NULL`, &Query{Clauses: []Clause{
			{Field: "amount", Kind: Number, Op: OpExact, Null: true}}}},
		{"quoted null is a string", `name:"null"`, &Query{Clauses: []Clause{
			{Field: "name", Kind: Token, Op: OpExact, Value: "null"}}}},
		{"negated metadata null", `-metadata["donation-id"]:null`, &Query{Clauses: []Clause{
			{Negated: true, Field: "metadata", Key: "donation-id", Kind: Metadata, Op: OpExact, Null: true}}}},
		{"negation", `-currency:"jpy"`, &Query{Clauses: []Clause{
			{Negated: true, Field: "currency", Kind: String, Op: OpExact, Value: "jpy"}}}},
		{"implicit AND", `email:"a@b.c" metadata["key"]:"value"`, &Query{Clauses: []Clause{
			{Field: "email", Kind: Token, Op: OpExact, Value: "a@b.c"},
			{Field: "metadata", Key: "key", Kind: Metadata, Op: OpExact, Value: "value"}}}},
		{"explicit AND, lower case", `currency:"usd" and amount>100`, &Query{Clauses: []Clause{
			{Field: "currency", Kind: String, Op: OpExact, Value: "usd"},
			{Field: "amount", Kind: Number, Op: OpGT, Value: "100"}}}},
		{"explicit AND mixed with spaces", `currency:"usd" AND amount>100 created<5`, &Query{Clauses: []Clause{
			{Field: "currency", Kind: String, Op: OpExact, Value: "usd"},
			{Field: "amount", Kind: Number, Op: OpGT, Value: "100"},
			{Field: "created", Kind: Number, Op: OpLT, Value: "5"}}}},
		{"OR", `currency:"usd" OR currency:"eur" Or currency:"gbp"`, &Query{Or: true, Clauses: []Clause{
			{Field: "currency", Kind: String, Op: OpExact, Value: "usd"},
			{Field: "currency", Kind: String, Op: OpExact, Value: "eur"},
			{Field: "currency", Kind: String, Op: OpExact, Value: "gbp"}}}},
		{"spaces around operator and edges", "  metadata['k']: 'v'\t AND\namount >= 3  ", &Query{Clauses: []Clause{
			{Field: "metadata", Key: "k", Kind: Metadata, Op: OpExact, Value: "v"},
			{Field: "amount", Kind: Number, Op: OpGTE, Value: "3"}}}},
		{"ten clauses", strings.Repeat(`amount>1 `, 10), &Query{Clauses: repeatClause(
			Clause{Field: "amount", Kind: Number, Op: OpGT, Value: "1"}, 10)}},
		{"substring of exactly three characters", `name~"é b"`, &Query{Clauses: []Clause{
			{Field: "name", Kind: Token, Op: OpSubstring, Value: "é b"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.query, testFields)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.query, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.query, diff)
			}
			// The canonical form must read back to the same query.
			again, err := Parse(got.String(), testFields)
			if err != nil {
				t.Fatalf("Parse(%q) of the canonical form error: %v", got.String(), err)
			}
			if diff := cmp.Diff(got, again); diff != "" {
				t.Errorf("canonical form %q does not round-trip (-first +second):\n%s", got.String(), diff)
			}
		})
	}
}

func repeatClause(c Clause, n int) []Clause {
	out := make([]Clause, n)
	for i := range out {
		out[i] = c
	}
	return out
}

func TestParseErrors(t *testing.T) {
	const (
		parse = "We were unable to parse your search query. "
		hint  = " Try using the format `metadata[\"key\"]:\"value\"` to query for metadata or key:\"value\" to query for other fields."
	)
	tests := []struct {
		name  string
		query string
		want  string
	}{
		{"bare word", `asdf`,
			parse + "Expected an operator (`:`, `~`, `>`, `<`, `>=`, `<=` or `=`) after `asdf` at position 0, but found the end of the query." + hint},
		{"unknown field", `foo:"bar"`,
			"Field `foo` is an unsupported search field. See http://stripe.com/docs/search for a list of supported fields."},
		{"field names are case-sensitive", `Email:"a@b.c"`,
			"Field `Email` is an unsupported search field. See http://stripe.com/docs/search for a list of supported fields."},
		{"whitespace only", " \t ",
			parse + `The query has no clauses; write at least one, such as email:"jenny@example.com".`},
		{"AND then OR", `currency:"usd" AND amount>1 OR amount<5`,
			parse + "You can't combine AND and OR in the same query, but it has `AND` at position 15 and `OR` at position 28."},
		{"OR then AND", `currency:"usd" or amount>1 and amount<5`,
			parse + "You can't combine AND and OR in the same query, but it has `OR` at position 15 and `AND` at position 27."},
		{"space then OR", `currency:"usd" amount>1 OR amount<5`,
			parse + "You can't combine AND and OR in the same query, but it has clauses separated only by a space at position 14 (which means AND) and `OR` at position 24."},
		{"OR then space", `currency:"usd" OR amount>1 amount<5`,
			parse + "You can't combine AND and OR in the same query, but it has `OR` at position 15 and clauses separated only by a space at position 26 (which means AND)."},
		{"eleven clauses", strings.Repeat(`amount>1 `, 11),
			parse + "You can combine up to 10 query clauses in a search, but clause 11 starts at position 90."},
		{"tilde on number", `amount~"100"`,
			"Field `amount` does not support the `~` operator (position 6); it supports `:`, `=`, `>`, `<`, `>=` and `<=`."},
		{"greater than on string", `currency>"usd"`,
			"Field `currency` does not support the `>` operator (position 8); it supports only `:`."},
		{"greater than on token", `email>"a"`,
			"Field `email` does not support the `>` operator (position 5); it supports `:` and `~`."},
		{"equals on token", `email="a@b.c"`,
			"Field `email` does not support the `=` operator (position 5); it supports `:` and `~`."},
		{"tilde on metadata", `metadata["k"]~"value"`,
			"Field `metadata` does not support the `~` operator (position 13); it supports only `:`."},
		{"tilde on boolean", `refunded~"true"`,
			"Field `refunded` does not support the `~` operator (position 8); it supports only `:`."},
		{"substring too short", `email~"am"`,
			"Substring matches (`~`) need at least 3 characters, but `am` at position 6 has 2."},
		{"substring counts characters, not bytes", `name~"éé"`,
			"Substring matches (`~`) need at least 3 characters, but `éé` at position 5 has 2."},
		{"unterminated double quote", `email:"amy`,
			parse + "The string starting with \" at position 6 has no closing \"."},
		{"unterminated single quote", `name:'amy\'`,
			parse + "The string starting with ' at position 5 has no closing '."},
		{"unterminated metadata key", `metadata["key]:v`,
			parse + "The string starting with \" at position 9 has no closing \"."},
		{"empty query", ``,
			"You passed an empty string for 'query'. We assume empty values are an attempt to unset a parameter; however 'query' cannot be unset. You should remove 'query' from your request or supply a non-empty value."},
		{"unquoted string", `currency:usd`,
			"String values must be quoted: write currency:\"usd\" (position 9)."},
		{"unquoted metadata value", `metadata['k']:v`,
			"String values must be quoted: write metadata[\"k\"]:\"v\" (position 14)."},
		{"non-number on number field", `amount>"ten"`,
			"Field `amount` takes a number, but `ten` at position 7 is not one."},
		{"exponent is not a number", `amount>1e3`,
			"Field `amount` takes a number, but `1e3` at position 7 is not one."},
		{"boolean other word", `refunded:"yes"`,
			"Field `refunded` takes only \"true\" or \"false\", but got `yes` at position 9."},
		{"null with comparator", `amount>null`,
			"null can only be used with the `:` operator, as in amount:null (position 7)."},
		{"null with substring", `name~null`,
			"null can only be used with the `:` operator, as in name:null (position 5)."},
		{"metadata without key", `metadata:"v"`,
			"Field `metadata` needs a key, as in metadata[\"key\"]:\"value\" (position 0)."},
		{"key on plain field", `email["x"]:"v"`,
			"Field `email` does not take a key; only metadata does, as in metadata[\"key\"]:\"value\" (position 0)."},
		{"unquoted metadata key", `metadata[key]:"v"`,
			parse + "Expected a quoted key after `metadata[` at position 8, as in metadata[\"key\"], but found `k`." + hint},
		{"quote inside key ends it", `metadata["key]:"v"`,
			parse + "Expected `]` after the key of `metadata` at position 16, but found `v`." + hint},
		{"missing bracket", `metadata["key":"v"`,
			parse + "Expected `]` after the key of `metadata` at position 14, but found `:`." + hint},
		{"missing value", `email:`,
			parse + "Expected a value after `:` at position 5, but the query ended." + hint},
		{"missing value after spaces", `email:   `,
			parse + "Expected a value after `:` at position 5, but the query ended." + hint},
		{"dangling AND", `email:"a@b.c" AND`,
			parse + "Expected a clause after `AND` at position 14, but the query ended."},
		{"dangling or with spaces", `email:"a@b.c" or   `,
			parse + "Expected a clause after `OR` at position 14, but the query ended."},
		{"leading AND", `AND email:"a@b.c"`,
			parse + "Expected an operator (`:`, `~`, `>`, `<`, `>=`, `<=` or `=`) after `AND` at position 0, but found `e`." + hint},
		{"double AND", `email:"a@b.c" AND AND name:"x"`,
			parse + "Expected an operator (`:`, `~`, `>`, `<`, `>=`, `<=` or `=`) after `AND` at position 18, but found `n`." + hint},
		{"space after minus", `- email:"a@b.c"`,
			parse + "Expected a field name right after `-` at position 0, but found ` `." + hint},
		{"minus alone", `-`,
			parse + "Expected a field name right after `-` at position 0, but found the end of the query." + hint},
		{"parentheses", `(email:"a@b.c" OR name:"x")`,
			parse + "Expected a field name at position 0, but found `(`. Parentheses are not supported; join clauses with AND or with OR." + hint},
		{"closing parenthesis", `email:"a@b.c")`,
			parse + "Expected a space, AND or OR after the clause at position 0, but found `)` at position 13. Parentheses are not supported; join clauses with AND or with OR." + hint},
		{"clauses not separated", `email:"a@b.c"name:"x"`,
			parse + "Expected a space, AND or OR after the clause at position 0, but found `n` at position 13." + hint},
		{"keyword glued to value", `email:"a@b.c"AND name:"x"`,
			parse + "Expected a space, AND or OR after the clause at position 0, but found `A` at position 13." + hint},
		{"missing operator", `email "a@b.c"`,
			parse + "Expected an operator (`:`, `~`, `>`, `<`, `>=`, `<=` or `=`) after `email` at position 0, but found `\"`." + hint},
		{"syntax error wins over an earlier unknown field", `foo:"bar" email:"x`,
			parse + "The string starting with \" at position 16 has no closing \"."},
		{"first semantic error wins", `amount>"x" foo:"bar"`,
			"Field `amount` takes a number, but `x` at position 7 is not one."},
		{"position counts characters", `name:"ééé" amount~"100"`,
			"Field `amount` does not support the `~` operator (position 17); it supports `:`, `=`, `>`, `<`, `>=` and `<=`."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse(tt.query, testFields)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tt.query, q)
			}
			code := ""
			if tt.query == "" {
				code = "parameter_invalid_empty"
			}
			want := &apierr.Error{Status: 400, Type: apierr.TypeInvalidRequest, Code: code, Param: "query", Message: tt.want}
			var got *apierr.Error
			if !errors.As(err, &got) {
				t.Fatalf("Parse(%q) error %T %v, want *apierr.Error", tt.query, err, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Parse(%q) error mismatch (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestParseForNamesTheResource(t *testing.T) {
	_, err := ParseFor("payment_intents", `foo:"bar"`, testFields)
	want := &apierr.Error{Status: 400, Type: apierr.TypeInvalidRequest, Param: "query",
		Message: "Field `foo` is an unsupported search field for resource `payment_intents`. See http://stripe.com/docs/search#query-fields-for-payment-intents for a list of supported fields."}
	if diff := cmp.Diff(want, err); diff != "" {
		t.Errorf("ParseFor error mismatch (-want +got):\n%s", diff)
	}
}

func TestParseTooLong(t *testing.T) {
	q := `name:"` + strings.Repeat("x", MaxQueryLength) + `"`
	_, err := Parse(q, testFields)
	want := &apierr.Error{Status: 400, Type: apierr.TypeInvalidRequest, Param: "query",
		Message: "Invalid string: name:\"xxxx...; must be at most 5000 characters"}
	if diff := cmp.Diff(want, err); diff != "" {
		t.Errorf("Parse of a long query error mismatch (-want +got):\n%s", diff)
	}
}

func TestQueryString(t *testing.T) {
	q, err := Parse(`-metadata['a"b']:null or name~'x\'y"z\\' OR amount>=10 OR refunded:true`, testFields)
	if err != nil {
		t.Fatal(err)
	}
	want := `-metadata["a\"b"]:null OR name~"x'y\"z\\" OR amount>="10" OR refunded:"true"`
	if got := q.String(); got != want {
		t.Errorf("String() = %s, want %s", got, want)
	}
}
