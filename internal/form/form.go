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

// maxIndex bounds array positions and lengths, so that a hostile request
// cannot make a reader build an absurd list. Indexes are never used to size
// an allocation (lists are compacted), so the bound is about sanity, not
// memory.
const maxIndex = 10000

// maxDepth bounds bracket nesting. Stripe's deepest real parameters are
// about five levels deep; twenty leaves room without letting a request
// build a degenerate tree.
const maxDepth = 20

// Node is one decoded parameter value.
//
// Indexed arrays (a[0]=x&a[1]=y, the form stripe-go sends) are decoded as a
// Hash whose keys are the indexes, exactly as Stripe's own Rack-style parser
// does: only the reader knows whether a[0] is the first element of a list or
// the key "0" of a map such as metadata (metadata[0]=x is a valid metadata
// key, and Stripe reports metadata[k][0]=x as the hash {:"0"=>"x"}). Reader's
// Strings and Objects, and Node.List, turn such hashes into lists. Only the
// a[]=x form decodes to an Array.
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

// Parse decodes raw (a query string or x-www-form-urlencoded body) into a
// root Hash. Malformed input returns a 400 invalid_request_error naming the
// parameter. Pairs are applied in the order they arrive, so a[]=x&a[]=y keeps
// its order and a repeated scalar keeps its last value, as Rack does.
func Parse(raw string) (*Node, *apierr.Error) {
	root := &building{kind: Hash, hash: map[string]*building{}}
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			return nil, badEscape(rawKey)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, badEscape(key)
		}
		if key == "" {
			// "=x" names nothing; Rack drops such pairs and so do we,
			// rather than invent a parameter with an empty name.
			continue
		}
		path, perr := splitKey(key)
		if perr != nil {
			return nil, perr
		}
		if err := insert(root, path, value); err != nil {
			return nil, err
		}
	}
	return finish(root), nil
}

func badEscape(param string) *apierr.Error {
	return apierr.Invalidf(param, "Invalid request: the parameter %s is not valid x-www-form-urlencoded data (it contains a malformed %%-escape).", param)
}

// splitKey turns "a[b][0][]" into ["a", "b", "0", ""].
func splitKey(k string) ([]string, *apierr.Error) {
	i := strings.IndexByte(k, '[')
	if i < 0 {
		i = len(k)
	}
	if i == 0 || strings.IndexByte(k[:i], ']') >= 0 {
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
		if strings.IndexByte(seg, '[') >= 0 {
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
			if len(node.pushed) > maxIndex {
				return apierr.Invalidf(paramName(path, depth-1), "Invalid array %s: it has more than %d elements.", paramName(path, depth-1), maxIndex+1)
			}
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
			return apierr.InvalidArray(paramName(path, depth))
		}
		node = child
	}
	return nil
}

// conflict reports a parameter used both as a value and as a container, or
// both as a[]= list and as a hash (a[]=x&a[0]=y).
func conflict(path []string, n int) *apierr.Error {
	name := paramName(path, n)
	return apierr.Invalidf(name, "Invalid parameter %s: it is sent with conflicting shapes (as a single value, a hash, or an array).", name)
}

// finish turns the building tree into Nodes.
func finish(b *building) *Node {
	switch {
	case b.kind == Hash && b.hash != nil:
		n := &Node{Kind: Hash, Hash: make(map[string]*Node, len(b.hash)), Keys: make([]string, 0, len(b.hash))}
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

// List returns the elements of an Array, or of a Hash whose keys are all
// array indexes (a[0]=x&a[1]=y), in index order with gaps closed up. ok is
// false for scalars and for other hashes, including indexes above 10000 or
// written with leading zeros, which no client sends.
func (n *Node) List() (elems []*Node, ok bool) {
	entries, ok := n.listEntries()
	if !ok {
		return nil, false
	}
	out := make([]*Node, len(entries))
	for i, e := range entries {
		out[i] = e.node
	}
	return out, true
}

// listEntry is one list element with the name it was sent under ("3" for
// a[3], its position for a[]), so errors can name what the client sent.
type listEntry struct {
	key  string
	node *Node
}

func (n *Node) listEntries() ([]listEntry, bool) {
	if n == nil {
		return nil, false
	}
	switch n.Kind {
	case Array:
		out := make([]listEntry, len(n.Array))
		for i, e := range n.Array {
			out[i] = listEntry{strconv.Itoa(i), e}
		}
		return out, true
	case Hash:
		type indexed struct {
			i int
			listEntry
		}
		entries := make([]indexed, 0, len(n.Keys))
		for _, k := range n.Keys {
			i, ok := arrayIndex(k)
			if !ok {
				return nil, false
			}
			entries = append(entries, indexed{i, listEntry{k, n.Hash[k]}})
		}
		sort.Slice(entries, func(a, b int) bool { return entries[a].i < entries[b].i })
		out := make([]listEntry, len(entries))
		for i, e := range entries {
			out[i] = e.listEntry
		}
		return out, true
	}
	return nil, false
}

// arrayIndex parses a canonical decimal index in [0, maxIndex].
func arrayIndex(k string) (int, bool) {
	if k == "" || len(k) > 5 || (len(k) > 1 && k[0] == '0') {
		return 0, false
	}
	i := 0
	for _, c := range []byte(k) {
		if c < '0' || c > '9' {
			return 0, false
		}
		i = i*10 + int(c-'0')
	}
	return i, i <= maxIndex
}
