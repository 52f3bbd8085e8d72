package fakestripe_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/fakestripe/fakestripe"
)

// clockStart is where the tests' test clocks start: years before the fake's
// own clock, so a timestamp shows at a glance which clock it came from.
var clockStart = time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC)

// newTestClock creates a test clock at clockStart.
func newTestClock(t testing.TB, sc *client.API) *stripe.TestHelpersTestClock {
	t.Helper()
	tc, err := sc.TestHelpersTestClocks.New(&stripe.TestHelpersTestClockParams{FrozenTime: stripe.Int64(clockStart.Unix())})
	require.NoError(t, err)
	return tc
}

// advanceClock advances a test clock to at and checks Stripe's answer.
func advanceClock(t testing.TB, sc *client.API, id string, at time.Time) {
	t.Helper()
	tc, err := sc.TestHelpersTestClocks.Advance(id, &stripe.TestHelpersTestClockAdvanceParams{FrozenTime: stripe.Int64(at.Unix())})
	require.NoError(t, err)
	assert.Equal(t, stripe.TestHelpersTestClockStatusAdvancing, tc.Status)
	assert.Equal(t, at.Unix(), tc.FrozenTime)
}

// clockCustomer creates a customer on the test clock with a Visa card.
func clockCustomer(t testing.TB, sc *client.API, clockID string) *stripe.Customer {
	t.Helper()
	cus, err := sc.Customers.New(&stripe.CustomerParams{TestClock: stripe.String(clockID), Source: stripe.String("tok_visa")})
	require.NoError(t, err)
	return cus
}

// customerCharge charges the customer's default card.
func customerCharge(amount int64, customer string, capture bool) *stripe.ChargeParams {
	return &stripe.ChargeParams{Amount: stripe.Int64(amount), Currency: stripe.String("usd"), Customer: stripe.String(customer), Capture: stripe.Bool(capture)}
}

func TestTestClockLifecycle(t *testing.T) {
	fake, sc := newClient(t)
	tc, err := sc.TestHelpersTestClocks.New(&stripe.TestHelpersTestClockParams{
		FrozenTime: stripe.Int64(clockStart.Unix()),
		Name:       stripe.String("annual renewal"),
	})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(tc.ID, "clock_"))
	assert.Equal(t, "test_helpers.test_clock", tc.Object)
	assert.Equal(t, fakestripe.DefaultStart.Unix(), tc.Created, "created is the account's time")
	assert.Equal(t, tc.Created+7*24*3600, tc.DeletesAfter, "deleted seven days after creation, as the API reference shows")
	assert.Equal(t, clockStart.Unix(), tc.FrozenTime)
	assert.Equal(t, "annual renewal", tc.Name)
	assert.Equal(t, stripe.TestHelpersTestClockStatusReady, tc.Status)
	assert.False(t, tc.Livemode)

	fake.Advance(time.Minute)
	other := newTestClock(t, sc)
	var listed []string
	it := sc.TestHelpersTestClocks.List(&stripe.TestHelpersTestClockListParams{})
	for it.Next() {
		listed = append(listed, it.TestHelpersTestClock().ID)
	}
	require.NoError(t, it.Err())
	assert.Equal(t, []string{other.ID, tc.ID}, listed, "newest first")

	// The answer to an advance says advancing; the next read finds the
	// clock ready, without polling in a loop.
	next := clockStart.Add(36 * time.Hour)
	advanceClock(t, sc, tc.ID, next)
	got, err := sc.TestHelpersTestClocks.Get(tc.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.TestHelpersTestClockStatusReady, got.Status)
	assert.Equal(t, next.Unix(), got.FrozenTime)
	assert.Equal(t, tc.Created, got.Created)
	assert.Equal(t, fakestripe.DefaultStart.Add(time.Minute), fake.Now(), "a test clock does not move the account's clock")

	del, err := sc.TestHelpersTestClocks.Del(tc.ID, nil)
	require.NoError(t, err)
	assert.True(t, del.Deleted)
	assert.Equal(t, tc.ID, del.ID)
	r := do(t, fake, "DELETE", "/v1/test_helpers/test_clocks/"+tc.ID, "")
	assert.Equal(t, 404, r.status, "a deleted clock is gone")
	_, err = sc.TestHelpersTestClocks.Get(tc.ID, nil)
	se := stripeErr(t, err)
	assert.Equal(t, 404, se.HTTPStatusCode)
	assert.Equal(t, stripe.ErrorCodeResourceMissing, se.Code)
	it = sc.TestHelpersTestClocks.List(&stripe.TestHelpersTestClockListParams{})
	listed = nil
	for it.Next() {
		listed = append(listed, it.TestHelpersTestClock().ID)
	}
	require.NoError(t, it.Err())
	assert.Equal(t, []string{other.ID}, listed)
	require.NoError(t, fake.Verify())
}

