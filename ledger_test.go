package fakestripe_test

import (
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"

	"github.com/fakestripe/fakestripe"
)

func balanceOf(t testing.TB, b *stripe.Balance, currency string) (available, pending int64) {
	t.Helper()
	for _, a := range b.Available {
		if string(a.Currency) == currency {
			available = a.Amount
		}
	}
	for _, p := range b.Pending {
		if string(p.Currency) == currency {
			pending = p.Amount
		}
	}
	return
}

func TestBalanceSettlesOnTheClock(t *testing.T) {
	fake, sc := newClient(t)
	b, err := sc.Balance.Get(nil)
	require.NoError(t, err)
	av, pe := balanceOf(t, b, "usd")
	assert.Equal(t, [2]int64{0, 0}, [2]int64{av, pe}, "a new account shows usd at zero")

	_, err = sc.Charges.New(chargeParams(2000, "tok_visa"))
	require.NoError(t, err)
	b, err = sc.Balance.Get(nil)
	require.NoError(t, err)
	av, pe = balanceOf(t, b, "usd")
	assert.Equal(t, [2]int64{0, 1912}, [2]int64{av, pe})

	fake.AdvanceTo(time.Date(2023, 10, 17, 23, 59, 59, 0, time.UTC))
	b, _ = sc.Balance.Get(nil)
	av, pe = balanceOf(t, b, "usd")
	assert.Equal(t, [2]int64{0, 1912}, [2]int64{av, pe}, "still pending a second before midnight")

	fake.Advance(time.Second)
	b, _ = sc.Balance.Get(nil)
	av, pe = balanceOf(t, b, "usd")
	assert.Equal(t, [2]int64{1912, 0}, [2]int64{av, pe}, "available at midnight UTC two days later")
	assert.Equal(t, int64(1912), b.Available[0].SourceTypes[stripe.BalanceSourceTypeCard])

	// bypassPending skips the wait.
	_, err = sc.Charges.New(chargeParams(1000, "tok_bypassPending"))
	require.NoError(t, err)
	b, _ = sc.Balance.Get(nil)
	av, _ = balanceOf(t, b, "usd")
	assert.Equal(t, int64(1912+1000-59), av)
}

func TestRefunds(t *testing.T) {
	fake, sc := newClient(t)
	ch, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)

	r1, err := sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID), Amount: stripe.Int64(300), Reason: stripe.String("requested_by_customer")})
	require.NoError(t, err)
	assert.Equal(t, stripe.RefundStatusSucceeded, r1.Status)
	assert.Equal(t, int64(300), r1.Amount)
	require.NotNil(t, r1.BalanceTransaction)

	bt, err := sc.BalanceTransactions.Get(r1.BalanceTransaction.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(-300), bt.Amount)
	assert.Equal(t, int64(0), bt.Fee, "Stripe keeps its fee on refunds")
	assert.Equal(t, "refund", string(bt.ReportingCategory))

	ch, err = sc.Charges.Get(ch.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(300), ch.AmountRefunded)
	assert.False(t, ch.Refunded)

	_, err = sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID), Amount: stripe.Int64(800)})
	se := stripeErr(t, err)
	assert.Equal(t, 400, se.HTTPStatusCode)
	assert.Equal(t, "amount", se.Param)
	assert.Equal(t, "Refund amount ($8.00) is greater than unrefunded amount on charge ($7.00)", se.Msg)

	// The rest, through the legacy route, which returns the charge.
	r := do(t, fake, "POST", "/v1/charges/"+ch.ID+"/refund", "")
	require.Equal(t, 200, r.status, string(r.body))
	got := r.object(t)
	assert.Equal(t, "charge", got["object"])
	assert.Equal(t, true, got["refunded"])
	assert.Equal(t, float64(1000), got["amount_refunded"])

	_, err = sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID)})
	se = stripeErr(t, err)
	assert.Equal(t, stripe.ErrorCodeChargeAlreadyRefunded, se.Code)

	var refunds []int64
	it := sc.Refunds.List(&stripe.RefundListParams{Charge: stripe.String(ch.ID)})
	for it.Next() {
		refunds = append(refunds, it.Refund().Amount)
	}
	require.NoError(t, it.Err())
	assert.Equal(t, []int64{700, 300}, refunds)

	up := &stripe.RefundParams{}
	up.AddMetadata("k", "v")
	r1, err = sc.Refunds.Update(r1.ID, up)
	require.NoError(t, err)
	assert.Equal(t, "v", r1.Metadata["k"])

	_, err = sc.Refunds.Cancel(r1.ID, nil)
	assert.Equal(t, 400, stripeErr(t, err).HTTPStatusCode)

	_, err = sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID), Reason: stripe.String("because")})
	se = stripeErr(t, err)
	assert.Equal(t, "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", se.Msg)
}

