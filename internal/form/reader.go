package form

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// Presence says whether an optional parameter was sent, and how.
type Presence int

const (
	// Absent means the parameter was not sent.
	Absent Presence = iota
	// Empty means it was sent as "", Stripe's way to unset a value.
	Empty
	// Present means it was sent with a value.
	Present
)

// Reader reads typed parameters from one Hash level. It remembers which
// names were asked for, so that Err can report every other key as unknown,
// and it keeps the first error any accessor met, so handlers read all their
// parameters straight through and check once.
type Reader struct {
	node   *Node
	prefix string   // bracket-form name of this level ("shipping[address]"), "" at the root
	known  []string // names asked for, in order: a slice, since a level has a few dozen at most
	// object and objects cache the sub-readers opened under each name, so
	// that opening a name twice shares one set of known keys, and so that
	// Err can walk them in key order.
	object  map[string]*Reader
	objects map[string][]*Reader
	shared  *readerErr
}

// readerErr is the first error, shared by a reader and all its sub-readers
// so that the order of reading decides which error the client sees.
type readerErr struct{ err *apierr.Error }

// NewReader reads from root, which may be nil (no parameters).
func NewReader(root *Node) *Reader {
	return newReader(root, "", &readerErr{})
}

func newReader(n *Node, prefix string, shared *readerErr) *Reader {
	// The maps are made on first use: handlers open many optional hashes
	// that the request does not carry, and those readers never record
	// anything.
	return &Reader{node: n, prefix: prefix, shared: shared}
}

// Param is name in bracket form under the reader's prefix
// ("shipping[address][city]"), for handlers' own errors.
func (r *Reader) Param(name string) string { return r.param(name) }

// param is name in bracket form under the reader's prefix.
func (r *Reader) param(name string) string {
	if r.prefix == "" {
		return name
	}
	return r.prefix + "[" + name + "]"
}

func (r *Reader) get(name string) *Node {
	if r.node == nil {
		// Nothing was sent at this level, so no key can be unknown here and
		// there is nothing to remember.
		return nil
	}
	if r.known == nil {
		r.known = make([]string, 0, 32)
	}
	r.known = append(r.known, name)
	return r.lookup(name)
}

func (r *Reader) lookup(name string) *Node {
	if r.node == nil || r.node.Kind != Hash {
		return nil
	}
	return r.node.Hash[name]
}

// Fail records a handler-level error; the first error wins, because the
// client should see the problem with the earliest parameter read.
func (r *Reader) Fail(err *apierr.Error) {
	if err != nil && r.shared.err == nil {
		r.shared.err = err
	}
}

// scalar returns the string value of name. A hash or array in its place
// is reported through notScalar, which builds the accessor's own error
// from a Ruby-style rendering of the value, as Stripe prints them
// ("Invalid integer: {:\"a\"=>\"1\"}").
func (r *Reader) scalar(name string, notScalar func(param, shown string) *apierr.Error) (string, bool) {
	n := r.get(name)
	if n == nil {
		return "", false
	}
	if n.Kind != Scalar {
		r.Fail(notScalar(r.param(name), inspect(n)))
		return "", false
	}
	return n.Str, true
}

// invalidString is Stripe's wording for a hash or array where a string
// belongs; it follows the "Invalid <type>: <value>" family of messages.
func invalidString(param, shown string) *apierr.Error {
	return apierr.Invalidf(param, "Invalid string: %s", shown)
}

// String reads a string; "" comes back as a pointer to "".
func (r *Reader) String(name string) *string {
	v, ok := r.scalar(name, invalidString)
	if !ok {
		return nil
	}
	return &v
}

// StringMax reads a string of at most max characters (runes, as Stripe
// counts characters rather than bytes).
func (r *Reader) StringMax(name string, max int) *string {
	v := r.String(name)
	if v != nil && utf8.RuneCountInString(*v) > max {
		r.Fail(apierr.StringTooLong(r.param(name), *v, max))
		return nil
	}
	return v
}

