package fakestripe

import (
	"os"
	"strings"
	"testing"
)

// TestSupportedListsEveryRoute keeps SUPPORTED.md in step with the routes
// the fake registers.
func TestSupportedListsEveryRoute(t *testing.T) {
	doc, err := os.ReadFile("SUPPORTED.md")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, r := range s.api.Routes() {
		if !strings.Contains(string(doc), "## `"+r+"`") {
			t.Errorf("SUPPORTED.md does not list %s", r)
		}
	}
}