func TestRefundTestCards(t *testing.T) {
	fake, sc := newClient(t)
	pending, err := sc.Charges.New(chargeParams(1000, "tok_pendingRefund"))
	require.NoError(t, err)
	r, err := sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(pending.ID)})
	require.NoError(t, err)
	assert.Equal(t, stripe.RefundStatusPending, r.Status)

	failing, err := sc.Charges.New(chargeParams(1000, "tok_refundFail"))
	require.NoError(t, err)
	f, err := sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(failing.ID)})
	require.NoError(t, err)
	assert.Equal(t, stripe.RefundStatusSucceeded, f.Status)

	fake.Advance(2 * time.Hour)
	r, err = sc.Refunds.Get(r.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.RefundStatusSucceeded, r.Status)
	f, err = sc.Refunds.Get(f.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.RefundStatusFailed, f.Status)
	require.NotNil(t, f.FailureBalanceTransaction)
	failing, err = sc.Charges.Get(failing.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(0), failing.AmountRefunded, "a failed refund gives the money back")
}

func TestBalanceTransactionsListAndExpand(t *testing.T) {
	fake, sc := newClient(t)
	ch, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)
	_, err = sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID), Amount: stripe.Int64(100)})
	require.NoError(t, err)

	p := &stripe.BalanceTransactionListParams{Type: stripe.String("charge")}
	p.AddExpand("data.source")
	it := sc.BalanceTransactions.List(p)
	require.True(t, it.Next())
	bt := it.BalanceTransaction()
	require.NotNil(t, bt.Source.Charge)
	assert.Equal(t, ch.ID, bt.Source.Charge.ID)
	assert.False(t, it.Next())
	require.NoError(t, it.Err())

	n := 0
	it = sc.BalanceTransactions.List(&stripe.BalanceTransactionListParams{Source: stripe.String(ch.ID)})
	for it.Next() {
		n++
	}
	assert.Equal(t, 1, n)

	// The legacy alias answers the same list, url included (the schema pins
	// it to /v1/balance_transactions).
	r := do(t, fake, "GET", "/v1/balance/history?limit=1", "")
	require.Equal(t, 200, r.status)
	assert.Equal(t, "/v1/balance_transactions", r.object(t)["url"])
	r = do(t, fake, "GET", "/v1/balance_transactions/txn_nope", "")
	assert.Equal(t, "No such balance transaction: 'txn_nope'", r.errorBody(t)["message"])
}

