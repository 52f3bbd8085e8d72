package httpapi

import (
	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
	"github.com/fakestripe/fakestripe/internal/state"
)

func registerPaymentMethods(rt *router) {
	rt.add("POST", "/v1/payment_methods", "payment_method", false, createPaymentMethod)
	rt.add("GET", "/v1/payment_methods", "payment_method", true, listPaymentMethods)
	rt.add("GET", "/v1/payment_methods/{payment_method}", "payment_method", false, getPaymentMethod)
	rt.add("POST", "/v1/payment_methods/{payment_method}", "payment_method", false, updatePaymentMethod)
	rt.add("POST", "/v1/payment_methods/{payment_method}/attach", "payment_method", false, attachPaymentMethod)
	rt.add("POST", "/v1/payment_methods/{payment_method}/detach", "payment_method", false, detachPaymentMethod)
	rt.add("GET", "/v1/customers/{customer}/payment_methods", "payment_method", true, listCustomerPaymentMethods)
	rt.add("GET", "/v1/customers/{customer}/payment_methods/{payment_method}", "payment_method", false, getCustomerPaymentMethod)
}

// paymentMethodTypes are the type values of 2023-10-16. The fake makes
// cards only; the others are accepted where they filter a list.
var paymentMethodTypes = []string{"acss_debit", "affirm", "afterpay_clearpay", "alipay", "au_becs_debit", "bacs_debit", "bancontact", "blik", "boleto", "card", "cashapp", "customer_balance", "eps", "fpx", "giropay", "grabpay", "ideal", "klarna", "konbini", "link", "oxxo", "p24", "paynow", "paypal", "pix", "promptpay", "revolut_pay", "sepa_debit", "sofort", "us_bank_account", "wechat_pay", "zip"}

// readPaymentMethodData reads a PaymentMethod to create: the body of POST
// /v1/payment_methods, or payment_method_data on a PaymentIntent. Only
// cards made from test tokens are supported; raw numbers are refused as
// Stripe refuses them without raw-card access. The 2023-10-16 spec lists no
// card hash under payment_method_data (Stripe.js sends it with a
// publishable key); the fake accepts card[token] there too, so a server
// test can make and confirm a card in one call.
func readPaymentMethodData(r *form.Reader) state.PaymentMethodParams {
	var p state.PaymentMethodParams
	r.Require("type")
	typ := r.Enum("type", paymentMethodTypes...)
	if typ != nil && *typ != "card" {
		r.Fail(apierr.Invalidf("type", "fakestripe supports only card PaymentMethods; type %s is not supported.", *typ))
	}
	if typ != nil && *typ == "card" {
		r.Require("card")
	}
	if card, pres := r.Object("card"); pres == form.Present {
		if card.Has("token") {
			if tok := card.StringMax("token", 5000); tok != nil {
				p.Token = *tok
			}
		} else {
			// A card hash with a number (or anything else) is raw card data.
			for _, k := range []string{"number", "exp_month", "exp_year", "cvc", "networks"} {
				card.Raw(k)
			}
			r.Fail(rawCardError())
		}
	} else if pres == form.Empty {
		r.Fail(apierr.InvalidEmptyString("card"))
	}
	if bd, pres := r.Object("billing_details"); pres == form.Present {
		p.BillingDetails = readBillingDetails(bd)
	}
	p.Metadata = r.Metadata("metadata")
	if ro, pres := r.Object("radar_options"); pres == form.Present {
		ro.String("session")
	}
	return p
}

// readBillingDetails reads billing_details on creation, where "" means
// "not given".
func readBillingDetails(r *form.Reader) state.BillingDetails {
	var bd state.BillingDetails
	if a, pres := r.Object("address"); pres == form.Present {
		addr := readAddress(a)
		bd.Address = &addr
	}
	bd.Email = nonEmptyString(r.StringMax("email", 5000))
	bd.Name = nonEmptyString(r.StringMax("name", 5000))
	bd.Phone = nonEmptyString(r.StringMax("phone", 5000))
	return bd
}

func nonEmptyString(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}

