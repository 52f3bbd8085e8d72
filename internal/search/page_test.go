package search

import (
	"encoding/base64"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

func TestPageRoundTrip(t *testing.T) {
	for _, id := range []string{"cus_NeGfPRiPKxeBi1", "ch_3x", `weird "id" é/+=`} {
		page := EncodePage(id)
		if again := EncodePage(id); again != page {
			t.Errorf("EncodePage(%q) is not deterministic: %q then %q", id, page, again)
		}
		got, err := DecodePage(page)
		if err != nil {
			t.Fatalf("DecodePage(EncodePage(%q)) error: %v", id, err)
		}
		if got != id {
			t.Errorf("DecodePage(EncodePage(%q)) = %q", id, got)
		}
	}
}

func TestPageToken(t *testing.T) {
	// The token is fixed so that a change of format is a deliberate one.
	if got, want := EncodePage("cus_123"), "eyJ2IjoxLCJhZnRlciI6ImN1c18xMjMifQ"; got != want {
		t.Errorf("EncodePage(cus_123) = %q, want %q", got, want)
	}
}

func TestDecodePageErrors(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	valid := EncodePage("cus_123")
	tests := []struct {
		name string
		page string
	}{
		{"not base64", "not a page!"},
		{"padded", valid + "=="},
		{"standard alphabet", base64.StdEncoding.EncodeToString([]byte(`{"v":1,"after":"cus_123"}`))},
		{"not JSON", enc([]byte("cus_123"))},
		{"wrong version", enc([]byte(`{"v":2,"after":"cus_123"}`))},
		{"no id", enc([]byte(`{"v":1,"after":""}`))},
		{"unknown field", enc([]byte(`{"v":1,"after":"cus_123","x":1}`))},
		{"reordered JSON", enc([]byte(`{"after":"cus_123","v":1}`))},
		{"trailing data", enc([]byte(`{"v":1,"after":"cus_123"} {}`))},
		{"truncated", valid[:len(valid)-3]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := DecodePage(tt.page)
			if err == nil {
				t.Fatalf("DecodePage(%q) = %q, want an error", tt.page, id)
			}
			want := &apierr.Error{Status: 400, Type: apierr.TypeInvalidRequest, Param: "page",
				Message: "Invalid page: `" + abbreviate(tt.page) + "` is not a next_page value returned by this search endpoint. Pass the next_page of a previous search response unchanged, or leave page out to start at the first result."}
			if diff := cmp.Diff(want, err); diff != "" {
				t.Errorf("DecodePage(%q) error mismatch (-want +got):\n%s", tt.page, diff)
			}
		})
	}
}

func TestDecodePageEmpty(t *testing.T) {
	_, err := DecodePage("")
	if diff := cmp.Diff(apierr.InvalidEmptyString("page"), err); diff != "" {
		t.Errorf("DecodePage(\"\") error mismatch (-want +got):\n%s", diff)
	}
}
