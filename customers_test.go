package fakestripe_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stripe/stripe-go/v76"

	"github.com/fakestripe/fakestripe"
)

func TestCustomerCreateDefaults(t *testing.T) {
	fake, sc := newClient(t)
	c, err := sc.Customers.New(&stripe.CustomerParams{
		Name:  stripe.String("Jenny Rosen"),
		Email: stripe.String("jennyrosen@example.com"),
	})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(c.ID, "cus_"), c.ID)
	assert.Equal(t, "Jenny Rosen", c.Name)
	assert.Equal(t, "jennyrosen@example.com", c.Email)
	assert.Equal(t, fake.Now().Unix(), c.Created)
	assert.Equal(t, int64(1), c.NextInvoiceSequence)
	assert.Equal(t, stripe.CustomerTaxExemptNone, c.TaxExempt)
	assert.Len(t, c.InvoicePrefix, 8)
	assert.Empty(t, c.Metadata)
	assert.False(t, c.Livemode)

	// The raw body has every field of the seed's example, with its nulls.
	r := do(t, fake, "GET", "/v1/customers/"+c.ID, "")
	got := r.object(t)
	for _, k := range []string{"address", "currency", "default_source", "description", "discount", "phone", "shipping", "test_clock"} {
		v, ok := got[k]
		assert.True(t, ok, "field %s missing", k)
		assert.Nil(t, v, "field %s", k)
	}
	assert.Equal(t, []any{}, got["preferred_locales"])
	assert.Equal(t, map[string]any{"custom_fields": nil, "default_payment_method": nil, "footer": nil, "rendering_options": nil}, got["invoice_settings"])
	for _, k := range []string{"sources", "tax_ids", "subscriptions", "cash_balance", "tax", "invoice_credit_balance"} {
		_, ok := got[k]
		assert.False(t, ok, "includable field %s present without expand", k)
	}
}

func TestCustomerEveryParameter(t *testing.T) {
	_, sc := newClient(t)
	params := &stripe.CustomerParams{
		Address: &stripe.AddressParams{Line1: stripe.String("1 Main St"), City: stripe.String("Springfield"), Country: stripe.String("US"), PostalCode: stripe.String("12345")},
		Balance: stripe.Int64(-500),
		CashBalance: &stripe.CustomerCashBalanceParams{
			Settings: &stripe.CustomerCashBalanceSettingsParams{ReconciliationMode: stripe.String("manual")},
		},
		Description:         stripe.String("a customer"),
		Email:               stripe.String("a@example.com"),
		InvoicePrefix:       stripe.String("ABC123"),
		InvoiceSettings:     &stripe.CustomerInvoiceSettingsParams{CustomFields: []*stripe.CustomerInvoiceSettingsCustomFieldParams{{Name: stripe.String("PO"), Value: stripe.String("42")}}, Footer: stripe.String("Thanks"), RenderingOptions: &stripe.CustomerInvoiceSettingsRenderingOptionsParams{AmountTaxDisplay: stripe.String("exclude_tax")}},
		Name:                stripe.String("Acme"),
		NextInvoiceSequence: stripe.Int64(7),
		Phone:               stripe.String("+15555550100"),
		PreferredLocales:    stripe.StringSlice([]string{"en", "fr"}),
		Shipping:            &stripe.CustomerShippingParams{Name: stripe.String("Dock"), Address: &stripe.AddressParams{Line1: stripe.String("2 Pier")}, Phone: stripe.String("+1555")},
		Source:              stripe.String("tok_visa"),
		Tax:                 &stripe.CustomerTaxParams{IPAddress: stripe.String("127.0.0.1")},
		TaxExempt:           stripe.String("reverse"),
		TaxIDData:           []*stripe.CustomerTaxIDDataParams{{Type: stripe.String("eu_vat"), Value: stripe.String("DE123456789")}},
	}
	params.AddMetadata("order", "6735")
	params.AddExpand("sources")
	params.AddExpand("tax_ids")
	params.AddExpand("tax")
	params.AddExpand("cash_balance")
	params.AddExpand("invoice_credit_balance")
	params.AddExpand("subscriptions")
	c, err := sc.Customers.New(params)
	require.NoError(t, err)
	assert.Equal(t, "Springfield", c.Address.City)
	assert.Equal(t, int64(-500), c.Balance)
	assert.Equal(t, "manual", string(c.CashBalance.Settings.ReconciliationMode))
	assert.Equal(t, "ABC123", c.InvoicePrefix)
	assert.Equal(t, "PO", c.InvoiceSettings.CustomFields[0].Name)
	assert.Equal(t, "exclude_tax", c.InvoiceSettings.RenderingOptions.AmountTaxDisplay)
	assert.Equal(t, int64(7), c.NextInvoiceSequence)
	assert.Equal(t, []string{"en", "fr"}, c.PreferredLocales)
	assert.Equal(t, "Dock", c.Shipping.Name)
	assert.Equal(t, "127.0.0.1", c.Tax.IPAddress)
	assert.Equal(t, stripe.CustomerTaxExemptReverse, c.TaxExempt)
	assert.Equal(t, "DE123456789", c.TaxIDs.Data[0].Value)
	assert.Equal(t, map[string]string{"order": "6735"}, c.Metadata)
	require.Len(t, c.Sources.Data, 1)
	assert.Equal(t, c.DefaultSource.ID, c.Sources.Data[0].ID)
	assert.Equal(t, "4242", c.Sources.Data[0].Card.Last4)
	assert.Empty(t, c.Subscriptions.Data)
}