func TestTestClockChargeSettlesOnItsClock(t *testing.T) {
	fake, sc := newClient(t)
	clk := newTestClock(t, sc)
	cus := clockCustomer(t, sc, clk.ID)
	assert.Equal(t, clockStart.Unix(), cus.Created, "a clock's customer is created at the clock's time")
	require.NotNil(t, cus.TestClock)
	assert.Equal(t, clk.ID, cus.TestClock.ID)
	cp := &stripe.CustomerParams{}
	cp.AddExpand("test_clock")
	expanded, err := sc.Customers.Get(cus.ID, cp)
	require.NoError(t, err)
	require.NotNil(t, expanded.TestClock)
	assert.Equal(t, clockStart.Unix(), expanded.TestClock.FrozenTime, "test_clock expands to the clock")

	p := customerCharge(2000, cus.ID, true)
	p.AddExpand("balance_transaction")
	ch, err := sc.Charges.New(p)
	require.NoError(t, err)
	assert.Equal(t, clockStart.Unix(), ch.Created)
	bt := ch.BalanceTransaction
	require.NotNil(t, bt)
	assert.Equal(t, clockStart.Unix(), bt.Created)
	settles := time.Date(2020, 1, 3, 0, 0, 0, 0, time.UTC)
	assert.Equal(t, settles.Unix(), bt.AvailableOn, "midnight UTC two days after the clock's date")
	assert.Equal(t, stripe.BalanceTransactionStatusPending, bt.Status)
	require.NoError(t, fake.Verify())

	// The account's clock passing any number of days settles nothing of
	// the clock's.
	fake.Advance(30 * 24 * time.Hour)
	b, err := sc.Balance.Get(nil)
	require.NoError(t, err)
	av, pe := balanceOf(t, b, "usd")
	assert.Equal(t, [2]int64{0, 1912}, [2]int64{av, pe}, "still pending: the test clock has not moved")

	advanceClock(t, sc, clk.ID, settles.Add(-time.Second))
	b, _ = sc.Balance.Get(nil)
	av, pe = balanceOf(t, b, "usd")
	assert.Equal(t, [2]int64{0, 1912}, [2]int64{av, pe}, "still pending a second before the clock's midnight")
	require.NoError(t, fake.Verify())

	advanceClock(t, sc, clk.ID, settles.Add(time.Hour))
	b, _ = sc.Balance.Get(nil)
	av, pe = balanceOf(t, b, "usd")
	assert.Equal(t, [2]int64{1912, 0}, [2]int64{av, pe}, "the ledger is the account's, whatever clock settles it")
	got, err := sc.BalanceTransactions.Get(bt.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.BalanceTransactionStatusAvailable, got.Status)

	// A refund, and its transaction, carry the clock's time.
	rp := &stripe.RefundParams{Charge: stripe.String(ch.ID), Amount: stripe.Int64(500)}
	rp.AddExpand("balance_transaction")
	re, err := sc.Refunds.New(rp)
	require.NoError(t, err)
	assert.Equal(t, settles.Add(time.Hour).Unix(), re.Created)
	require.NotNil(t, re.BalanceTransaction)
	assert.Equal(t, settles.Add(time.Hour).Unix(), re.BalanceTransaction.Created)

	// The account's own charges keep the account's time.
	own, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)
	assert.Equal(t, fake.Now().Unix(), own.Created)
	require.NoError(t, fake.Verify())
}

