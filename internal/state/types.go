package state

import "github.com/fakestripe/fakestripe/internal/form"

// Opt is a parameter that can be left out, set, or explicitly unset with
// Stripe's empty-string convention (param=).
type Opt[T any] struct {
	Set   bool // the request named the parameter
	Unset bool // it was sent as "" to clear the value
	V     T
}

// Address is Stripe's postal address; nil fields render as null.
type Address struct {
	City, Country, Line1, Line2, PostalCode, State *string
}

// Shipping is a name, address and phone to ship to. Carrier and
// TrackingNumber exist on charges only.
type Shipping struct {
	Address        Address
	Name           string
	Phone          *string
	Carrier        *string
	TrackingNumber *string
}

func strPtr(s string) *string { return &s }

// nonEmpty turns Stripe's "" (unset) into nil.
func nonEmpty(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// applyMetadata merges an optional metadata update into old, returning a new
// map that is never nil.
func applyMetadata(m *form.MetadataUpdate, old map[string]string) map[string]string {
	if m == nil {
		return cloneMap(old)
	}
	return m.Apply(old)
}
