package httpapi

import (
	"strings"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// maxExpandDepth is how many levels deep Stripe expands.
const maxExpandDepth = 4

// expandable lists, per object type, the properties expand[] may name and
// the object types each can become. A property whose target list is empty
// is expandable on Stripe but always null in the fake (invoices,
// applications, reviews); naming it is accepted and changes nothing.
// Targets starting with "list:" are includable lists of that object type
// (customer sources, charge refunds), expanded through their "data".
var expandable = map[string]map[string][]string{
	"customer": {
		"default_source": {"card"},
		"test_clock":     {"test_helpers.test_clock"},
		"invoice_settings.default_payment_method": {"payment_method"},
		"sources":                {"list:card"},
		"subscriptions":          {"list:subscription"},
		"tax_ids":                {"list:tax_id"},
		"cash_balance":           {"cash_balance"},
		"tax":                    {"customer_tax"},
		"invoice_credit_balance": {"invoice_credit_balance"},
		"discount":               {},
	},
	"card": {
		"customer": {"customer"},
		"account":  {},
	},
	"tax_id": {"customer": {"customer"}},
	"charge": {
		"application":                 {},
		"application_fee":             {},
		"balance_transaction":         {"balance_transaction"},
		"customer":                    {"customer"},
		"failure_balance_transaction": {"balance_transaction"},
		"invoice":                     {},
		"on_behalf_of":                {},
		"payment_intent":              {"payment_intent"},
		"refunds":                     {"list:refund"},
		"review":                      {},
		"source_transfer":             {},
		"transfer":                    {},
		"outcome.rule":                {},
	},
	"refund": {
		"balance_transaction":         {"balance_transaction"},
		"charge":                      {"charge"},
		"failure_balance_transaction": {"balance_transaction"},
		"payment_intent":              {"payment_intent"},
		"source_transfer_reversal":    {},
		"transfer_reversal":           {},
	},
	"balance_transaction": {
		"source": {"charge", "refund", "payout"},
	},
	"payout": {
		"balance_transaction":         {"balance_transaction"},
		"destination":                 {},
		"failure_balance_transaction": {"balance_transaction"},
		"original_payout":             {"payout"},
		"reversed_by":                 {"payout"},
	},
	"balance":                 {},
	"test_helpers.test_clock": {},
	"payment_method":          {"customer": {"customer"}},
	"payment_intent": {
		"application":    {},
		"customer":       {"customer"},
		"invoice":        {},
		"latest_charge":  {"charge"},
		"on_behalf_of":   {},
		"payment_method": {"payment_method"},
		"review":         {},
	},
	"event": {},
}

// expansion is the tree of properties to expand below one object.
type expansion map[string]expansion

// has reports whether the property is to be expanded.
func (x expansion) has(prop string) bool {
	_, ok := x[prop]
	return ok
}

// child is the expansion below prop.
func (x expansion) child(prop string) expansion { return x[prop] }

// parseExpand validates expand[] paths for a response of the given object
// type (or a list of them) and builds the tree. Validation is by type, not by
// data, so a path is accepted or refused the same whether or not the
// property happens to be null.
func parseExpand(paths []string, object string, list bool) (expansion, *apierr.Error) {
	root := expansion{}
	for _, p := range paths {
		path := p
		if list {
			if path == "total_count" {
				// Search results count only when asked; the renderer reads it.
				root["total_count"] = nil
				continue
			}
			rest, ok := strings.CutPrefix(path, "data.")
			if !ok {
				return nil, apierr.CannotExpand(p).WithSuffix(" You may want to try expanding 'data." + p + "' instead.")
			}
			path = rest
		}
		segs := strings.Split(path, ".")
		if len(segs) > maxExpandDepth {
			return nil, apierr.Invalidf("expand", "You cannot expand more than %d levels of a property. (%s)", maxExpandDepth, p)
		}
		if !validExpandPath([]string{object}, segs) {
			return nil, apierr.CannotExpand(p)
		}
		node := root
		for _, s := range segs {
			next, ok := node[s]
			if !ok || next == nil {
				next = expansion{}
				node[s] = next
			}
			node = next
		}
	}
	return root, nil
}

// validExpandPath walks segs through the expandable table from any of the
// given object types (a polymorphic property has several).
func validExpandPath(types []string, segs []string) bool {
	if len(segs) == 0 {
		return true
	}
	for _, typ := range types {
		props := expandable[typ]
		// A property may itself contain a dot (invoice_settings.default_payment_method).
		for n := 1; n <= len(segs); n++ {
			targets, ok := props[strings.Join(segs[:n], ".")]
			if !ok {
				continue
			}
			rest := segs[n:]
			if len(rest) == 0 {
				return true
			}
			var next []string
			for _, t := range targets {
				if elem, isList := strings.CutPrefix(t, "list:"); isList {
					if rest[0] == "data" {
						if validExpandPath([]string{elem}, rest[1:]) {
							return true
						}
					}
					continue
				}
				next = append(next, t)
			}
			if len(next) > 0 && validExpandPath(next, rest) {
				return true
			}
		}
	}
	return false
}
