package fakestripe_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
)

func customerPaymentMethods(t testing.TB, sc *client.API, customer string) []string {
	t.Helper()
	var out []string
	it := sc.Customers.ListPaymentMethods(&stripe.CustomerListPaymentMethodsParams{Customer: stripe.String(customer)})
	for it.Next() {
		out = append(out, it.PaymentMethod().ID)
	}
	require.NoError(t, it.Err())
	return out
}

func TestPaymentMethodFromToken(t *testing.T) {
	fake, sc := newClient(t)
	p := &stripe.PaymentMethodParams{
		Type: stripe.String("card"),
		Card: &stripe.PaymentMethodCardParams{Token: stripe.String("tok_mastercard")},
		BillingDetails: &stripe.PaymentMethodBillingDetailsParams{
			Name:    stripe.String("Ada Lovelace"),
			Address: &stripe.AddressParams{PostalCode: stripe.String("94107")},
		},
	}
	p.AddMetadata("k", "v")
	pm, err := sc.PaymentMethods.New(p)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(pm.ID, "pm_"))
	assert.Equal(t, stripe.PaymentMethodTypeCard, pm.Type)
	assert.Equal(t, stripe.PaymentMethodCardBrandMastercard, pm.Card.Brand)
	assert.Equal(t, "4444", pm.Card.Last4)
	assert.Equal(t, "Ada Lovelace", pm.BillingDetails.Name)
	assert.Equal(t, "94107", pm.BillingDetails.Address.PostalCode)
	assert.Equal(t, "v", pm.Metadata["k"])
	assert.Nil(t, pm.Customer)

	got, err := sc.PaymentMethods.Get(pm.ID, nil)
	require.NoError(t, err)
	assert.Equal(t, pm.ID, got.ID)

	// Raw card numbers are refused, as the Charges API refuses them.
	r := do(t, fake, "POST", "/v1/payment_methods", "type=card&card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2034&card[cvc]=123")
	assert.Equal(t, 402, r.status)
	assert.Contains(t, r.errorBody(t)["message"], "Sending credit card numbers directly to the Stripe API is generally unsafe.")

	_, err = sc.PaymentMethods.New(&stripe.PaymentMethodParams{Type: stripe.String("card"), Card: &stripe.PaymentMethodCardParams{Token: stripe.String("tok_nope")}})
	se := stripeErr(t, err)
	assert.Equal(t, 404, se.HTTPStatusCode)
	assert.Equal(t, "No such token: 'tok_nope'", se.Msg)

	r = do(t, fake, "POST", "/v1/payment_methods", "card[token]=tok_visa")
	assert.Equal(t, 400, r.status)
	assert.Equal(t, "Missing required param: type.", r.errorBody(t)["message"])

	_, err = sc.PaymentMethods.Get("pm_missing", nil)
	se = stripeErr(t, err)
	assert.Equal(t, "No such PaymentMethod: 'pm_missing'", se.Msg)
}

// TestPaymentMethodTestIDs checks that each use of a pm_card_* id makes a
// fresh PaymentMethod with the test card's details, as Stripe does.
func TestPaymentMethodTestIDs(t *testing.T) {
	_, sc := newClient(t)
	a, err := sc.PaymentMethods.Get("pm_card_visa", nil)
	require.NoError(t, err)
	b, err := sc.PaymentMethods.Get("pm_card_visa", nil)
	require.NoError(t, err)
	assert.NotEqual(t, a.ID, b.ID)
	assert.Equal(t, a.Card.Fingerprint, b.Card.Fingerprint, "the same card underneath")
	assert.Equal(t, "4242", a.Card.Last4)
	assert.True(t, a.Card.ThreeDSecureUsage.Supported)

	amex, err := sc.PaymentMethods.Get("pm_card_amex_threeDSecureNotSupported", nil)
	require.NoError(t, err)
	assert.False(t, amex.Card.ThreeDSecureUsage.Supported)
	_, err = sc.PaymentMethods.Get("pm_card_nope", nil)
	assert.Error(t, err)
}

