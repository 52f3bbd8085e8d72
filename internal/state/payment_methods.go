package state

import (
	"strings"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/cards"
	"github.com/fakestripe/fakestripe/internal/form"
)

// payments holds the PaymentMethods and PaymentIntents of the account. It is
// made on first use, as the event store is, so that New stays cheap for the
// many tests that never touch either.
type payments struct {
	methods   map[string]*PaymentMethod
	methodIdx *Index[*PaymentMethod]
	intents   map[string]*PaymentIntent
	intentIdx *Index[*PaymentIntent]
}

// pay returns the account's payments, making them on first use.
func (st *State) pay() *payments {
	p := &st.payments
	if p.methods == nil {
		p.methods = map[string]*PaymentMethod{}
		p.methodIdx = NewIndex[*PaymentMethod]()
		p.intents = map[string]*PaymentIntent{}
		p.intentIdx = NewIndex[*PaymentIntent]()
	}
	return p
}

// PaymentMethod is a card PaymentMethod: made from a test token, from a
// pm_card_* test id, or inline on a PaymentIntent.
type PaymentMethod struct {
	ID      string // "" until saved: a test id resolves to an unsaved one
	Created int64
	seq     uint64

	Customer       string      // the customer it is attached to, or ""
	Info           *cards.Card // shared with the cards table: copied before a change
	BillingDetails BillingDetails
	Metadata       map[string]string
	// Spent marks a PaymentMethod that paid without being attached to a
	// customer, or was detached from one: Stripe refuses to use or attach
	// it again.
	Spent bool
}

// BillingDetails is a PaymentMethod's billing_details hash; nil renders null.
type BillingDetails struct {
	Address *Address
	Email   *string
	Name    *string
	Phone   *string
}

// OrderKey and ObjectID place PaymentMethods in lists.
func (pm *PaymentMethod) OrderKey() (int64, uint64) { return pm.Created, pm.seq }

// ObjectID is the PaymentMethod's id.
func (pm *PaymentMethod) ObjectID() string { return pm.ID }

// clone copies pm for an event or an error, which show it as it was.
func (pm *PaymentMethod) clone() *PaymentMethod {
	c := *pm
	return &c
}

// Messages Stripe gives when a PaymentMethod cannot be used or attached,
// verbatim from API responses quoted in public issue threads.
const (
	msgPMSpentAttach = "This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again."
	msgPMSpentUse    = "The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first."
	msgPMAttached    = "The payment method you provided has already been attached to a customer."
	msgPMNotAttached = "The payment method you provided is not attached to a customer so detachment is impossible."
	msgPMUnsaved     = "You must save this PaymentMethod to a customer before you can update it."
)

// PaymentMethodParams creates a card PaymentMethod. Token is a tok_ test
// token; raw card numbers are refused by the HTTP layer, as by Stripe.
type PaymentMethodParams struct {
	Token          string
	BillingDetails BillingDetails
	Metadata       *form.MetadataUpdate
}

// newPaymentMethod builds an unsaved PaymentMethod from p, checking
// everything; savePaymentMethod stores it. param names the parameter that
// carried the token, for the not-found error.
func newPaymentMethod(p PaymentMethodParams, param string) (*PaymentMethod, *apierr.Error) {
	info, ok := cards.Shared(p.Token)
	if !ok || !strings.HasPrefix(p.Token, "tok_") {
		return nil, apierr.NoSuchObject("token", p.Token, param)
	}
	if p.Metadata != nil {
		if err := p.Metadata.Validate("metadata", nil); err != nil {
			return nil, err
		}
	}
	return &PaymentMethod{Info: info, BillingDetails: p.BillingDetails, Metadata: applyMetadata(p.Metadata, nil)}, nil
}

// CreatePaymentMethod creates a card PaymentMethod from a test token.
func (st *State) CreatePaymentMethod(p PaymentMethodParams) (*PaymentMethod, *apierr.Error) {
	pm, err := newPaymentMethod(p, "card[token]")
	if err != nil {
		return nil, err
	}
	st.savePaymentMethod(pm)
	return pm, nil
}

