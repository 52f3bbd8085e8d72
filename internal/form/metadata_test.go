package form

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMetadata(t *testing.T) {
	long40 := strings.Repeat("k", 40)
	long500 := strings.Repeat("é", 500) // runes, not bytes, are counted
	tests := []struct {
		name string
		raw  string
		want *MetadataUpdate
		err  *wantErr
	}{
		{"absent", "", nil, nil},
		{"set and delete", "metadata[order]=6735&metadata[old]=",
			&MetadataUpdate{Set: map[string]string{"order": "6735", "old": ""}}, nil},
		{"numeric keys are keys", "metadata[0]=a&metadata[12]=b",
			&MetadataUpdate{Set: map[string]string{"0": "a", "12": "b"}}, nil},
		{"clear", "metadata=", &MetadataUpdate{Clear: true, Set: map[string]string{}}, nil},
		{"limits are inclusive", "metadata[" + long40 + "]=" + long500,
			&MetadataUpdate{Set: map[string]string{long40: long500}}, nil},
		{"string", "metadata=x", nil,
			&wantErr{"metadata", "", "Invalid metadata: metadata must be a set of key-value pairs"}},
		{"array", "metadata[]=x", nil,
			&wantErr{"metadata", "", "Invalid metadata: metadata must be a set of key-value pairs"}},
		{"nested value", "metadata[ids][0]=608066357640020d17efc2ac", nil,
			&wantErr{"metadata", "", `Invalid value type: {:"0"=>"608066357640020d17efc2ac"} must be a string`}},
		{"key too long", "metadata[payreality_business_operation_identity_id]=1", nil,
			&wantErr{"metadata", "", "Metadata keys can have up to 40 characters, but you passed in a key that is 41 characters. Invalid key: payreality_business_operation_identity_id"}},
		{"value too long", "metadata[k]=" + strings.Repeat("v", 501), nil,
			&wantErr{"metadata", "", "Metadata values can have up to 500 characters, but you passed in a value that is 501 characters. Invalid value: " + strings.Repeat("v", 501)}},
		{"unknown key beside metadata", "metadata[a]=1&metadat=1",
			&MetadataUpdate{Set: map[string]string{"a": "1"}},
			&wantErr{"metadat", "parameter_unknown", "Received unknown parameter: metadat. Did you mean metadata?"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := read(t, tc.raw, func(r *Reader) *MetadataUpdate { return r.Metadata("metadata") })
			checkErr(t, err, tc.err)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Metadata mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMetadataNestedParam(t *testing.T) {
	_, err := read(t, "card[metadata]=x", func(r *Reader) *MetadataUpdate {
		c, _ := r.Object("card")
		return c.Metadata("metadata")
	})
	checkErr(t, err, &wantErr{"card[metadata]", "", "Invalid metadata: metadata must be a set of key-value pairs"})
}

func TestMetadataApply(t *testing.T) {
	old := map[string]string{"a": "1", "b": "2"}
	tests := []struct {
		name string
		m    *MetadataUpdate
		old  map[string]string
		want map[string]string
	}{
		{"nil update copies", nil, old, map[string]string{"a": "1", "b": "2"}},
		{"nil update on nil", nil, nil, map[string]string{}},
		{"merge", &MetadataUpdate{Set: map[string]string{"b": "3", "c": "4"}}, old,
			map[string]string{"a": "1", "b": "3", "c": "4"}},
		{"delete", &MetadataUpdate{Set: map[string]string{"a": "", "zz": ""}}, old,
			map[string]string{"b": "2"}},
		{"clear", &MetadataUpdate{Clear: true, Set: map[string]string{}}, old, map[string]string{}},
		{"clear then set", &MetadataUpdate{Clear: true, Set: map[string]string{"c": "5"}}, old,
			map[string]string{"c": "5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.m.Apply(tc.old)
			if got == nil {
				t.Fatal("Apply returned nil")
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Apply mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// Apply must not write through to old.
	(&MetadataUpdate{Set: map[string]string{"a": ""}}).Apply(old)
	if old["a"] != "1" {
		t.Error("Apply modified its input")
	}
}

func TestMetadataValidate(t *testing.T) {
	keys := func(prefix string, n int) map[string]string {
		m := map[string]string{}
		for i := range n {
			m[fmt.Sprintf("%s%d", prefix, i)] = "v"
		}
		return m
	}
	if err := (&MetadataUpdate{Set: keys("n", 25)}).Validate("metadata", keys("o", 25)); err != nil {
		t.Errorf("50 keys: unexpected %v", err)
	}
	err := (&MetadataUpdate{Set: keys("n", 26)}).Validate("metadata", keys("o", 25))
	checkErr(t, err, &wantErr{"metadata", "", "Metadata can have up to 50 keys, but you've set 51. Email us at support+metadata@stripe.com for more information."})
	// Deleting and clearing count: the limit is on the result.
	del := keys("o", 51)
	del["o0"] = ""
	if err := (&MetadataUpdate{Set: del}).Validate("metadata", keys("o", 51)); err != nil {
		t.Errorf("51 - 1 keys: unexpected %v", err)
	}
	if err := (&MetadataUpdate{Clear: true, Set: keys("n", 50)}).Validate("metadata", keys("o", 50)); err != nil {
		t.Errorf("clear + 50: unexpected %v", err)
	}
	var none *MetadataUpdate
	if err := none.Validate("metadata", keys("o", 10)); err != nil {
		t.Errorf("nil update: unexpected %v", err)
	}
}
