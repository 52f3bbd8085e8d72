package fakestripe_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/fakestripe/fakestripe"
)

// scaleFakes is how many fakes TestThousandFakesInParallel runs.
const scaleFakes = 1000

// scaleClient is a stripe-go client on a fake, in-process, without the
// schema validation of newClient: these tests are about many fakes and
// much data, and the other tests check the shapes.
func scaleClient(fake *fakestripe.Server) *client.API {
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(fakestripe.InProcessURL),
		HTTPClient:        fake.Client(),
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(0),
		EnableTelemetry:   stripe.Bool(false),
	})
	return client.New(testKey, &stripe.Backends{API: backend, Connect: backend, Uploads: backend})
}

// TestThousandFakesInParallel runs a thousand parallel tests in this one
// process, each with its own fake doing a small checkout. Fakes share
// nothing, so each balance holds only its own test's money, and since each
// has the same seed and gets the same calls, each makes the same ids: a
// shared id source or shared state would show here.
func TestThousandFakesInParallel(t *testing.T) {
	var mu sync.Mutex
	ids := map[string]int{}
	t.Run("group", func(t *testing.T) {
		for i := 0; i < scaleFakes; i++ {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				fake := fakestripe.New(t)
				sc := scaleClient(fake)
				c, err := sc.Customers.New(&stripe.CustomerParams{Source: stripe.String("tok_visa")})
				if err != nil {
					t.Fatal(err)
				}
				ch, err := sc.Charges.New(&stripe.ChargeParams{Amount: stripe.Int64(1000), Currency: stripe.String("usd"), Customer: stripe.String(c.ID)})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID), Amount: stripe.Int64(400)}); err != nil {
					t.Fatal(err)
				}
				b, err := sc.Balance.Get(nil)
				if err != nil {
					t.Fatal(err)
				}
				var available, pending int64
				for _, a := range b.Available {
					available += a.Amount
				}
				for _, p := range b.Pending {
					pending += p.Amount
				}
				// 1000 - (2.9% + 30) pending; the refund out of available.
				if available != -400 || pending != 941 {
					t.Errorf("balance available=%d pending=%d, want -400 and 941: only this test's money", available, pending)
				}
				mu.Lock()
				ids[c.ID+" "+ch.ID]++
				mu.Unlock()
			})
		}
	})
	if len(ids) != 1 {
		t.Errorf("%d fakes made %d different id pairs, want 1: same seed, same calls, same ids", scaleFakes, len(ids))
	}
	for pair, n := range ids {
		if n != scaleFakes {
			t.Errorf("%s made by %d fakes, want %d", pair, n, scaleFakes)
		}
	}
}

// scaleSeeded holds fakes filled once for BenchmarkLedgerScale: filling a
// million balance transactions takes a while, and each sub-benchmark is
// run several times.
var scaleSeeded = struct {
	sync.Mutex
	fakes map[int]seededFake
}{fakes: map[int]seededFake{}}

// seededFake is a fake full of charges, and the balance transaction of the
// charge in the middle, from which to read a page deep in the ledger.
type seededFake struct {
	*fakestripe.Server
	middleTxn string
}

// scaleFake returns a fake holding n balance transactions, one per charge,
// seeded through Handler() with no client in the way.
func scaleFake(b *testing.B, n int) seededFake {
	b.Helper()
	scaleSeeded.Lock()
	defer scaleSeeded.Unlock()
	if f, ok := scaleSeeded.fakes[n]; ok {
		return f
	}
	fake, err := fakestripe.NewServer()
	if err != nil {
		b.Fatal(err)
	}
	seeded := seededFake{Server: fake}
	h := fake.Handler()
	for i := 0; i < n; i++ {
		req := httptest.NewRequest("POST", "/v1/charges", strings.NewReader("amount=1000&currency=usd&source=tok_visa"))
		req.Header.Set("Authorization", "Bearer "+testKey)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("seeding charge %d: %d %s", i, rec.Code, rec.Body)
		}
		if i == n/2 {
			var ch struct {
				BalanceTransaction string `json:"balance_transaction"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &ch); err != nil || ch.BalanceTransaction == "" {
				b.Fatalf("no balance transaction in %s", rec.Body)
			}
			seeded.middleTxn = ch.BalanceTransaction
		}
	}
	scaleSeeded.fakes[n] = seeded
	return seeded
}

// BenchmarkLedgerScale shows that reading the balance and a page of the
// ledger costs the same with a million balance transactions as with ten:
// the balance is kept as running totals, and a page is found by position,
// not by a scan. It runs only under -bench (seeding a million charges
// takes tens of seconds and a few GiB):
//
//	go test -run '^$' -bench LedgerScale -benchtime 2000x
func BenchmarkLedgerScale(b *testing.B) {
	for _, n := range []int{10, 1_000_000} {
		b.Run(fmt.Sprintf("balance/txns=%d", n), func(b *testing.B) {
			sc := scaleClient(scaleFake(b, n).Server)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				bal, err := sc.Balance.Get(nil)
				if err != nil {
					b.Fatal(err)
				}
				if len(bal.Pending) != 1 || bal.Pending[0].Amount != int64(n)*941 {
					b.Fatalf("pending %+v, want %d", bal.Pending, int64(n)*941)
				}
			}
		})
		b.Run(fmt.Sprintf("list10/txns=%d", n), func(b *testing.B) {
			sc := scaleClient(scaleFake(b, n).Server)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				it := sc.BalanceTransactions.List(&stripe.BalanceTransactionListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(10), Single: true}})
				got := 0
				for it.Next() {
					got++
				}
				if err := it.Err(); err != nil || got != 10 {
					b.Fatalf("page of %d: %v", got, it.Err())
				}
			}
		})
		b.Run(fmt.Sprintf("list10-middle/txns=%d", n), func(b *testing.B) {
			// A page from the middle of the ledger: starting_after the
			// transaction of the middle charge.
			fake := scaleFake(b, n)
			sc := scaleClient(fake.Server)
			after := fake.middleTxn
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				it := sc.BalanceTransactions.List(&stripe.BalanceTransactionListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(10), StartingAfter: stripe.String(after), Single: true}})
				got := 0
				for it.Next() {
					got++
				}
				if err := it.Err(); err != nil || got != min(10, n/2) {
					b.Fatalf("page of %d: %v", got, it.Err())
				}
			}
		})
	}
}
