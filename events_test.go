package fakestripe_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/fakestripe/fakestripe"
)

// allEvents lists the fake's events through stripe-go, oldest first, so
// that tests read them in the order they happened.
func allEvents(t testing.TB, sc *client.API, params *stripe.EventListParams) []*stripe.Event {
	t.Helper()
	if params == nil {
		params = &stripe.EventListParams{}
	}
	var out []*stripe.Event
	it := sc.Events.List(params)
	for it.Next() {
		out = append([]*stripe.Event{it.Event()}, out...)
	}
	require.NoError(t, it.Err())
	return out
}

func eventTypes(events []*stripe.Event) []string {
	out := make([]string, len(events))
	for i, e := range events {
		out[i] = string(e.Type)
	}
	return out
}

func TestEventsCustomerLifecycle(t *testing.T) {
	_, sc := newClient(t)
	cus, err := sc.Customers.New(&stripe.CustomerParams{Email: stripe.String("ada@example.com")})
	require.NoError(t, err)
	_, err = sc.Customers.Update(cus.ID, &stripe.CustomerParams{
		Name:   stripe.String("Ada"),
		Params: stripe.Params{Metadata: map[string]string{"plan": "pro"}},
	})
	require.NoError(t, err)
	// An update that changes nothing is no event, as on Stripe.
	_, err = sc.Customers.Update(cus.ID, &stripe.CustomerParams{Name: stripe.String("Ada")})
	require.NoError(t, err)
	_, err = sc.Customers.Del(cus.ID, nil)
	require.NoError(t, err)

	events := allEvents(t, sc, nil)
	require.Equal(t, []string{"customer.created", "customer.updated", "customer.deleted"}, eventTypes(events))
	for _, e := range events {
		assert.Equal(t, "2023-10-16", e.APIVersion)
		assert.False(t, e.Livemode)
		assert.Zero(t, e.PendingWebhooks, "no endpoint, nothing pending")
		assert.Equal(t, cus.ID, e.Data.Object["id"])
		require.NotNil(t, e.Request)
		assert.NotEmpty(t, e.Request.ID)
	}
	assert.Equal(t, cus.LastResponse.RequestID, events[0].Request.ID, "the event names the request that caused it")
	assert.Nil(t, events[0].Data.PreviousAttributes, "previous_attributes appear on updates only")
	assert.Nil(t, events[0].Data.Object["name"], "an event shows the object as it was then, not now")
	assert.Equal(t, map[string]any{"name": nil, "metadata": map[string]any{}}, events[1].Data.PreviousAttributes)
	assert.Equal(t, "Ada", events[1].Data.Object["name"])
	// customer.deleted carries the customer as it was, not the deleted stub.
	assert.Equal(t, "ada@example.com", events[2].Data.Object["email"])
	assert.Nil(t, events[2].Data.Object["deleted"])

	got, err := sc.Events.Get(events[1].ID, nil)
	require.NoError(t, err)
	assert.Equal(t, events[1].Data.PreviousAttributes, got.Data.PreviousAttributes)
}

func TestEventsCustomerSources(t *testing.T) {
	_, sc := newClient(t)
	cus, err := sc.Customers.New(&stripe.CustomerParams{Source: stripe.String("tok_visa")})
	require.NoError(t, err)
	_, err = sc.Customers.Update(cus.ID, &stripe.CustomerParams{Source: stripe.String("tok_mastercard")})
	require.NoError(t, err)

	events := allEvents(t, sc, nil)
	require.Equal(t, []string{"customer.created", "customer.source.created", "customer.source.created", "customer.updated"}, eventTypes(events))
	assert.Equal(t, "card", events[1].Data.Object["object"])
	assert.Equal(t, cus.ID, events[1].Data.Object["customer"])
	assert.Equal(t, map[string]any{"default_source": cus.DefaultSource.ID}, events[3].Data.PreviousAttributes)
}

