package httpapi

import (
	"slices"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
	"github.com/fakestripe/fakestripe/internal/search"
	"github.com/fakestripe/fakestripe/internal/state"
)

func registerPaymentIntents(rt *router) {
	rt.add("GET", "/v1/payment_intents/search", "payment_intent", true, searchPaymentIntents)
	rt.add("POST", "/v1/payment_intents", "payment_intent", false, createPaymentIntent)
	rt.add("GET", "/v1/payment_intents", "payment_intent", true, listPaymentIntents)
	rt.add("GET", "/v1/payment_intents/{intent}", "payment_intent", false, getPaymentIntent)
	rt.add("POST", "/v1/payment_intents/{intent}", "payment_intent", false, updatePaymentIntent)
	rt.add("POST", "/v1/payment_intents/{intent}/confirm", "payment_intent", false, confirmPaymentIntent)
	rt.add("POST", "/v1/payment_intents/{intent}/capture", "payment_intent", false, capturePaymentIntent)
	rt.add("POST", "/v1/payment_intents/{intent}/cancel", "payment_intent", false, cancelPaymentIntent)
	// A fakestripe extension, not a Stripe endpoint: it stands in for the
	// customer completing (outcome=succeed) or failing (outcome=fail) the
	// 3-D Secure challenge of a PaymentIntent in requires_action, which on
	// Stripe happens in their browser. Server.CompleteAuthentication is the
	// same from Go.
	rt.add("POST", "/v1/test_helpers/payment_intents/{intent}/authenticate", "payment_intent", false, authenticatePaymentIntent)
}

// readIntentPaymentMethodOptions reads payment_method_options; only
// card[request_three_d_secure] changes what the fake does.
func readIntentPaymentMethodOptions(r *form.Reader) *string {
	pmo, pres := r.Object("payment_method_options")
	if pres != form.Present {
		return nil
	}
	card, cp := pmo.Object("card")
	if cp != form.Present {
		return nil
	}
	card.Enum("capture_method", "", "manual")
	card.Enum("setup_future_usage", "", "none", "off_session", "on_session")
	card.String("cvc_token")
	card.Enum("network", "amex", "cartes_bancaires", "diners", "discover", "eftpos_au", "interac", "jcb", "mastercard", "unionpay", "unknown", "visa")
	card.Enum("request_extended_authorization", "if_available", "never")
	card.Enum("request_incremental_authorization", "if_available", "never")
	card.Enum("request_multicapture", "if_available", "never")
	card.Enum("request_overcapture", "if_available", "never")
	card.String("statement_descriptor_suffix_kana")
	card.String("statement_descriptor_suffix_kanji")
	card.Raw("installments")
	card.Raw("mandate_options")
	card.Raw("three_d_secure")
	return card.Enum("request_three_d_secure", "any", "automatic", "challenge")
}

// readPaymentMethodTypes reads payment_method_types, refusing unknown types.
func readPaymentMethodTypes(r *form.Reader) []string {
	types, ok := r.Strings("payment_method_types")
	if !ok {
		return nil
	}
	for _, t := range types {
		if !slices.Contains(paymentMethodTypes, t) {
			r.Fail(apierr.InvalidEnum("payment_method_types", paymentMethodTypes))
			return nil
		}
	}
	if len(types) == 0 {
		r.Fail(apierr.InvalidEmptyString("payment_method_types"))
		return nil
	}
	return types
}

// readOffSession reads off_session, a boolean or one_off or recurring.
func readOffSession(r *form.Reader) bool {
	n := r.Raw("off_session")
	if n == nil {
		return false
	}
	if n.Kind == form.Scalar && (n.Str == "one_off" || n.Str == "recurring") {
		return true
	}
	if b := r.Bool("off_session"); b != nil {
		return *b
	}
	return false
}

// readConfirmOptions reads what a confirmation takes besides the
// PaymentMethod, on create (with confirm=true) and confirm.
func readConfirmOptions(r *form.Reader) state.ConfirmOptions {
	var o state.ConfirmOptions
	o.OffSession = readOffSession(r)
	if b := r.Bool("error_on_requires_action"); b != nil {
		o.ErrorOnRequiresAction = *b
	}
	o.ReturnURL = r.String("return_url")
	r.Bool("use_stripe_sdk")
	r.StringMax("mandate", 5000)
	r.Raw("mandate_data")
	if ro, pres := r.Object("radar_options"); pres == form.Present {
		ro.String("session")
	}
	return o
}

