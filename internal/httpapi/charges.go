package httpapi

import (
	"strings"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
	"github.com/fakestripe/fakestripe/internal/search"
	"github.com/fakestripe/fakestripe/internal/state"
)

func registerCharges(rt *router) {
	rt.add("GET", "/v1/charges/search", "charge", true, searchCharges)
	rt.add("POST", "/v1/charges", "charge", false, createCharge)
	rt.add("GET", "/v1/charges", "charge", true, listCharges)
	rt.add("GET", "/v1/charges/{charge}", "charge", false, getCharge)
	rt.add("POST", "/v1/charges/{charge}", "charge", false, updateCharge)
	rt.add("POST", "/v1/charges/{charge}/capture", "charge", false, captureCharge)
}

func createCharge(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	r.Require("amount", "currency")
	var p state.ChargeParams
	if v := r.Int("amount"); v != nil {
		p.Amount = *v
		if p.Amount < 1 {
			r.Fail(apierr.TooSmall("amount", 1))
		}
	}
	if v := r.StringMax("currency", 5000); v != nil {
		p.Currency = *v
	}
	p.Customer = r.StringMax("customer", 500)
	p.Source = readSource(r)
	if card := r.Raw("card"); card != nil {
		// The legacy card parameter is a token or a raw card hash.
		if card.Kind == form.Scalar {
			p.Source = r.String("card")
		} else {
			r.Fail(rawCardError())
		}
	}
	p.Capture = r.Bool("capture")
	p.ApplicationFeeAmount = r.Int("application_fee_amount")
	r.Int("application_fee")
	p.Description = r.StringMax("description", 40000)
	p.Metadata = r.Metadata("metadata")
	if o, pres := r.Object("radar_options"); pres == form.Present {
		o.String("session")
	}
	p.ReceiptEmail = readEmail(r, "receipt_email", 5000)
	if s := readShipping(r, "shipping", true); s.Set && !s.Unset {
		p.Shipping = &s.V
	}
	p.StatementDescriptor = r.StringMax("statement_descriptor", 22)
	p.DescriptorSuffix = r.StringMax("statement_descriptor_suffix", 22)
	p.TransferGroup = r.String("transfer_group")
	if r.Has("on_behalf_of") || r.Has("destination") || r.Has("transfer_data") {
		r.Raw("on_behalf_of")
		r.Raw("destination")
		r.Raw("transfer_data")
		r.Fail(apierr.Invalid("", "", "Connect is not supported by fakestripe: on_behalf_of, destination and transfer_data need connected accounts, which the fake does not have."))
	}
	if p.Customer == nil && p.Source == nil && r.Err() == nil {
		r.Fail(apierr.Invalid("", "", "Must provide source or customer."))
	}
	return func(st *state.State) (any, *apierr.Error) {
		ch, err := st.CreateCharge(p)
		if err != nil {
			return nil, err
		}
		return renderCharge(st, ch, c.expand), nil
	}, nil
}

func getCharge(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		ch, err := st.Charge(id)
		if err != nil {
			return nil, err
		}
		return renderCharge(st, ch, c.expand), nil
	}, nil
}

func updateCharge(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	r := c.params
	u := state.ChargeUpdate{
		Customer:     r.StringMax("customer", 5000),
		Description:  r.StringMax("description", 40000),
		Metadata:     r.Metadata("metadata"),
		ReceiptEmail: readEmail(r, "receipt_email", 5000),
		Shipping:     readShipping(r, "shipping", true),
	}
	if fd, pres := r.Object("fraud_details"); pres == form.Present {
		fd.Require("user_report")
		u.FraudUserReport = fd.Enum("user_report", "", "fraudulent", "safe")
	}
	u.TransferGroup = r.String("transfer_group")
	return func(st *state.State) (any, *apierr.Error) {
		ch, err := st.UpdateCharge(id, u)
		if err != nil {
			return nil, err
		}
		return renderCharge(st, ch, c.expand), nil
	}, nil
}

func captureCharge(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	r := c.params
	p := state.CaptureParams{
		Amount:              r.Int("amount"),
		ReceiptEmail:        readEmail(r, "receipt_email", 5000),
		StatementDescriptor: r.StringMax("statement_descriptor", 22),
		DescriptorSuffix:    r.StringMax("statement_descriptor_suffix", 22),
		TransferGroup:       r.String("transfer_group"),
	}
	r.Int("application_fee")
	r.Int("application_fee_amount")
	if td, pres := r.Object("transfer_data"); pres == form.Present {
		td.Int("amount")
	}
	return func(st *state.State) (any, *apierr.Error) {
		ch, err := st.CaptureCharge(id, p)
		if err != nil {
			return nil, err
		}
		return renderCharge(st, ch, c.expand), nil
	}, nil
}