func TestPayouts(t *testing.T) {
	fake, sc := newClient(t)
	_, err := sc.Payouts.New(&stripe.PayoutParams{Amount: stripe.Int64(100), Currency: stripe.String("usd")})
	se := stripeErr(t, err)
	assert.Equal(t, stripe.ErrorCodeBalanceInsufficient, se.Code)

	_, err = sc.Charges.New(chargeParams(10000, "tok_bypassPending"))
	require.NoError(t, err)
	po, err := sc.Payouts.New(&stripe.PayoutParams{Amount: stripe.Int64(5000), Currency: stripe.String("usd")})
	require.NoError(t, err)
	assert.Equal(t, stripe.PayoutStatusPending, po.Status)
	b, _ := sc.Balance.Get(nil)
	av, _ := balanceOf(t, b, "usd")
	assert.Equal(t, int64(10000-320-5000), av)

	fake.Advance(24 * time.Hour)
	po, err = sc.Payouts.Get(po.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PayoutStatusInTransit, po.Status)
	fake.AdvanceTo(time.Unix(po.ArrivalDate, 0))
	po, err = sc.Payouts.Get(po.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PayoutStatusPaid, po.Status)

	second, err := sc.Payouts.New(&stripe.PayoutParams{Amount: stripe.Int64(1000), Currency: stripe.String("usd")})
	require.NoError(t, err)
	second, err = sc.Payouts.Cancel(second.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PayoutStatusCanceled, second.Status)
	b, _ = sc.Balance.Get(nil)
	av, _ = balanceOf(t, b, "usd")
	assert.Equal(t, int64(10000-320-5000), av, "a canceled payout returns its funds")
	_, err = sc.Payouts.Cancel(po.ID, nil)
	assert.Error(t, err)
}

// TestLedgerInvariantRandomized runs random sequences of charges, captures,
// refunds, payouts and clock moves, and checks after every step that the
// balance equals the sum of the ledger.
func TestLedgerInvariantRandomized(t *testing.T) {
	runs := 200
	if testing.Short() {
		runs = 20
	}
	for seed := int64(0); seed < int64(runs); seed++ {
		rng := rand.New(rand.NewSource(seed))
		fake := fakestripe.New(t, fakestripe.WithSeed(seed))
		var charges []string
		tokens := []string{"tok_visa", "tok_mastercard", "tok_bypassPending", "tok_chargeDeclined", "tok_refundFail", "tok_pendingRefund", "tok_br"}
		currencies := []string{"usd", "eur", "jpy"}
		for step := 0; step < 40; step++ {
			var desc string
			switch op := rng.Intn(6); op {
			case 0, 1:
				capture := rng.Intn(3) > 0
				body := fmt.Sprintf("amount=%d&currency=%s&source=%s&capture=%v", 50+rng.Intn(100000), currencies[rng.Intn(len(currencies))], tokens[rng.Intn(len(tokens))], capture)
				r := do(t, fake, "POST", "/v1/charges", body)
				desc = "charge " + body
				if r.status == 200 {
					charges = append(charges, r.object(t)["id"].(string))
				} else if r.status == 402 {
					charges = append(charges, r.errorBody(t)["charge"].(string))
				} else {
					t.Fatalf("seed %d: %s: %d %s", seed, desc, r.status, r.body)
				}
			case 2:
				if len(charges) == 0 {
					continue
				}
				id := charges[rng.Intn(len(charges))]
				body := ""
				if rng.Intn(2) == 0 {
					body = fmt.Sprintf("amount=%d", 1+rng.Intn(60000))
				}
				desc = "capture " + id + " " + body
				if r := do(t, fake, "POST", "/v1/charges/"+id+"/capture", body); r.status >= 500 {
					t.Fatalf("seed %d: %s: %d %s", seed, desc, r.status, r.body)
				}
			case 3:
				if len(charges) == 0 {
					continue
				}
				id := charges[rng.Intn(len(charges))]
				body := "charge=" + id
				if rng.Intn(2) == 0 {
					body += fmt.Sprintf("&amount=%d", 1+rng.Intn(50000))
				}
				desc = "refund " + body
				if r := do(t, fake, "POST", "/v1/refunds", body); r.status >= 500 {
					t.Fatalf("seed %d: %s: %d %s", seed, desc, r.status, r.body)
				}
			case 4:
				body := fmt.Sprintf("amount=%d&currency=%s", 1+rng.Intn(20000), currencies[rng.Intn(len(currencies))])
				desc = "payout " + body
				if r := do(t, fake, "POST", "/v1/payouts", body); r.status >= 500 {
					t.Fatalf("seed %d: %s: %d %s", seed, desc, r.status, r.body)
				}
			case 5:
				d := time.Duration(rng.Intn(4*24*3600)) * time.Second
				desc = "advance " + d.String()
				fake.Advance(d)
			}
			if err := fake.Verify(); err != nil {
				t.Fatalf("seed %d, step %d (%s): %v\n%s", seed, step, desc, err, fake.Dump())
			}
		}
		// The balance endpoint agrees with the ledger it is derived from.
		r := do(t, fake, "GET", "/v1/balance", "")
		require.Equal(t, 200, r.status)
		sum := map[string]float64{}
		for _, path := range []string{"/v1/balance_transactions?limit=100"} {
			cursor := ""
			for {
				rr := do(t, fake, "GET", path+cursor, "")
				obj := rr.object(t)
				data := obj["data"].([]any)
				for _, d := range data {
					m := d.(map[string]any)
					sum[m["currency"].(string)] += m["net"].(float64)
				}
				if !obj["has_more"].(bool) {
					break
				}
				cursor = "&starting_after=" + data[len(data)-1].(map[string]any)["id"].(string)
			}
		}
		bal := r.object(t)
		got := map[string]float64{}
		for _, k := range []string{"available", "pending"} {
			for _, e := range bal[k].([]any) {
				m := e.(map[string]any)
				got[m["currency"].(string)] += m["amount"].(float64)
			}
		}
		for c, v := range sum {
			assert.Equal(t, v, got[c], "seed %d: %s balance vs ledger", seed, c)
		}
	}
}