func TestTestClockRefundTestCardsRunOnItsClock(t *testing.T) {
	fake, sc := newClient(t)
	clk := newTestClock(t, sc)
	cus, err := sc.Customers.New(&stripe.CustomerParams{TestClock: stripe.String(clk.ID), Source: stripe.String("tok_pendingRefund")})
	require.NoError(t, err)
	ch, err := sc.Charges.New(customerCharge(1000, cus.ID, true))
	require.NoError(t, err)
	re, err := sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID)})
	require.NoError(t, err)
	assert.Equal(t, stripe.RefundStatusPending, re.Status)

	fake.Advance(2 * time.Hour)
	re, _ = sc.Refunds.Get(re.ID, nil)
	assert.Equal(t, stripe.RefundStatusPending, re.Status, "the account's clock does not settle the clock's refund")
	advanceClock(t, sc, clk.ID, clockStart.Add(2*time.Hour))
	re, _ = sc.Refunds.Get(re.ID, nil)
	assert.Equal(t, stripe.RefundStatusSucceeded, re.Status)
	require.NoError(t, fake.Verify())
}

func TestTestClockUncapturedChargeExpires(t *testing.T) {
	fake, sc := newClient(t)
	clk := newTestClock(t, sc)
	cus := clockCustomer(t, sc, clk.ID)
	ch, err := sc.Charges.New(customerCharge(3000, cus.ID, false))
	require.NoError(t, err)
	assert.False(t, ch.Captured)

	pp := cardIntent(4000, "pm_card_visa", true)
	pp.Customer = stripe.String(cus.ID)
	pp.CaptureMethod = stripe.String(string(stripe.PaymentIntentCaptureMethodManual))
	pi, err := sc.PaymentIntents.New(pp)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusRequiresCapture, pi.Status)
	assert.Equal(t, clockStart.Unix(), pi.Created, "a PaymentIntent for a clock's customer carries the clock's time")
	piCharge, err := sc.Charges.Get(pi.LatestCharge.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, clockStart.Unix(), piCharge.Created)

	fake.Advance(8 * 24 * time.Hour)
	ch, _ = sc.Charges.Get(ch.ID, nil)
	assert.False(t, ch.Refunded, "the account's clock does not expire the clock's authorization")

	advanceClock(t, sc, clk.ID, clockStart.Add(7*24*time.Hour-time.Second))
	ch, _ = sc.Charges.Get(ch.ID, nil)
	assert.False(t, ch.Refunded, "still capturable a second before seven days")

	expiry := clockStart.Add(7 * 24 * time.Hour)
	advanceClock(t, sc, clk.ID, expiry.Add(time.Minute))
	p := &stripe.ChargeParams{}
	p.AddExpand("refunds")
	ch, err = sc.Charges.Get(ch.ID, p)
	require.NoError(t, err)
	assert.True(t, ch.Refunded)
	require.Len(t, ch.Refunds.Data, 1)
	assert.Equal(t, stripe.RefundReasonExpiredUncapturedCharge, ch.Refunds.Data[0].Reason)
	assert.Equal(t, expiry.Unix(), ch.Refunds.Data[0].Created, "expired at its due instant on the clock")

	pi, err = sc.PaymentIntents.Get(pi.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, stripe.PaymentIntentStatusCanceled, pi.Status)
	assert.Equal(t, expiry.Unix(), pi.CanceledAt)

	expired := allEvents(t, sc, &stripe.EventListParams{Type: stripe.String("charge.expired")})
	require.Len(t, expired, 2)
	for _, e := range expired {
		assert.Equal(t, expiry.Unix(), e.Created, "events carry the clock's time")
		assert.Empty(t, e.Request.ID, "the clock did it, not a request")
	}
	require.NoError(t, fake.Verify())
}

