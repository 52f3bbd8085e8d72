package state

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/cards"
	"github.com/fakestripe/fakestripe/internal/form"
)

// The statuses of a PaymentIntent (docs.stripe.com/payments/paymentintents/lifecycle).
// Card payments never rest in processing: Stripe answers a card confirmation
// synchronously, so the fake has no input that stops there, but the status
// is modelled where Stripe allows it (cancel).
const (
	PIRequiresPaymentMethod = "requires_payment_method"
	PIRequiresConfirmation  = "requires_confirmation"
	PIRequiresAction        = "requires_action"
	PIProcessing            = "processing"
	PIRequiresCapture       = "requires_capture"
	PISucceeded             = "succeeded"
	PICanceled              = "canceled"
)

// PaymentIntent is one payment, confirmed into zero or more charges of one
// PaymentMethod at a time.
type PaymentIntent struct {
	ID      string
	Created int64
	seq     uint64

	Amount           int64
	AmountCapturable int64
	AmountReceived   int64
	Currency         string
	Customer         string
	PaymentMethod    string
	Status           string

	CaptureMethod      string // automatic, automatic_async or manual
	ConfirmationMethod string // automatic or manual
	// AutomaticPaymentMethods is nil when payment_method_types was given.
	AutomaticPaymentMethods *AutomaticPaymentMethods
	PaymentMethodTypes      []string
	// RequestThreeDSecure is payment_method_options[card][request_three_d_secure].
	RequestThreeDSecure string

	ApplicationFeeAmount *int64
	CanceledAt           *int64
	CancellationReason   *string
	ClientSecret         string
	Description          *string
	LastPaymentError     *PaymentError
	LatestCharge         string
	Charges              []string // every charge, oldest first
	Metadata             map[string]string
	NextAction           *NextAction
	ReceiptEmail         *string
	SetupFutureUsage     *string
	Shipping             *Shipping
	StatementDescriptor  *string
	DescriptorSuffix     *string
	TransferGroup        *string

	// authenticated is the PaymentMethod whose 3-D Secure authentication the
	// customer completed, so that confirming again with it does not ask
	// again; any other PaymentMethod must authenticate afresh.
	authenticated string
}

// AutomaticPaymentMethods is the automatic_payment_methods hash.
type AutomaticPaymentMethods struct {
	Enabled        bool
	AllowRedirects string // always or never; "" renders absent
}

// NextAction is what the customer must do: authenticate with 3-D Secure,
// through Stripe.js (use_stripe_sdk) or by following a redirect.
type NextAction struct {
	Type      string // use_stripe_sdk or redirect_to_url
	URL       string
	ReturnURL *string
}

// PaymentError is a PaymentIntent's last_payment_error.
type PaymentError struct {
	Type          string
	Code          string
	DeclineCode   string
	Message       string
	Param         string
	Charge        string
	PaymentMethod *PaymentMethod // as it was when the attempt failed
}

// OrderKey and ObjectID place PaymentIntents in lists.
func (pi *PaymentIntent) OrderKey() (int64, uint64) { return pi.Created, pi.seq }

// ObjectID is the PaymentIntent's id.
func (pi *PaymentIntent) ObjectID() string { return pi.ID }

// clone copies pi for an event or an error. A shallow copy suffices: the
// state replaces rather than edits the maps, slices and pointers pi holds,
// except Charges, which only grows and whose length the copy fences off.
func (pi *PaymentIntent) clone() *PaymentIntent {
	c := *pi
	return &c
}

// emitIntent announces a change to a PaymentIntent.
func (st *State) emitIntent(typ string, pi *PaymentIntent) { st.emit(typ, pi.clone(), nil) }

// Messages of payment_intent_unexpected_state errors, as Stripe words them.
const (
	msgPIConfirmSucceeded = "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed."
	msgPIConfirmStatus    = "You cannot confirm this PaymentIntent because it has a status of %s. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action."
	msgPIMissingPM        = "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method."
	msgPICapture          = "This PaymentIntent could not be captured because it has a status of %s. Only a PaymentIntent with one of the following statuses may be captured: requires_capture."
	msgPICancel           = "You cannot cancel this PaymentIntent because it has a status of %s. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing."
	msgPIUpdate           = "This PaymentIntent's %[1]s could not be updated because it has a status of %[2]s. You may only update the %[1]s of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action."
	msgPIReturnURL        = "This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don't want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents."
	msgPMBelongs          = "The `payment_method` parameter supplied %s belongs to the Customer %s. Please include the Customer in the `customer` parameter on the PaymentIntent."
	// The fake's wording, modelled on the SetupIntent message Stripe
	// gives for the same mistake; the PaymentIntent text is unverified.
	msgPMOtherCustomer  = "The payment method supplied (%s) does not belong to the Customer you supplied %s. Please use this PaymentMethod with the Customer that it belongs to instead."
	msgPMTypeNotAllowed = "The PaymentMethod provided (card) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: %s. Alternatively, update the allowed payment_method_types for this PaymentIntent to include \"card\"."
	msgAuthFailed       = "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again."
)