// refuseConnect refuses the Connect-only parameters, as the Charges API
// does: the fake has no connected accounts.
func refuseConnect(r *form.Reader) {
	if r.Has("on_behalf_of") || r.Has("transfer_data") {
		r.Raw("on_behalf_of")
		r.Raw("transfer_data")
		r.Fail(apierr.Invalid("", "", "Connect is not supported by fakestripe: on_behalf_of and transfer_data need connected accounts, which the fake does not have."))
	}
}

// readPaymentMethodDataParam reads payment_method_data, if sent.
func readPaymentMethodDataParam(r *form.Reader) *state.PaymentMethodParams {
	sub, pres := r.Object("payment_method_data")
	if pres != form.Present {
		return nil
	}
	p := readPaymentMethodData(sub)
	return &p
}

var captureMethods = []string{"automatic", "automatic_async", "manual"}

func createPaymentIntent(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	r.Require("amount", "currency")
	var p state.PaymentIntentParams
	if v := r.Int("amount"); v != nil {
		p.Amount = *v
		if p.Amount < 1 {
			r.Fail(apierr.TooSmall("amount", 1))
		}
	}
	if v := r.StringMax("currency", 5000); v != nil {
		p.Currency = *v
	}
	p.ApplicationFeeAmount = r.Int("application_fee_amount")
	if apm, pres := r.Object("automatic_payment_methods"); pres == form.Present {
		apm.Require("enabled")
		var v state.AutomaticPaymentMethods
		if e := apm.Bool("enabled"); e != nil {
			v.Enabled = *e
		}
		if ar := apm.Enum("allow_redirects", "always", "never"); ar != nil {
			v.AllowRedirects = *ar
		} else if v.Enabled {
			v.AllowRedirects = "always"
		}
		p.AutomaticPaymentMethods = &v
	}
	p.CaptureMethod = r.Enum("capture_method", captureMethods...)
	if b := r.Bool("confirm"); b != nil {
		p.Confirm = *b
	}
	p.ConfirmationMethod = r.Enum("confirmation_method", "automatic", "manual")
	p.Customer = r.StringMax("customer", 5000)
	p.Description = r.StringMax("description", 1000)
	p.Metadata = r.Metadata("metadata")
	p.PaymentMethod = r.StringMax("payment_method", 5000)
	r.StringMax("payment_method_configuration", 100)
	p.PaymentMethodData = readPaymentMethodDataParam(r)
	p.RequestThreeDSecure = readIntentPaymentMethodOptions(r)
	p.PaymentMethodTypes = readPaymentMethodTypes(r)
	p.ReceiptEmail = readEmail(r, "receipt_email", 5000)
	p.SetupFutureUsage = r.Enum("setup_future_usage", "off_session", "on_session")
	if s := readShipping(r, "shipping", true); s.Set && !s.Unset {
		p.Shipping = &s.V
	}
	p.StatementDescriptor = r.StringMax("statement_descriptor", 22)
	p.DescriptorSuffix = r.StringMax("statement_descriptor_suffix", 22)
	p.TransferGroup = r.String("transfer_group")
	p.Confirmation = readConfirmOptions(r)
	refuseConnect(r)
	switch {
	case p.AutomaticPaymentMethods != nil && p.PaymentMethodTypes != nil:
		r.Fail(apierr.Invalid("parameters_exclusive", "payment_method_types", "You may only specify one of these parameters: automatic_payment_methods, payment_method_types."))
	case p.AutomaticPaymentMethods != nil && p.ConfirmationMethod != nil:
		r.Fail(apierr.Invalid("parameters_exclusive", "confirmation_method", "You may only specify one of these parameters: automatic_payment_methods, confirmation_method."))
	}
	return func(st *state.State) (any, *apierr.Error) {
		pi, err := st.CreatePaymentIntent(p)
		if err != nil {
			return nil, renderErrorObjects(st, err)
		}
		return renderPaymentIntent(st, pi, c.expand), nil
	}, nil
}