func TestCustomerUpdateAndMetadata(t *testing.T) {
	fake, sc := newClient(t)
	p := &stripe.CustomerParams{Name: stripe.String("A")}
	p.AddMetadata("a", "1")
	p.AddMetadata("b", "2")
	c, err := sc.Customers.New(p)
	require.NoError(t, err)

	u := &stripe.CustomerParams{Email: stripe.String("new@example.com")}
	u.AddMetadata("c", "3")
	u.AddMetadata("a", "") // deletes a
	c, err = sc.Customers.Update(c.ID, u)
	require.NoError(t, err)
	assert.Equal(t, "A", c.Name, "omitted parameters are left unchanged")
	assert.Equal(t, "new@example.com", c.Email)
	if diff := cmp.Diff(map[string]string{"b": "2", "c": "3"}, c.Metadata); diff != "" {
		t.Errorf("metadata merge (-want +got):\n%s", diff)
	}

	// metadata= clears every key; description= unsets.
	r := do(t, fake, "POST", "/v1/customers/"+c.ID, "metadata=&description=&name=")
	require.Equal(t, 200, r.status, string(r.body))
	got := r.object(t)
	assert.Equal(t, map[string]any{}, got["metadata"])
	assert.Nil(t, got["description"])
	assert.Nil(t, got["name"])
}

func TestCustomerMetadataLimits(t *testing.T) {
	fake := fakestripe.New(t)
	tests := []struct {
		name, body, param string
	}{
		{"key too long", "metadata[" + strings.Repeat("k", 41) + "]=v", "metadata"},
		{"value too long", "metadata[k]=" + strings.Repeat("v", 501), "metadata"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, fake, "POST", "/v1/customers", tc.body)
			assert.Equal(t, 400, r.status)
			e := r.errorBody(t)
			assert.Equal(t, "invalid_request_error", e["type"])
			assert.Equal(t, tc.param, e["param"])
			assert.NotEmpty(t, e["message"])
		})
	}
	t.Run("more than 50 keys", func(t *testing.T) {
		form := url.Values{}
		for i := 0; i < 51; i++ {
			form.Set(fmt.Sprintf("metadata[k%02d]", i), "v")
		}
		r := do(t, fake, "POST", "/v1/customers", form.Encode())
		assert.Equal(t, 400, r.status)
		assert.Equal(t, "invalid_request_error", r.errorBody(t)["type"])
	})
	t.Run("50 keys across two updates", func(t *testing.T) {
		form := url.Values{}
		for i := 0; i < 30; i++ {
			form.Set(fmt.Sprintf("metadata[a%02d]", i), "v")
		}
		r := do(t, fake, "POST", "/v1/customers", form.Encode())
		require.Equal(t, 200, r.status, string(r.body))
		id := r.object(t)["id"].(string)
		form = url.Values{}
		for i := 0; i < 21; i++ {
			form.Set(fmt.Sprintf("metadata[b%02d]", i), "v")
		}
		r = do(t, fake, "POST", "/v1/customers/"+id, form.Encode())
		assert.Equal(t, 400, r.status, "the limit is on the merged metadata")
		r = do(t, fake, "GET", "/v1/customers/"+id, "")
		assert.Len(t, r.object(t)["metadata"], 30, "a refused update changes nothing")
	})
}