func listCharges(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	page := readPage(r)
	f := state.ChargeFilter{
		Customer:      r.StringMax("customer", 5000),
		Created:       r.Range("created"),
		PaymentIntent: r.StringMax("payment_intent", 5000),
		TransferGroup: r.StringMax("transfer_group", 5000),
	}
	return func(st *state.State) (any, *apierr.Error) {
		return listPage(st, page, "charge", "/v1/charges", (*state.State).Charge,
			func(q state.PageQuery[*state.Charge]) state.Page[*state.Charge] { return st.ListCharges(f, q) },
			func(ch *state.Charge) any { return renderCharge(st, ch, c.expand) })
	}, nil
}

// chargeSearchFields are the fields GET /v1/charges/search can query
// (docs.stripe.com/search#query-fields-for-charges).
var chargeSearchFields = search.Fields{
	"amount":                                search.Number,
	"billing_details.address.postal_code":   search.String,
	"created":                               search.Number,
	"currency":                              search.String,
	"customer":                              search.String,
	"disputed":                              search.Boolean,
	"metadata":                              search.Metadata,
	"payment_method_details.card.brand":     search.String,
	"payment_method_details.card.exp_month": search.String,
	"payment_method_details.card.exp_year":  search.String,
	"payment_method_details.card.fingerprint": search.String,
	"payment_method_details.card.last4":       search.String,
	"refunded":                                search.Boolean,
	"status":                                  search.String,
}

type chargeDoc struct{ c *state.Charge }

func (d chargeDoc) Field(name string) (string, bool) {
	ch := d.c
	info := ch.Card.Info
	switch name {
	case "amount":
		return itoa(ch.Amount), true
	case "created":
		return itoa(ch.Created), true
	case "currency":
		return ch.Currency, true
	case "customer":
		return ch.Customer, ch.Customer != ""
	case "disputed":
		return boolString(ch.Disputed), true
	case "refunded":
		// Stripe's search reads refunded as three states: "true" fully
		// refunded, "false" partly refunded, null not refunded at all.
		if ch.AmountRefunded == 0 {
			return "", false
		}
		return boolString(ch.Refunded), true
	case "status":
		return ch.Status, true
	case "payment_method_details.card.brand":
		return info.Network, true
	case "payment_method_details.card.exp_month":
		return itoa(int64(info.ExpMonth)), true
	case "payment_method_details.card.exp_year":
		return itoa(int64(info.ExpYear)), true
	case "payment_method_details.card.fingerprint":
		return info.Fingerprint, info.Fingerprint != ""
	case "payment_method_details.card.last4":
		return info.Last4, true
	}
	return "", false
}

