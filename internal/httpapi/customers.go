package httpapi

import (
	"regexp"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
	"github.com/fakestripe/fakestripe/internal/search"
	"github.com/fakestripe/fakestripe/internal/state"
)

func registerCustomers(rt *router) {
	rt.add("GET", "/v1/customers/search", "customer", true, searchCustomers)
	rt.add("POST", "/v1/customers", "customer", false, createCustomer)
	rt.add("GET", "/v1/customers", "customer", true, listCustomers)
	rt.add("GET", "/v1/customers/{customer}", "customer", false, getCustomer)
	rt.add("POST", "/v1/customers/{customer}", "customer", false, updateCustomer)
	rt.add("DELETE", "/v1/customers/{customer}", "customer", false, deleteCustomer)
}

// taxIDTypes are the tax_id_data[type] values of 2023-10-16.
var taxIDTypes = []string{"ad_nrt", "ae_trn", "ar_cuit", "au_abn", "au_arn", "bg_uic", "bo_tin", "br_cnpj", "br_cpf", "ca_bn", "ca_gst_hst", "ca_pst_bc", "ca_pst_mb", "ca_pst_sk", "ca_qst", "ch_vat", "cl_tin", "cn_tin", "co_nit", "cr_tin", "do_rcn", "ec_ruc", "eg_tin", "es_cif", "eu_oss_vat", "eu_vat", "gb_vat", "ge_vat", "hk_br", "hu_tin", "id_npwp", "il_vat", "in_gst", "is_vat", "jp_cn", "jp_rn", "jp_trn", "ke_pin", "kr_brn", "li_uid", "mx_rfc", "my_frp", "my_itn", "my_sst", "no_vat", "nz_gst", "pe_ruc", "ph_tin", "ro_tin", "rs_pib", "ru_inn", "ru_kpp", "sa_vat", "sg_gst", "sg_uen", "si_tin", "sv_nit", "th_vat", "tr_tin", "tw_vat", "ua_vat", "us_ein", "uy_ruc", "ve_rif", "vn_tin", "za_vat"}

// invoicePrefixShape is Stripe's rule for invoice_prefix.
var invoicePrefixShape = regexp.MustCompile(`^[A-Z0-9]{3,12}$`)

// readCustomerParams reads the parameters customer create and update share,
// and those only one of them takes.
func readCustomerParams(r *form.Reader, create bool) state.CustomerParams {
	var p state.CustomerParams
	p.Address = readAddressOpt(r, "address")
	p.Balance = r.Int("balance")
	if cb, pres := r.Object("cash_balance"); pres == form.Present {
		if s, sp := cb.Object("settings"); sp == form.Present {
			p.CashBalanceMode = s.Enum("reconciliation_mode", "automatic", "manual", "merchant_default")
		}
	}
	p.Coupon = r.StringMax("coupon", 5000)
	p.Description = r.StringMax("description", 5000)
	p.Email = readEmail(r, "email", 512)
	if ip := r.StringMax("invoice_prefix", 5000); ip != nil {
		if *ip != "" && !invoicePrefixShape.MatchString(*ip) {
			r.Fail(apierr.Invalidf("invoice_prefix", "Invalid invoice_prefix: must be 3-12 uppercase letters or numbers."))
		}
		p.InvoicePrefix = ip
	}
	if is, pres := r.Object("invoice_settings"); pres == form.Present {
		p.InvoiceSettings = readInvoiceSettings(is)
	} else if pres == form.Empty {
		r.Fail(apierr.InvalidEmptyString("invoice_settings"))
	}
	if md := r.Metadata("metadata"); md != nil {
		p.Metadata = md
	}
	p.Name = r.StringMax("name", 256)
	p.NextInvoiceSequence = r.Int("next_invoice_sequence")
	p.Phone = r.StringMax("phone", 20)
	if locales, ok := r.Strings("preferred_locales"); ok {
		p.PreferredLocales = &locales
	}
	p.PromotionCode = r.StringMax("promotion_code", 5000)
	p.Shipping = readShipping(r, "shipping", false)
	p.Source = readSource(r)
	if tax, pres := r.Object("tax"); pres == form.Present {
		if ip := tax.String("ip_address"); ip != nil {
			p.TaxIPAddress = state.Opt[string]{Set: true, Unset: *ip == "", V: *ip}
		}
		tax.Enum("validate_location", "deferred", "immediately")
	}
	p.TaxExempt = r.Enum("tax_exempt", "", "exempt", "none", "reverse")
	if create {
		p.PaymentMethod = r.StringMax("payment_method", 5000)
		p.TestClock = r.StringMax("test_clock", 5000)
		if entries, pres := r.Objects("tax_id_data"); pres == form.Present {
			for _, e := range entries {
				e.Require("type", "value")
				typ := e.Enum("type", taxIDTypes...)
				val := e.String("value")
				if typ != nil && val != nil {
					p.TaxIDData = append(p.TaxIDData, state.TaxIDParams{Type: *typ, Value: *val})
				}
			}
		}
	} else {
		p.DefaultSource = r.StringMax("default_source", 500)
	}
	return p
}

