package state

import (
	"fmt"
	"strings"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/form"
)

// Customer is a customer of the account. Pointer fields are nullable in
// Stripe's object and render as null when nil.
type Customer struct {
	ID      string
	Created int64
	seq     uint64

	Address             *Address
	Balance             int64
	Currency            *string
	DefaultSource       string // id of a Card in Sources, or ""
	Description         *string
	Email               *string
	InvoicePrefix       string
	InvoiceSettings     InvoiceSettings
	Metadata            map[string]string
	Name                *string
	NextInvoiceSequence int64
	Phone               *string
	PreferredLocales    []string
	Shipping            *Shipping
	TaxExempt           string
	TaxIPAddress        *string
	TestClock           string
	CashBalanceMode     string   // cash_balance.settings.reconciliation_mode
	Sources             []string // card ids, oldest first
	TaxIDs              []*TaxID
	Deleted             bool
}

// InvoiceSettings is the customer's invoice_settings hash.
type InvoiceSettings struct {
	CustomFields         []CustomField // nil renders null
	DefaultPaymentMethod string
	Footer               *string
	AmountTaxDisplay     *string // rendering_options.amount_tax_display; nil with RenderingOptions false renders null
	RenderingOptions     bool
}

// CustomField is one invoice custom field.
type CustomField struct{ Name, Value string }

// TaxID is a tax id attached to a customer at creation (tax_id_data).
type TaxID struct {
	ID       string
	Created  int64
	Customer string
	Type     string
	Value    string
	Country  string
}

// OrderKey and ObjectID place customers in lists.
func (c *Customer) OrderKey() (int64, uint64) { return c.Created, c.seq }

// ObjectID is the customer's id.
func (c *Customer) ObjectID() string { return c.ID }

// InvoiceSettingsParams updates invoice_settings.
type InvoiceSettingsParams struct {
	CustomFields         Opt[[]CustomField]
	DefaultPaymentMethod *string
	Footer               *string
	AmountTaxDisplay     Opt[string] // rendering_options[amount_tax_display]; Unset when rendering_options=""
	RenderingOptionsSet  bool
}

// CustomerParams carries a create or update; nil and unset fields are left
// alone. Which fields an update may carry is the HTTP layer's business.
type CustomerParams struct {
	Address             Opt[Address]
	Balance             *int64
	CashBalanceMode     *string
	Coupon              *string
	Description         *string
	Email               *string
	InvoicePrefix       *string
	InvoiceSettings     *InvoiceSettingsParams
	Metadata            *form.MetadataUpdate
	Name                *string
	NextInvoiceSequence *int64
	PaymentMethod       *string
	Phone               *string
	PreferredLocales    *[]string
	PromotionCode       *string
	Shipping            Opt[Shipping]
	Source              *string
	DefaultSource       *string
	TaxIPAddress        Opt[string]
	TaxExempt           *string
	TaxIDData           []TaxIDParams
	TestClock           *string
}

// TaxIDParams is one entry of tax_id_data.
type TaxIDParams struct{ Type, Value string }

// Customer returns the customer with id, deleted ones included (Stripe
// answers a GET of a deleted customer with its stub).
func (st *State) Customer(id string) (*Customer, *apierr.Error) {
	c, ok := st.customers[id]
	if !ok {
		return nil, apierr.NoSuchObject("customer", id, "id")
	}
	return c, nil
}

// liveCustomer is Customer for callers that act on the customer (charge it,
// attach to it): a deleted one is as good as missing.
func (st *State) liveCustomer(id, param string) (*Customer, *apierr.Error) {
	c, ok := st.customers[id]
	if !ok || c.Deleted {
		return nil, apierr.NoSuchObject("customer", id, param)
	}
	return c, nil
}