func TestTestClockEvents(t *testing.T) {
	fake, sc := newClient(t)
	clk := newTestClock(t, sc)
	cus := clockCustomer(t, sc, clk.ID)
	_, err := sc.Charges.New(customerCharge(2000, cus.ID, true))
	require.NoError(t, err)
	settled := time.Date(2020, 1, 3, 0, 0, 0, 0, time.UTC)
	advanceClock(t, sc, clk.ID, settled.Add(time.Hour))
	_, err = sc.TestHelpersTestClocks.Del(clk.ID, nil)
	require.NoError(t, err)

	events := allEvents(t, sc, nil)
	byType := map[string]*stripe.Event{}
	for _, e := range events {
		byType[string(e.Type)] = e
	}
	now := fake.Now().Unix()
	for typ, created := range map[string]int64{
		"test_helpers.test_clock.created":   now,
		"customer.created":                  clockStart.Unix(),
		"customer.source.created":           clockStart.Unix(),
		"charge.succeeded":                  clockStart.Unix(),
		"test_helpers.test_clock.advancing": now,
		"balance.available":                 settled.Unix(),
		"test_helpers.test_clock.ready":     now,
		"customer.deleted":                  settled.Add(time.Hour).Unix(),
		"test_helpers.test_clock.deleted":   now,
	} {
		e, ok := byType[typ]
		if !assert.True(t, ok, "no %s event", typ) {
			continue
		}
		assert.Equal(t, created, e.Created, typ)
	}
	// The list orders by created: the clock's own events all carry the
	// account's time, so among themselves they read in the order they
	// happened.
	var clockEvents []string
	for _, e := range events {
		if strings.HasPrefix(string(e.Type), "test_helpers.") {
			clockEvents = append(clockEvents, string(e.Type))
		}
	}
	assert.Equal(t, []string{
		"test_helpers.test_clock.created", "test_helpers.test_clock.advancing",
		"test_helpers.test_clock.ready", "test_helpers.test_clock.deleted",
	}, clockEvents)
	adv := byType["test_helpers.test_clock.advancing"].Data.Object
	assert.Equal(t, "advancing", adv["status"])
	assert.Equal(t, float64(settled.Add(time.Hour).Unix()), adv["frozen_time"])
	assert.Equal(t, "ready", byType["test_helpers.test_clock.ready"].Data.Object["status"])
	assert.Equal(t, clk.ID, byType["test_helpers.test_clock.deleted"].Data.Object["id"])
	assert.Equal(t, clk.ID, byType["customer.created"].Data.Object["test_clock"])
	assert.NotEmpty(t, byType["customer.created"].Request.ID, "made by a request")
	assert.NotEmpty(t, byType["test_helpers.test_clock.advancing"].Request.ID, "the advance request")
	assert.Empty(t, byType["balance.available"].Request.ID, "what the advance did, Stripe does by itself")
	assert.Empty(t, byType["test_helpers.test_clock.ready"].Request.ID)

	// Events stamped years back are still the last 30 days' events of the
	// account, and retrievable.
	got, err := sc.Events.Get(byType["charge.succeeded"].ID, nil)
	require.NoError(t, err)
	assert.Equal(t, clockStart.Unix(), got.Created)
	fake.Advance(31 * 24 * time.Hour)
	assert.Empty(t, allEvents(t, sc, nil), "30 days of the account's time later, they are gone")
}

