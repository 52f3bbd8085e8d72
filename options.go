package fakestripe

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fakestripe/fakestripe/internal/httpapi"
	"github.com/fakestripe/fakestripe/internal/state"
)

// Option configures a fake at New or NewServer.
type Option func(*config) error

type config struct {
	api httpapi.Config
}

// WithStartTime starts the fake clock at t instead of DefaultStart.
func WithStartTime(t time.Time) Option {
	return func(c *config) error {
		if t.IsZero() {
			return errors.New("WithStartTime: zero time")
		}
		c.api.State.Start = t.UTC()
		return nil
	}
}

// WithSeed seeds the id generator and every generated value; fakes with the
// same seed given the same calls answer byte for byte the same. The default
// seed is 0.
func WithSeed(seed int64) Option {
	return func(c *config) error {
		c.api.State.Seed = seed
		return nil
	}
}

// WithAPIKeys restricts the fake to the given keys; by default any key that
// starts with sk_test_ (or rk_test_) is accepted.
func WithAPIKeys(keys ...string) Option {
	return func(c *config) error {
		for _, k := range keys {
			if !strings.HasPrefix(k, "sk_test_") && !strings.HasPrefix(k, "rk_test_") {
				return fmt.Errorf("WithAPIKeys: %q is not a test-mode secret or restricted key", k)
			}
		}
		c.api.APIKeys = append(c.api.APIKeys, keys...)
		return nil
	}
}

// Fee is card pricing: a percentage in basis points (290 is 2.9%), a fixed
// amount in the currency's minor units, and the extra basis points charged
// for cards issued outside the US.
type Fee = state.Fee

// StandardFee is Stripe's standard US card pricing, the default: 2.9% + 30,
// plus 1.5% for international cards.
var StandardFee = state.StandardFee

// WithFee prices card charges in currency (lower-case ISO code) with f.
// Currencies without their own fee use WithDefaultFee's, or StandardFee.
func WithFee(currency string, f Fee) Option {
	return func(c *config) error {
		if c.api.State.Fees == nil {
			c.api.State.Fees = map[string]Fee{}
		}
		c.api.State.Fees[strings.ToLower(currency)] = f
		return nil
	}
}

// WithDefaultFee prices card charges in every currency without a WithFee.
func WithDefaultFee(f Fee) Option {
	return func(c *config) error {
		c.api.State.DefaultFee = &f
		return nil
	}
}

// WithSettlementDelay sets how many days after a charge's UTC date its funds
// become available (default 2, Stripe's standard US schedule).
func WithSettlementDelay(days int) Option {
	return func(c *config) error {
		if days < 0 {
			return fmt.Errorf("WithSettlementDelay: negative delay %d", days)
		}
		c.api.State.SettlementDays = &days
		return nil
	}
}

// WithStatementDescriptor sets the account's statement descriptor, from
// which charges' calculated_statement_descriptor is made.
func WithStatementDescriptor(d string) Option {
	return func(c *config) error {
		c.api.State.StatementDescriptor = d
		return nil
	}
}

// WithWebhookSigningTime stamps webhook signatures with now instead of the
// wall clock. The default is the wall clock, not the fake one, because
// receivers (stripe-go's webhook.ConstructEvent among them) refuse
// signatures more than five minutes from their own time.Now; set it to make
// deliveries byte-for-byte repeatable, with a receiver that checks
// tolerance against the same clock.
func WithWebhookSigningTime(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("WithWebhookSigningTime: nil clock")
		}
		c.api.WebhookSigningTime = now
		return nil
	}
}

// WithAsyncWebhooks delivers webhooks from a goroutine of the fake's, in
// order, instead of before the response of the request that caused them.
// Use it to test code that must not depend on a webhook arriving first;
// FlushWebhooks waits for the queue, and Close waits for it to drain.
// A handler delivered to asynchronously runs off the test's goroutine: a
// t.FailNow (or testify's require) in it ends only that delivery, which is
// recorded as failed; report with t.Errorf to keep the test's own failure.
// Without it the fake starts no goroutine.
func WithAsyncWebhooks() Option {
	return func(c *config) error {
		c.api.AsyncWebhooks = true
		return nil
	}
}