// unexpectedState is a 400 payment_intent_unexpected_state error carrying
// the PaymentIntent, which the HTTP layer renders into error.payment_intent.
func unexpectedState(pi *PaymentIntent, param, msg string) *apierr.Error {
	err := apierr.Invalid("payment_intent_unexpected_state", param, msg)
	err.PaymentIntent = pi.clone()
	return err
}

// PaymentIntentParams creates a PaymentIntent; Confirm confirms it at once
// with the options in Confirmation.
type PaymentIntentParams struct {
	Amount                  int64
	Currency                string
	Customer                *string
	PaymentMethod           *string
	PaymentMethodData       *PaymentMethodParams
	CaptureMethod           *string
	ConfirmationMethod      *string
	AutomaticPaymentMethods *AutomaticPaymentMethods
	PaymentMethodTypes      []string // nil when not given
	RequestThreeDSecure     *string
	ApplicationFeeAmount    *int64
	Description             *string
	Metadata                *form.MetadataUpdate
	ReceiptEmail            *string
	SetupFutureUsage        *string
	Shipping                *Shipping
	StatementDescriptor     *string
	DescriptorSuffix        *string
	TransferGroup           *string

	Confirm      bool
	Confirmation ConfirmOptions
}

// ConfirmOptions are the parts of a confirmation that are not stored on the
// PaymentIntent.
type ConfirmOptions struct {
	// OffSession says the customer is not there to authenticate: a card
	// that asks for 3-D Secure declines with authentication_required.
	OffSession bool
	// ErrorOnRequiresAction fails the attempt instead of asking for action.
	ErrorOnRequiresAction bool
	ReturnURL             *string
}

// cardTypes is the payment_method_types of automatic payment methods: the
// fake's account has cards enabled and nothing else.
var cardTypes = []string{"card"}

// CreatePaymentIntent creates a PaymentIntent and, with Confirm, confirms
// it. Every check runs before anything is written. A declined confirmation
// still creates the PaymentIntent (and its failed charge) and returns it
// along with the 402 card error, as Stripe does.
func (st *State) CreatePaymentIntent(p PaymentIntentParams) (*PaymentIntent, *apierr.Error) {
	currency, err := checkPayment(p.Amount, p.Currency, p.Metadata)
	if err != nil {
		return nil, err
	}
	customerID, pm, err := st.intentPayer("", p.Customer, p.PaymentMethod, p.PaymentMethodData, nil)
	if err != nil {
		return nil, err
	}
	pi := &PaymentIntent{
		Amount:               p.Amount,
		Currency:             currency,
		Customer:             customerID,
		Status:               PIRequiresPaymentMethod,
		CaptureMethod:        "automatic",
		ConfirmationMethod:   "automatic",
		RequestThreeDSecure:  "automatic",
		ApplicationFeeAmount: p.ApplicationFeeAmount,
		Description:          nonEmpty(p.Description),
		Metadata:             applyMetadata(p.Metadata, nil),
		ReceiptEmail:         nonEmpty(p.ReceiptEmail),
		SetupFutureUsage:     nonEmpty(p.SetupFutureUsage),
		Shipping:             p.Shipping,
		StatementDescriptor:  nonEmpty(p.StatementDescriptor),
		DescriptorSuffix:     nonEmpty(p.DescriptorSuffix),
		TransferGroup:        nonEmpty(p.TransferGroup),
	}
	if p.CaptureMethod != nil {
		pi.CaptureMethod = *p.CaptureMethod
	}
	if p.ConfirmationMethod != nil {
		pi.ConfirmationMethod = *p.ConfirmationMethod
	}
	if p.RequestThreeDSecure != nil {
		pi.RequestThreeDSecure = *p.RequestThreeDSecure
	}
	switch {
	case p.PaymentMethodTypes != nil:
		pi.PaymentMethodTypes = p.PaymentMethodTypes
	case p.AutomaticPaymentMethods != nil:
		apm := *p.AutomaticPaymentMethods
		pi.AutomaticPaymentMethods = &apm
		pi.PaymentMethodTypes = cardTypes
	case pi.ConfirmationMethod == "manual":
		// Manual confirmation and automatic payment methods cannot be
		// combined, so leaving both out means cards.
		pi.PaymentMethodTypes = cardTypes
	default:
		// Since 2023-08-16 a PaymentIntent without payment_method_types
		// accepts the payment methods enabled in the Dashboard.
		pi.AutomaticPaymentMethods = &AutomaticPaymentMethods{Enabled: true, AllowRedirects: "always"}
		pi.PaymentMethodTypes = cardTypes
	}
	if pi.AutomaticPaymentMethods != nil && !pi.AutomaticPaymentMethods.Enabled {
		pi.PaymentMethodTypes = cardTypes
	}
	if p.Confirm {
		if pm == nil {
			return nil, apierr.Invalid("payment_intent_unexpected_state", "", msgPIMissingPM)
		}
		if err := checkConfirmable(pi, p.Confirmation); err != nil {
			return nil, err
		}
	}

	// Everything is checked: write.
	pi.ID = st.NewID("pi")
	pi.Created = st.clockFor(customerID).now.Unix()
	pi.seq = st.nextSeq()
	pi.ClientSecret = clientSecret(pi.ID)
	if pm != nil {
		st.savePaymentMethod(pm)
		pi.PaymentMethod = pm.ID
		pi.Status = PIRequiresConfirmation
	}
	ps := st.pay()
	ps.intents[pi.ID] = pi
	ps.intentIdx.Insert(pi)
	st.emitIntent("payment_intent.created", pi)
	if p.Confirm {
		if err := st.confirmIntent(pi, pm, p.Confirmation); err != nil {
			return pi, err
		}
	}
	return pi, nil
}

