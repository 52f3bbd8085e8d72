package search

import (
	"bytes"
	"encoding/base64"
	"encoding/json"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// pageCursor is what a search page token carries: the id of the last object
// of the previous page. The version lets the format change later while
// still rejecting tokens of another shape, rather than misreading them.
type pageCursor struct {
	V     int    `json:"v"`
	After string `json:"after"`
}

const pageVersion = 1

// pageEncoding is unpadded base64url so a token needs no escaping in a URL
// query string; Strict rejects stray trailing bits, so each cursor has
// exactly one spelling.
var pageEncoding = base64.RawURLEncoding.Strict()

// EncodePage returns the opaque next_page token that resumes a search after
// the object afterID. Stripe's tokens are opaque base64-looking strings
// too; clients are told only to pass next_page back as page. The token is
// deterministic, so the same page always gets the same token.
func EncodePage(afterID string) string {
	b, err := json.Marshal(pageCursor{V: pageVersion, After: afterID})
	if err != nil {
		// Marshalling a struct of an int and a string cannot fail.
		panic(err)
	}
	return pageEncoding.EncodeToString(b)
}

// DecodePage reverses EncodePage. A token EncodePage did not produce is a
// 400 invalid_request_error with param "page". Stripe's wording for a bad
// page token was not found; the message is the fake's own.
func DecodePage(page string) (afterID string, err error) {
	if page == "" {
		return "", apierr.InvalidEmptyString("page")
	}
	if runeLen(page) > MaxQueryLength {
		// The SPEC limits page to 5000 characters, as it does query.
		return "", apierr.StringTooLong("page", page, MaxQueryLength)
	}
	raw, err := pageEncoding.DecodeString(page)
	if err != nil {
		return "", badPage(page)
	}
	var c pageCursor
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil || dec.More() || c.V != pageVersion || c.After == "" {
		return "", badPage(page)
	}
	// Only the exact bytes EncodePage writes are accepted, so that a token
	// has one spelling and hand-edited JSON (reordered, padded) is refused.
	if EncodePage(c.After) != page {
		return "", badPage(page)
	}
	return c.After, nil
}

func badPage(page string) *apierr.Error {
	return apierr.Invalidf("page",
		"Invalid page: `%s` is not a next_page value returned by this search endpoint. Pass the next_page of a previous search response unchanged, or leave page out to start at the first result.",
		abbreviate(page))
}
