package form

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// Presence says whether an optional parameter was sent, and how.
type Presence int

const (
	// Absent: the parameter was not sent.
	Absent Presence = iota
	// Empty: sent as "" — Stripe's way to unset a value.
	Empty
	// Present: sent with a value.
	Present
)

// Reader reads typed parameters from one Hash level. It remembers which
// names were asked for, so that Err can report every other key as unknown,
// and it keeps the first error any accessor met, so handlers read all their
// parameters straight through and check once.
type Reader struct {
	node   *Node
	prefix string // bracket-form name of this level ("shipping[address]"), "" at the root
	known  map[string]bool
	subs   []*Reader
	shared *readerErr
}

type readerErr struct{ err *apierr.Error }

// NewReader reads from root, which may be nil (no parameters).
func NewReader(root *Node) *Reader {
	return &Reader{node: root, known: map[string]bool{}, shared: &readerErr{}}
}

// param is name in bracket form under the reader's prefix.
func (r *Reader) param(name string) string {
	if r.prefix == "" {
		return name
	}
	return r.prefix + "[" + name + "]"
}

func (r *Reader) get(name string) *Node {
	r.known[name] = true
	if r.node == nil || r.node.Kind != Hash {
		return nil
	}
	return r.node.Hash[name]
}

// Fail records a handler-level error; the first error wins.
func (r *Reader) Fail(err *apierr.Error) {
	if r.shared.err == nil {
		r.shared.err = err
	}
}

// scalar returns the string value of name, recording an error if it is a
// hash or an array.
func (r *Reader) scalar(name string) (string, bool) {
	n := r.get(name)
	if n == nil {
		return "", false
	}
	if n.Kind != Scalar {
		r.Fail(apierr.Invalidf(r.param(name), "Invalid %s: must be a string, not a hash or an array.", r.param(name)))
		return "", false
	}
	return n.Str, true
}

// String reads a string; "" comes back as a pointer to "".
func (r *Reader) String(name string) *string {
	v, ok := r.scalar(name)
	if !ok {
		return nil
	}
	return &v
}

// StringMax reads a string of at most max characters.
func (r *Reader) StringMax(name string, max int) *string {
	v := r.String(name)
	if v != nil && utf8.RuneCountInString(*v) > max {
		r.Fail(apierr.StringTooLong(r.param(name), *v, max))
		return nil
	}
	return v
}

// Int reads a whole number.
func (r *Reader) Int(name string) *int64 {
	v, ok := r.scalar(name)
	if !ok {
		return nil
	}
	i, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		r.Fail(apierr.InvalidInteger(r.param(name), v))
		return nil
	}
	return &i
}

// IntRange reads a whole number within [min, max].
func (r *Reader) IntRange(name string, min, max int64) *int64 {
	i := r.Int(name)
	switch {
	case i == nil:
		return nil
	case *i < min:
		r.Fail(apierr.TooSmall(r.param(name), min))
		return nil
	case *i > max:
		r.Fail(apierr.TooLarge(r.param(name), max))
		return nil
	}
	return i
}

// Bool reads "true" or "false".
func (r *Reader) Bool(name string) *bool {
	v, ok := r.scalar(name)
	if !ok {
		return nil
	}
	switch v {
	case "true":
		b := true
		return &b
	case "false":
		b := false
		return &b
	}
	r.Fail(apierr.InvalidBoolean(r.param(name), v))
	return nil
}

// Enum reads one of allowed; "" is accepted only when listed.
func (r *Reader) Enum(name string, allowed ...string) *string {
	v, ok := r.scalar(name)
	if !ok {
		return nil
	}
	for _, a := range allowed {
		if v == a {
			return &v
		}
	}
	var shown []string
	for _, a := range allowed {
		if a != "" {
			shown = append(shown, a)
		}
	}
	r.Fail(apierr.InvalidEnum(r.param(name), shown))
	return nil
}

// Timestamp reads Unix seconds.
func (r *Reader) Timestamp(name string) *int64 {
	v, ok := r.scalar(name)
	if !ok {
		return nil
	}
	i, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		r.Fail(apierr.InvalidTimestamp(r.param(name), v))
		return nil
	}
	return &i
}

// Strings reads an array of strings (a[]=x or a[0]=x). A single a=x is taken
// as a one-element array, and a= as an explicitly empty one.
func (r *Reader) Strings(name string) ([]string, bool) {
	n := r.get(name)
	if n == nil {
		return nil, false
	}
	if n.Kind == Scalar {
		if n.Str == "" {
			return []string{}, true
		}
		return []string{n.Str}, true
	}
	elems, ok := n.asList()
	if !ok {
		r.Fail(apierr.InvalidArray(r.param(name)))
		return nil, false
	}
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		if e.Kind != Scalar {
			r.Fail(apierr.InvalidArray(r.param(name)))
			return nil, false
		}
		out = append(out, e.Str)
	}
	return out, true
}