func TestEventsCharges(t *testing.T) {
	fake, sc := newClient(t)
	paid, err := sc.Charges.New(chargeParams(2000, "tok_visa"))
	require.NoError(t, err)
	_, err = sc.Charges.New(chargeParams(500, "tok_chargeDeclined"))
	require.Error(t, err)
	auth := chargeParams(3000, "tok_visa")
	auth.Capture = stripe.Bool(false)
	held, err := sc.Charges.New(auth)
	require.NoError(t, err)
	_, err = sc.Charges.Capture(held.ID, nil)
	require.NoError(t, err)
	_, err = sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(paid.ID), Amount: stripe.Int64(500)})
	require.NoError(t, err)
	_, err = sc.Charges.Update(paid.ID, &stripe.ChargeParams{Description: stripe.String("order 42")})
	require.NoError(t, err)

	events := allEvents(t, sc, nil)
	require.Equal(t, []string{
		"charge.succeeded", "charge.failed", "charge.succeeded", "charge.captured", "charge.refunded", "charge.updated",
	}, eventTypes(events), "no refund.created: 2023-10-16 announces a charge's refund on the charge")
	assert.Equal(t, paid.ID, events[0].Data.Object["id"])
	assert.Equal(t, float64(0), events[0].Data.Object["amount_refunded"], "charge.succeeded shows the charge before its refund")
	assert.Nil(t, events[0].Data.Object["description"])
	assert.Equal(t, "failed", events[1].Data.Object["status"])
	assert.Equal(t, false, events[2].Data.Object["captured"], "an authorization succeeds uncaptured")
	assert.Equal(t, true, events[3].Data.Object["captured"])
	assert.Equal(t, "charge", events[4].Data.Object["object"], "charge.refunded carries the charge")
	assert.Equal(t, float64(500), events[4].Data.Object["amount_refunded"])
	assert.Equal(t, map[string]any{"description": nil}, events[5].Data.PreviousAttributes)

	// Settlement is the clock's doing: one balance.available for the funds
	// that became available at midnight, with no request behind it.
	fake.Advance(48 * time.Hour)
	events = allEvents(t, sc, &stripe.EventListParams{Type: stripe.String("balance.available")})
	require.Len(t, events, 1)
	e := events[0]
	assert.Equal(t, time.Date(2023, 10, 18, 0, 0, 0, 0, time.UTC).Unix(), e.Created, "created at the instant the funds settled")
	require.NotNil(t, e.Request)
	assert.Empty(t, e.Request.ID)
	assert.Empty(t, e.Request.IdempotencyKey)
	// 2000 and 3000 less their fees (1912 + 2883), less the 500 refunded.
	available := e.Data.Object["available"].([]any)[0].(map[string]any)
	assert.Equal(t, float64(1912+2883-500), available["amount"])
	assert.Equal(t, "balance", e.Data.Object["object"])
}

func TestEventsChargeExpires(t *testing.T) {
	fake, sc := newClient(t)
	p := chargeParams(1000, "tok_visa")
	p.Capture = stripe.Bool(false)
	_, err := sc.Charges.New(p)
	require.NoError(t, err)
	fake.Advance(7 * 24 * time.Hour)
	events := allEvents(t, sc, &stripe.EventListParams{Type: stripe.String("charge.*")})
	require.Equal(t, []string{"charge.succeeded", "charge.expired"}, eventTypes(events))
	assert.Equal(t, true, events[1].Data.Object["refunded"])
	assert.Empty(t, events[1].Request.ID)
}