func getPaymentIntent(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	c.params.String("client_secret")
	return func(st *state.State) (any, *apierr.Error) {
		pi, err := st.PaymentIntent(id)
		if err != nil {
			return nil, err
		}
		return renderPaymentIntent(st, pi, c.expand), nil
	}, nil
}

func updatePaymentIntent(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	r := c.params
	var u state.PaymentIntentUpdate
	if v := r.Int("amount"); v != nil {
		if *v < 1 {
			r.Fail(apierr.TooSmall("amount", 1))
		}
		u.Amount = v
	}
	if n := r.Raw("application_fee_amount"); n != nil {
		if n.Kind == form.Scalar && n.Str == "" {
			u.ApplicationFeeAmount = state.Opt[int64]{Set: true, Unset: true}
		} else if v := r.Int("application_fee_amount"); v != nil {
			u.ApplicationFeeAmount = state.Opt[int64]{Set: true, V: *v}
		}
	}
	u.CaptureMethod = r.Enum("capture_method", captureMethods...)
	u.Currency = r.StringMax("currency", 5000)
	u.Customer = r.StringMax("customer", 5000)
	u.Description = r.StringMax("description", 1000)
	u.Metadata = r.Metadata("metadata")
	u.PaymentMethod = r.StringMax("payment_method", 5000)
	r.StringMax("payment_method_configuration", 100)
	u.PaymentMethodData = readPaymentMethodDataParam(r)
	u.RequestThreeDSecure = readIntentPaymentMethodOptions(r)
	u.PaymentMethodTypes = readPaymentMethodTypes(r)
	u.ReceiptEmail = readEmail(r, "receipt_email", 5000)
	if v := r.Enum("setup_future_usage", "", "off_session", "on_session"); v != nil {
		u.SetupFutureUsage = state.Opt[string]{Set: true, Unset: *v == "", V: *v}
	}
	u.Shipping = readShipping(r, "shipping", true)
	u.StatementDescriptor = r.StringMax("statement_descriptor", 22)
	u.DescriptorSuffix = r.StringMax("statement_descriptor_suffix", 22)
	u.TransferGroup = r.String("transfer_group")
	refuseConnect(r)
	return func(st *state.State) (any, *apierr.Error) {
		pi, err := st.UpdatePaymentIntent(id, u)
		if err != nil {
			return nil, renderErrorObjects(st, err)
		}
		return renderPaymentIntent(st, pi, c.expand), nil
	}, nil
}

func confirmPaymentIntent(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	r := c.params
	var p state.ConfirmParams
	p.CaptureMethod = r.Enum("capture_method", captureMethods...)
	r.StringMax("client_secret", 5000)
	p.PaymentMethod = r.StringMax("payment_method", 5000)
	p.PaymentMethodData = readPaymentMethodDataParam(r)
	p.RequestThreeDSecure = readIntentPaymentMethodOptions(r)
	if types := readPaymentMethodTypes(r); types != nil && !slices.Contains(types, "card") {
		r.Fail(apierr.Invalid("", "payment_method_types", "fakestripe supports only card payments; payment_method_types must include card."))
	}
	p.ReceiptEmail = readEmail(r, "receipt_email", 5000)
	if v := r.Enum("setup_future_usage", "", "off_session", "on_session"); v != nil {
		p.SetupFutureUsage = state.Opt[string]{Set: true, Unset: *v == "", V: *v}
	}
	p.Shipping = readShipping(r, "shipping", true)
	p.Options = readConfirmOptions(r)
	return func(st *state.State) (any, *apierr.Error) {
		pi, err := st.ConfirmPaymentIntent(id, p)
		if err != nil {
			return nil, renderErrorObjects(st, err)
		}
		return renderPaymentIntent(st, pi, c.expand), nil
	}, nil
}

