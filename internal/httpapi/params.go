package httpapi

import (
	"strings"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
	"github.com/fakestripe/fakestripe/internal/state"
)

// Readers for the parameter shapes several endpoints share. Each reads from
// the form.Reader, which records the first type error and the unknown keys.

// readAddress reads an address hash's six fields.
func readAddress(r *form.Reader) state.Address {
	return state.Address{
		City:       r.StringMax("city", 5000),
		Country:    r.StringMax("country", 5000),
		Line1:      r.StringMax("line1", 5000),
		Line2:      r.StringMax("line2", 5000),
		PostalCode: r.StringMax("postal_code", 5000),
		State:      r.StringMax("state", 5000),
	}
}

// readAddressOpt reads an address that may be unset with "".
func readAddressOpt(r *form.Reader, name string) state.Opt[state.Address] {
	sub, pres := r.Object(name)
	switch pres {
	case form.Empty:
		return state.Opt[state.Address]{Set: true, Unset: true}
	case form.Present:
		return state.Opt[state.Address]{Set: true, V: readAddress(sub)}
	}
	return state.Opt[state.Address]{}
}

// readShipping reads a shipping hash; charges also take carrier and
// tracking_number.
func readShipping(r *form.Reader, name string, withTracking bool) state.Opt[state.Shipping] {
	sub, pres := r.Object(name)
	switch pres {
	case form.Empty:
		return state.Opt[state.Shipping]{Set: true, Unset: true}
	case form.Absent:
		return state.Opt[state.Shipping]{}
	}
	sub.Require("address", "name")
	var s state.Shipping
	if a, ap := sub.Object("address"); ap == form.Present {
		s.Address = readAddress(a)
	}
	if n := sub.StringMax("name", 5000); n != nil {
		s.Name = *n
	}
	s.Phone = sub.StringMax("phone", 5000)
	if withTracking {
		s.Carrier = sub.StringMax("carrier", 5000)
		s.TrackingNumber = sub.StringMax("tracking_number", 5000)
	}
	return state.Opt[state.Shipping]{Set: true, V: s}
}

// readEmail reads an email address parameter, refusing what Stripe refuses
// with its email_invalid error ("" still unsets). Stripe's exact rules are
// not published; the fake asks for one @ with something on each side, a
// dot in the domain and no spaces, which every real address meets.
func readEmail(r *form.Reader, name string, max int) *string {
	v := r.StringMax(name, max)
	if v == nil || *v == "" || validEmail(*v) {
		return v
	}
	r.Fail(apierr.Invalid("email_invalid", r.Param(name), "Invalid email address: "+*v))
	return nil
}

func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(s, " \t\n") &&
		!strings.Contains(domain, "@") && strings.Contains(domain, ".") &&
		!strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}