// CreateCustomer validates p against the account and creates the customer.
// Every check runs before anything is written, so a failure changes nothing.
func (st *State) CreateCustomer(p CustomerParams) (*Customer, *apierr.Error) {
	if err := st.checkCustomerRefs(nil, &p); err != nil {
		return nil, err
	}
	var card *Card
	if p.Source != nil {
		var err *apierr.Error
		if card, err = st.cardFromSource(*p.Source, "source"); err != nil {
			return nil, err
		}
		if err = checkAttachable(card); err != nil {
			return nil, err
		}
	}
	var pm *PaymentMethod
	if p.PaymentMethod != nil {
		var err *apierr.Error
		if pm, err = st.lookupPaymentMethod(*p.PaymentMethod, "payment_method"); err != nil {
			return nil, err
		}
		if err = checkAttach(pm, ""); err != nil {
			return nil, err
		}
	}
	// A customer on a test clock is created at the clock's time, as is
	// everything made for it from then on.
	clk := &st.clock
	var tc *TestClock
	if p.TestClock != nil {
		tc = st.testClocks[*p.TestClock]
		clk = tc.clock
	}
	now := clk.now.Unix()
	c := &Customer{
		ID:                  st.NewID("cus"),
		Created:             now,
		seq:                 st.nextSeq(),
		InvoicePrefix:       st.invoicePrefix(),
		Metadata:            map[string]string{},
		NextInvoiceSequence: 1,
		PreferredLocales:    []string{},
		TaxExempt:           "none",
		CashBalanceMode:     "automatic",
	}
	if tc != nil {
		c.TestClock = tc.ID
		tc.customers = append(tc.customers, c)
		st.clockCustomers = true
	}
	st.applyCustomer(c, &p)
	for _, t := range p.TaxIDData {
		c.TaxIDs = append(c.TaxIDs, &TaxID{ID: st.NewID("txi"), Created: now, Customer: c.ID, Type: t.Type, Value: t.Value, Country: taxIDCountry(t.Type)})
	}
	if card != nil {
		st.attachCard(c, card)
		c.DefaultSource = card.ID
	}
	if pm != nil {
		// The PaymentMethod is saved now so that invoice_settings can name
		// it (a test id becomes a new pm_ id), and attached once the
		// customer exists.
		st.savePaymentMethod(pm)
		if d := c.InvoiceSettings.DefaultPaymentMethod; d != "" && d == *p.PaymentMethod {
			c.InvoiceSettings.DefaultPaymentMethod = pm.ID
		}
	}
	st.customers[c.ID] = c
	st.customerIdx.Insert(c)
	st.emit("customer.created", c, nil)
	if card != nil {
		st.emit("customer.source.created", card, nil)
	}
	if pm != nil {
		st.attachPaymentMethod(pm, c)
	}
	return c, nil
}

// UpdateCustomer applies p to the customer with id.
func (st *State) UpdateCustomer(id string, p CustomerParams) (*Customer, *apierr.Error) {
	c, err := st.liveCustomer(id, "id")
	if err != nil {
		return nil, err
	}
	if err := st.checkCustomerRefs(c, &p); err != nil {
		return nil, err
	}
	var card *Card
	if p.Source != nil {
		if card, err = st.cardFromSource(*p.Source, "source"); err != nil {
			return nil, err
		}
		if err = checkAttachable(card); err != nil {
			return nil, err
		}
	}
	if p.DefaultSource != nil && *p.DefaultSource != "" && !c.hasSource(*p.DefaultSource) {
		return nil, apierr.Invalid("", "default_source", fmt.Sprintf("No such source: '%s'", *p.DefaultSource))
	}
	prev := *c
	st.applyCustomer(c, &p)
	if card != nil {
		st.attachCard(c, card)
		c.DefaultSource = card.ID
		st.emit("customer.source.created", card, nil)
	}
	if p.DefaultSource != nil {
		c.DefaultSource = *p.DefaultSource
	}
	st.emit("customer.updated", c, &prev)
	return c, nil
}

// checkCustomerRefs checks everything a create or update refers to, before
// any of it is applied.
func (st *State) checkCustomerRefs(c *Customer, p *CustomerParams) *apierr.Error {
	// The fake holds no coupons or promotion codes, so naming one is naming
	// a missing object, exactly as on a fresh Stripe account.
	if p.Coupon != nil && *p.Coupon != "" {
		return apierr.NoSuchObject("coupon", *p.Coupon, "coupon")
	}
	if p.PromotionCode != nil && *p.PromotionCode != "" {
		return apierr.NoSuchObject("promotion code", *p.PromotionCode, "promotion_code")
	}
	if is := p.InvoiceSettings; is != nil && is.DefaultPaymentMethod != nil && *is.DefaultPaymentMethod != "" {
		if err := st.checkDefaultPaymentMethod(c, p.PaymentMethod, *is.DefaultPaymentMethod); err != nil {
			return err
		}
	}
	if p.TestClock != nil {
		if _, err := st.lookupTestClock(*p.TestClock, "test_clock"); err != nil {
			return err
		}
	}
	var old map[string]string
	if c != nil {
		old = c.Metadata
	}
	if p.Metadata != nil {
		if err := p.Metadata.Validate("metadata", old); err != nil {
			return err
		}
	}
	return nil
}

// checkDefaultPaymentMethod checks that id, to become the customer's
// invoice_settings.default_payment_method, is attached to it: already (c
// is the customer being updated) or by this request (attaching, the
// payment_method of a create).
func (st *State) checkDefaultPaymentMethod(c *Customer, attaching *string, id string) *apierr.Error {
	const param = "invoice_settings[default_payment_method]"
	if _, err := st.lookupPaymentMethod(id, param); err != nil {
		return err
	}
	if attaching != nil && *attaching == id {
		return nil
	}
	if pm, ok := st.StoredPaymentMethod(id); ok && c != nil && pm.Customer == c.ID {
		return nil
	}
	return apierr.Invalid("", param, fmt.Sprintf("The customer does not have a payment method with the ID %s. The payment method must be attached to the customer.", id))
}