func TestCustomerDelete(t *testing.T) {
	fake, sc := newClient(t)
	c, err := sc.Customers.New(&stripe.CustomerParams{})
	require.NoError(t, err)
	d, err := sc.Customers.Del(c.ID, nil)
	require.NoError(t, err)
	assert.True(t, d.Deleted)
	assert.Equal(t, c.ID, d.ID)

	r := do(t, fake, "GET", "/v1/customers/"+c.ID, "")
	assert.Equal(t, 200, r.status)
	if diff := cmp.Diff(map[string]any{"id": c.ID, "object": "customer", "deleted": true}, r.object(t)); diff != "" {
		t.Errorf("deleted stub (-want +got):\n%s", diff)
	}
	it := sc.Customers.List(&stripe.CustomerListParams{})
	for it.Next() {
		t.Errorf("deleted customer listed: %s", it.Customer().ID)
	}
	require.NoError(t, it.Err())

	_, err = sc.Customers.Update(c.ID, &stripe.CustomerParams{Name: stripe.String("x")})
	se := stripeErr(t, err)
	assert.Equal(t, 404, se.HTTPStatusCode)
	assert.Equal(t, stripe.ErrorCodeResourceMissing, se.Code)
}

func TestCustomerNotFound(t *testing.T) {
	_, sc := newClient(t)
	_, err := sc.Customers.Get("cus_nope", nil)
	se := stripeErr(t, err)
	assert.Equal(t, 404, se.HTTPStatusCode)
	assert.Equal(t, stripe.ErrorTypeInvalidRequest, se.Type)
	assert.Equal(t, stripe.ErrorCodeResourceMissing, se.Code)
	assert.Equal(t, "No such customer: 'cus_nope'", se.Msg)
	assert.Equal(t, "id", se.Param)
	assert.NotEmpty(t, se.RequestID)
}

func TestCustomerSources(t *testing.T) {
	fake, sc := newClient(t)
	c, err := sc.Customers.New(&stripe.CustomerParams{})
	require.NoError(t, err)
	assert.Nil(t, c.DefaultSource)

	r := do(t, fake, "POST", "/v1/customers/"+c.ID+"/sources", "source=tok_mastercard")
	require.Equal(t, 200, r.status, string(r.body))
	first := r.object(t)
	assert.Equal(t, "card", first["object"])
	assert.Equal(t, "MasterCard", first["brand"])
	assert.Equal(t, c.ID, first["customer"])

	c, err = sc.Customers.Update(c.ID, &stripe.CustomerParams{Source: stripe.String("tok_amex")})
	require.NoError(t, err)
	r = do(t, fake, "GET", "/v1/customers/"+c.ID+"/sources", "")
	require.Equal(t, 200, r.status)
	data := r.object(t)["data"].([]any)
	require.Len(t, data, 2)
	assert.Equal(t, c.DefaultSource.ID, data[0].(map[string]any)["id"], "source= makes the new card the default, listed first")

	// A declining card cannot be attached.
	_, err = sc.Customers.Update(c.ID, &stripe.CustomerParams{Source: stripe.String("tok_chargeDeclined")})
	se := stripeErr(t, err)
	assert.Equal(t, 402, se.HTTPStatusCode)
	assert.Equal(t, stripe.ErrorTypeCard, se.Type)

	// default_source switches among attached cards only.
	c, err = sc.Customers.Update(c.ID, &stripe.CustomerParams{DefaultSource: stripe.String(first["id"].(string))})
	require.NoError(t, err)
	assert.Equal(t, first["id"], c.DefaultSource.ID)

	p := &stripe.CustomerParams{}
	p.AddExpand("default_source")
	c, err = sc.Customers.Get(c.ID, p)
	require.NoError(t, err)
	require.NotNil(t, c.DefaultSource.Card)
	assert.Equal(t, "4444", c.DefaultSource.Card.Last4)
}

func TestEmailValidation(t *testing.T) {
	fake := fakestripe.New(t)
	for _, tc := range []struct{ path, body, param string }{
		{"/v1/customers", "email=bad", "email"},
		{"/v1/customers", "email=a%40b", "email"},
		{"/v1/charges", "amount=1000&currency=usd&source=tok_visa&receipt_email=x%40", "receipt_email"},
	} {
		r := do(t, fake, "POST", tc.path, tc.body)
		require.Equal(t, 400, r.status, string(r.body))
		e := r.errorBody(t)
		assert.Equal(t, "email_invalid", e["code"])
		assert.Equal(t, tc.param, e["param"])
		assert.True(t, strings.HasPrefix(e["message"].(string), "Invalid email address: "))
	}
	assert.Equal(t, 200, do(t, fake, "POST", "/v1/customers", "email=jenny.rosen%2Btest%40example.co.uk").status)
	assert.Empty(t, do(t, fake, "GET", "/v1/charges", "").object(t)["data"], "a refused charge is not made")
}