func capturePaymentIntent(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	r := c.params
	p := state.CaptureIntentParams{
		AmountToCapture:     r.Int("amount_to_capture"),
		Metadata:            r.Metadata("metadata"),
		StatementDescriptor: r.StringMax("statement_descriptor", 22),
		DescriptorSuffix:    r.StringMax("statement_descriptor_suffix", 22),
	}
	if p.AmountToCapture != nil && *p.AmountToCapture < 1 {
		r.Fail(apierr.TooSmall("amount_to_capture", 1))
	}
	r.Int("application_fee_amount")
	r.Bool("final_capture")
	if td, pres := r.Object("transfer_data"); pres == form.Present {
		td.Int("amount")
	}
	return func(st *state.State) (any, *apierr.Error) {
		pi, err := st.CapturePaymentIntent(id, p)
		if err != nil {
			return nil, renderErrorObjects(st, err)
		}
		return renderPaymentIntent(st, pi, c.expand), nil
	}, nil
}

func cancelPaymentIntent(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	reason := c.params.Enum("cancellation_reason", "abandoned", "duplicate", "fraudulent", "requested_by_customer")
	return func(st *state.State) (any, *apierr.Error) {
		pi, err := st.CancelPaymentIntent(id, reason)
		if err != nil {
			return nil, renderErrorObjects(st, err)
		}
		return renderPaymentIntent(st, pi, c.expand), nil
	}, nil
}

func authenticatePaymentIntent(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	r := c.params
	r.Require("outcome")
	outcome := r.Enum("outcome", "succeed", "fail")
	return func(st *state.State) (any, *apierr.Error) {
		pi, err := st.CompleteAuthentication(id, *outcome == "succeed")
		if err != nil {
			return nil, renderErrorObjects(st, err)
		}
		return renderPaymentIntent(st, pi, c.expand), nil
	}, nil
}

func listPaymentIntents(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	page := readPage(r)
	f := state.PaymentIntentFilter{
		Customer: r.StringMax("customer", 5000),
		Created:  r.Range("created"),
	}
	return func(st *state.State) (any, *apierr.Error) {
		return listPage(st, page, "payment_intent", "/v1/payment_intents", (*state.State).PaymentIntent,
			func(q state.PageQuery[*state.PaymentIntent]) state.Page[*state.PaymentIntent] {
				return st.ListPaymentIntents(f, q)
			},
			func(pi *state.PaymentIntent) any { return renderPaymentIntent(st, pi, c.expand) })
	}, nil
}

// paymentIntentSearchFields are the fields GET /v1/payment_intents/search
// can query (docs.stripe.com/search#query-fields-for-payment-intents).
var paymentIntentSearchFields = search.Fields{
	"amount":   search.Number,
	"created":  search.Number,
	"currency": search.String,
	"customer": search.String,
	"metadata": search.Metadata,
	"status":   search.String,
}

type paymentIntentDoc struct{ pi *state.PaymentIntent }

func (d paymentIntentDoc) Field(name string) (string, bool) {
	pi := d.pi
	switch name {
	case "amount":
		return itoa(pi.Amount), true
	case "created":
		return itoa(pi.Created), true
	case "currency":
		return pi.Currency, true
	case "customer":
		return pi.Customer, pi.Customer != ""
	case "status":
		return pi.Status, true
	}
	return "", false
}

func (d paymentIntentDoc) MetadataValue(key string) (string, bool) {
	v, ok := d.pi.Metadata[key]
	return v, ok
}

func searchPaymentIntents(c *call) (applyFunc, *apierr.Error) {
	sp := readSearch(c.params, "payment_intents", paymentIntentSearchFields)
	return func(st *state.State) (any, *apierr.Error) {
		return runSearch(sp, "/v1/payment_intents/search", c.expand, st.AllPaymentIntents(),
			func(pi *state.PaymentIntent) search.Doc { return paymentIntentDoc{pi} },
			func(pi *state.PaymentIntent) any { return renderPaymentIntent(st, pi, c.expand) })
	}, nil
}

// renderErrorObjects renders the PaymentIntent and PaymentMethod the state
// put into an error (a decline, an unexpected state), which Stripe embeds in
// error.payment_intent and error.payment_method. The error is copied, so
// the state's value is left as it was.
func renderErrorObjects(st *state.State, err *apierr.Error) *apierr.Error {
	if err.PaymentIntent == nil && err.PaymentMethod == nil {
		return err
	}
	out := *err
	if pi, ok := err.PaymentIntent.(*state.PaymentIntent); ok {
		out.PaymentIntent = renderPaymentIntent(st, pi, nil)
	}
	if pm, ok := err.PaymentMethod.(*state.PaymentMethod); ok {
		out.PaymentMethod = renderPaymentMethod(st, pm, nil)
	}
	return &out
}