func TestEventsRefundUpdates(t *testing.T) {
	fake, sc := newClient(t)
	ch, err := sc.Charges.New(chargeParams(1000, "tok_pendingRefund"))
	require.NoError(t, err)
	re, err := sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID)})
	require.NoError(t, err)
	require.Equal(t, stripe.RefundStatusPending, re.Status)
	fake.Advance(time.Hour)
	_, err = sc.Refunds.Update(re.ID, &stripe.RefundParams{Params: stripe.Params{Metadata: map[string]string{"k": "v"}}})
	require.NoError(t, err)

	events := allEvents(t, sc, &stripe.EventListParams{Types: stripe.StringSlice([]string{"charge.refund.updated", "refund.updated"})})
	require.Equal(t, []string{"charge.refund.updated", "charge.refund.updated"}, eventTypes(events), "2023-10-16 sends no refund.updated for a charge's refund")
	assert.Equal(t, map[string]any{"status": "pending"}, events[0].Data.PreviousAttributes)
	assert.Equal(t, "refund", events[0].Data.Object["object"])
	assert.Empty(t, events[0].Request.ID, "the clock settled the refund")
	assert.Equal(t, map[string]any{"metadata": map[string]any{}}, events[1].Data.PreviousAttributes)
}

func TestEventsPayouts(t *testing.T) {
	fake, sc := newClient(t)
	_, err := sc.Charges.New(chargeParams(10000, "tok_bypassPending"))
	require.NoError(t, err)
	po, err := sc.Payouts.New(&stripe.PayoutParams{Amount: stripe.Int64(1000), Currency: stripe.String("usd")})
	require.NoError(t, err)
	gone, err := sc.Payouts.New(&stripe.PayoutParams{Amount: stripe.Int64(500), Currency: stripe.String("usd")})
	require.NoError(t, err)
	_, err = sc.Payouts.Cancel(gone.ID, nil)
	require.NoError(t, err)
	fake.Advance(3 * 24 * time.Hour)

	events := allEvents(t, sc, &stripe.EventListParams{Type: stripe.String("payout.*")})
	require.Equal(t, []string{"payout.created", "payout.created", "payout.canceled", "payout.updated", "payout.paid"}, eventTypes(events))
	assert.Equal(t, po.ID, events[3].Data.Object["id"])
	assert.Equal(t, map[string]any{"status": "pending"}, events[3].Data.PreviousAttributes)
	assert.Equal(t, "in_transit", events[3].Data.Object["status"])
	assert.Equal(t, "paid", events[4].Data.Object["status"])
}