func TestTestClockWebhooksKeepTheAccountsTime(t *testing.T) {
	fake, sc := newClient(t)
	rc := &receiver{t: t, status: func(int) int { return http.StatusInternalServerError }}
	rc.secret = fake.AddWebhookHandler(rc, "customer.created")
	clk := newTestClock(t, sc)
	clockCustomer(t, sc, clk.ID)

	// An event stamped in 2020 is still delivered, signed for now, and its
	// retries wait for the account's clock rather than all falling due at
	// once.
	d := fake.WebhookDeliveries()
	require.Len(t, d, 1)
	assert.Equal(t, fakestripe.DefaultStart, d[0].Time)
	rc.mu.Lock()
	require.Len(t, rc.events, 1)
	assert.Equal(t, clockStart.Unix(), rc.events[0].Created)
	rc.mu.Unlock()
	fake.Advance(time.Hour)
	assert.Len(t, fake.WebhookDeliveries(), 2, "the first retry an hour later, on the account's clock")
}

func TestTestClockListing(t *testing.T) {
	_, sc := newClient(t)
	clk := newTestClock(t, sc)
	plain, err := sc.Customers.New(&stripe.CustomerParams{Source: stripe.String("tok_visa")})
	require.NoError(t, err)
	onClock := clockCustomer(t, sc, clk.ID)
	plainCharge, err := sc.Charges.New(customerCharge(1000, plain.ID, true))
	require.NoError(t, err)
	clockCharge, err := sc.Charges.New(customerCharge(1000, onClock.ID, true))
	require.NoError(t, err)
	pp := cardIntent(1000, "pm_card_visa", true)
	pp.Customer = stripe.String(onClock.ID)
	clockIntent, err := sc.PaymentIntents.New(pp)
	require.NoError(t, err)

	customerIDs := func(p *stripe.CustomerListParams) []string {
		var out []string
		it := sc.Customers.List(p)
		for it.Next() {
			out = append(out, it.Customer().ID)
		}
		require.NoError(t, it.Err())
		return out
	}
	assert.Equal(t, []string{plain.ID}, customerIDs(&stripe.CustomerListParams{}), "clock customers are hidden")
	assert.Equal(t, []string{onClock.ID}, customerIDs(&stripe.CustomerListParams{TestClock: stripe.String(clk.ID)}))

	chargeIDs := func(p *stripe.ChargeListParams) []string {
		var out []string
		it := sc.Charges.List(p)
		for it.Next() {
			out = append(out, it.Charge().ID)
		}
		require.NoError(t, it.Err())
		return out
	}
	assert.Equal(t, []string{plainCharge.ID}, chargeIDs(&stripe.ChargeListParams{}), "a clock customer's charges are left out of list all")
	assert.Equal(t, []string{clockIntent.LatestCharge.ID, clockCharge.ID}, chargeIDs(&stripe.ChargeListParams{Customer: stripe.String(onClock.ID)}), "and listed by customer")

	intentIDs := func(p *stripe.PaymentIntentListParams) []string {
		var out []string
		it := sc.PaymentIntents.List(p)
		for it.Next() {
			out = append(out, it.PaymentIntent().ID)
		}
		require.NoError(t, it.Err())
		return out
	}
	assert.Empty(t, intentIDs(&stripe.PaymentIntentListParams{}))
	assert.Equal(t, []string{clockIntent.ID}, intentIDs(&stripe.PaymentIntentListParams{Customer: stripe.String(onClock.ID)}))
}

func TestTestClockDeleteDeletesItsCustomers(t *testing.T) {
	fake, sc := newClient(t)
	clk := newTestClock(t, sc)
	a := clockCustomer(t, sc, clk.ID)
	b := clockCustomer(t, sc, clk.ID)
	_, err := sc.Charges.New(customerCharge(2000, a.ID, true))
	require.NoError(t, err)

	_, err = sc.TestHelpersTestClocks.Del(clk.ID, nil)
	require.NoError(t, err)
	for _, id := range []string{a.ID, b.ID} {
		cus, err := sc.Customers.Get(id, nil)
		require.NoError(t, err)
		assert.True(t, cus.Deleted, "the clock's customers go with it")
	}
	it := sc.Customers.List(&stripe.CustomerListParams{TestClock: stripe.String(clk.ID)})
	assert.False(t, it.Next())
	require.NoError(t, it.Err())

	// Customers can no longer be made on it.
	_, err = sc.Customers.New(&stripe.CustomerParams{TestClock: stripe.String(clk.ID)})
	se := stripeErr(t, err)
	assert.Equal(t, 404, se.HTTPStatusCode)
	assert.Equal(t, "test_clock", se.Param)

	// The money its charge holds still settles, on the account's clock:
	// its due instant in 2020 is long past there.
	fake.Advance(time.Second)
	bal, err := sc.Balance.Get(nil)
	require.NoError(t, err)
	av, pe := balanceOf(t, bal, "usd")
	assert.Equal(t, [2]int64{1912, 0}, [2]int64{av, pe})
	require.NoError(t, fake.Verify())
}