// Int reads a whole number; "" is not one.
func (r *Reader) Int(name string) *int64 {
	v, ok := r.scalar(name, apierr.InvalidInteger)
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

// Bool reads "true" or "false"; Stripe accepts no other spelling.
func (r *Reader) Bool(name string) *bool {
	v, ok := r.scalar(name, apierr.InvalidBoolean)
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

// Enum reads one of allowed; "" is accepted only when listed, since only
// some enums can be unset.
func (r *Reader) Enum(name string, allowed ...string) *string {
	// The message lists the non-empty values: Stripe does not show "" as
	// a choice.
	var shown []string
	for _, a := range allowed {
		if a != "" {
			shown = append(shown, a)
		}
	}
	bad := func(param, _ string) *apierr.Error { return apierr.InvalidEnum(param, shown) }
	v, ok := r.scalar(name, bad)
	if !ok {
		return nil
	}
	for _, a := range allowed {
		if v == a {
			return &v
		}
	}
	r.Fail(bad(r.param(name), v))
	return nil
}

// Timestamp reads Unix seconds.
func (r *Reader) Timestamp(name string) *int64 {
	v, ok := r.scalar(name, apierr.InvalidTimestamp)
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

// Strings reads an array of strings (a[]=x or a[0]=x). a= is an explicitly
// empty list (stripe-go sends an empty slice that way). A single a=x is
// refused with "Invalid array", as Stripe answers expand=x (stripe-cli#47).
func (r *Reader) Strings(name string) ([]string, bool) {
	n := r.get(name)
	if n == nil {
		return nil, false
	}
	if n.Kind == Scalar && n.Str == "" {
		return []string{}, true
	}
	elems, ok := n.List()
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

// Object reads a nested hash. A scalar "" is Empty (unset); any other
// scalar, or an array, is "Invalid hash". The returned reader is never nil:
// when the hash is absent it simply has no parameters, so handlers can read
// through it without checking.
func (r *Reader) Object(name string) (*Reader, Presence) {
	n := r.get(name)
	pres := Present
	switch {
	case n == nil:
		pres = Absent
	case n.Kind == Scalar && n.Str == "":
		pres = Empty
	case n.Kind != Hash:
		r.Fail(apierr.InvalidHash(r.param(name)))
		pres = Absent
	}
	if s := r.object[name]; s != nil {
		return s, pres
	}
	var node *Node
	if pres == Present {
		node = n
	}
	s := newReader(node, r.param(name), r.shared)
	if r.object == nil {
		r.object = map[string]*Reader{}
	}
	r.object[name] = s
	return s, pres
}

// Objects reads an array of hashes (a[0][x]=...). Elements are named in
// errors by the index the client sent, not their compacted position.
func (r *Reader) Objects(name string) ([]*Reader, Presence) {
	n := r.get(name)
	if n == nil {
		return nil, Absent
	}
	if n.Kind == Scalar && n.Str == "" {
		return nil, Empty
	}
	if subs, ok := r.objects[name]; ok {
		return subs, Present
	}
	entries, ok := n.listEntries()
	if !ok {
		r.Fail(apierr.InvalidArray(r.param(name)))
		return nil, Absent
	}
	out := make([]*Reader, 0, len(entries))
	for _, e := range entries {
		p := r.param(name) + "[" + e.key + "]"
		if e.node.Kind != Hash {
			r.Fail(apierr.InvalidHash(p))
			return nil, Absent
		}
		out = append(out, newReader(e.node, p, r.shared))
	}
	if r.objects == nil {
		r.objects = map[string][]*Reader{}
	}
	r.objects[name] = out
	return out, Present
}

// Raw marks name as known and returns its node as is. Keys inside it are
// the caller's business and are never reported as unknown.
func (r *Reader) Raw(name string) *Node { return r.get(name) }

// Has reports whether name was sent, without marking it known.
func (r *Reader) Has(name string) bool { return r.lookup(name) != nil }

// Require records parameter_missing for the first of names not sent. A
// present "" counts as sent: the typed accessor judges whether it may be
// empty.
func (r *Reader) Require(names ...string) {
	for _, n := range names {
		if !r.Has(n) {
			r.Fail(apierr.MissingParam(r.param(n)))
			return
		}
	}
}

// Err returns the first problem: an unknown parameter (walking keys in
// sorted order and descending into the sub-readers opened under them),
// else the first recorded error. Unknown names come first because Stripe
// rejects a request's shape before it judges values.
func (r *Reader) Err() *apierr.Error {
	if err := r.unknown(); err != nil {
		return err
	}
	return r.shared.err
}

func (r *Reader) unknown() *apierr.Error {
	if r.node == nil || r.node.Kind != Hash {
		return nil
	}
	for _, k := range r.node.Keys {
		if !slices.Contains(r.known, k) {
			return apierr.UnknownParam(r.param(k), r.suggest(k))
		}
		if s := r.object[k]; s != nil {
			if err := s.unknown(); err != nil {
				return err
			}
		}
		for _, s := range r.objects[k] {
			if err := s.unknown(); err != nil {
				return err
			}
		}
	}
	return nil
}

// suggest finds a known name within edit distance 2 of k, for "Did you
// mean ...?". A suggestion must also be closer than k is long, so that a
// one-letter typo is not "corrected" to an unrelated short name.
func (r *Reader) suggest(k string) string {
	names := make([]string, 0, len(r.known))
	for _, n := range r.known {
		names = append(names, n)
	}
	sort.Strings(names)
	lk := strings.ToLower(k)
	best, bestDist := "", 3
	for _, n := range names {
		if d := distance(lk, n); d < bestDist && d < utf8.RuneCountInString(k) {
			best, bestDist = n, d
		}
	}
	if best == "" {
		return ""
	}
	return r.param(best)
}

// distance is the Levenshtein edit distance over bytes. Names longer than
// 64 bytes are never close to anything, which keeps hostile keys cheap.
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

// Contains reports whether v satisfies every bound that was given.
func (g *Range) Contains(v int64) bool {
	if g == nil {
		return true
	}
	return (g.Eq == nil || v == *g.Eq) &&
		(g.Gt == nil || v > *g.Gt) && (g.Gte == nil || v >= *g.Gte) &&
		(g.Lt == nil || v < *g.Lt) && (g.Lte == nil || v <= *g.Lte)
}

// Range reads created=123 or created[gt]=...&created[lte]=...; other keys
// under created are reported by Err as unknown (created[foo]).
func (r *Reader) Range(name string) *Range {
	n := r.get(name)
	if n == nil {
		return nil
	}
	if n.Kind != Hash {
		if v := r.Int(name); v != nil {
			return &Range{Eq: v}
		}
		return nil
	}
	sub, _ := r.Object(name)
	return &Range{Gt: sub.Int("gt"), Gte: sub.Int("gte"), Lt: sub.Int("lt"), Lte: sub.Int("lte")}
}

// inspect renders a node the way Stripe's Ruby backend prints a value in
// its messages: {:"0"=>"x"} for hashes, ["a", "b"] for arrays.
func inspect(n *Node) string {
	var b strings.Builder
	inspectTo(&b, n, 0)
	return b.String()
}

// inspectTo stops descending after a few levels and a few hundred bytes,
// because the rendering only decorates an error message.
func inspectTo(b *strings.Builder, n *Node, depth int) {
	if b.Len() > 500 || depth > 5 {
		b.WriteString("...")
		return
	}
	switch n.Kind {
	case Scalar:
		b.WriteString(strconv.Quote(n.Str))
	case Array:
		b.WriteByte('[')
		for i, e := range n.Array {
			if i > 0 {
				b.WriteString(", ")
			}
			inspectTo(b, e, depth+1)
		}
		b.WriteByte(']')
	case Hash:
		b.WriteByte('{')
		for i, k := range n.Keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(rubySymbol(k))
			b.WriteString("=>")
			inspectTo(b, n.Hash[k], depth+1)
		}
		b.WriteByte('}')
	}
}

// rubySymbol prints :name for identifier-like keys and :"0" otherwise.
func rubySymbol(k string) string {
	ident := k != "" && !(k[0] >= '0' && k[0] <= '9')
	for _, c := range []byte(k) {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			ident = false
			break
		}
	}
	if ident {
		return ":" + k
	}
	return ":" + strconv.Quote(k)
}