func TestEventsIdempotencyKey(t *testing.T) {
	fake := fakestripe.New(t)
	resp := do(t, fake, "POST", "/v1/customers", "email=k@example.com", "Idempotency-Key", "order-42")
	require.Equal(t, 200, resp.status)
	list := do(t, fake, "GET", "/v1/events", "")
	var page struct {
		Data []struct {
			Request struct {
				ID             *string `json:"id"`
				IdempotencyKey *string `json:"idempotency_key"`
			} `json:"request"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(list.body, &page))
	require.Len(t, page.Data, 1)
	require.NotNil(t, page.Data[0].Request.IdempotencyKey)
	assert.Equal(t, "order-42", *page.Data[0].Request.IdempotencyKey)
	assert.Equal(t, resp.header.Get("Request-Id"), *page.Data[0].Request.ID)

	// A replay creates nothing, so it announces nothing.
	do(t, fake, "POST", "/v1/customers", "email=k@example.com", "Idempotency-Key", "order-42")
	list = do(t, fake, "GET", "/v1/events", "")
	require.NoError(t, json.Unmarshal(list.body, &page))
	assert.Len(t, page.Data, 1)
}

func TestEventsListFilters(t *testing.T) {
	fake, sc := newClient(t)
	_, err := sc.Customers.New(nil)
	require.NoError(t, err)
	fake.Advance(time.Hour)
	mid := fake.Now().Unix()
	ch, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
	require.NoError(t, err)
	_, err = sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String(ch.ID)})
	require.NoError(t, err)
	_, err = sc.Customers.New(nil)
	require.NoError(t, err)

	all := allEvents(t, sc, nil)
	require.Equal(t, []string{"customer.created", "charge.succeeded", "charge.refunded", "customer.created"}, eventTypes(all))

	cases := []struct {
		name   string
		params *stripe.EventListParams
		want   []string
	}{
		{"exact type", &stripe.EventListParams{Type: stripe.String("charge.refunded")}, []string{"charge.refunded"}},
		{"wildcard", &stripe.EventListParams{Type: stripe.String("charge.*")}, []string{"charge.succeeded", "charge.refunded"}},
		{"star", &stripe.EventListParams{Type: stripe.String("*")}, eventTypes(all)},
		{"suffix wildcard", &stripe.EventListParams{Type: stripe.String("*.created")}, []string{"customer.created", "customer.created"}},
		{"types", &stripe.EventListParams{Types: stripe.StringSlice([]string{"customer.created", "charge.refunded"})}, []string{"customer.created", "charge.refunded", "customer.created"}},
		{"created gte", &stripe.EventListParams{CreatedRange: &stripe.RangeQueryParams{GreaterThanOrEqual: mid}}, []string{"charge.succeeded", "charge.refunded", "customer.created"}},
		{"created lt", &stripe.EventListParams{CreatedRange: &stripe.RangeQueryParams{LesserThan: mid}}, []string{"customer.created"}},
		{"delivered", &stripe.EventListParams{DeliverySuccess: stripe.Bool(true)}, eventTypes(all)},
		{"undelivered", &stripe.EventListParams{DeliverySuccess: stripe.Bool(false)}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, eventTypes(allEvents(t, sc, tc.params)))
		})
	}

	// Pages walk newest first in both directions.
	p := &stripe.EventListParams{}
	p.Limit = stripe.Int64(3)
	p.Single = true
	it := sc.Events.List(p)
	var first []string
	for it.Next() {
		first = append(first, it.Event().ID)
	}
	require.Len(t, first, 3)
	assert.True(t, it.Meta().HasMore)
	assert.Equal(t, all[3].ID, first[0], "newest first")
	p.StartingAfter = stripe.String(first[2])
	it = sc.Events.List(p)
	require.True(t, it.Next())
	assert.Equal(t, all[0].ID, it.Event().ID)

	bad := do(t, fake, "GET", "/v1/events?type=charge.succeeded&types[]=charge.failed", "")
	assert.Equal(t, 400, bad.status)
	assert.Equal(t, "You may pass either `type` or `types`, but not both.", bad.errorBody(t)["message"])
	q := url.Values{}
	for i := 0; i < 21; i++ {
		q.Add(fmt.Sprintf("types[%d]", i), "charge.succeeded")
	}
	bad = do(t, fake, "GET", "/v1/events?"+q.Encode(), "")
	assert.Equal(t, 400, bad.status)
	assert.Equal(t, "types", bad.errorBody(t)["param"])

	missing := do(t, fake, "GET", "/v1/events/evt_x", "")
	assert.Equal(t, 404, missing.status)
	assert.Equal(t, "No such event: 'evt_x'", missing.errorBody(t)["message"])
	assert.Equal(t, "resource_missing", missing.errorBody(t)["code"])
}

func TestEventsKeptThirtyDays(t *testing.T) {
	fake, sc := newClient(t)
	cus, err := sc.Customers.New(nil)
	require.NoError(t, err)
	events := allEvents(t, sc, nil)
	require.Len(t, events, 1)
	fake.Advance(30*24*time.Hour + time.Second)
	assert.Empty(t, allEvents(t, sc, nil), "Stripe lists the last 30 days of events")
	_, err = sc.Events.Get(events[0].ID, nil)
	assert.Equal(t, stripe.ErrorCodeResourceMissing, stripeErr(t, err).Code)
	_, err = sc.Customers.Get(cus.ID, nil)
	assert.NoError(t, err)
}

func TestEventsDeterministic(t *testing.T) {
	run := func() []string {
		fake, sc := newClient(t, fakestripe.WithSeed(7))
		_, err := sc.Charges.New(chargeParams(1000, "tok_visa"))
		require.NoError(t, err)
		fake.Advance(72 * time.Hour)
		var out []string
		for _, e := range allEvents(t, sc, nil) {
			b, err := json.Marshal(e.Data.Object)
			require.NoError(t, err)
			out = append(out, e.ID+" "+string(b))
		}
		return out
	}
	assert.Equal(t, run(), run())
}
