package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"time"

	"github.com/stripe/stripe-go/v76"
)

// workload is one thing a test does through stripe-go.
type workload struct {
	name  string
	calls int // API calls per operation
	run   func(t *target) error
}

var workloads = []workload{
	{"create customer", 1, func(t *target) error {
		_, err := t.sc.Customers.New(&stripe.CustomerParams{Email: stripe.String("bench@example.com")})
		return err
	}},
	{"retrieve customer", 1, func(t *target) error {
		_, err := t.sc.Customers.Get(t.customerID, nil)
		return err
	}},
	{"create charge", 1, func(t *target) error {
		_, err := t.sc.Charges.New(&stripe.ChargeParams{
			Amount: stripe.Int64(2000), Currency: stripe.String("usd"),
			Source: &stripe.PaymentSourceSourceParams{Token: stripe.String("tok_visa")},
		})
		return err
	}},
	{"list 10 customers", 1, func(t *target) error {
		it := t.sc.Customers.List(&stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(10), Single: true}})
		n := 0
		for it.Next() {
			n++
		}
		if err := it.Err(); err != nil {
			return err
		}
		// stripe-mock answers every list with its one fixture.
		if t.fake && n != 10 || n == 0 {
			return fmt.Errorf("listed %d customers", n)
		}
		return nil
	}},
	{"checkout flow", 4, func(t *target) error {
		c, err := t.sc.Customers.New(&stripe.CustomerParams{Email: stripe.String("buyer@example.com"), Source: stripe.String("tok_visa")})
		if err != nil {
			return err
		}
		ch, err := t.sc.Charges.New(&stripe.ChargeParams{Amount: stripe.Int64(2000), Currency: stripe.String("usd"), Customer: stripe.String(c.ID)})
		if err != nil {
			return err
		}
		if _, err := t.sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID), Amount: stripe.Int64(500)}); err != nil {
			return err
		}
		_, err = t.sc.Balance.Get(nil)
		return err
	}},
}

// results holds, per workload and target, one time per operation for each
// round.
type results map[string]map[string][]time.Duration

// measureWorkloads runs rounds of batches. In each round every workload
// runs a batch on every target, targets in a fresh random order, so that
// none is always first or last. The heap is collected before each batch, so
// that one target's garbage is not collected on another's time.
func measureWorkloads(ctx context.Context, targets []*target, rounds, batch int) (results, error) {
	rng := rand.New(rand.NewPCG(7, 11))
	res := results{}
	for _, w := range workloads {
		res[w.name] = map[string][]time.Duration{}
	}
	// One warm-up batch each: connections, caches, lazy initialisation.
	for _, w := range workloads {
		for _, t := range targets {
			if _, err := runBatch(t, w, batch/10+1); err != nil {
				return nil, err
			}
		}
	}
	order := slices.Clone(targets)
	for r := 0; r < rounds; r++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("stopped after %d rounds: %w", r, err)
		}
		for _, w := range workloads {
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			n := batch
			if w.calls > 1 {
				n = batch / w.calls
			}
			for _, t := range order {
				per, err := runBatch(t, w, n)
				if err != nil {
					return nil, err
				}
				res[w.name][t.name] = append(res[w.name][t.name], per)
			}
		}
	}
	return res, nil
}

// runBatch runs w n times on t and returns the time per operation.
func runBatch(t *target, w workload, n int) (time.Duration, error) {
	runtime.GC()
	start := time.Now()
	for i := 0; i < n; i++ {
		if err := w.run(t); err != nil {
			return 0, fmt.Errorf("%s on %s: %w", w.name, t.name, err)
		}
	}
	return time.Since(start) / time.Duration(n), nil
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