func TestTestClockErrors(t *testing.T) {
	fake, sc := newClient(t)
	clk := newTestClock(t, sc)
	path := "/v1/test_helpers/test_clocks/" + clk.ID + "/advance"
	tests := []struct {
		name, method, path, body string
		status                   int
		code, param, message     string
	}{
		{"create without frozen_time", "POST", "/v1/test_helpers/test_clocks", "name=x", 400, "parameter_missing", "frozen_time", "Missing required param: frozen_time."},
		{"create with a long name", "POST", "/v1/test_helpers/test_clocks", "frozen_time=1&name=" + strings.Repeat("n", 301), 400, "", "name", ""},
		{"advance without frozen_time", "POST", path, "", 400, "parameter_missing", "frozen_time", "Missing required param: frozen_time."},
		{"advance to the same time", "POST", path, "frozen_time=" + itoa(clockStart.Unix()), 400, "", "frozen_time", "must be after the test clock's current frozen_time"},
		{"advance backwards", "POST", path, "frozen_time=" + itoa(clockStart.Add(-time.Hour).Unix()), 400, "", "frozen_time", "must be after the test clock's current frozen_time"},
		{"advance past two years", "POST", path, "frozen_time=" + itoa(clockStart.AddDate(2, 0, 0).Unix()+1), 400, "", "frozen_time", "cannot be more than two years"},
		{"advance an unknown clock", "POST", "/v1/test_helpers/test_clocks/clock_nope/advance", "frozen_time=" + itoa(clockStart.Add(time.Hour).Unix()), 404, "resource_missing", "test_clock", "No such test clock: 'clock_nope'"},
		{"get an unknown clock", "GET", "/v1/test_helpers/test_clocks/clock_nope", "", 404, "resource_missing", "test_clock", "No such test clock: 'clock_nope'"},
		{"delete an unknown clock", "DELETE", "/v1/test_helpers/test_clocks/clock_nope", "", 404, "resource_missing", "test_clock", "No such test clock: 'clock_nope'"},
		{"customer on an unknown clock", "POST", "/v1/customers", "test_clock=clock_nope", 404, "resource_missing", "test_clock", "No such test clock: 'clock_nope'"},
		{"test_clock cannot be updated", "POST", "/v1/customers/" + mustCustomer(t, sc), "test_clock=" + clk.ID, 400, "parameter_unknown", "test_clock", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, fake, tc.method, tc.path, tc.body)
			require.Equal(t, tc.status, r.status, string(r.body))
			e := r.errorBody(t)
			assert.Equal(t, "invalid_request_error", e["type"])
			assert.Equal(t, tc.param, e["param"])
			if tc.code != "" {
				assert.Equal(t, tc.code, e["code"])
			}
			assert.Contains(t, e["message"], tc.message)
		})
	}
	// Two years to the second is allowed, and a refused advance moved
	// nothing.
	got, err := sc.TestHelpersTestClocks.Get(clk.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, clockStart.Unix(), got.FrozenTime)
	advanceClock(t, sc, clk.ID, clockStart.AddDate(2, 0, 0))
	require.NoError(t, fake.Verify())
}

// mustCustomer creates a plain customer and returns its id.
func mustCustomer(t testing.TB, sc *client.API) string {
	t.Helper()
	cus, err := sc.Customers.New(nil)
	require.NoError(t, err)
	return cus.ID
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
