package form

import (
	"fmt"
	"maps"
	"strings"
	"unicode/utf8"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// Stripe's metadata limits (docs.stripe.com/metadata).
const (
	maxMetadataKeys   = 50
	maxMetadataKeyLen = 40
	maxMetadataValLen = 500
)

// MetadataUpdate is a metadata parameter: Clear (metadata=) drops every key
// before Set is merged in; a "" value in Set deletes its key.
type MetadataUpdate struct {
	Clear bool              // "metadata=" : remove every key before applying Set
	Set   map[string]string // key -> value; value "" means delete that key
}

// Metadata reads a metadata hash, checking each key and value as Stripe
// does while reading; the 50-key limit depends on the object's existing
// metadata and is checked by Validate. All errors name the metadata
// parameter itself, as Stripe's do (param "metadata" in stripe-php#246,
// houndci/hound#817).
func (r *Reader) Metadata(name string) *MetadataUpdate {
	n := r.get(name)
	if n == nil {
		return nil
	}
	param := r.param(name)
	if n.Kind == Scalar && n.Str == "" {
		return &MetadataUpdate{Clear: true, Set: map[string]string{}}
	}
	if n.Kind != Hash {
		// Observed for a string sent as metadata (stripe-dotnet#488).
		r.Fail(apierr.Invalidf(param, "Invalid %s: metadata must be a set of key-value pairs", lastSegment(param)))
		return nil
	}
	m := &MetadataUpdate{Set: make(map[string]string, len(n.Keys))}
	for _, k := range n.Keys {
		v := n.Hash[k]
		if err := checkMetadataPair(param, k, v); err != nil {
			r.Fail(err)
			return nil
		}
		m.Set[k] = v.Str
	}
	return m
}

// checkMetadataPair applies the per-pair rules. The messages are Stripe's
// own: the length ones as returned by the API in 2023-2025 captures, the
// nested-value one from stripe-node#1162. The bracket rule cannot be hit
// through Parse (it never yields a key containing a bracket) and its
// wording is ours.
func checkMetadataPair(param, k string, v *Node) *apierr.Error {
	if v.Kind != Scalar {
		return apierr.Invalidf(param, "Invalid value type: %s must be a string", inspect(v))
	}
	if n := utf8.RuneCountInString(k); n > maxMetadataKeyLen {
		return apierr.Invalidf(param, "Metadata keys can have up to %d characters, but you passed in a key that is %d characters. Invalid key: %s", maxMetadataKeyLen, n, k)
	}
	if strings.ContainsAny(k, "[]") {
		return apierr.Invalidf(param, "Metadata keys can't contain square brackets ([ or ]). Invalid key: %s", k)
	}
	if n := utf8.RuneCountInString(v.Str); n > maxMetadataValLen {
		return apierr.Invalidf(param, "Metadata values can have up to %d characters, but you passed in a value that is %d characters. Invalid value: %s", maxMetadataValLen, n, v.Str)
	}
	return nil
}

// lastSegment turns "card[metadata]" into "metadata" for messages that
// name the field rather than the full parameter.
func lastSegment(param string) string {
	if i := strings.LastIndexByte(param, '['); i >= 0 {
		return strings.TrimSuffix(param[i+1:], "]")
	}
	return param
}

// Apply returns old merged with the update, as a new map that is never nil.
// A nil update (metadata absent) returns a copy of old, so callers can apply
// what Metadata returned without checking.
func (m *MetadataUpdate) Apply(old map[string]string) map[string]string {
	out := make(map[string]string, len(old))
	if m == nil || !m.Clear {
		maps.Copy(out, old)
	}
	if m == nil {
		return out
	}
	for k, v := range m.Set {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// Validate checks the merged result against the 50-key limit, which applies
// to the object's metadata after the update, not to the update alone. The
// message is the one Stripe returned in FlowFuse/flowfuse#1948.
func (m *MetadataUpdate) Validate(param string, old map[string]string) *apierr.Error {
	if n := len(m.Apply(old)); n > maxMetadataKeys {
		return apierr.Invalid("", param, fmt.Sprintf("Metadata can have up to %d keys, but you've set %d. Email us at support+metadata@stripe.com for more information.", maxMetadataKeys, n))
	}
	return nil
}
