package form

import (
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
	Clear bool
	Set   map[string]string
}

// Metadata reads a metadata hash, checking key and value lengths.
func (r *Reader) Metadata(name string) *MetadataUpdate {
	n := r.get(name)
	if n == nil {
		return nil
	}
	param := r.param(name)
	if n.Kind == Scalar {
		if n.Str == "" {
			return &MetadataUpdate{Clear: true, Set: map[string]string{}}
		}
		r.Fail(apierr.InvalidHash(param))
		return nil
	}
	if n.Kind != Hash {
		r.Fail(apierr.InvalidHash(param))
		return nil
	}
	m := &MetadataUpdate{Set: make(map[string]string, len(n.Keys))}
	for _, k := range n.Keys {
		v := n.Hash[k]
		kp := param + "[" + k + "]"
		switch {
		case v.Kind != Scalar:
			r.Fail(apierr.Invalidf(kp, "Invalid value for %s: metadata values must be strings, not hashes or arrays.", kp))
			return nil
		case utf8.RuneCountInString(k) > maxMetadataKeyLen:
			r.Fail(apierr.Invalidf(kp, "Metadata keys can have up to %d characters, but you passed in a key that is %d characters. Invalid key: '%s'", maxMetadataKeyLen, utf8.RuneCountInString(k), k))
			return nil
		case strings.ContainsAny(k, "[]"):
			r.Fail(apierr.Invalidf(kp, "Metadata keys may not contain '[' or ']'. Invalid key: '%s'", k))
			return nil
		case utf8.RuneCountInString(v.Str) > maxMetadataValLen:
			r.Fail(apierr.Invalidf(kp, "Metadata values can have up to %d characters, but you passed in a value that is %d characters. Invalid value: '%s'", maxMetadataValLen, utf8.RuneCountInString(v.Str), v.Str))
			return nil
		}
		m.Set[k] = v.Str
	}
	return m
}

// Apply returns old merged with the update, as a new map that is never nil.
func (m *MetadataUpdate) Apply(old map[string]string) map[string]string {
	out := make(map[string]string, len(old)+len(m.Set))
	if !m.Clear {
		for k, v := range old {
			out[k] = v
		}
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
// to the object's metadata after the update, not to the update alone.
func (m *MetadataUpdate) Validate(param string, old map[string]string) *apierr.Error {
	if n := len(m.Apply(old)); n > maxMetadataKeys {
		return apierr.Invalidf(param, "You can have up to %d metadata keys, but this update would leave the object with %d.", maxMetadataKeys, n)
	}
	return nil
}
