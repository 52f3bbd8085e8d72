// Package form decodes Stripe's request parameters: x-www-form-urlencoded
// bodies and query strings in bracket notation (a[b][c]=x, a[]=x, a[0]=x),
// into a tree, and reads that tree into typed values with Reader, reporting
// unknown parameters and bad values as Stripe-shaped errors.
package form

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// Kind is the shape of a Node.
type Kind int

// The three shapes a parameter can take.
const (
	Scalar Kind = iota
	Hash
	Array
)

// maxIndex bounds indexed array positions (a[12]=x), so a hostile index
// cannot make the decoder allocate without limit.
const maxIndex = 10000

// maxDepth bounds bracket nesting.
const maxDepth = 20

// Node is one decoded parameter value.
type Node struct {
	Kind  Kind
	Str   string           // Scalar
	Hash  map[string]*Node // Hash
	Keys  []string         // Hash keys in sorted order (deterministic iteration)
	Array []*Node          // Array, in index order
}

// building is a node while decoding.
type building struct {
	kind   Kind
	str    string
	set    bool // a scalar value was given
	hash   map[string]*building
	pushed []*building // a[]=x form
}

// Parse decodes raw (a query string or form body) into a root Hash.
func Parse(raw string) (*Node, *apierr.Error) {
	values, err := url.ParseQuery(raw)
	if err != nil {
		return nil, apierr.Invalid("", "", "Invalid request: the body or query string is not valid x-www-form-urlencoded data ("+err.Error()+").")
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	// Sorted keys make the first error reported deterministic.
	sort.Strings(keys)
	root := &building{kind: Hash, hash: map[string]*building{}}
	// Keys of one name keep their order of arrival: url.ParseQuery keeps
	// the values of one key in order, and a[]=x&a[]=y depends on it.
	for _, k := range keys {
		path, perr := splitKey(k)
		if perr != nil {
			return nil, perr
		}
		for _, v := range values[k] {
			if err := insert(root, path, v); err != nil {
				return nil, err
			}
		}
	}
	return finish(root), nil
}

// splitKey turns "a[b][0][]" into ["a", "b", "0", ""].
func splitKey(k string) ([]string, *apierr.Error) {
	i := strings.IndexByte(k, '[')
	if i < 0 {
		if strings.IndexByte(k, ']') >= 0 {
			return nil, malformed(k)
		}
		return []string{k}, nil
	}
	if i == 0 {
		return nil, malformed(k)
	}
	path := []string{k[:i]}
	rest := k[i:]
	for rest != "" {
		if rest[0] != '[' {
			return nil, malformed(k)
		}
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return nil, malformed(k)
		}
		seg := rest[1:j]
		if strings.ContainsAny(seg, "[") {
			return nil, malformed(k)
		}
		path = append(path, seg)
		rest = rest[j+1:]
		if len(path) > maxDepth {
			return nil, apierr.Invalidf(k, "Invalid parameter %s: nested too deeply.", k)
		}
	}
	return path, nil
}

func malformed(k string) *apierr.Error {
	return apierr.Invalidf(k, "Invalid parameter name %s: unbalanced brackets.", k)
}

// paramName renders path[:n] in bracket form for messages.
func paramName(path []string, n int) string {
	var b strings.Builder
	b.WriteString(path[0])
	for _, s := range path[1:n] {
		b.WriteString("[" + s + "]")
	}
	return b.String()
}

// insert places value at path. Indexed arrays (a[0]=x) are decoded as
// hashes with numeric keys, since only the reader knows whether a[0] is the
// first element of an array or the key "0" of a hash such as metadata;
// a[]=x makes an array.
func insert(node *building, path []string, value string) *apierr.Error {
	for depth := 1; depth <= len(path); depth++ {
		seg := path[depth-1]
		var child *building
		if node.kind == Array {
			child = &building{}
			node.pushed = append(node.pushed, child)
		} else {
			child = node.hash[seg]
			if child == nil {
				child = &building{}
				node.hash[seg] = child
			}
		}
		if depth == len(path) {
			if child.hash != nil || child.pushed != nil {
				return conflict(path, depth)
			}
			child.kind, child.str, child.set = Scalar, value, true
			return nil
		}
		want := Hash
		if path[depth] == "" {
			want = Array
		}
		switch {
		case child.set:
			return conflict(path, depth)
		case child.hash == nil && child.pushed == nil:
			child.kind = want
			if want == Hash {
				child.hash = map[string]*building{}
			}
		case child.kind != want:
			return conflict(path, depth)
		}
		if want == Array && depth+1 < len(path) {
			// a[][b]=x: arrays of hashes must be indexed, or the elements
			// cannot be told apart.
			return apierr.InvalidArray(paramName(path, depth+1))
		}
		node = child
	}
	return nil
}

// conflict reports a parameter used both as a value and as a container.
func conflict(path []string, n int) *apierr.Error {
	name := paramName(path, n)
	return apierr.Invalidf(name, "Invalid parameter %s: it is sent both as a single value and as a hash or array.", name)
}

// finish turns the building tree into Nodes.
func finish(b *building) *Node {
	switch {
	case b.kind == Hash && b.hash != nil:
		n := &Node{Kind: Hash, Hash: make(map[string]*Node, len(b.hash))}
		for k, v := range b.hash {
			n.Hash[k] = finish(v)
			n.Keys = append(n.Keys, k)
		}
		sort.Strings(n.Keys)
		return n
	case b.kind == Array:
		n := &Node{Kind: Array, Array: make([]*Node, 0, len(b.pushed))}
		for _, v := range b.pushed {
			n.Array = append(n.Array, finish(v))
		}
		return n
	}
	return &Node{Kind: Scalar, Str: b.str}
}

// asList returns the elements of an array, or of a hash whose keys are all
// indexes (a[0]=x&a[1]=y), in index order. ok is false for other hashes and
// for scalars.
func (n *Node) asList() (elems []*Node, ok bool) {
	switch n.Kind {
	case Array:
		return n.Array, true
	case Hash:
		type entry struct {
			i int
			n *Node
		}
		entries := make([]entry, 0, len(n.Keys))
		for _, k := range n.Keys {
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i > maxIndex || (len(k) > 1 && k[0] == '0') {
				return nil, false
			}
			entries = append(entries, entry{i, n.Hash[k]})
		}
		sort.Slice(entries, func(a, b int) bool { return entries[a].i < entries[b].i })
		out := make([]*Node, len(entries))
		for i, e := range entries {
			out[i] = e.n
		}
		return out, true
	}
	return nil, false
}
