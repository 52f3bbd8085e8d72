package form

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// Tree builders keep the expected values in the tables short.
func sc(s string) *Node { return &Node{Kind: Scalar, Str: s} }

func arr(elems ...*Node) *Node { return &Node{Kind: Array, Array: elems} }

// h builds a Hash from alternating keys and values.
func h(kv ...any) *Node {
	n := &Node{Kind: Hash, Hash: map[string]*Node{}}
	for i := 0; i < len(kv); i += 2 {
		k := kv[i].(string)
		n.Hash[k] = kv[i+1].(*Node)
		n.Keys = append(n.Keys, k)
	}
	// Tables list keys in sorted order already; sorting here would hide a
	// Parse bug that leaves Keys unsorted.
	return n
}

// treeOpts treats nil and empty maps and slices alike, since an empty Hash
// built by Parse and by h differ only in that.
var treeOpts = cmpopts.EquateEmpty()

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want *Node
	}{
		{"empty", "", h()},
		{"scalars", "b=2&a=1", h("a", sc("1"), "b", sc("2"))},
		{"nested hash", "shipping[address][city]=Paris&shipping[name]=Jo",
			h("shipping", h("address", h("city", sc("Paris")), "name", sc("Jo")))},
		{"deep nesting", "a[b][c][d][e][f]=1",
			h("a", h("b", h("c", h("d", h("e", h("f", sc("1")))))))},
		{"push array", "expand[]=customer&expand[]=balance_transaction",
			h("expand", arr(sc("customer"), sc("balance_transaction")))},
		{"indexed array stays a hash", "expand[1]=b&expand[0]=a",
			h("expand", h("0", sc("a"), "1", sc("b")))},
		{"array of hashes", "f[0][name]=a&f[0][value]=b&f[1][name]=c",
			h("f", h("0", h("name", sc("a"), "value", sc("b")), "1", h("name", sc("c"))))},
		{"nested push array", "a[b][]=1&a[b][]=2", h("a", h("b", arr(sc("1"), sc("2"))))},
		{"empty value", "description=", h("description", sc(""))},
		{"metadata delete", "metadata[k]=", h("metadata", h("k", sc("")))},
		{"metadata clear", "metadata=", h("metadata", sc(""))},
		{"escaped brackets", "a%5Bb%5D=x%5B", h("a", h("b", sc("x[")))},
		{"plus is space", "a+b=hello+world%2B", h("a b", sc("hello world+"))},
		{"unicode", "name=J%C3%BCrgen", h("name", sc("Jürgen"))},
		{"no equals sign", "flag", h("flag", sc(""))},
		{"equals in value", "a=b=c", h("a", sc("b=c"))},
		{"semicolon is literal", "a;b=1", h("a;b", sc("1"))},
		{"empty pairs skipped", "&&a=1&&", h("a", sc("1"))},
		{"empty name dropped", "=x&a=1", h("a", sc("1"))},
		{"last scalar wins", "a=1&a=2", h("a", sc("2"))},
		{"huge index is just a key", "metadata[99999999999]=x",
			h("metadata", h("99999999999", sc("x")))},
		{"empty metadata-like key in hash", "a[b]=1&a[c]=", h("a", h("b", sc("1"), "c", sc("")))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.raw)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tc.raw, err)
			}
			if diff := cmp.Diff(tc.want, got, treeOpts); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tc.raw, diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	deep := "a" + strings.Repeat("[x]", maxDepth) + "=1"
	tooMany := strings.Repeat("a[]=1&", maxIndex+2)
	tests := []struct {
		name      string
		raw       string
		wantParam string
		wantMsg   string // substring
	}{
		{"bad escape in value", "a=%zz", "a", "malformed %-escape"},
		{"bad escape in key", "a%z=1", "a%z", "malformed %-escape"},
		{"truncated escape", "a=%4", "a", "malformed"},
		{"scalar then hash", "a=1&a[b]=2", "a", "conflicting shapes"},
		{"hash then scalar", "a[b]=2&a=1", "a", "conflicting shapes"},
		{"nested conflict", "a[b]=1&a[b][c]=2", "a[b]", "conflicting shapes"},
		{"push then index", "a[]=1&a[0]=2", "a", "conflicting shapes"},
		{"index then push", "a[0]=2&a[]=1", "a", "conflicting shapes"},
		{"scalar then push", "a=1&a[]=2", "a", "conflicting shapes"},
		{"push then scalar", "a[]=1&a=2", "a", "conflicting shapes"},
		{"hashes in push array", "a[][b]=1", "a", "Invalid array"},
		{"unclosed bracket", "a[b=1", "a[b", "unbalanced brackets"},
		{"stray close", "a]=1", "a]", "unbalanced brackets"},
		{"close in name", "a]b[c]=1", "a]b[c]", "unbalanced brackets"},
		{"leading bracket", "[a]=1", "[a]", "unbalanced brackets"},
		{"text after bracket", "a[b]c=1", "a[b]c", "unbalanced brackets"},
		{"bracket in segment", "a[b[c]]=1", "a[b[c]]", "unbalanced brackets"},
		{"too deep", deep, deep[:len(deep)-2], "nested too deeply"},
		{"too many pushes", tooMany, "a", "more than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.raw)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tc.raw, got)
			}
			if err.Status != 400 || err.Type != apierr.TypeInvalidRequest {
				t.Errorf("status/type = %d/%s, want 400/invalid_request_error", err.Status, err.Type)
			}
			if err.Param != tc.wantParam {
				t.Errorf("param = %q, want %q", err.Param, tc.wantParam)
			}
			if !strings.Contains(err.Message, tc.wantMsg) {
				t.Errorf("message = %q, want it to contain %q", err.Message, tc.wantMsg)
			}
		})
	}
}

