package httpapi

import (
	"strconv"

	"github.com/fakestripe/fakestripe/internal/state"
)

// Render shapes shared by several objects.

type addressJSON struct {
	City       *string `json:"city"`
	Country    *string `json:"country"`
	Line1      *string `json:"line1"`
	Line2      *string `json:"line2"`
	PostalCode *string `json:"postal_code"`
	State      *string `json:"state"`
}

func renderAddress(a state.Address) addressJSON {
	return addressJSON{City: a.City, Country: a.Country, Line1: a.Line1, Line2: a.Line2, PostalCode: a.PostalCode, State: a.State}
}

func renderAddressPtr(a *state.Address) *addressJSON {
	if a == nil {
		return nil
	}
	out := renderAddress(*a)
	return &out
}

// shippingJSON is a shipping hash; carrier and tracking_number exist on
// charges only, so they are pointers-to-pointers: absent on customers, null
// or a value on charges.
type shippingJSON struct {
	Address        addressJSON `json:"address"`
	Carrier        **string    `json:"carrier,omitempty"`
	Name           string      `json:"name"`
	Phone          *string     `json:"phone"`
	TrackingNumber **string    `json:"tracking_number,omitempty"`
}

func renderShipping(s *state.Shipping, withTracking bool) *shippingJSON {
	if s == nil {
		return nil
	}
	out := &shippingJSON{Address: renderAddress(s.Address), Name: s.Name, Phone: s.Phone}
	if withTracking {
		out.Carrier = &s.Carrier
		out.TrackingNumber = &s.TrackingNumber
	}
	return out
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// deref returns a nullable string's value and whether it is set.
func deref(s *string) (string, bool) {
	if s == nil {
		return "", false
	}
	return *s, true
}

// orNil turns "" into a JSON null.
func orNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// idOrNil renders an expandable id property that may be unset.
func idOrNil(id string) any {
	if id == "" {
		return nil
	}
	return id
}
