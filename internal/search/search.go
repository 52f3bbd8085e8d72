// Package search implements Stripe's Search Query Language, the `query`
// parameter of GET /v1/customers/search, /v1/charges/search and
// /v1/payment_intents/search (docs.stripe.com/search#search-query-language).
//
// A query is up to ten clauses `[-]field operator value`, joined either all
// by AND (a space or the keyword) or all by OR; there are no parentheses.
// Parse checks a query against the searchable fields of one resource and
// returns a Query, or a *apierr.Error carrying Stripe's wording where it is
// known; Query.Match then evaluates it against one object at a time.
//
// Stripe's documentation calls its field types "token" (exact match only,
// case-insensitive: currency, status, customer, metadata) and "string"
// (exact match and `~` substring, case-insensitive: email, name, phone). The
// Kind names of this package were fixed before that was known and map the
// other way round: String is Stripe's "token" and Token is Stripe's
// "string". The comments on each Kind say which is which.
package search

import (
	"math/big"
	"strings"
	"unicode/utf8"
)

// Kind says how a searchable field compares.
type Kind int

const (
	// String is exact match with ":" only, case-insensitive, comparing the
	// whole value. It is what Stripe's docs call a "token" field: currency,
	// status, customer, payment_method_details.card.last4.
	String Kind = iota
	// Token allows ":" and "~". It is what Stripe's docs call a "string"
	// field (email, name, and per the docs also phone). ":" matches when the
	// value contains all the words of the query in the same order, so
	// name:"one two" matches "one two three"; "~" is a case-insensitive
	// substring match of at least three characters.
	Token
	// Number allows ":" and "=" (equality) and ">", "<", ">=", "<=" (amount,
	// created). Values may be quoted or bare, as in amount>="10".
	Number
	// Boolean allows ":" with "true" or "false" (refunded, disputed). Stripe
	// types these as tokens that accept only those two words; a separate Kind
	// lets the fake reject anything else instead of silently matching nothing.
	Boolean
	// Metadata is a map searched as metadata["key"]:"value", exact and
	// case-insensitive like a token field.
	Metadata
)

func (k Kind) String() string {
	switch k {
	case String:
		return "String"
	case Token:
		return "Token"
	case Number:
		return "Number"
	case Boolean:
		return "Boolean"
	case Metadata:
		return "Metadata"
	}
	return "Kind(?)"
}

// ops lists the operators each Kind accepts, in the order error messages
// name them.
func (k Kind) ops() []Op {
	switch k {
	case Token:
		return []Op{OpExact, OpSubstring}
	case Number:
		return []Op{OpExact, OpEq, OpGT, OpLT, OpGTE, OpLTE}
	}
	return []Op{OpExact}
}

func (k Kind) allows(op Op) bool {
	for _, o := range k.ops() {
		if o == op {
			return true
		}
	}
	return false
}

// Fields are the searchable fields of one resource, e.g.
// {"email": Token, "name": Token, "created": Number, "metadata": Metadata}.
// Names are matched exactly, dots included
// ("payment_method_details.card.last4").
type Fields map[string]Kind

// Op is a clause operator.
type Op string

// The operators of the query language. OpEq is listed by Stripe among the
// numeric comparators ("`>`, `<`, `=`"); the fake accepts it on Number
// fields only, as equality.
const (
	OpExact     Op = ":"
	OpSubstring Op = "~"
	OpEq        Op = "="
	OpGT        Op = ">"
	OpLT        Op = "<"
	OpGTE       Op = ">="
	OpLTE       Op = "<="
)

// Clause is one parsed `[-]field op value`.
type Clause struct {
	Negated bool   // the clause had a leading "-"
	Field   string // field name as written, e.g. "email" or "metadata"
	Key     string // metadata key, for Metadata fields only
	Kind    Kind   // the field's kind, from Fields
	Op      Op
	Value   string // unquoted and unescaped; empty when Null
	Null    bool   // the value was the bare word null (any case)
}

// Query is a parsed, validated search query.
type Query struct {
	Clauses []Clause
	// Or is true when the clauses are joined by OR; otherwise they are all
	// joined by AND (explicitly or by whitespace). Stripe allows only one of
	// the two in a query.
	Or bool
}

// Doc is one object being searched.
type Doc interface {
	// Field returns the value of a searchable field as a string (numbers in
	// decimal, booleans "true"/"false"); ok=false means null or absent.
	Field(name string) (value string, ok bool)
	// MetadataValue returns the value stored under key; ok=false means the
	// key is not set.
	MetadataValue(key string) (value string, ok bool)
}

