package form

import (
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// fuzzSeeds are the shapes clients really send plus the malformed ones the
// decoder must refuse cleanly.
var fuzzSeeds = []string{
	"",
	"amount=2000&currency=usd&source=tok_visa&description=Hi+there",
	"expand[]=customer&expand[]=balance_transaction",
	"expand[0]=customer&expand[1]=invoice",
	"metadata[order_id]=6735&metadata[old]=&shipping[address][city]=Paris",
	"metadata=",
	"invoice_settings[custom_fields][0][name]=a&invoice_settings[custom_fields][0][value]=b",
	"created[gt]=1&created[lte]=2&limit=10",
	"a%5Bb%5D=x&c=%E2%82%AC",
	"a=%zz", "a[b=1", "a]=1", "a=1&a[b]=2", "a[]=1&a[0]=2", "a[][b]=1",
	"items[0][qty]=1&items[2][qty]=x&address[citi]=y",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		tree, err := Parse(raw)
		if err != nil {
			if err.Status != 400 || err.Type != apierr.TypeInvalidRequest || err.Message == "" {
				t.Fatalf("Parse(%q) returned a malformed error: %+v", raw, err)
			}
			return
		}
		if tree == nil || tree.Kind != Hash {
			t.Fatalf("Parse(%q) root = %+v, want a Hash", raw, tree)
		}
		checkTree(t, tree, 0)

		// Every tree Parse builds can be written back in stripe-go's
		// encoding (arrays in a[] form) and parsed to the same tree.
		enc := encode(tree)
		again, err := Parse(enc)
		if err != nil {
			t.Fatalf("Parse(encode(Parse(%q))) = %v; encoded %q", raw, err, enc)
		}
		if diff := cmp.Diff(tree, again, treeOpts); diff != "" {
			t.Fatalf("round trip of %q via %q changed the tree (-first +second):\n%s", raw, enc, diff)
		}
	})
}

// checkTree verifies the invariants readers rely on: Keys sorted and
// matching Hash, no nil children, arrays only of scalars, depth bounded.
func checkTree(t *testing.T, n *Node, depth int) {
	t.Helper()
	if n == nil {
		t.Fatal("nil node in tree")
	}
	if depth > maxDepth {
		t.Fatalf("tree deeper than %d", maxDepth)
	}
	n.List() // must not panic whatever the shape
	switch n.Kind {
	case Hash:
		if len(n.Keys) != len(n.Hash) || !sort.StringsAreSorted(n.Keys) {
			t.Fatalf("Keys %q do not match the hash of %d keys in order", n.Keys, len(n.Hash))
		}
		for _, k := range n.Keys {
			checkTree(t, n.Hash[k], depth+1)
		}
	case Array:
		for _, e := range n.Array {
			if e == nil || e.Kind != Scalar {
				t.Fatalf("array element %+v is not a scalar", e)
			}
		}
	}
}

func FuzzReader(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		root, perr := Parse(raw)
		if perr != nil {
			return
		}
		r := NewReader(root)
		r.Require("amount", "currency")
		r.IntRange("amount", 1, 99999999)
		r.Enum("currency", "usd", "eur")
		r.StringMax("description", 10)
		r.String("email")
		r.Bool("capture")
		r.Timestamp("trial_end")
		r.Strings("expand")
		if a, _ := r.Object("address"); a != nil {
			a.String("city")
			a.Int("line1")
		}
		if s, _ := r.Object("shipping"); s != nil {
			s.String("name")
			addr, _ := s.Object("address")
			addr.String("city")
		}
		items, _ := r.Objects("items")
		for _, it := range items {
			it.Int("qty")
			it.Metadata("metadata")
		}
		md := r.Metadata("metadata")
		merged := md.Apply(map[string]string{"keep": "1"})
		if merged == nil {
			t.Fatal("Apply returned nil")
		}
		if err := md.Validate("metadata", nil); err != nil && err.Param != "metadata" {
			t.Fatalf("Validate param = %q", err.Param)
		}
		if g := r.Range("created"); g != nil {
			g.Contains(0)
		}
		r.Raw("card")
		r.Has("source")
		err := r.Err()
		if err != nil && (err.Status != 400 || err.Type != apierr.TypeInvalidRequest || err.Message == "") {
			t.Fatalf("Err() for %q is malformed: %+v", raw, err)
		}
		// Reading is idempotent: asking again gives the same answer.
		if again := r.Err(); !cmp.Equal(err, again) {
			t.Fatalf("Err() changed between calls: %v then %v", err, again)
		}
	})
}