func TestPaymentMethodAttachDetachList(t *testing.T) {
	_, sc := newClient(t)
	cus, err := sc.Customers.New(nil)
	require.NoError(t, err)
	other, err := sc.Customers.New(nil)
	require.NoError(t, err)

	visa, err := sc.PaymentMethods.Attach("pm_card_visa", &stripe.PaymentMethodAttachParams{Customer: stripe.String(cus.ID)})
	require.NoError(t, err)
	assert.NotEqual(t, "pm_card_visa", visa.ID)
	require.NotNil(t, visa.Customer)
	assert.Equal(t, cus.ID, visa.Customer.ID)
	mc, err := sc.PaymentMethods.Attach("pm_card_mastercard", &stripe.PaymentMethodAttachParams{Customer: stripe.String(cus.ID)})
	require.NoError(t, err)
	assert.Equal(t, []string{mc.ID, visa.ID}, customerPaymentMethods(t, sc, cus.ID), "newest first")

	var listed []string
	it := sc.PaymentMethods.List(&stripe.PaymentMethodListParams{Customer: stripe.String(cus.ID), Type: stripe.String("card")})
	for it.Next() {
		listed = append(listed, it.PaymentMethod().ID)
	}
	require.NoError(t, it.Err())
	assert.Equal(t, []string{mc.ID, visa.ID}, listed)

	// Attaching again to the same customer is harmless; to another is not.
	_, err = sc.PaymentMethods.Attach(visa.ID, &stripe.PaymentMethodAttachParams{Customer: stripe.String(cus.ID)})
	require.NoError(t, err)
	_, err = sc.PaymentMethods.Attach(visa.ID, &stripe.PaymentMethodAttachParams{Customer: stripe.String(other.ID)})
	se := stripeErr(t, err)
	assert.Equal(t, "The payment method you provided has already been attached to a customer.", se.Msg)

	// The decline-table cards cannot be attached.
	_, err = sc.PaymentMethods.Attach("pm_card_chargeDeclined", &stripe.PaymentMethodAttachParams{Customer: stripe.String(cus.ID)})
	se = stripeErr(t, err)
	assert.Equal(t, 402, se.HTTPStatusCode)
	assert.Equal(t, stripe.ErrorCodeCardDeclined, se.Code)

	detached, err := sc.PaymentMethods.Detach(visa.ID, nil)
	require.NoError(t, err)
	assert.Nil(t, detached.Customer)
	assert.Equal(t, []string{mc.ID}, customerPaymentMethods(t, sc, cus.ID))
	_, err = sc.PaymentMethods.Detach(visa.ID, nil)
	se = stripeErr(t, err)
	assert.Equal(t, "The payment method you provided is not attached to a customer so detachment is impossible.", se.Msg)
	_, err = sc.PaymentMethods.Attach(visa.ID, &stripe.PaymentMethodAttachParams{Customer: stripe.String(other.ID)})
	se = stripeErr(t, err)
	assert.Contains(t, se.Msg, "may not be used again")

	_, err = sc.PaymentMethods.Attach("pm_card_visa", &stripe.PaymentMethodAttachParams{Customer: stripe.String("cus_missing")})
	se = stripeErr(t, err)
	assert.Equal(t, "No such customer: 'cus_missing'", se.Msg)

	events := allEvents(t, sc, &stripe.EventListParams{Type: stripe.String("payment_method.*")})
	assert.Equal(t, []string{"payment_method.attached", "payment_method.attached", "payment_method.detached"}, eventTypes(events))
	assert.Equal(t, cus.ID, events[0].Data.Object["customer"])
	assert.Nil(t, events[2].Data.Object["customer"])
}

func TestPaymentMethodUpdate(t *testing.T) {
	_, sc := newClient(t)
	loose, err := sc.PaymentMethods.Get("pm_card_visa", nil)
	require.NoError(t, err)
	_, err = sc.PaymentMethods.Update(loose.ID, &stripe.PaymentMethodParams{BillingDetails: &stripe.PaymentMethodBillingDetailsParams{Name: stripe.String("x")}})
	se := stripeErr(t, err)
	assert.Equal(t, "You must save this PaymentMethod to a customer before you can update it.", se.Msg)

	cus, err := sc.Customers.New(nil)
	require.NoError(t, err)
	pm, err := sc.PaymentMethods.Attach(loose.ID, &stripe.PaymentMethodAttachParams{Customer: stripe.String(cus.ID)})
	require.NoError(t, err)
	up := &stripe.PaymentMethodParams{
		BillingDetails: &stripe.PaymentMethodBillingDetailsParams{Name: stripe.String("Grace Hopper"), Email: stripe.String("grace@example.com")},
		Card:           &stripe.PaymentMethodCardParams{ExpYear: stripe.Int64(2040)},
	}
	up.AddMetadata("nick", "work")
	pm, err = sc.PaymentMethods.Update(pm.ID, up)
	require.NoError(t, err)
	assert.Equal(t, "Grace Hopper", pm.BillingDetails.Name)
	assert.Equal(t, "grace@example.com", pm.BillingDetails.Email)
	assert.Equal(t, int64(2040), pm.Card.ExpYear)
	assert.Equal(t, "work", pm.Metadata["nick"])

	events := allEvents(t, sc, &stripe.EventListParams{Type: stripe.String("payment_method.updated")})
	require.Len(t, events, 1)
	assert.Contains(t, events[0].Data.PreviousAttributes, "billing_details")
	assert.Contains(t, events[0].Data.PreviousAttributes, "metadata")
}