// clientSecret derives a PaymentIntent's client_secret from its id, so that
// making one draws nothing from the seeded generators.
func clientSecret(id string) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	sum := sha256.Sum256([]byte("client_secret:" + id))
	var b strings.Builder
	b.WriteString(id)
	b.WriteString("_secret_")
	for _, c := range sum[:25] {
		b.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return b.String()
}

// intentPayer resolves who pays a PaymentIntent being created or updated:
// the customer (current unless another is named, which must be live) and
// the PaymentMethod named or described, checked usable by that customer.
// It writes nothing.
func (st *State) intentPayer(current string, customer, pmID *string, pmData *PaymentMethodParams, pi *PaymentIntent) (string, *PaymentMethod, *apierr.Error) {
	customerID := current
	if customer != nil && *customer != current {
		c, err := st.liveCustomer(*customer, "customer")
		if err != nil {
			return "", nil, err
		}
		customerID = c.ID
	}
	pm, err := st.intentPaymentMethod(pmID, pmData)
	if err != nil {
		return "", nil, err
	}
	if pm != nil {
		if err := checkUsable(pm, customerID, pi); err != nil {
			return "", nil, err
		}
	}
	return customerID, pm, nil
}

// intentPaymentMethod resolves the payment_method or payment_method_data of
// a request into a PaymentMethod, unsaved if it is new, or nil if neither
// was given.
func (st *State) intentPaymentMethod(id *string, data *PaymentMethodParams) (*PaymentMethod, *apierr.Error) {
	switch {
	case id != nil && data != nil:
		return nil, apierr.Invalid("parameters_exclusive", "payment_method_data", "You may only specify one of these parameters: payment_method, payment_method_data.")
	case id != nil:
		return st.lookupPaymentMethod(*id, "payment_method")
	case data != nil:
		return newPaymentMethod(*data, "payment_method_data[card][token]")
	}
	return nil, nil
}

// checkUsable reports why pm cannot pay for a PaymentIntent of the given
// customer. pi, when known, is embedded in the error.
func checkUsable(pm *PaymentMethod, customerID string, pi *PaymentIntent) *apierr.Error {
	var err *apierr.Error
	switch {
	case pm.Customer != "" && customerID == "":
		err = apierr.Invalid("", "payment_method", fmt.Sprintf(msgPMBelongs, pm.ID, pm.Customer))
	case pm.Customer != "" && pm.Customer != customerID:
		err = apierr.Invalid("", "payment_method", fmt.Sprintf(msgPMOtherCustomer, pm.ID, customerID))
	case pm.Spent:
		err = apierr.Invalid("", "payment_method", msgPMSpentUse)
	default:
		return nil
	}
	if pi != nil {
		err.PaymentIntent = pi.clone()
	}
	return err
}

// checkConfirmable checks what a confirmation needs besides a usable
// PaymentMethod: that cards are among the PaymentIntent's types, and a
// return_url when automatic payment methods may redirect.
func checkConfirmable(pi *PaymentIntent, o ConfirmOptions) *apierr.Error {
	var err *apierr.Error
	switch {
	case !slices.Contains(pi.PaymentMethodTypes, "card"):
		err = apierr.Invalid("", "payment_method", fmt.Sprintf(msgPMTypeNotAllowed, strings.Join(pi.PaymentMethodTypes, ", ")))
	case pi.AutomaticPaymentMethods != nil && pi.AutomaticPaymentMethods.Enabled &&
		pi.AutomaticPaymentMethods.AllowRedirects != "never" && o.ReturnURL == nil:
		err = apierr.Invalid("", "", msgPIReturnURL)
	default:
		return nil
	}
	if pi.ID != "" {
		err.PaymentIntent = pi.clone()
	}
	return err
}