// sub opens a nested reader over n.
func (r *Reader) sub(n *Node, prefix string) *Reader {
	s := &Reader{node: n, prefix: prefix, known: map[string]bool{}, shared: r.shared}
	r.subs = append(r.subs, s)
	return s
}

// Object reads a nested hash. A scalar "" is Empty (unset); any other
// scalar is an error.
func (r *Reader) Object(name string) (*Reader, Presence) {
	n := r.get(name)
	switch {
	case n == nil:
		return r.sub(nil, r.param(name)), Absent
	case n.Kind == Scalar && n.Str == "":
		return r.sub(nil, r.param(name)), Empty
	case n.Kind != Hash:
		r.Fail(apierr.InvalidHash(r.param(name)))
		return r.sub(nil, r.param(name)), Absent
	}
	return r.sub(n, r.param(name)), Present
}

// Objects reads an array of hashes (a[0][x]=...).
func (r *Reader) Objects(name string) ([]*Reader, Presence) {
	n := r.get(name)
	if n == nil {
		return nil, Absent
	}
	if n.Kind == Scalar {
		if n.Str == "" {
			return nil, Empty
		}
		r.Fail(apierr.InvalidArray(r.param(name)))
		return nil, Absent
	}
	elems, ok := n.asList()
	if !ok {
		r.Fail(apierr.InvalidArray(r.param(name)))
		return nil, Absent
	}
	out := make([]*Reader, 0, len(elems))
	for i, e := range elems {
		p := fmt.Sprintf("%s[%d]", r.param(name), i)
		if e.Kind != Hash {
			r.Fail(apierr.InvalidHash(p))
			return nil, Absent
		}
		out = append(out, r.sub(e, p))
	}
	return out, Present
}

// Raw marks name as known and returns its node as is.
func (r *Reader) Raw(name string) *Node { return r.get(name) }

// Has reports whether name was sent, without marking it known.
func (r *Reader) Has(name string) bool {
	return r.node != nil && r.node.Kind == Hash && r.node.Hash[name] != nil
}

// Require records parameter_missing for the first of names not sent.
func (r *Reader) Require(names ...string) {
	for _, n := range names {
		if !r.Has(n) {
			r.Fail(apierr.MissingParam(r.param(n)))
			return
		}
	}
}

// Err returns the first problem: an unknown parameter (this level first,
// then nested readers, keys in sorted order), else the first recorded error.
func (r *Reader) Err() *apierr.Error {
	if err := r.unknown(); err != nil {
		return err
	}
	return r.shared.err
}

func (r *Reader) unknown() *apierr.Error {
	if r.node != nil && r.node.Kind == Hash {
		for _, k := range r.node.Keys {
			if !r.known[k] {
				return apierr.UnknownParam(r.param(k), r.suggest(k))
			}
		}
	}
	for _, s := range r.subs {
		if err := s.unknown(); err != nil {
			return err
		}
	}
	return nil
}

// suggest finds a known name close to k, for "Did you mean ...?".
func (r *Reader) suggest(k string) string {
	names := make([]string, 0, len(r.known))
	for n := range r.known {
		names = append(names, n)
	}
	sort.Strings(names)
	best, bestDist := "", 3
	for _, n := range names {
		if d := distance(strings.ToLower(k), n); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best == "" {
		return ""
	}
	return r.param(best)
}

// distance is the Levenshtein edit distance, capped for long inputs.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Range is a created-style filter: an exact value or bounds.
type Range struct{ Eq, Gt, Gte, Lt, Lte *int64 }

// Contains reports whether v satisfies every bound.
func (g *Range) Contains(v int64) bool {
	return (g.Eq == nil || v == *g.Eq) &&
		(g.Gt == nil || v > *g.Gt) && (g.Gte == nil || v >= *g.Gte) &&
		(g.Lt == nil || v < *g.Lt) && (g.Lte == nil || v <= *g.Lte)
}

// Range reads created=123 or created[gt]=...&created[lte]=...
func (r *Reader) Range(name string) *Range {
	n := r.get(name)
	if n == nil {
		return nil
	}
	if n.Kind == Scalar {
		if v := r.Int(name); v != nil {
			return &Range{Eq: v}
		}
		return nil
	}
	sub, _ := r.Object(name)
	g := &Range{Gt: sub.Int("gt"), Gte: sub.Int("gte"), Lt: sub.Int("lt"), Lte: sub.Int("lte")}
	return g
}