// readSource reads the source parameter: a token or source id. A hash is a
// raw card, which Stripe refuses without raw-card access.
func readSource(r *form.Reader) *string {
	if n := r.Raw("source"); n != nil && n.Kind != form.Scalar {
		r.Fail(rawCardError())
		return nil
	}
	return r.StringMax("source", 5000)
}

// rawCardError is Stripe's answer to raw card numbers sent to the API.
func rawCardError() *apierr.Error {
	return &apierr.Error{Status: 402, Type: apierr.TypeCard, Message: "Sending credit card numbers directly to the Stripe API is generally unsafe. We suggest you use test tokens that map to the test card you are using, see https://stripe.com/docs/testing. To enable raw card data APIs in test mode, see https://support.stripe.com/questions/enabling-access-to-raw-card-data-apis."}
}

func readInvoiceSettings(r *form.Reader) *state.InvoiceSettingsParams {
	var p state.InvoiceSettingsParams
	if fields, pres := r.Objects("custom_fields"); pres == form.Empty {
		p.CustomFields = state.Opt[[]state.CustomField]{Set: true, Unset: true}
	} else if pres == form.Present {
		var cfs []state.CustomField
		for _, f := range fields {
			f.Require("name", "value")
			n, v := f.StringMax("name", 30), f.StringMax("value", 30)
			if n != nil && v != nil {
				cfs = append(cfs, state.CustomField{Name: *n, Value: *v})
			}
		}
		if len(cfs) > 4 {
			r.Fail(apierr.Invalidf("invoice_settings[custom_fields]", "You can have at most 4 custom fields."))
		}
		p.CustomFields = state.Opt[[]state.CustomField]{Set: true, V: cfs}
	}
	p.DefaultPaymentMethod = r.StringMax("default_payment_method", 5000)
	p.Footer = r.StringMax("footer", 5000)
	if ro, pres := r.Object("rendering_options"); pres == form.Empty {
		p.RenderingOptionsSet = true
		p.AmountTaxDisplay = state.Opt[string]{Unset: true}
	} else if pres == form.Present {
		p.RenderingOptionsSet = true
		if d := ro.Enum("amount_tax_display", "", "exclude_tax", "include_inclusive_tax"); d != nil {
			p.AmountTaxDisplay = state.Opt[string]{Set: true, Unset: *d == "", V: *d}
		}
	}
	return &p
}

func createCustomer(c *call) (applyFunc, *apierr.Error) {
	p := readCustomerParams(c.params, true)
	return func(st *state.State) (any, *apierr.Error) {
		cus, err := st.CreateCustomer(p)
		if err != nil {
			return nil, err
		}
		return renderCustomer(st, cus, c.expand), nil
	}, nil
}

func getCustomer(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		cus, err := st.Customer(id)
		if err != nil {
			return nil, err
		}
		return renderCustomer(st, cus, c.expand), nil
	}, nil
}

func updateCustomer(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	p := readCustomerParams(c.params, false)
	return func(st *state.State) (any, *apierr.Error) {
		cus, err := st.UpdateCustomer(id, p)
		if err != nil {
			return nil, err
		}
		return renderCustomer(st, cus, c.expand), nil
	}, nil
}

func deleteCustomer(c *call) (applyFunc, *apierr.Error) {
	id := c.arg(0)
	return func(st *state.State) (any, *apierr.Error) {
		cus, err := st.DeleteCustomer(id)
		if err != nil {
			return nil, err
		}
		return renderCustomer(st, cus, c.expand), nil
	}, nil
}

func listCustomers(c *call) (applyFunc, *apierr.Error) {
	r := c.params
	page := readPage(r)
	f := state.CustomerFilter{
		Email:     r.StringMax("email", 512),
		Created:   r.Range("created"),
		TestClock: r.StringMax("test_clock", 5000),
	}
	return func(st *state.State) (any, *apierr.Error) {
		return listPage(st, page, "customer", "/v1/customers", (*state.State).Customer,
			func(q state.PageQuery[*state.Customer]) state.Page[*state.Customer] { return st.ListCustomers(f, q) },
			func(cus *state.Customer) any { return renderCustomer(st, cus, c.expand) })
	}, nil
}