// lookupPaymentMethod finds the PaymentMethod id names without writing
// anything: a stored one, or for a test id such as pm_card_visa a new,
// unsaved one, because Stripe makes a fresh PaymentMethod each time a test id
// is used. Callers save it with savePaymentMethod once every check passed.
func (st *State) lookupPaymentMethod(id, param string) (*PaymentMethod, *apierr.Error) {
	if pm, ok := st.pay().methods[id]; ok {
		return pm, nil
	}
	if strings.HasPrefix(id, "pm_card_") {
		if info, ok := cards.Shared(id); ok {
			return &PaymentMethod{Info: info, Metadata: map[string]string{}}, nil
		}
	}
	return nil, apierr.NoSuchObject("PaymentMethod", id, param)
}

// savePaymentMethod stores pm if it is not stored yet.
func (st *State) savePaymentMethod(pm *PaymentMethod) {
	if pm.ID != "" {
		return
	}
	p := st.pay()
	pm.ID = st.NewID("pm")
	pm.Created = st.Now().Unix()
	pm.seq = st.nextSeq()
	p.methods[pm.ID] = pm
	p.methodIdx.Insert(pm)
}

// PaymentMethod returns the PaymentMethod with id. A test id (pm_card_visa)
// makes and stores a fresh one, as retrieving it on Stripe does.
func (st *State) PaymentMethod(id string) (*PaymentMethod, *apierr.Error) {
	pm, err := st.lookupPaymentMethod(id, "id")
	if err != nil {
		return nil, err
	}
	st.savePaymentMethod(pm)
	return pm, nil
}

// StoredPaymentMethod returns a stored PaymentMethod without making one
// from a test id, for rendering ids the state already holds.
func (st *State) StoredPaymentMethod(id string) (*PaymentMethod, bool) {
	pm, ok := st.pay().methods[id]
	return pm, ok
}

// checkAttach reports why pm cannot be attached to the customer with
// customerID ("" for one being created), or nil. Attaching to the customer
// it is already attached to is allowed and changes nothing.
func checkAttach(pm *PaymentMethod, customerID string) *apierr.Error {
	switch {
	case pm.Customer != "" && pm.Customer != customerID:
		return apierr.Invalid("", "", msgPMAttached)
	case pm.Spent:
		return apierr.Invalid("", "", msgPMSpentAttach)
	case pm.Info.AttachFails && pm.Info.Decline != nil:
		// The decline-table cards cannot be attached: attaching fails with
		// the card error their charge would get.
		return declineError(pm.Info.Decline, "")
	}
	return nil
}

// attachPaymentMethod saves pm if needed and attaches it to c.
func (st *State) attachPaymentMethod(pm *PaymentMethod, c *Customer) {
	st.savePaymentMethod(pm)
	if pm.Customer == c.ID {
		return
	}
	pm.Customer = c.ID
	st.emit("payment_method.attached", pm.clone(), nil)
}

// AttachPaymentMethod attaches a PaymentMethod (or a fresh one made from a
// test id) to a customer.
func (st *State) AttachPaymentMethod(id, customerID string) (*PaymentMethod, *apierr.Error) {
	pm, err := st.lookupPaymentMethod(id, "payment_method")
	if err != nil {
		return nil, err
	}
	c, err := st.liveCustomer(customerID, "customer")
	if err != nil {
		return nil, err
	}
	if err := checkAttach(pm, c.ID); err != nil {
		return nil, err
	}
	st.attachPaymentMethod(pm, c)
	return pm, nil
}

// DetachPaymentMethod detaches a PaymentMethod from its customer. It cannot
// be used again, and stops being the customer's default.
func (st *State) DetachPaymentMethod(id string) (*PaymentMethod, *apierr.Error) {
	pm, err := st.lookupPaymentMethod(id, "payment_method")
	if err != nil {
		return nil, err
	}
	if pm.Customer == "" {
		return nil, apierr.Invalid("", "", msgPMNotAttached)
	}
	c := st.customers[pm.Customer]
	pm.Customer = ""
	pm.Spent = true
	st.emit("payment_method.detached", pm.clone(), nil)
	if c != nil && c.InvoiceSettings.DefaultPaymentMethod == pm.ID {
		prev := *c
		c.InvoiceSettings.DefaultPaymentMethod = ""
		st.emit("customer.updated", c, &prev)
	}
	return pm, nil
}