func (d chargeDoc) MetadataValue(key string) (string, bool) {
	v, ok := d.c.Metadata[key]
	return v, ok
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func searchCharges(c *call) (applyFunc, *apierr.Error) {
	sp := readSearch(c.params, "charges", chargeSearchFields)
	return func(st *state.State) (any, *apierr.Error) {
		return runSearch(sp, "/v1/charges/search", c.expand, st.AllCharges(),
			func(ch *state.Charge) search.Doc { return chargeDoc{ch} },
			func(ch *state.Charge) any { return renderCharge(st, ch, c.expand) })
	}, nil
}

// chargeJSON is the charge object of 2023-10-16. refunds is includable
// since 2022-11-15: present only under expand[]=refunds.
type chargeJSON struct {
	ID                            string              `json:"id"`
	Object                        string              `json:"object"`
	Amount                        int64               `json:"amount"`
	AmountCaptured                int64               `json:"amount_captured"`
	AmountRefunded                int64               `json:"amount_refunded"`
	Application                   any                 `json:"application"`
	ApplicationFee                any                 `json:"application_fee"`
	ApplicationFeeAmount          *int64              `json:"application_fee_amount"`
	BalanceTransaction            any                 `json:"balance_transaction"`
	BillingDetails                billingDetailsJSON  `json:"billing_details"`
	CalculatedStatementDescriptor *string             `json:"calculated_statement_descriptor"`
	Captured                      bool                `json:"captured"`
	Created                       int64               `json:"created"`
	Currency                      string              `json:"currency"`
	Customer                      any                 `json:"customer"`
	Description                   *string             `json:"description"`
	Disputed                      bool                `json:"disputed"`
	FailureBalanceTransaction     any                 `json:"failure_balance_transaction"`
	FailureCode                   *string             `json:"failure_code"`
	FailureMessage                *string             `json:"failure_message"`
	FraudDetails                  map[string]string   `json:"fraud_details"`
	Invoice                       any                 `json:"invoice"`
	Livemode                      bool                `json:"livemode"`
	Metadata                      map[string]string   `json:"metadata"`
	OnBehalfOf                    any                 `json:"on_behalf_of"`
	Outcome                       *outcomeJSON        `json:"outcome"`
	Paid                          bool                `json:"paid"`
	PaymentIntent                 any                 `json:"payment_intent"`
	PaymentMethod                 *string             `json:"payment_method"`
	PaymentMethodDetails          *paymentDetailsJSON `json:"payment_method_details"`
	RadarOptions                  map[string]string   `json:"radar_options"`
	ReceiptEmail                  *string             `json:"receipt_email"`
	ReceiptNumber                 *string             `json:"receipt_number"`
	ReceiptURL                    *string             `json:"receipt_url"`
	Refunded                      bool                `json:"refunded"`
	Refunds                       *listJSON           `json:"refunds,omitempty"`
	Review                        any                 `json:"review"`
	Shipping                      *shippingJSON       `json:"shipping"`
	SourceTransfer                any                 `json:"source_transfer"`
	StatementDescriptor           *string             `json:"statement_descriptor"`
	StatementDescriptorSuffix     *string             `json:"statement_descriptor_suffix"`
	Status                        string              `json:"status"`
	TransferData                  any                 `json:"transfer_data"`
	TransferGroup                 *string             `json:"transfer_group"`
}

type billingDetailsJSON struct {
	Address addressJSON `json:"address"`
	Email   *string     `json:"email"`
	Name    *string     `json:"name"`
	Phone   *string     `json:"phone"`
}

type outcomeJSON struct {
	NetworkStatus string  `json:"network_status"`
	Reason        *string `json:"reason"`
	RiskLevel     string  `json:"risk_level"`
	RiskScore     int     `json:"risk_score"`
	Rule          *string `json:"rule,omitempty"`
	SellerMessage string  `json:"seller_message"`
	Type          string  `json:"type"`
}

type paymentDetailsJSON struct {
	Card *cardDetailsJSON `json:"card"`
	Type string           `json:"type"`
}

type statusJSON struct {
	Status string `json:"status"`
}

type overcaptureJSON struct {
	MaximumAmountCapturable int64  `json:"maximum_amount_capturable"`
	Status                  string `json:"status"`
}

type checksJSON struct {
	AddressLine1Check      *string `json:"address_line1_check"`
	AddressPostalCodeCheck *string `json:"address_postal_code_check"`
	CVCCheck               *string `json:"cvc_check"`
}

type networkTokenJSON struct {
	Used bool `json:"used"`
}

type cardDetailsJSON struct {
	AmountAuthorized         *int64           `json:"amount_authorized"`
	Brand                    string           `json:"brand"`
	Checks                   checksJSON       `json:"checks"`
	Country                  *string          `json:"country"`
	ExpMonth                 int              `json:"exp_month"`
	ExpYear                  int              `json:"exp_year"`
	ExtendedAuthorization    statusJSON       `json:"extended_authorization"`
	Fingerprint              *string          `json:"fingerprint"`
	Funding                  string           `json:"funding"`
	IncrementalAuthorization statusJSON       `json:"incremental_authorization"`
	Installments             any              `json:"installments"`
	Last4                    string           `json:"last4"`
	Mandate                  *string          `json:"mandate"`
	Multicapture             statusJSON       `json:"multicapture"`
	Network                  string           `json:"network"`
	NetworkToken             networkTokenJSON `json:"network_token"`
	Overcapture              overcaptureJSON  `json:"overcapture"`
	ThreeDSecure             any              `json:"three_d_secure"`
	Wallet                   any              `json:"wallet"`
}

// addressCheck renders an AVS result. Test tokens carry a CVC but no
// billing address, so their address checks are null, except on the AVS test
// cards, whose tokens exist to produce a failing or unavailable check.
func addressCheck(result string) *string {
	if result == "pass" {
		return nil
	}
	return orNil(result)
}

// renderCharge renders a charge, expanding what x asks for.
func renderCharge(st *state.State, ch *state.Charge, x expansion) *chargeJSON {
	info := ch.Card.Info
	out := &chargeJSON{
		ID:                        ch.ID,
		Object:                    "charge",
		Amount:                    ch.Amount,
		AmountCaptured:            ch.AmountCaptured,
		AmountRefunded:            ch.AmountRefunded,
		ApplicationFeeAmount:      ch.ApplicationFeeAmount,
		BillingDetails:            billingDetailsJSON{},
		Captured:                  ch.Captured,
		Created:                   ch.Created,
		Currency:                  ch.Currency,
		Description:               ch.Description,
		Disputed:                  ch.Disputed,
		FailureCode:               ch.FailureCode,
		FailureMessage:            ch.FailureMessage,
		FraudDetails:              map[string]string{},
		Metadata:                  ch.Metadata,
		Paid:                      ch.Paid,
		PaymentMethod:             orNil(ch.Card.ID),
		RadarOptions:              map[string]string{},
		ReceiptEmail:              ch.ReceiptEmail,
		ReceiptNumber:             ch.ReceiptNumber,
		Refunded:                  ch.Refunded,
		Shipping:                  renderShipping(ch.Shipping, true),
		StatementDescriptor:       ch.StatementDescriptor,
		StatementDescriptorSuffix: ch.DescriptorSuffix,
		Status:                    ch.Status,
		TransferGroup:             ch.TransferGroup,
	}
	if ch.FraudStripeReport != "" {
		out.FraudDetails["stripe_report"] = ch.FraudStripeReport
	}
	if ch.FraudUserReport != "" {
		out.FraudDetails["user_report"] = ch.FraudUserReport
	}
	if ch.Status == "succeeded" {
		d := st.CalculatedDescriptor(ch)
		out.CalculatedStatementDescriptor = &d
		url := "https://pay.stripe.com/receipts/payment/" + strings.TrimPrefix(ch.ID, "ch_")
		out.ReceiptURL = &url
	}
	o := ch.Outcome
	out.Outcome = &outcomeJSON{NetworkStatus: o.NetworkStatus, Reason: o.Reason, RiskLevel: o.RiskLevel, RiskScore: o.RiskScore, Rule: o.Rule, SellerMessage: o.SellerMessage, Type: o.Type}

	var authorized *int64
	if ch.Status == "succeeded" {
		authorized = &ch.Amount
	}
	out.PaymentMethodDetails = &paymentDetailsJSON{Type: "card", Card: &cardDetailsJSON{
		AmountAuthorized:         authorized,
		Brand:                    info.Network,
		Checks:                   checksJSON{CVCCheck: orNil(info.CVCCheck), AddressLine1Check: addressCheck(info.AddressLine1Check), AddressPostalCodeCheck: addressCheck(info.AddressPostalCodeCheck)},
		Country:                  orNil(info.Country),
		ExpMonth:                 info.ExpMonth,
		ExpYear:                  info.ExpYear,
		ExtendedAuthorization:    statusJSON{"disabled"},
		Fingerprint:              orNil(info.Fingerprint),
		Funding:                  info.Funding,
		IncrementalAuthorization: statusJSON{"unavailable"},
		Last4:                    info.Last4,
		Multicapture:             statusJSON{"unavailable"},
		Network:                  info.Network,
		Overcapture:              overcaptureJSON{MaximumAmountCapturable: ch.Amount, Status: "unavailable"},
	}}

	out.BalanceTransaction = expandTxn(st, ch.BalanceTransaction, x, "balance_transaction")
	out.Customer = expandCustomer(st, ch.Customer, x, "customer")
	out.PaymentIntent = expandPaymentIntent(st, ch.PaymentIntent, x, "payment_intent")
	if x.has("refunds") {
		refunds := st.ChargeRefunds(ch)
		rx := x.child("refunds").child("data")
		data := make([]any, len(refunds))
		for i, r := range refunds {
			data[i] = renderRefund(st, r, rx)
		}
		out.Refunds = &listJSON{Object: "list", Data: data, URL: "/v1/charges/" + ch.ID + "/refunds"}
	}
	return out
}