func createPaymentMethod(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	if r.Has("customer") || r.Has("payment_method") {
		// Cloning a customer's PaymentMethod is for connected accounts.
		r.Raw("customer")
		r.Raw("payment_method")
		r.Fail(apierr.Invalid("", "", "Connect is not supported by fakestripe: cloning a PaymentMethod with customer and payment_method needs connected accounts, which the fake does not have."))
	}
	p := readPaymentMethodData(r)
	return func(st *state.State) (any, *apierr.Error) {
		pm, err := st.CreatePaymentMethod(p)
		if err != nil {
			return nil, err
		}
		return renderPaymentMethod(st, pm, c.expand), nil
	}, nil
}

func getPaymentMethod(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		pm, err := st.PaymentMethod(id)
		if err != nil {
			return nil, err
		}
		return renderPaymentMethod(st, pm, c.expand), nil
	}, nil
}

func getCustomerPaymentMethod(c *call) (applyFunc, *apierr.Error) {
	customerID, id := c.arg(0), c.arg(1)
	return func(st *state.State) (any, *apierr.Error) {
		cus, err := st.Customer(customerID)
		if err != nil || cus.Deleted {
			return nil, apierr.NoSuchObject("customer", customerID, "customer")
		}
		pm, ok := st.StoredPaymentMethod(id)
		if !ok || pm.Customer != cus.ID {
			return nil, apierr.NoSuchObject("PaymentMethod", id, "payment_method")
		}
		return renderPaymentMethod(st, pm, c.expand), nil
	}, nil
}

func updatePaymentMethod(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	r := c.params
	var u state.PaymentMethodUpdate
	if bd, pres := r.Object("billing_details"); pres == form.Present {
		u.Address = readAddressOpt(bd, "address")
		u.Email = readOptString(bd, "email")
		u.Name = readOptString(bd, "name")
		u.Phone = readOptString(bd, "phone")
	} else if pres == form.Empty {
		r.Fail(apierr.InvalidEmptyString("billing_details"))
	}
	if card, pres := r.Object("card"); pres == form.Present {
		u.ExpMonth = card.Int("exp_month")
		u.ExpYear = card.Int("exp_year")
	}
	for _, k := range []string{"link", "us_bank_account"} {
		if o, pres := r.Object(k); pres == form.Present {
			o.Raw("account_holder_type")
			o.Raw("account_type")
		}
	}
	u.Metadata = r.Metadata("metadata")
	return func(st *state.State) (any, *apierr.Error) {
		pm, err := st.UpdatePaymentMethod(id, u)
		if err != nil {
			return nil, err
		}
		return renderPaymentMethod(st, pm, c.expand), nil
	}, nil
}

// readOptString reads a string that "" unsets.
func readOptString(r *form.Reader, name string) state.Opt[string] {
	v := r.StringMax(name, 5000)
	if v == nil {
		return state.Opt[string]{}
	}
	return state.Opt[string]{Set: true, Unset: *v == "", V: *v}
}

func attachPaymentMethod(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	r := c.params
	r.Require("customer")
	customer := r.StringMax("customer", 5000)
	return func(st *state.State) (any, *apierr.Error) {
		pm, err := st.AttachPaymentMethod(id, *customer)
		if err != nil {
			return nil, err
		}
		return renderPaymentMethod(st, pm, c.expand), nil
	}, nil
}

func detachPaymentMethod(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		pm, err := st.DetachPaymentMethod(id)
		if err != nil {
			return nil, err
		}
		return renderPaymentMethod(st, pm, c.expand), nil
	}, nil
}

func listPaymentMethods(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	page := readPage(r)
	f := state.PaymentMethodFilter{
		Customer: r.StringMax("customer", 5000),
		Type:     r.Enum("type", paymentMethodTypes...),
	}
	return paymentMethodList(c, page, f, "/v1/payment_methods")
}

func listCustomerPaymentMethods(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	r := c.params
	page := readPage(r)
	f := state.PaymentMethodFilter{Customer: &id, Type: r.Enum("type", paymentMethodTypes...)}
	return paymentMethodList(c, page, f, "/v1/customers/"+id+"/payment_methods")
}