// confirmIntent attempts the payment with a saved, usable pm: it asks for
// 3-D Secure when the card needs it, or charges the card.
func (st *State) confirmIntent(pi *PaymentIntent, pm *PaymentMethod, o ConfirmOptions) *apierr.Error {
	if pi.PaymentMethod != pm.ID {
		pi.authenticated = ""
	}
	pi.PaymentMethod = pm.ID
	pi.NextAction = nil
	if needsAuthentication(pi, pm, o.OffSession) && pi.authenticated != pm.ID {
		if o.OffSession || o.ErrorOnRequiresAction {
			// Nobody is there to authenticate: the issuer declines.
			d := cards.AuthenticationRequired
			d.Code = "authentication_required"
			return st.attemptPayment(pi, pm, &d)
		}
		pi.Status = PIRequiresAction
		pi.NextAction = &NextAction{Type: "use_stripe_sdk", URL: "https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=" + pi.ID}
		if o.ReturnURL != nil {
			pi.NextAction.Type = "redirect_to_url"
			pi.NextAction.ReturnURL = o.ReturnURL
		}
		st.emitIntent("payment_intent.requires_action", pi)
		return nil
	}
	return st.attemptPayment(pi, pm, pm.Info.Decline)
}

// needsAuthentication reports whether paying with pm asks for 3-D Secure.
// Off session, a card that only wants authentication when it was not set up
// for later use pays if it is saved to a customer.
func needsAuthentication(pi *PaymentIntent, pm *PaymentMethod, offSession bool) bool {
	info := pm.Info
	if offSession {
		switch info.ThreeDS {
		case "required_on_setup":
			return pm.Customer == ""
		case "setup_for_off_session":
			return false
		}
		return info.RequiresAuthentication()
	}
	if info.RequiresAuthentication() {
		return true
	}
	// request_three_d_secure=any or challenge asks whenever the card can.
	return pi.RequestThreeDSecure != "automatic" && info.ThreeDS != "not_supported"
}

// attemptPayment charges pm for pi through the same path as the Charges
// API, and moves pi according to the outcome: declined back to
// requires_payment_method, authorized to requires_capture, or succeeded.
func (st *State) attemptPayment(pi *PaymentIntent, pm *PaymentMethod, d *cards.Decline) *apierr.Error {
	ch := st.chargeCard(chargeSpec{
		amount:               pi.Amount,
		currency:             pi.Currency,
		customer:             pi.Customer,
		card:                 &Card{ID: pm.ID, Customer: pm.Customer, Info: pm.Info},
		capture:              pi.CaptureMethod != "manual",
		paymentIntent:        pi.ID,
		decline:              d,
		applicationFeeAmount: pi.ApplicationFeeAmount,
		description:          pi.Description,
		metadata:             cloneMap(pi.Metadata),
		receiptEmail:         pi.ReceiptEmail,
		shipping:             pi.Shipping,
		statementDescriptor:  pi.StatementDescriptor,
		descriptorSuffix:     pi.DescriptorSuffix,
		transferGroup:        pi.TransferGroup,
	})
	pi.Charges = append(pi.Charges, ch.ID)
	pi.LatestCharge = ch.ID
	if ch.Status == "failed" {
		// The failed PaymentMethod moves to last_payment_error; the
		// PaymentIntent waits for a new one, as on Stripe.
		pi.Status = PIRequiresPaymentMethod
		pi.PaymentMethod = ""
		pi.LastPaymentError = &PaymentError{
			Type: apierr.TypeCard, Code: d.Code, DeclineCode: d.DeclineCode, Message: d.Message,
			Param: d.Param, Charge: ch.ID, PaymentMethod: pm.clone(),
		}
		st.emitIntent("payment_intent.payment_failed", pi)
		err := declineError(d, ch.ID)
		err.PaymentIntent = pi.clone()
		err.PaymentMethod = pm.clone()
		return err
	}
	pi.LastPaymentError = nil
	if ch.Captured {
		pi.Status = PISucceeded
		pi.AmountReceived = ch.AmountCaptured
		st.emitIntent("payment_intent.succeeded", pi)
	} else {
		pi.Status = PIRequiresCapture
		pi.AmountCapturable = ch.Amount
		st.emitIntent("payment_intent.amount_capturable_updated", pi)
	}
	// A PaymentMethod that paid without being saved is used up; one saved
	// for later (setup_future_usage) is attached to the customer.
	if pm.Customer == "" {
		if c := st.customers[pi.Customer]; c != nil && !c.Deleted && pi.SetupFutureUsage != nil {
			st.attachPaymentMethod(pm, c)
		} else {
			pm.Spent = true
		}
	}
	return nil
}

// PaymentIntent returns the PaymentIntent with id.
func (st *State) PaymentIntent(id string) (*PaymentIntent, *apierr.Error) {
	pi, ok := st.pay().intents[id]
	if !ok {
		return nil, apierr.NoSuchObject("payment_intent", id, "intent")
	}
	return pi, nil
}