// customerSearchFields are the fields GET /v1/customers/search can query
// (docs.stripe.com/search#query-fields-for-customers).
var customerSearchFields = search.Fields{
	"created":  search.Number,
	"email":    search.Token,
	"metadata": search.Metadata,
	"name":     search.Token,
	"phone":    search.Token,
}

// customerDoc exposes a customer's searchable fields.
type customerDoc struct{ c *state.Customer }

func (d customerDoc) Field(name string) (string, bool) {
	switch name {
	case "created":
		return itoa(d.c.Created), true
	case "email":
		return deref(d.c.Email)
	case "name":
		return deref(d.c.Name)
	case "phone":
		return deref(d.c.Phone)
	}
	return "", false
}

func (d customerDoc) MetadataValue(key string) (string, bool) {
	v, ok := d.c.Metadata[key]
	return v, ok
}

func searchCustomers(c *call) (applyFunc, *apierr.Error) {
	sp := readSearch(c.params, "customers", customerSearchFields)
	return func(st *state.State) (any, *apierr.Error) {
		return runSearch(sp, "/v1/customers/search", c.expand, st.AllCustomers(),
			func(cus *state.Customer) search.Doc { return customerDoc{cus} },
			func(cus *state.Customer) any { return renderCustomer(st, cus, c.expand) })
	}, nil
}

// customerJSON is the customer object of 2023-10-16. The includable
// properties (cash_balance, invoice_credit_balance, sources, subscriptions,
// tax, tax_ids) are omitted unless expanded, as Stripe omits them.
type customerJSON struct {
	ID                   string              `json:"id"`
	Object               string              `json:"object"`
	Address              *addressJSON        `json:"address"`
	Balance              int64               `json:"balance"`
	CashBalance          *cashBalanceJSON    `json:"cash_balance,omitempty"`
	Created              int64               `json:"created"`
	Currency             *string             `json:"currency"`
	DefaultSource        any                 `json:"default_source"`
	Delinquent           bool                `json:"delinquent"`
	Description          *string             `json:"description"`
	Discount             any                 `json:"discount"`
	Email                *string             `json:"email"`
	InvoiceCreditBalance *map[string]int64   `json:"invoice_credit_balance,omitempty"`
	InvoicePrefix        string              `json:"invoice_prefix"`
	InvoiceSettings      invoiceSettingsJSON `json:"invoice_settings"`
	Livemode             bool                `json:"livemode"`
	Metadata             map[string]string   `json:"metadata"`
	Name                 *string             `json:"name"`
	NextInvoiceSequence  int64               `json:"next_invoice_sequence"`
	Phone                *string             `json:"phone"`
	PreferredLocales     []string            `json:"preferred_locales"`
	Shipping             *shippingJSON       `json:"shipping"`
	Sources              *listJSON           `json:"sources,omitempty"`
	Subscriptions        *listJSON           `json:"subscriptions,omitempty"`
	Tax                  *customerTaxJSON    `json:"tax,omitempty"`
	TaxExempt            string              `json:"tax_exempt"`
	TaxIDs               *listJSON           `json:"tax_ids,omitempty"`
	TestClock            any                 `json:"test_clock"`
}

// deletedJSON is the stub Stripe returns for a deleted object.
type deletedJSON struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Deleted bool   `json:"deleted"`
}

type invoiceSettingsJSON struct {
	CustomFields         []customFieldJSON     `json:"custom_fields"`
	DefaultPaymentMethod any                   `json:"default_payment_method"`
	Footer               *string               `json:"footer"`
	RenderingOptions     *renderingOptionsJSON `json:"rendering_options"`
}

type customFieldJSON struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type renderingOptionsJSON struct {
	AmountTaxDisplay *string `json:"amount_tax_display"`
}

type cashBalanceJSON struct {
	Available map[string]int64    `json:"available"`
	Customer  string              `json:"customer"`
	Livemode  bool                `json:"livemode"`
	Object    string              `json:"object"`
	Settings  cashBalanceSettings `json:"settings"`
}

type cashBalanceSettings struct {
	ReconciliationMode   string `json:"reconciliation_mode"`
	UsingMerchantDefault bool   `json:"using_merchant_default"`
}

type customerTaxJSON struct {
	AutomaticTax string  `json:"automatic_tax"`
	IPAddress    *string `json:"ip_address"`
	Location     any     `json:"location"`
}

type taxIDJSON struct {
	ID           string  `json:"id"`
	Object       string  `json:"object"`
	Country      *string `json:"country"`
	Created      int64   `json:"created"`
	Customer     any     `json:"customer"`
	Livemode     bool    `json:"livemode"`
	Type         string  `json:"type"`
	Value        string  `json:"value"`
	Verification any     `json:"verification"`
}