func paymentMethodList(c *call, page pageParams, f state.PaymentMethodFilter, url string) (applyFunc, *apierr.Error) {
	return func(st *state.State) (any, *apierr.Error) {
		q, err := pageQuery(page, "PaymentMethod", st.StoredPaymentMethod)
		if err != nil {
			return nil, err
		}
		p, err := st.ListPaymentMethods(f, q)
		if err != nil {
			return nil, err
		}
		return renderList(url, p, func(pm *state.PaymentMethod) any {
			return renderPaymentMethod(st, pm, c.expand)
		}), nil
	}, nil
}

// paymentMethodJSON is a card PaymentMethod of 2023-10-16; the properties of
// other types are absent, as Stripe leaves them out.
type paymentMethodJSON struct {
	ID             string             `json:"id"`
	Object         string             `json:"object"`
	BillingDetails billingDetailsJSON `json:"billing_details"`
	Card           *pmCardJSON        `json:"card"`
	Created        int64              `json:"created"`
	Customer       any                `json:"customer"`
	Livemode       bool               `json:"livemode"`
	Metadata       map[string]string  `json:"metadata"`
	Type           string             `json:"type"`
}

type pmCardJSON struct {
	Brand             string           `json:"brand"`
	Checks            checksJSON       `json:"checks"`
	Country           *string          `json:"country"`
	ExpMonth          int              `json:"exp_month"`
	ExpYear           int              `json:"exp_year"`
	Fingerprint       *string          `json:"fingerprint"`
	Funding           string           `json:"funding"`
	GeneratedFrom     any              `json:"generated_from"`
	Last4             string           `json:"last4"`
	Networks          pmNetworksJSON   `json:"networks"`
	ThreeDSecureUsage threeDSUsageJSON `json:"three_d_secure_usage"`
	Wallet            any              `json:"wallet"`
}

type pmNetworksJSON struct {
	Available []string `json:"available"`
	Preferred *string  `json:"preferred"`
}

type threeDSUsageJSON struct {
	Supported bool `json:"supported"`
}

// renderPaymentMethod renders a PaymentMethod, expanding what x asks for.
func renderPaymentMethod(st *state.State, pm *state.PaymentMethod, x expansion) *paymentMethodJSON {
	i := pm.Info
	bd := pm.BillingDetails
	out := &paymentMethodJSON{
		ID:     pm.ID,
		Object: "payment_method",
		BillingDetails: billingDetailsJSON{
			Email: bd.Email, Name: bd.Name, Phone: bd.Phone,
		},
		Card: &pmCardJSON{
			Brand:             i.Network,
			Checks:            checksJSON{CVCCheck: orNil(i.CVCCheck), AddressLine1Check: addressCheck(i.AddressLine1Check), AddressPostalCodeCheck: addressCheck(i.AddressPostalCodeCheck)},
			Country:           orNil(i.Country),
			ExpMonth:          i.ExpMonth,
			ExpYear:           i.ExpYear,
			Fingerprint:       orNil(i.Fingerprint),
			Funding:           i.Funding,
			Last4:             i.Last4,
			Networks:          pmNetworksJSON{Available: []string{i.Network}},
			ThreeDSecureUsage: threeDSUsageJSON{Supported: i.ThreeDS != "not_supported"},
		},
		Created:  pm.Created,
		Metadata: pm.Metadata,
		Type:     "card",
	}
	if bd.Address != nil {
		out.BillingDetails.Address = renderAddress(*bd.Address)
	}
	if out.Metadata == nil {
		out.Metadata = map[string]string{}
	}
	out.Customer = expandCustomer(st, pm.Customer, x, "customer")
	return out
}

// expandPaymentMethod renders a PaymentMethod property: its id, the
// expanded object when x asks for prop, or null when unset.
func expandPaymentMethod(st *state.State, id string, x expansion, prop string) any {
	if id == "" {
		return nil
	}
	if x.has(prop) {
		if pm, ok := st.StoredPaymentMethod(id); ok {
			return renderPaymentMethod(st, pm, x.child(prop))
		}
	}
	return id
}