// Match reports whether d satisfies the query. A nil or empty Query has no
// clauses to fail and so matches everything, which keeps a caller that
// failed to parse from panicking.
func (q *Query) Match(d Doc) bool {
	if q == nil || len(q.Clauses) == 0 {
		return true
	}
	for _, c := range q.Clauses {
		m := c.Match(d)
		if q.Or && m {
			return true
		}
		if !q.Or && !m {
			return false
		}
	}
	return !q.Or
}

// Match reports whether d satisfies this one clause, negation included.
func (c Clause) Match(d Doc) bool {
	var v string
	var ok bool
	if c.Kind == Metadata {
		v, ok = d.MetadataValue(c.Key)
	} else {
		v, ok = d.Field(c.Field)
	}
	// Stripe documents field:null as matching "records where [the] field is
	// empty", so an empty string counts as null just as an absent value does.
	isNull := !ok || v == ""
	var m bool
	switch {
	case c.Null:
		m = isNull
	case isNull:
		m = false
	default:
		m = c.compare(v)
	}
	return m != c.Negated
}

// compare evaluates the operator against a present, non-empty value.
func (c Clause) compare(v string) bool {
	switch c.Kind {
	case Number:
		return compareNumbers(v, c.Op, c.Value)
	case Token:
		if c.Op == OpSubstring {
			return strings.Contains(strings.ToLower(v), strings.ToLower(c.Value))
		}
		return containsPhrase(v, c.Value)
	}
	// String, Boolean and Metadata are Stripe "token" fields: the whole
	// value must equal the query, ignoring case.
	return strings.EqualFold(v, c.Value)
}

// containsPhrase is Stripe's exact match on a "string" field: "returns any
// record where that record contains all of the words from the query in the
// same order" (docs.stripe.com/search). Words are runs of non-space
// characters compared case-insensitively, and must be adjacent, so
// name:"one two" matches "one two three" but not "one and two". An empty
// query phrase matches nothing.
func containsPhrase(value, phrase string) bool {
	want := strings.Fields(strings.ToLower(phrase))
	if len(want) == 0 {
		return false
	}
	have := strings.Fields(strings.ToLower(value))
outer:
	for i := 0; i+len(want) <= len(have); i++ {
		for j, w := range want {
			if have[i+j] != w {
				continue outer
			}
		}
		return true
	}
	return false
}

// compareNumbers compares a document value to a query value exactly, using
// rationals so that large integers and decimals never lose precision. A
// document value that is not a decimal number never matches.
func compareNumbers(doc string, op Op, query string) bool {
	a, ok := parseDecimal(doc)
	if !ok {
		return false
	}
	b, ok := parseDecimal(query)
	if !ok {
		return false
	}
	cmp := a.Cmp(b)
	switch op {
	case OpExact, OpEq:
		return cmp == 0
	case OpGT:
		return cmp > 0
	case OpLT:
		return cmp < 0
	case OpGTE:
		return cmp >= 0
	case OpLTE:
		return cmp <= 0
	}
	return false
}

// isDecimal accepts an optional minus sign, digits, and an optional
// fractional part: the numbers a query may compare with. It rejects the
// extra forms big.Rat and strconv accept (exponents, hex, "inf", "1/2")
// because a Stripe query has no use for them.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasDot := strings.Cut(s, ".")
	if !allDigits(intPart) || intPart == "" {
		return false
	}
	return !hasDot || (frac != "" && allDigits(frac))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func parseDecimal(s string) (*big.Rat, bool) {
	if !isDecimal(s) {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// String renders the query in a canonical form that Parse reads back to an
// equal Query: every value quoted with ", backslashes and quotes escaped,
// and clauses joined by " AND " or " OR ".
func (q *Query) String() string {
	if q == nil {
		return ""
	}
	join := " AND "
	if q.Or {
		join = " OR "
	}
	var b strings.Builder
	for i, c := range q.Clauses {
		if i > 0 {
			b.WriteString(join)
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// String renders one clause canonically (see Query.String).
func (c Clause) String() string {
	var b strings.Builder
	if c.Negated {
		b.WriteByte('-')
	}
	b.WriteString(c.Field)
	if c.Kind == Metadata {
		b.WriteByte('[')
		b.WriteString(quote(c.Key))
		b.WriteByte(']')
	}
	b.WriteString(string(c.Op))
	if c.Null {
		b.WriteString("null")
	} else {
		b.WriteString(quote(c.Value))
	}
	return b.String()
}

func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// runeLen counts characters, which is how the query language measures the
// three-character minimum of "~" and how error positions are given.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
