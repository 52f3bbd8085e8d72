package httpapi

import (
	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
	"github.com/fakestripe/fakestripe/internal/search"
)

// searchParams are the parameters every search endpoint takes.
type searchParams struct {
	query *search.Query
	limit int
	after string // id of the last object of the previous page
}

// readSearch reads query, limit and page, parsing the query against the
// resource's searchable fields.
func readSearch(r *form.Reader, resource string, fields search.Fields) searchParams {
	p := searchParams{limit: 10}
	r.Require("query")
	if q := r.String("query"); q != nil {
		parsed, err := search.ParseFor(resource, *q, fields)
		if err != nil {
			if ae, ok := err.(*apierr.Error); ok {
				r.Fail(ae)
			} else {
				r.Fail(apierr.Invalid("", "query", err.Error()))
			}
		}
		p.query = parsed
	}
	if l := r.IntRange("limit", 1, 100); l != nil {
		p.limit = int(*l)
	}
	if page := r.String("page"); page != nil {
		after, err := search.DecodePage(*page)
		if err != nil {
			if ae, ok := err.(*apierr.Error); ok {
				r.Fail(ae)
			} else {
				r.Fail(apierr.Invalid("", "page", err.Error()))
			}
		}
		p.after = after
	}
	return p
}

// identified is what search results need of an object: its id, for the
// page cursor.
type identified interface{ ObjectID() string }

// runSearch matches all (newest first) against the query and renders one
// page. Search in the fake is consistent at once, where Stripe's may lag by
// up to a minute; tests are better off without the lag.
func runSearch[T identified](p searchParams, url string, x expansion, all []T, doc func(T) search.Doc, render func(T) any) (any, *apierr.Error) {
	var matches []T
	for _, v := range all {
		if p.query.Match(doc(v)) {
			matches = append(matches, v)
		}
	}
	start := 0
	if p.after != "" {
		start = len(matches)
		for i, v := range matches {
			if v.ObjectID() == p.after {
				start = i + 1
				break
			}
		}
	}
	end := min(start+p.limit, len(matches))
	out := &searchJSON{Object: "search_result", Data: make([]any, 0, end-start), URL: url}
	for _, v := range matches[start:end] {
		out.Data = append(out.Data, render(v))
	}
	if end < len(matches) {
		out.HasMore = true
		next := search.EncodePage(matches[end-1].ObjectID())
		out.NextPage = &next
	}
	if x.has("total_count") {
		n := len(matches)
		out.TotalCount = &n
	}
	return out, nil
}
