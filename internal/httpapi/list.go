package httpapi

import (
	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
	"github.com/fakestripe/fakestripe/internal/state"
)

// listJSON is Stripe's list object.
type listJSON struct {
	Object  string `json:"object"`
	Data    []any  `json:"data"`
	HasMore bool   `json:"has_more"`
	URL     string `json:"url"`
}

// searchJSON is Stripe's search_result object. TotalCount is sent only when
// expand[]=total_count asked for it.
type searchJSON struct {
	Object     string  `json:"object"`
	Data       []any   `json:"data"`
	HasMore    bool    `json:"has_more"`
	NextPage   *string `json:"next_page"`
	TotalCount *int    `json:"total_count,omitempty"`
	URL        string  `json:"url"`
}

// pageParams are the cursor parameters every list takes.
type pageParams struct {
	limit         int
	startingAfter *string
	endingBefore  *string
}

// readPage reads limit, starting_after and ending_before.
func readPage(r *form.Reader) pageParams {
	p := pageParams{limit: 10}
	if l := r.IntRange("limit", 1, 100); l != nil {
		p.limit = int(*l)
	}
	p.startingAfter = r.String("starting_after")
	p.endingBefore = r.String("ending_before")
	if p.startingAfter != nil && p.endingBefore != nil {
		r.Fail(apierr.Invalid("parameters_exclusive", "ending_before", "You may only specify one of these parameters: ending_before, starting_after."))
	}
	return p
}

// pageQuery resolves the cursors of p with lookup, which finds an object of
// the listed kind by id. noun names the kind in the not-found error.
func pageQuery[T state.Ordered](p pageParams, noun string, lookup func(id string) (T, bool)) (state.PageQuery[T], *apierr.Error) {
	q := state.PageQuery[T]{Limit: p.limit}
	if p.startingAfter != nil {
		v, ok := lookup(*p.startingAfter)
		if !ok {
			return q, apierr.NoSuchObject(noun, *p.startingAfter, "starting_after")
		}
		q.After = &v
	}
	if p.endingBefore != nil {
		v, ok := lookup(*p.endingBefore)
		if !ok {
			return q, apierr.NoSuchObject(noun, *p.endingBefore, "ending_before")
		}
		q.Before = &v
	}
	return q, nil
}

// renderList renders a page with render applied to each item.
func renderList[T any](url string, page state.Page[T], render func(T) any) *listJSON {
	data := make([]any, len(page.Data))
	for i, v := range page.Data {
		data[i] = render(v)
	}
	return &listJSON{Object: "list", Data: data, HasMore: page.HasMore, URL: url}
}

// listPage is the body of a list endpoint: it resolves the cursors with
// lookup (a State method such as (*state.State).Charge), reads one page with
// list and renders each object.
func listPage[T state.Ordered](st *state.State, page pageParams, noun, url string,
	lookup func(*state.State, string) (T, *apierr.Error),
	list func(state.PageQuery[T]) state.Page[T],
	render func(T) any) (any, *apierr.Error) {
	q, err := pageQuery(page, noun, func(id string) (T, bool) {
		v, err := lookup(st, id)
		return v, err == nil
	})
	if err != nil {
		return nil, err
	}
	return renderList(url, list(q), render), nil
}
