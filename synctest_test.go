package fakestripe_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"
)

// TestInsideSynctest runs a whole payment flow inside a synctest bubble.
// The fake has no goroutines, timers or sockets of its own when reached
// through Client(), so the bubble never waits on it, and the fake clock,
// not the bubble's, decides when funds settle.
func TestInsideSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fake, sc := newClient(t)
		ch, err := sc.Charges.New(chargeParams(2000, "tok_visa"))
		require.NoError(t, err)
		assert.Equal(t, stripe.ChargeStatusSucceeded, ch.Status)

		fake.Advance(48 * time.Hour)
		b, err := sc.Balance.Get(nil)
		require.NoError(t, err)
		av, pe := balanceOf(t, b, "usd")
		assert.Equal(t, [2]int64{1912, 0}, [2]int64{av, pe})
		synctest.Wait()
	})
}
