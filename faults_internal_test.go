package fakestripe

import "testing"

// TestEndpointsNameRoutes keeps the Endpoint constants in step with the
// routes the fake registers.
func TestEndpointsNameRoutes(t *testing.T) {
	s, err := NewServer()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	routes := map[string]bool{}
	for _, r := range s.api.Routes() {
		routes[r] = true
	}
	for _, e := range endpoints {
		if !routes[string(e)] {
			t.Errorf("endpoint %q names no route", e)
		}
	}
}