// PaymentMethodUpdate changes what Stripe lets change on a saved card
// PaymentMethod.
type PaymentMethodUpdate struct {
	Address  Opt[Address]
	Email    Opt[string]
	Name     Opt[string]
	Phone    Opt[string]
	ExpMonth *int64
	ExpYear  *int64
	Metadata *form.MetadataUpdate
}

// UpdatePaymentMethod applies u to an attached PaymentMethod.
func (st *State) UpdatePaymentMethod(id string, u PaymentMethodUpdate) (*PaymentMethod, *apierr.Error) {
	pm, err := st.lookupPaymentMethod(id, "id")
	if err != nil {
		return nil, err
	}
	if pm.Customer == "" {
		return nil, apierr.Invalid("", "", msgPMUnsaved)
	}
	if u.ExpMonth != nil && (*u.ExpMonth < 1 || *u.ExpMonth > 12) {
		return nil, &apierr.Error{Status: 402, Type: apierr.TypeCard, Code: "invalid_expiry_month", Param: "exp_month", Message: "Your card's expiration month is invalid."}
	}
	if u.ExpYear != nil && int(*u.ExpYear) < st.Now().Year() {
		return nil, &apierr.Error{Status: 402, Type: apierr.TypeCard, Code: "invalid_expiry_year", Param: "exp_year", Message: "Your card's expiration year is invalid."}
	}
	if u.Metadata != nil {
		if err := u.Metadata.Validate("metadata", pm.Metadata); err != nil {
			return nil, err
		}
	}
	prev := pm.clone()
	bd := &pm.BillingDetails
	if u.Address.Set {
		if u.Address.Unset {
			bd.Address = nil
		} else {
			a := u.Address.V
			bd.Address = &a
		}
	}
	setOpt(&bd.Email, u.Email)
	setOpt(&bd.Name, u.Name)
	setOpt(&bd.Phone, u.Phone)
	if u.ExpMonth != nil || u.ExpYear != nil {
		// Info is shared with the cards table: change a copy.
		info := *pm.Info
		if u.ExpMonth != nil {
			info.ExpMonth = int(*u.ExpMonth)
		}
		if u.ExpYear != nil {
			info.ExpYear = int(*u.ExpYear)
		}
		pm.Info = &info
	}
	if u.Metadata != nil {
		pm.Metadata = u.Metadata.Apply(pm.Metadata)
	}
	st.emit("payment_method.updated", pm.clone(), prev)
	return pm, nil
}

// setOpt applies an optional string that "" unsets.
func setOpt(dst **string, o Opt[string]) {
	switch {
	case !o.Set:
	case o.Unset || o.V == "":
		*dst = nil
	default:
		v := o.V
		*dst = &v
	}
}

// PaymentMethodFilter narrows a PaymentMethod list. Only cards exist in the
// fake, so a Type other than card matches nothing.
type PaymentMethodFilter struct {
	Customer *string
	Type     *string
}

// ListPaymentMethods returns one page of PaymentMethods, newest first. A
// customer filter must name a live customer.
func (st *State) ListPaymentMethods(f PaymentMethodFilter, q PageQuery[*PaymentMethod]) (Page[*PaymentMethod], *apierr.Error) {
	if f.Customer != nil {
		if _, err := st.liveCustomer(*f.Customer, "customer"); err != nil {
			return Page[*PaymentMethod]{}, err
		}
	}
	q.Match = func(pm *PaymentMethod) bool {
		return (f.Customer == nil || pm.Customer == *f.Customer) && (f.Type == nil || *f.Type == "card")
	}
	return st.pay().methodIdx.List(q), nil
}
