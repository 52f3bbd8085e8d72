package state

import (
	"encoding/binary"
	"math/rand/v2"
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
	// ChaCha8 is small (math/rand's source is 5 KB) and reads bytes, which
	// is what the ULID entropy wants; New(t) stays cheap.
	return &idSource{entropy: ulid.Monotonic(rand.NewChaCha8(seedBytes(seed, "ids")), 0)}
}

// seedBytes derives a ChaCha8 seed from the user's seed and a purpose, so
// that each generator of a State draws its own stream.
func seedBytes(seed int64, purpose string) [32]byte {
	var b [32]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(seed))
	copy(b[8:], purpose)
	return b
}

func (s *idSource) next(prefix string, now time.Time) string {
	ms := ulid.Timestamp(now)
	id, err := ulid.New(ms, s.entropy)
	if err != nil {
		// The monotonic source overflows only after 2^80 ids in one
		// millisecond; a fresh draw at the same instant cannot fail twice.
		id = ulid.MustNew(ms, rand.NewChaCha8(seedBytes(int64(ms), "overflow")))
	}
	return prefix + "_" + id.String()
}