func TestNodeList(t *testing.T) {
	tests := []struct {
		name   string
		node   *Node
		want   []*Node
		wantOK bool
	}{
		{"array", arr(sc("a"), sc("b")), []*Node{sc("a"), sc("b")}, true},
		{"indexed with gaps, numeric order", h("10", sc("c"), "2", sc("b"), "5", sc("x")),
			[]*Node{sc("b"), sc("x"), sc("c")}, true},
		{"max index", h(strconv.Itoa(maxIndex), sc("a")), []*Node{sc("a")}, true},
		{"over max index", h(strconv.Itoa(maxIndex+1), sc("a")), nil, false},
		{"leading zero", h("01", sc("a")), nil, false},
		{"negative", h("-1", sc("a")), nil, false},
		{"name key", h("0", sc("a"), "x", sc("b")), nil, false},
		{"scalar", sc("a"), nil, false},
		{"nil", nil, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.node.List()
			if ok != tc.wantOK {
				t.Fatalf("ok = %v, want %v", ok, tc.wantOK)
			}
			if diff := cmp.Diff(tc.want, got, treeOpts); diff != "" {
				t.Errorf("List mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// encode renders a tree back into a form body the way stripe-go does: keys
// query-escaped with the brackets left bare, arrays in a[] form (the only
// form Parse turns into an Array).
func encode(n *Node) string {
	var pairs []string
	var walk func(prefix string, n *Node)
	walk = func(prefix string, n *Node) {
		switch n.Kind {
		case Scalar:
			pairs = append(pairs, prefix+"="+url.QueryEscape(n.Str))
		case Array:
			for _, e := range n.Array {
				walk(prefix+"[]", e)
			}
		case Hash:
			for _, k := range n.Keys {
				ek := strings.NewReplacer("%5B", "[", "%5D", "]").Replace(url.QueryEscape(k))
				if prefix == "" {
					walk(ek, n.Hash[k])
				} else {
					walk(prefix+"["+ek+"]", n.Hash[k])
				}
			}
		}
	}
	walk("", n)
	return strings.Join(pairs, "&")
}

func TestEncodeRoundTrip(t *testing.T) {
	raw := "a=1&b[c]=x+y&b[d][]=1&b[d][]=2&e[0][f]=%26%3D&g=&k%20=v"
	tree, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(encode(tree))
	if err != nil {
		t.Fatalf("Parse(encode) error: %v (encoded %q)", err, encode(tree))
	}
	if diff := cmp.Diff(tree, again, treeOpts); diff != "" {
		t.Errorf("round trip mismatch (-first +second):\n%s", diff)
	}
}
