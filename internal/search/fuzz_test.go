package search

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// FuzzParse checks that Parse never panics, that every error is a 400
// *apierr.Error on "query", and that an accepted query survives a trip
// through its canonical String form and can be matched.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`email:"amy@rocketrides.io"`,
		`email~"amy" AND -name:null`,
		`metadata["donation-id"]:"asdf-jkl" OR metadata['k']:'v'`,
		`amount>=10 amount<="20.5" created>1620310503`,
		`refunded:"true" or refunded:FALSE`,
		`name:"the story called \"The Sky and the Sea.\""`,
		`name:'O\'Brien \\ x'`,
		`(email:"a" OR name:"b")`,
		`email:"unterminated`,
		`metadata[key]:"v"`,
		`- email:"x"`,
		"AND\tOR and or",
		`amount>1 amount>1 amount>1 amount>1 amount>1 amount>1 amount>1 amount>1 amount>1 amount>1 amount>1`,
		"name:\"\xff\"",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q, err := Parse(query, testFields)
		if err != nil {
			var ae *apierr.Error
			if !errors.As(err, &ae) {
				t.Fatalf("Parse(%q) error %T, want *apierr.Error", query, err)
			}
			if ae.Status != 400 || ae.Type != apierr.TypeInvalidRequest || ae.Param != "query" || ae.Message == "" {
				t.Fatalf("Parse(%q) error %+v, want a 400 invalid_request_error on query", query, ae)
			}
			return
		}
		if len(q.Clauses) == 0 || len(q.Clauses) > MaxClauses {
			t.Fatalf("Parse(%q) returned %d clauses", query, len(q.Clauses))
		}
		again, err := Parse(q.String(), testFields)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", q.String(), query, err)
		}
		if diff := cmp.Diff(q, again); diff != "" {
			t.Fatalf("canonical form %q of %q does not round-trip (-first +second):\n%s", q.String(), query, diff)
		}
		for _, d := range docs {
			q.Match(d)
		}
	})
}

// FuzzDecodePage checks that DecodePage never panics and accepts only the
// tokens EncodePage writes.
func FuzzDecodePage(f *testing.F) {
	f.Add(EncodePage("cus_123"))
	f.Add("")
	f.Add("eyJ2IjoxfQ")
	f.Fuzz(func(t *testing.T, page string) {
		id, err := DecodePage(page)
		if err != nil {
			return
		}
		if EncodePage(id) != page {
			t.Fatalf("DecodePage(%q) accepted a token EncodePage(%q) would not write", page, id)
		}
	})
}