// paymentIntentJSON is the payment_intent object of 2023-10-16.
type paymentIntentJSON struct {
	ID                                string                       `json:"id"`
	Object                            string                       `json:"object"`
	Amount                            int64                        `json:"amount"`
	AmountCapturable                  int64                        `json:"amount_capturable"`
	AmountDetails                     amountDetailsJSON            `json:"amount_details"`
	AmountReceived                    int64                        `json:"amount_received"`
	Application                       any                          `json:"application"`
	ApplicationFeeAmount              *int64                       `json:"application_fee_amount"`
	AutomaticPaymentMethods           *automaticPaymentMethodsJSON `json:"automatic_payment_methods"`
	CanceledAt                        *int64                       `json:"canceled_at"`
	CancellationReason                *string                      `json:"cancellation_reason"`
	CaptureMethod                     string                       `json:"capture_method"`
	ClientSecret                      *string                      `json:"client_secret"`
	ConfirmationMethod                string                       `json:"confirmation_method"`
	Created                           int64                        `json:"created"`
	Currency                          string                       `json:"currency"`
	Customer                          any                          `json:"customer"`
	Description                       *string                      `json:"description"`
	Invoice                           any                          `json:"invoice"`
	LastPaymentError                  *paymentErrorJSON            `json:"last_payment_error"`
	LatestCharge                      any                          `json:"latest_charge"`
	Livemode                          bool                         `json:"livemode"`
	Metadata                          map[string]string            `json:"metadata"`
	NextAction                        *nextActionJSON              `json:"next_action"`
	OnBehalfOf                        any                          `json:"on_behalf_of"`
	PaymentMethod                     any                          `json:"payment_method"`
	PaymentMethodConfigurationDetails any                          `json:"payment_method_configuration_details"`
	PaymentMethodOptions              *pmOptionsJSON               `json:"payment_method_options"`
	PaymentMethodTypes                []string                     `json:"payment_method_types"`
	Processing                        any                          `json:"processing"`
	ReceiptEmail                      *string                      `json:"receipt_email"`
	Review                            any                          `json:"review"`
	SetupFutureUsage                  *string                      `json:"setup_future_usage"`
	Shipping                          *shippingJSON                `json:"shipping"`
	StatementDescriptor               *string                      `json:"statement_descriptor"`
	StatementDescriptorSuffix         *string                      `json:"statement_descriptor_suffix"`
	Status                            string                       `json:"status"`
	TransferData                      any                          `json:"transfer_data"`
	TransferGroup                     *string                      `json:"transfer_group"`
}

// amountDetailsJSON is amount_details; the fake takes no tips, and Stripe
// renders an empty tip hash then.
type amountDetailsJSON struct {
	Tip struct{} `json:"tip"`
}

type automaticPaymentMethodsJSON struct {
	AllowRedirects string `json:"allow_redirects,omitempty"`
	Enabled        bool   `json:"enabled"`
}

// paymentErrorJSON is last_payment_error, the api_errors shape.
type paymentErrorJSON struct {
	Charge        string             `json:"charge,omitempty"`
	Code          string             `json:"code,omitempty"`
	DeclineCode   string             `json:"decline_code,omitempty"`
	DocURL        string             `json:"doc_url,omitempty"`
	Message       string             `json:"message,omitempty"`
	Param         string             `json:"param,omitempty"`
	PaymentMethod *paymentMethodJSON `json:"payment_method,omitempty"`
	Type          string             `json:"type"`
}

type nextActionJSON struct {
	RedirectToURL *redirectToURLJSON `json:"redirect_to_url,omitempty"`
	Type          string             `json:"type"`
	UseStripeSDK  map[string]string  `json:"use_stripe_sdk,omitempty"`
}

type redirectToURLJSON struct {
	ReturnURL *string `json:"return_url"`
	URL       *string `json:"url"`
}

type pmOptionsJSON struct {
	Card *pmOptionsCardJSON `json:"card,omitempty"`
}