// renderCustomer renders a customer, or its stub once deleted.
func renderCustomer(st *state.State, c *state.Customer, x expansion) any {
	if c.Deleted {
		return &deletedJSON{ID: c.ID, Object: "customer", Deleted: true}
	}
	out := &customerJSON{
		ID:                  c.ID,
		Object:              "customer",
		Address:             renderAddressPtr(c.Address),
		Balance:             c.Balance,
		Created:             c.Created,
		Currency:            c.Currency,
		Description:         c.Description,
		Email:               c.Email,
		InvoicePrefix:       c.InvoicePrefix,
		Metadata:            c.Metadata,
		Name:                c.Name,
		NextInvoiceSequence: c.NextInvoiceSequence,
		Phone:               c.Phone,
		PreferredLocales:    c.PreferredLocales,
		Shipping:            renderShipping(c.Shipping, false),
		TaxExempt:           c.TaxExempt,
	}
	if c.DefaultSource != "" {
		out.DefaultSource = c.DefaultSource
		if x.has("default_source") {
			if card, ok := st.Source(c.DefaultSource); ok {
				out.DefaultSource = renderCard(st, card, x.child("default_source"))
			}
		}
	}
	if c.TestClock != "" {
		out.TestClock = c.TestClock
		// A deleted clock stays an id: its customers are deleted with it,
		// so only an event's copy of one can still name it.
		if x.has("test_clock") {
			if tc, err := st.TestClock(c.TestClock); err == nil {
				out.TestClock = renderTestClock(tc)
			}
		}
	}
	is := c.InvoiceSettings
	out.InvoiceSettings.Footer = is.Footer
	if is.CustomFields != nil {
		out.InvoiceSettings.CustomFields = []customFieldJSON{}
		for _, f := range is.CustomFields {
			out.InvoiceSettings.CustomFields = append(out.InvoiceSettings.CustomFields, customFieldJSON(f))
		}
	}
	out.InvoiceSettings.DefaultPaymentMethod = expandPaymentMethod(st, is.DefaultPaymentMethod, x.child("invoice_settings"), "default_payment_method")
	if is.RenderingOptions {
		out.InvoiceSettings.RenderingOptions = &renderingOptionsJSON{AmountTaxDisplay: is.AmountTaxDisplay}
	}
	if x.has("cash_balance") {
		out.CashBalance = &cashBalanceJSON{
			Available: nil, Customer: c.ID, Object: "cash_balance",
			Settings: cashBalanceSettings{ReconciliationMode: c.CashBalanceMode},
		}
	}
	if x.has("invoice_credit_balance") {
		out.InvoiceCreditBalance = &map[string]int64{}
	}
	if x.has("sources") {
		cardsX := x.child("sources").child("data")
		srcs := st.CustomerSources(c)
		data := make([]any, len(srcs))
		for i, s := range srcs {
			data[i] = renderCard(st, s, cardsX)
		}
		out.Sources = &listJSON{Object: "list", Data: data, URL: "/v1/customers/" + c.ID + "/sources"}
	}
	if x.has("subscriptions") {
		out.Subscriptions = &listJSON{Object: "list", Data: []any{}, URL: "/v1/customers/" + c.ID + "/subscriptions"}
	}
	if x.has("tax") {
		automatic := "unrecognized_location"
		if c.Address != nil && c.Address.Country != nil {
			automatic = "not_collecting"
		}
		out.Tax = &customerTaxJSON{AutomaticTax: automatic, IPAddress: c.TaxIPAddress}
	}
	if x.has("tax_ids") {
		data := make([]any, 0, len(c.TaxIDs))
		for i := len(c.TaxIDs) - 1; i >= 0; i-- {
			t := c.TaxIDs[i]
			tj := &taxIDJSON{ID: t.ID, Object: "tax_id", Created: t.Created, Customer: t.Customer, Type: t.Type, Value: t.Value}
			if t.Country != "" {
				tj.Country = &t.Country
			}
			data = append(data, tj)
		}
		out.TaxIDs = &listJSON{Object: "list", Data: data, URL: "/v1/customers/" + c.ID + "/tax_ids"}
	}
	return out
}

// expandCustomer renders a customer property: its id, the customer (or its
// deleted stub) when x asks for prop, or null when unset.
func expandCustomer(st *state.State, id string, x expansion, prop string) any {
	if id == "" {
		return nil
	}
	if x.has(prop) {
		if cus, err := st.Customer(id); err == nil {
			return renderCustomer(st, cus, x.child(prop))
		}
	}
	return id
}