// ConfirmParams confirms a PaymentIntent, optionally changing what it pays
// with first.
type ConfirmParams struct {
	PaymentMethod       *string
	PaymentMethodData   *PaymentMethodParams
	CaptureMethod       *string
	ReceiptEmail        *string
	SetupFutureUsage    Opt[string]
	Shipping            Opt[Shipping]
	RequestThreeDSecure *string
	Options             ConfirmOptions
}

// ConfirmPaymentIntent confirms a PaymentIntent. A decline returns the
// PaymentIntent with the 402 card error; other errors change nothing.
func (st *State) ConfirmPaymentIntent(id string, p ConfirmParams) (*PaymentIntent, *apierr.Error) {
	pi, err := st.PaymentIntent(id)
	if err != nil {
		return nil, err
	}
	switch pi.Status {
	case PIRequiresPaymentMethod, PIRequiresConfirmation, PIRequiresAction:
	case PISucceeded:
		return nil, unexpectedState(pi, "", msgPIConfirmSucceeded)
	case PICanceled:
		if p.PaymentMethod != nil || p.PaymentMethodData != nil {
			return nil, unexpectedState(pi, "payment_method", fmt.Sprintf(msgPIUpdate, "payment_method", pi.Status))
		}
		fallthrough
	default:
		return nil, unexpectedState(pi, "", fmt.Sprintf(msgPIConfirmStatus, pi.Status))
	}
	pm, err := st.intentPaymentMethod(p.PaymentMethod, p.PaymentMethodData)
	if err != nil {
		return nil, err
	}
	if pm == nil && pi.PaymentMethod != "" {
		pm = st.pay().methods[pi.PaymentMethod]
	}
	if pm == nil {
		return nil, unexpectedState(pi, "", msgPIMissingPM)
	}
	if err := checkUsable(pm, pi.Customer, pi); err != nil {
		return nil, err
	}
	if err := checkConfirmable(pi, p.Options); err != nil {
		return nil, err
	}
	st.savePaymentMethod(pm)
	if p.CaptureMethod != nil {
		pi.CaptureMethod = *p.CaptureMethod
	}
	if p.ReceiptEmail != nil {
		pi.ReceiptEmail = nonEmpty(p.ReceiptEmail)
	}
	if p.SetupFutureUsage.Set {
		pi.SetupFutureUsage = optString(p.SetupFutureUsage)
	}
	if p.Shipping.Set {
		pi.Shipping = optShipping(p.Shipping)
	}
	if p.RequestThreeDSecure != nil {
		pi.RequestThreeDSecure = *p.RequestThreeDSecure
	}
	if err := st.confirmIntent(pi, pm, p.Options); err != nil {
		return pi, err
	}
	return pi, nil
}

func optString(o Opt[string]) *string {
	if o.Unset || o.V == "" {
		return nil
	}
	v := o.V
	return &v
}

func optShipping(o Opt[Shipping]) *Shipping {
	if o.Unset {
		return nil
	}
	s := o.V
	return &s
}

// CompleteAuthentication finishes the 3-D Secure authentication a
// PaymentIntent in requires_action waits for, as the customer would in
// their browser. On success the payment proceeds (and may still decline,
// which the PaymentIntent records); on failure it goes back to
// requires_payment_method with payment_intent_authentication_failure.
// With manual confirmation a success leaves it in requires_confirmation,
// for the server to confirm again.
func (st *State) CompleteAuthentication(id string, succeed bool) (*PaymentIntent, *apierr.Error) {
	pi, err := st.PaymentIntent(id)
	if err != nil {
		return nil, err
	}
	if pi.Status != PIRequiresAction {
		return nil, unexpectedState(pi, "", fmt.Sprintf("PaymentIntent %s has a status of %s. Only a PaymentIntent with a status of requires_action has an authentication to complete.", pi.ID, pi.Status))
	}
	pm := st.pay().methods[pi.PaymentMethod]
	if succeed {
		// The card may have been detached, or the intent moved to another
		// customer, while the customer authenticated: check again before
		// anything is written.
		if err := checkUsable(pm, pi.Customer, pi); err != nil {
			return nil, err
		}
	}
	pi.NextAction = nil
	if !succeed {
		pi.Status = PIRequiresPaymentMethod
		pi.PaymentMethod = ""
		pi.LastPaymentError = &PaymentError{
			Type: apierr.TypeInvalidRequest, Code: "payment_intent_authentication_failure",
			Message: msgAuthFailed, PaymentMethod: pm.clone(),
		}
		st.emitIntent("payment_intent.payment_failed", pi)
		return pi, nil
	}
	pi.authenticated = pm.ID
	if pi.ConfirmationMethod == "manual" {
		pi.Status = PIRequiresConfirmation
		return pi, nil
	}
	// A decline after authentication is the payment's outcome, recorded on
	// the PaymentIntent, not an error of this call.
	st.attemptPayment(pi, pm, pm.Info.Decline)
	return pi, nil
}