type pmOptionsCardJSON struct {
	Installments        any     `json:"installments"`
	MandateOptions      any     `json:"mandate_options"`
	Network             *string `json:"network"`
	RequestThreeDSecure *string `json:"request_three_d_secure"`
}

// renderPaymentIntent renders a PaymentIntent, expanding what x asks for.
func renderPaymentIntent(st *state.State, pi *state.PaymentIntent, x expansion) *paymentIntentJSON {
	out := &paymentIntentJSON{
		ID:                        pi.ID,
		Object:                    "payment_intent",
		Amount:                    pi.Amount,
		AmountCapturable:          pi.AmountCapturable,
		AmountReceived:            pi.AmountReceived,
		ApplicationFeeAmount:      pi.ApplicationFeeAmount,
		CanceledAt:                pi.CanceledAt,
		CancellationReason:        pi.CancellationReason,
		CaptureMethod:             pi.CaptureMethod,
		ClientSecret:              orNil(pi.ClientSecret),
		ConfirmationMethod:        pi.ConfirmationMethod,
		Created:                   pi.Created,
		Currency:                  pi.Currency,
		Description:               pi.Description,
		Metadata:                  pi.Metadata,
		PaymentMethodTypes:        pi.PaymentMethodTypes,
		ReceiptEmail:              pi.ReceiptEmail,
		SetupFutureUsage:          pi.SetupFutureUsage,
		Shipping:                  renderShipping(pi.Shipping, true),
		StatementDescriptor:       pi.StatementDescriptor,
		StatementDescriptorSuffix: pi.DescriptorSuffix,
		Status:                    pi.Status,
		TransferGroup:             pi.TransferGroup,
	}
	if apm := pi.AutomaticPaymentMethods; apm != nil {
		out.AutomaticPaymentMethods = &automaticPaymentMethodsJSON{AllowRedirects: apm.AllowRedirects, Enabled: apm.Enabled}
	}
	if slices.Contains(pi.PaymentMethodTypes, "card") {
		r3ds := pi.RequestThreeDSecure
		out.PaymentMethodOptions = &pmOptionsJSON{Card: &pmOptionsCardJSON{RequestThreeDSecure: &r3ds}}
	} else {
		out.PaymentMethodOptions = &pmOptionsJSON{}
	}
	if e := pi.LastPaymentError; e != nil {
		pe := &paymentErrorJSON{Charge: e.Charge, Code: e.Code, DeclineCode: e.DeclineCode, Message: e.Message, Param: e.Param, Type: e.Type}
		pe.DocURL = (&apierr.Error{Code: e.Code}).DocURL()
		if e.PaymentMethod != nil {
			pe.PaymentMethod = renderPaymentMethod(st, e.PaymentMethod, nil)
		}
		out.LastPaymentError = pe
	}
	if na := pi.NextAction; na != nil {
		url := na.URL
		out.NextAction = &nextActionJSON{Type: na.Type}
		if na.Type == "redirect_to_url" {
			out.NextAction.RedirectToURL = &redirectToURLJSON{ReturnURL: na.ReturnURL, URL: &url}
		} else {
			out.NextAction.UseStripeSDK = map[string]string{"type": "three_d_secure_redirect", "stripe_js": url}
		}
	}
	out.Customer = expandCustomer(st, pi.Customer, x, "customer")
	out.PaymentMethod = expandPaymentMethod(st, pi.PaymentMethod, x, "payment_method")
	if pi.LatestCharge != "" {
		out.LatestCharge = pi.LatestCharge
		if x.has("latest_charge") {
			if ch, err := st.Charge(pi.LatestCharge); err == nil {
				out.LatestCharge = renderCharge(st, ch, x.child("latest_charge"))
			}
		}
	}
	return out
}

// expandPaymentIntent renders a payment_intent property: its id, the
// expanded object when x asks for prop, or null when unset.
func expandPaymentIntent(st *state.State, id string, x expansion, prop string) any {
	if id == "" {
		return nil
	}
	if x.has(prop) {
		if pi, err := st.PaymentIntent(id); err == nil {
			return renderPaymentIntent(st, pi, x.child(prop))
		}
	}
	return id
}
