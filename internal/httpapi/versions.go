package httpapi

import "regexp"

// DefaultVersion is the API version the fake speaks and renders.
const DefaultVersion = "2023-10-16"

// knownVersions are the Stripe API versions the fake accepts in a
// Stripe-Version header. Every one is answered in the 2023-10-16 shape: the
// fake speaks one version, and accepts the others so that clients pinned to
// them (newer stripe-go and stripe-node releases) can talk to it.
var knownVersions = map[string]bool{
	"2020-08-27": true, "2022-08-01": true, "2022-11-15": true, "2023-08-16": true,
	"2023-10-16": true,
	"2024-04-10": true, "2024-06-20": true,
	"2024-09-30.acacia": true, "2024-10-28.acacia": true, "2024-11-20.acacia": true, "2024-12-18.acacia": true,
	"2025-01-27.acacia": true, "2025-02-24.acacia": true,
	"2025-03-31.basil": true, "2025-04-30.basil": true, "2025-05-28.basil": true, "2025-06-30.basil": true,
	"2025-07-30.basil": true, "2025-08-27.basil": true,
	"2025-09-30.clover": true, "2025-10-29.clover": true, "2025-11-17.clover": true, "2025-12-15.clover": true,
}

// versionShape is what a Stripe version looks like: a date, optionally with
// a release name. Versions of that shape dated after the newest known one
// are accepted too, since stripe-go releases newer than this table pin them.
var versionShape = regexp.MustCompile(`^(20[2-9][0-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(\.[a-z]+)?$`)

// newestKnown is the latest date in knownVersions.
const newestKnown = "2025-12-15"

// acceptVersion reports whether a Stripe-Version header value is one the fake
// answers.
func acceptVersion(v string) bool {
	if knownVersions[v] {
		return true
	}
	if !versionShape.MatchString(v) {
		return false
	}
	// A newer release with a name (2026-01-28.clover and later) is what a
	// newer stripe-go pins; dates before the newest known one must be known.
	return len(v) > 10 && v[:10] > newestKnown
}