// CaptureIntentParams captures a PaymentIntent.
type CaptureIntentParams struct {
	AmountToCapture     *int64
	Metadata            *form.MetadataUpdate
	StatementDescriptor *string
	DescriptorSuffix    *string
}

// CapturePaymentIntent captures an authorized PaymentIntent, in full or in
// part; the rest of the authorization is released.
func (st *State) CapturePaymentIntent(id string, p CaptureIntentParams) (*PaymentIntent, *apierr.Error) {
	pi, err := st.PaymentIntent(id)
	if err != nil {
		return nil, err
	}
	if pi.Status != PIRequiresCapture {
		return nil, unexpectedState(pi, "", fmt.Sprintf(msgPICapture, pi.Status))
	}
	amount := pi.AmountCapturable
	if p.AmountToCapture != nil {
		amount = *p.AmountToCapture
		if amount > pi.AmountCapturable {
			// The wording is the fake's; Stripe's text is unverified.
			err := apierr.Invalid("amount_too_large", "amount_to_capture", fmt.Sprintf("The amount_to_capture (%s) is greater than the amount_capturable (%s) of this PaymentIntent.", formatMoney(amount, pi.Currency), formatMoney(pi.AmountCapturable, pi.Currency)))
			err.PaymentIntent = pi.clone()
			return nil, err
		}
	}
	if p.Metadata != nil {
		if err := p.Metadata.Validate("metadata", pi.Metadata); err != nil {
			return nil, err
		}
	}
	if ch, ok := st.charges[pi.LatestCharge]; ok {
		if err := checkAmount(amount, ch.Currency, "amount_to_capture"); err != nil {
			err.PaymentIntent = pi.clone()
			return nil, err
		}
	}
	// Every check is done: the intent's own fields are written before the
	// capture, so the charge.captured and payment_intent.succeeded events
	// it emits show them.
	if p.Metadata != nil {
		pi.Metadata = p.Metadata.Apply(pi.Metadata)
	}
	if p.StatementDescriptor != nil {
		pi.StatementDescriptor = nonEmpty(p.StatementDescriptor)
	}
	if p.DescriptorSuffix != nil {
		pi.DescriptorSuffix = nonEmpty(p.DescriptorSuffix)
	}
	// CaptureCharge moves pi to succeeded, through intentCaptured.
	if _, err := st.CaptureCharge(pi.LatestCharge, CaptureParams{
		Amount: &amount, StatementDescriptor: p.StatementDescriptor, DescriptorSuffix: p.DescriptorSuffix,
	}); err != nil {
		// Unreachable after the checks above; kept so a future check in
		// CaptureCharge cannot pass silently.
		if err.Param == "amount" {
			err.Param = "amount_to_capture"
		}
		err.PaymentIntent = pi.clone()
		return nil, err
	}
	return pi, nil
}

// intentCaptured moves the PaymentIntent of a charge just captured (through
// either API) to succeeded.
func (st *State) intentCaptured(ch *Charge) {
	pi, ok := st.pay().intents[ch.PaymentIntent]
	if !ok || pi.Status != PIRequiresCapture {
		return
	}
	pi.Status = PISucceeded
	pi.AmountCapturable = 0
	pi.AmountReceived = ch.AmountCaptured
	st.emitIntent("payment_intent.succeeded", pi)
}

// intentAuthorizationExpired cancels the PaymentIntent of an authorization
// that lapsed uncaptured, as Stripe cancels it after seven days.
func (st *State) intentAuthorizationExpired(ch *Charge) {
	pi, ok := st.pay().intents[ch.PaymentIntent]
	if !ok || pi.Status != PIRequiresCapture {
		return
	}
	st.cancelIntent(pi, "automatic")
}

// CancelPaymentIntent cancels a PaymentIntent that has not succeeded. An
// authorization it holds is released in full.
func (st *State) CancelPaymentIntent(id string, reason *string) (*PaymentIntent, *apierr.Error) {
	pi, err := st.PaymentIntent(id)
	if err != nil {
		return nil, err
	}
	switch pi.Status {
	case PISucceeded, PICanceled:
		return nil, unexpectedState(pi, "", fmt.Sprintf(msgPICancel, pi.Status))
	}
	if pi.Status == PIRequiresCapture {
		if ch, ok := st.charges[pi.LatestCharge]; ok && !ch.Captured && !ch.Refunded {
			st.newRefund(ch, ch.Amount-ch.AmountRefunded, nil, nil, "")
			st.emit("charge.refunded", ch, nil)
		}
	}
	r := "requested_by_customer"
	if reason != nil {
		r = *reason
	}
	st.cancelIntent(pi, r)
	return pi, nil
}

