package state

import "sort"

// Ordered is what an Index sorts by: creation time, then creation sequence.
type Ordered interface {
	OrderKey() (created int64, seq uint64)
	ObjectID() string
}

// Index keeps objects of one kind in list order (oldest first internally;
// lists read it newest first), so that a page costs O(log n + page) and not
// O(n) however many objects are stored.
type Index[T Ordered] struct {
	items []T
}

// NewIndex returns an empty index.
func NewIndex[T Ordered]() *Index[T] { return &Index[T]{} }

// Len is the number of indexed objects.
func (x *Index[T]) Len() int { return len(x.items) }

func less(a, b Ordered) bool {
	ac, as := a.OrderKey()
	bc, bs := b.OrderKey()
	if ac != bc {
		return ac < bc
	}
	return as < bs
}

// Insert adds v at its place; objects almost always arrive in order, so this
// is an append.
func (x *Index[T]) Insert(v T) {
	n := len(x.items)
	if n == 0 || less(x.items[n-1], v) {
		x.items = append(x.items, v)
		return
	}
	i := sort.Search(n, func(i int) bool { return less(v, x.items[i]) })
	var zero T
	x.items = append(x.items, zero)
	copy(x.items[i+1:], x.items[i:])
	x.items[i] = v
}

// position returns v's index, or -1.
func (x *Index[T]) position(v Ordered) int {
	n := len(x.items)
	i := sort.Search(n, func(i int) bool { return !less(x.items[i], v) })
	if i < n && x.items[i].ObjectID() == v.ObjectID() {
		return i
	}
	return -1
}

// Remove drops v from the index (a deleted customer leaves its lists).
func (x *Index[T]) Remove(v T) {
	if i := x.position(v); i >= 0 {
		x.items = append(x.items[:i], x.items[i+1:]...)
	}
}

// Page is one page of a list, newest first.
type Page[T any] struct {
	Data    []T
	HasMore bool
}

// PageQuery says which page to read. After and Before are objects already
// known to be in the index (the caller resolves cursor ids); at most one is
// set.
type PageQuery[T Ordered] struct {
	Limit  int
	After  *T // starting_after: older than this
	Before *T // ending_before: newer than this
	Match  func(T) bool
}

// List returns one page in newest-first order. Filtering walks from the
// cursor and stops once the page is full, so an unfiltered page costs the
// same with ten objects stored or a million.
func (x *Index[T]) List(q PageQuery[T]) Page[T] {
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	match := q.Match
	if match == nil {
		match = func(T) bool { return true }
	}
	var out []T
	if q.Before != nil {
		// Newer objects, nearest to the cursor first; reversed at the end so
		// the page still reads newest first.
		start := len(x.items)
		if i := x.position(*q.Before); i >= 0 {
			start = i + 1
		}
		for i := start; i < len(x.items); i++ {
			if !match(x.items[i]) {
				continue
			}
			if len(out) == limit {
				return Page[T]{Data: reverse(out), HasMore: true}
			}
			out = append(out, x.items[i])
		}
		return Page[T]{Data: reverse(out)}
	}
	start := len(x.items) - 1
	if q.After != nil {
		start = -1
		if i := x.position(*q.After); i >= 0 {
			start = i - 1
		}
	}
	for i := start; i >= 0; i-- {
		if !match(x.items[i]) {
			continue
		}
		if len(out) == limit {
			return Page[T]{Data: out, HasMore: true}
		}
		out = append(out, x.items[i])
	}
	return Page[T]{Data: out}
}

// All returns every object, newest first (for search and Dump).
func (x *Index[T]) All() []T {
	out := make([]T, len(x.items))
	for i, v := range x.items {
		out[len(out)-1-i] = v
	}
	return out
}

func reverse[T any](s []T) []T {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
	return s
}