// applyCustomer writes the plain fields of p onto c.
func (st *State) applyCustomer(c *Customer, p *CustomerParams) {
	if p.Address.Set {
		if p.Address.Unset {
			c.Address = nil
		} else {
			a := p.Address.V
			c.Address = &a
		}
	}
	if p.Balance != nil {
		c.Balance = *p.Balance
	}
	if p.CashBalanceMode != nil {
		c.CashBalanceMode = *p.CashBalanceMode
	}
	if p.Description != nil {
		c.Description = nonEmpty(p.Description)
	}
	if p.Email != nil {
		c.Email = nonEmpty(p.Email)
	}
	if p.InvoicePrefix != nil {
		c.InvoicePrefix = *p.InvoicePrefix
	}
	if is := p.InvoiceSettings; is != nil {
		if is.CustomFields.Set {
			if is.CustomFields.Unset {
				c.InvoiceSettings.CustomFields = nil
			} else {
				c.InvoiceSettings.CustomFields = is.CustomFields.V
			}
		}
		if is.DefaultPaymentMethod != nil {
			c.InvoiceSettings.DefaultPaymentMethod = *is.DefaultPaymentMethod
		}
		if is.Footer != nil {
			c.InvoiceSettings.Footer = nonEmpty(is.Footer)
		}
		if is.RenderingOptionsSet {
			if is.AmountTaxDisplay.Unset && !is.AmountTaxDisplay.Set {
				c.InvoiceSettings.RenderingOptions = false
				c.InvoiceSettings.AmountTaxDisplay = nil
			} else {
				c.InvoiceSettings.RenderingOptions = true
				if is.AmountTaxDisplay.Set && !is.AmountTaxDisplay.Unset {
					v := is.AmountTaxDisplay.V
					c.InvoiceSettings.AmountTaxDisplay = &v
				} else {
					c.InvoiceSettings.AmountTaxDisplay = nil
				}
			}
		}
	}
	if p.Metadata != nil {
		c.Metadata = p.Metadata.Apply(c.Metadata)
	}
	if p.Name != nil {
		c.Name = nonEmpty(p.Name)
	}
	if p.NextInvoiceSequence != nil {
		c.NextInvoiceSequence = *p.NextInvoiceSequence
	}
	if p.Phone != nil {
		c.Phone = nonEmpty(p.Phone)
	}
	if p.PreferredLocales != nil {
		c.PreferredLocales = append([]string{}, (*p.PreferredLocales)...)
	}
	if p.Shipping.Set {
		if p.Shipping.Unset {
			c.Shipping = nil
		} else {
			s := p.Shipping.V
			c.Shipping = &s
		}
	}
	if p.TaxIPAddress.Set {
		if p.TaxIPAddress.Unset || p.TaxIPAddress.V == "" {
			c.TaxIPAddress = nil
		} else {
			v := p.TaxIPAddress.V
			c.TaxIPAddress = &v
		}
	}
	if p.TaxExempt != nil {
		if *p.TaxExempt == "" {
			c.TaxExempt = "none"
		} else {
			c.TaxExempt = *p.TaxExempt
		}
	}
}

// DeleteCustomer deletes the customer: it leaves every list, its GET answers
// with the deleted stub, and its cards go with it.
func (st *State) DeleteCustomer(id string) (*Customer, *apierr.Error) {
	c, err := st.liveCustomer(id, "id")
	if err != nil {
		return nil, err
	}
	st.deleteCustomer(c)
	return c, nil
}

// deleteCustomer deletes a live customer: by request, or with its test
// clock.
func (st *State) deleteCustomer(c *Customer) {
	// customer.deleted carries the customer as it was, not the stub.
	st.emit("customer.deleted", c, nil)
	c.Deleted = true
	st.customerIdx.Remove(c)
}

// CustomerFilter narrows a customer list.
type CustomerFilter struct {
	Email     *string
	Created   *form.Range
	TestClock *string
}

// ListCustomers returns one page of live customers, newest first. As on
// Stripe, customers on a test clock are listed only when that clock is named.
func (st *State) ListCustomers(f CustomerFilter, q PageQuery[*Customer]) Page[*Customer] {
	q.Match = func(c *Customer) bool {
		if f.TestClock != nil {
			if c.TestClock != *f.TestClock {
				return false
			}
		} else if c.TestClock != "" {
			return false
		}
		if f.Email != nil && (c.Email == nil || *c.Email != *f.Email) {
			return false
		}
		if f.Created != nil && !f.Created.Contains(c.Created) {
			return false
		}
		return true
	}
	return st.customerIdx.List(q)
}

// AllCustomers returns every live customer, newest first.
func (st *State) AllCustomers() []*Customer { return st.customerIdx.All() }

func (c *Customer) hasSource(id string) bool {
	for _, s := range c.Sources {
		if s == id {
			return true
		}
	}
	return false
}

// invoicePrefix makes the 8-character upper-case prefix Stripe generates.
func (st *State) invoicePrefix() string {
	const alphabet = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < 8; i++ {
		b.WriteByte(alphabet[st.rnd.IntN(len(alphabet))])
	}
	return b.String()
}

// taxIDCountry derives a tax id's country from its type ("eu_vat" has none
// in its name; Stripe reads it from the value's prefix).
func taxIDCountry(typ string) string {
	if i := strings.IndexByte(typ, '_'); i == 2 && typ[:2] != "eu" {
		return strings.ToUpper(typ[:2])
	}
	return ""
}