func (st *State) cancelIntent(pi *PaymentIntent, reason string) {
	now := st.clockFor(pi.Customer).now.Unix()
	pi.Status = PICanceled
	pi.CanceledAt = &now
	pi.CancellationReason = &reason
	pi.AmountCapturable = 0
	pi.NextAction = nil
	st.emitIntent("payment_intent.canceled", pi)
}

// PaymentIntentUpdate changes a PaymentIntent before it is paid.
type PaymentIntentUpdate struct {
	Amount               *int64
	Currency             *string
	Customer             *string
	PaymentMethod        *string
	PaymentMethodData    *PaymentMethodParams
	PaymentMethodTypes   []string
	CaptureMethod        *string
	RequestThreeDSecure  *string
	ApplicationFeeAmount Opt[int64]
	Description          *string
	Metadata             *form.MetadataUpdate
	ReceiptEmail         *string
	SetupFutureUsage     Opt[string]
	Shipping             Opt[Shipping]
	StatementDescriptor  *string
	DescriptorSuffix     *string
	TransferGroup        *string
}

// UpdatePaymentIntent applies u. What decides how the payment is made can
// change only before it is paid; descriptive fields can change any time.
func (st *State) UpdatePaymentIntent(id string, u PaymentIntentUpdate) (*PaymentIntent, *apierr.Error) {
	pi, err := st.PaymentIntent(id)
	if err != nil {
		return nil, err
	}
	open := pi.Status == PIRequiresPaymentMethod || pi.Status == PIRequiresConfirmation || pi.Status == PIRequiresAction
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"amount", u.Amount != nil},
		{"currency", u.Currency != nil},
		{"customer", u.Customer != nil && *u.Customer != pi.Customer},
		{"payment_method", u.PaymentMethod != nil || u.PaymentMethodData != nil},
		{"payment_method_types", u.PaymentMethodTypes != nil},
		{"capture_method", u.CaptureMethod != nil},
		{"setup_future_usage", u.SetupFutureUsage.Set},
		{"application_fee_amount", u.ApplicationFeeAmount.Set},
	} {
		if f.set && !open {
			return nil, unexpectedState(pi, f.name, fmt.Sprintf(msgPIUpdate, f.name, pi.Status))
		}
	}
	currency := pi.Currency
	if u.Currency != nil {
		if currency, err = checkCurrency(*u.Currency, "currency"); err != nil {
			return nil, err
		}
	}
	amount := pi.Amount
	if u.Amount != nil {
		amount = *u.Amount
	}
	if u.Amount != nil || u.Currency != nil {
		if err := checkAmount(amount, currency, "amount"); err != nil {
			return nil, err
		}
	}
	customerID, pm, err := st.intentPayer(pi.Customer, u.Customer, u.PaymentMethod, u.PaymentMethodData, pi)
	if err != nil {
		return nil, err
	}
	if u.Metadata != nil {
		if err := u.Metadata.Validate("metadata", pi.Metadata); err != nil {
			return nil, err
		}
	}

	// A change to what is paid, or with what, needs a new confirmation.
	reset := pm != nil || amount != pi.Amount || currency != pi.Currency || customerID != pi.Customer
	if reset {
		// An authentication covers the payment it was made for, not a
		// changed one.
		pi.authenticated = ""
	}
	pi.Amount, pi.Currency, pi.Customer = amount, currency, customerID
	if pm != nil {
		st.savePaymentMethod(pm)
		pi.PaymentMethod = pm.ID
	}
	if u.PaymentMethodTypes != nil {
		pi.PaymentMethodTypes = u.PaymentMethodTypes
		pi.AutomaticPaymentMethods = nil
	}
	if u.CaptureMethod != nil {
		pi.CaptureMethod = *u.CaptureMethod
	}
	if u.RequestThreeDSecure != nil {
		pi.RequestThreeDSecure = *u.RequestThreeDSecure
	}
	if u.ApplicationFeeAmount.Set {
		if u.ApplicationFeeAmount.Unset {
			pi.ApplicationFeeAmount = nil
		} else {
			v := u.ApplicationFeeAmount.V
			pi.ApplicationFeeAmount = &v
		}
	}
	if u.Description != nil {
		pi.Description = nonEmpty(u.Description)
	}
	if u.Metadata != nil {
		pi.Metadata = u.Metadata.Apply(pi.Metadata)
	}
	if u.ReceiptEmail != nil {
		pi.ReceiptEmail = nonEmpty(u.ReceiptEmail)
	}
	if u.SetupFutureUsage.Set {
		pi.SetupFutureUsage = optString(u.SetupFutureUsage)
	}
	if u.Shipping.Set {
		pi.Shipping = optShipping(u.Shipping)
	}
	if u.StatementDescriptor != nil {
		pi.StatementDescriptor = nonEmpty(u.StatementDescriptor)
	}
	if u.DescriptorSuffix != nil {
		pi.DescriptorSuffix = nonEmpty(u.DescriptorSuffix)
	}
	if u.TransferGroup != nil {
		pi.TransferGroup = nonEmpty(u.TransferGroup)
	}
	// A PaymentIntent that just got its PaymentMethod, or was waiting for
	// action on a payment that changed, waits for a new confirmation.
	if pm != nil && pi.Status == PIRequiresPaymentMethod || reset && pi.Status == PIRequiresAction {
		pi.Status = PIRequiresConfirmation
		pi.NextAction = nil
	}
	return pi, nil
}