func TestCustomerDefaultPaymentMethod(t *testing.T) {
	_, sc := newClient(t)
	p := &stripe.CustomerParams{
		PaymentMethod:   stripe.String("pm_card_visa"),
		InvoiceSettings: &stripe.CustomerInvoiceSettingsParams{DefaultPaymentMethod: stripe.String("pm_card_visa")},
	}
	p.AddExpand("invoice_settings.default_payment_method")
	cus, err := sc.Customers.New(p)
	require.NoError(t, err)
	def := cus.InvoiceSettings.DefaultPaymentMethod
	require.NotNil(t, def)
	assert.True(t, strings.HasPrefix(def.ID, "pm_"))
	assert.NotEqual(t, "pm_card_visa", def.ID, "the default is the PaymentMethod attached, not the test id")
	require.NotNil(t, def.Card, "expanded")
	assert.Equal(t, "4242", def.Card.Last4)
	assert.Equal(t, []string{def.ID}, customerPaymentMethods(t, sc, cus.ID))

	// Only a PaymentMethod attached to the customer can be its default.
	loose, err := sc.PaymentMethods.Get("pm_card_mastercard", nil)
	require.NoError(t, err)
	_, err = sc.Customers.Update(cus.ID, &stripe.CustomerParams{InvoiceSettings: &stripe.CustomerInvoiceSettingsParams{DefaultPaymentMethod: stripe.String(loose.ID)}})
	se := stripeErr(t, err)
	assert.Equal(t, "invoice_settings[default_payment_method]", se.Param)
	assert.Equal(t, "The customer does not have a payment method with the ID "+loose.ID+". The payment method must be attached to the customer.", se.Msg)
	_, err = sc.Customers.Update(cus.ID, &stripe.CustomerParams{InvoiceSettings: &stripe.CustomerInvoiceSettingsParams{DefaultPaymentMethod: stripe.String("pm_missing")}})
	se = stripeErr(t, err)
	assert.Equal(t, 404, se.HTTPStatusCode)

	_, err = sc.PaymentMethods.Attach(loose.ID, &stripe.PaymentMethodAttachParams{Customer: stripe.String(cus.ID)})
	require.NoError(t, err)
	cus, err = sc.Customers.Update(cus.ID, &stripe.CustomerParams{InvoiceSettings: &stripe.CustomerInvoiceSettingsParams{DefaultPaymentMethod: stripe.String(loose.ID)}})
	require.NoError(t, err)
	assert.Equal(t, loose.ID, cus.InvoiceSettings.DefaultPaymentMethod.ID)

	// Detaching the default clears it.
	_, err = sc.PaymentMethods.Detach(loose.ID, nil)
	require.NoError(t, err)
	cus, err = sc.Customers.Get(cus.ID, nil)
	require.NoError(t, err)
	assert.Nil(t, cus.InvoiceSettings.DefaultPaymentMethod)

	// A declining card is refused at creation, and nothing is created.
	_, err = sc.Customers.New(&stripe.CustomerParams{PaymentMethod: stripe.String("pm_card_chargeDeclined")})
	se = stripeErr(t, err)
	assert.Equal(t, 402, se.HTTPStatusCode)
	it := sc.Customers.List(nil)
	n := 0
	for it.Next() {
		n++
	}
	assert.Equal(t, 1, n)

	events := allEvents(t, sc, nil)
	assert.Equal(t, []string{"customer.created", "payment_method.attached", "payment_method.attached", "customer.updated", "payment_method.detached", "customer.updated"}, eventTypes(events))
}