// TestConcurrentRefundsNeverOverRefund sends parallel refunds of one charge.
func TestConcurrentRefundsNeverOverRefund(t *testing.T) {
	fake := fakestripe.New(t)
	r := do(t, fake, "POST", "/v1/charges", "amount=1000&currency=usd&source=tok_visa")
	require.Equal(t, 200, r.status)
	id := r.object(t)["id"].(string)
	var wg sync.WaitGroup
	var mu sync.Mutex
	okCount := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := do(t, fake, "POST", "/v1/refunds", "charge="+id+"&amount=300")
			if r.status == 200 {
				mu.Lock()
				okCount++
				mu.Unlock()
			} else if !strings.Contains(string(r.body), "greater than unrefunded amount") {
				t.Errorf("unexpected failure: %s", r.body)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 3, okCount, "only three refunds of 300 fit in 1000")
	r = do(t, fake, "GET", "/v1/charges/"+id, "")
	assert.Equal(t, float64(900), r.object(t)["amount_refunded"])
	require.NoError(t, fake.Verify())
}

func TestInstantPayoutsRefused(t *testing.T) {
	fake := fakestripe.New(t)
	require.Equal(t, 200, do(t, fake, "POST", "/v1/charges", "amount=10000&currency=usd&source=tok_bypassPending").status)
	r := do(t, fake, "POST", "/v1/payouts", "amount=100&currency=usd&method=instant")
	require.Equal(t, 400, r.status)
	assert.Equal(t, "instant_payouts_unsupported", r.errorBody(t)["code"])
	assert.Equal(t, 200, do(t, fake, "POST", "/v1/payouts", "amount=100&currency=usd&method=standard").status)
}

func TestRefundDestinationDetails(t *testing.T) {
	fake, sc := newClient(t)
	ch, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)
	early, err := sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID), Amount: stripe.Int64(100)})
	require.NoError(t, err)
	assert.Equal(t, "reversal", string(early.DestinationDetails.Card.Type), "before settlement the authorization is reversed")

	fake.Advance(72 * time.Hour)
	late, err := sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID), Amount: stripe.Int64(100)})
	require.NoError(t, err)
	assert.Equal(t, "refund", string(late.DestinationDetails.Card.Type), "after settlement the network carries a refund")
	assert.Equal(t, "acquirer_reference_number", late.DestinationDetails.Card.ReferenceType)
	assert.Equal(t, "pending", late.DestinationDetails.Card.ReferenceStatus)
}