// PaymentIntentFilter narrows a PaymentIntent list.
type PaymentIntentFilter struct {
	Customer *string
	Created  *form.Range
}

// ListPaymentIntents returns one page of PaymentIntents, newest first. Those
// of customers on test clocks are listed only when their customer is named,
// as charges are.
func (st *State) ListPaymentIntents(f PaymentIntentFilter, q PageQuery[*PaymentIntent]) Page[*PaymentIntent] {
	hideClocks := f.Customer == nil && st.clockCustomers
	if f.Customer != nil || f.Created != nil || hideClocks {
		q.Match = func(pi *PaymentIntent) bool {
			return (f.Customer == nil || pi.Customer == *f.Customer) &&
				(!hideClocks || !st.onTestClock(pi.Customer)) &&
				(f.Created == nil || f.Created.Contains(pi.Created))
		}
	}
	return st.pay().intentIdx.List(q)
}

// AllPaymentIntents returns every PaymentIntent, newest first.
func (st *State) AllPaymentIntents() []*PaymentIntent { return st.pay().intentIdx.All() }

// chargeOfPaymentIntent finds the charge to refund for a PaymentIntent: its
// latest charge, once the payment has succeeded. An authorization is
// released by canceling the PaymentIntent, not by refunding it.
func (st *State) chargeOfPaymentIntent(id string) (*Charge, *apierr.Error) {
	pi, ok := st.pay().intents[id]
	if !ok {
		return nil, apierr.NoSuchObject("payment_intent", id, "payment_intent")
	}
	ch, ok := st.charges[pi.LatestCharge]
	if pi.Status != PISucceeded || !ok {
		return nil, noChargeToRefund(pi.ID)
	}
	return ch, nil
}

// noChargeToRefund is Stripe's answer to refunding a PaymentIntent, or a
// charge of one, that holds no captured payment.
func noChargeToRefund(piID string) *apierr.Error {
	return apierr.Invalid("", "payment_intent", fmt.Sprintf("This PaymentIntent (%s) does not have a successful charge to refund.", piID))
}

// verifyPaymentIntents checks each PaymentIntent against its charges: the
// latest charge is its, amounts agree with the status, and every charge
// naming it is among its charges.
func (st *State) verifyPaymentIntents() []string {
	ps := &st.payments
	if ps.intents == nil {
		// No PaymentIntent was ever made, so no charge can name one.
		return nil
	}
	var problems []string
	for _, pi := range ps.intentIdx.items {
		var latest *Charge
		if pi.LatestCharge != "" {
			latest = st.charges[pi.LatestCharge]
			if latest == nil || latest.PaymentIntent != pi.ID {
				problems = append(problems, fmt.Sprintf("%s: latest_charge %s is not one of its charges", pi.ID, pi.LatestCharge))
				continue
			}
		}
		switch pi.Status {
		case PISucceeded:
			if latest == nil || !latest.Captured || pi.AmountReceived != latest.AmountCaptured || pi.AmountCapturable != 0 {
				problems = append(problems, fmt.Sprintf("%s: succeeded without a captured latest charge for amount_received %d", pi.ID, pi.AmountReceived))
			}
		case PIRequiresCapture:
			if latest == nil || latest.Captured || latest.Status != "succeeded" || pi.AmountCapturable != latest.Amount {
				problems = append(problems, fmt.Sprintf("%s: requires_capture without an uncaptured authorization of amount_capturable %d", pi.ID, pi.AmountCapturable))
			}
		default:
			if pi.AmountCapturable != 0 || pi.AmountReceived != 0 {
				problems = append(problems, fmt.Sprintf("%s: %s with amount_capturable %d and amount_received %d", pi.ID, pi.Status, pi.AmountCapturable, pi.AmountReceived))
			}
			if latest != nil && latest.Captured {
				problems = append(problems, fmt.Sprintf("%s: %s but its charge %s was captured", pi.ID, pi.Status, latest.ID))
			}
		}
	}
	for _, ch := range st.chargeIdx.items {
		if ch.PaymentIntent == "" {
			continue
		}
		pi, ok := ps.intents[ch.PaymentIntent]
		if !ok || !slices.Contains(pi.Charges, ch.ID) {
			problems = append(problems, fmt.Sprintf("%s: payment_intent %s does not list it", ch.ID, ch.PaymentIntent))
		}
	}
	return problems
}
