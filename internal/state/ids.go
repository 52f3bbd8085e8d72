package state

import (
	"math/rand"
	"time"

	"github.com/oklog/ulid/v2"
)

// idSource makes ids as Stripe prefixes followed by a ULID. The ULID's time
// comes from the fake clock and its entropy from a seeded monotonic source,
// so two fakes given the same seed and the same calls make the same ids, and
// ids sort in creation order.
type idSource struct {
	entropy *ulid.MonotonicEntropy
}

func newIDSource(seed int64) *idSource {
	return &idSource{entropy: ulid.Monotonic(rand.New(rand.NewSource(seed)), 0)}
}

func (s *idSource) next(prefix string, now time.Time) string {
	ms := ulid.Timestamp(now)
	id, err := ulid.New(ms, s.entropy)
	if err != nil {
		// The monotonic source overflows only after 2^80 ids in one
		// millisecond; a fresh draw at the same instant cannot fail twice.
		id = ulid.MustNew(ms, rand.New(rand.NewSource(int64(ms))))
	}
	return prefix + "_" + id.String()
}
