package state

import (
	"fmt"
	"strings"
	"time"

	"github.com/fakestripe/fakestripe/internal/apierr"
	"github.com/fakestripe/fakestripe/internal/cards"
	"github.com/fakestripe/fakestripe/internal/form"
)

// authorizationLifetime is how long an uncaptured charge can be captured
// before Stripe releases it (docs.stripe.com/payments/place-a-hold-on-a-payment-method).
const authorizationLifetime = 7 * 24 * time.Hour

// Charge is one attempt to move money into the account.
type Charge struct {
	ID      string
	Created int64
	seq     uint64

	Amount         int64
	AmountCaptured int64
	AmountRefunded int64
	Currency       string
	Customer       string
	Card           *Card // the card charged, attached to Customer or used once

	Status   string // succeeded, failed (pending is never produced for cards)
	Paid     bool
	Captured bool
	Refunded bool
	Disputed bool
	Expired  bool // the authorization lapsed uncaptured

	BalanceTransaction   string
	ApplicationFeeAmount *int64
	Description          *string
	FailureCode          *string
	FailureMessage       *string
	Outcome              Outcome
	FraudStripeReport    string
	FraudUserReport      string
	Metadata             map[string]string
	PaymentIntent        string
	ReceiptEmail         *string
	ReceiptNumber        *string
	Shipping             *Shipping
	StatementDescriptor  *string
	DescriptorSuffix     *string
	TransferGroup        *string
	Refunds              []string // refund ids, oldest first
}

// Outcome is the charge's outcome hash.
type Outcome struct {
	NetworkStatus string
	Reason        *string
	RiskLevel     string
	RiskScore     int
	Rule          *string
	SellerMessage string
	Type          string
}

// OrderKey and ObjectID place charges in lists.
func (c *Charge) OrderKey() (int64, uint64) { return c.Created, c.seq }

// ObjectID is the charge's id.
func (c *Charge) ObjectID() string { return c.ID }

// CalculatedDescriptor is the statement descriptor the cardholder sees.
func (st *State) CalculatedDescriptor(c *Charge) string {
	d := st.cfg.StatementDescriptor
	if c.StatementDescriptor != nil {
		d = *c.StatementDescriptor
	} else if c.DescriptorSuffix != nil {
		d = st.cfg.StatementDescriptor + "* " + *c.DescriptorSuffix
	}
	if len(d) > 22 {
		d = d[:22]
	}
	return strings.ToUpper(d)
}

// ChargeParams creates a charge.
type ChargeParams struct {
	Amount               int64
	Currency             string
	Customer             *string
	Source               *string
	Capture              *bool
	ApplicationFeeAmount *int64
	Description          *string
	Metadata             *form.MetadataUpdate
	ReceiptEmail         *string
	Shipping             *Shipping
	StatementDescriptor  *string
	DescriptorSuffix     *string
	TransferGroup        *string
}

// checkPayment checks what a charge and a PaymentIntent are both created
// with: a supported currency (returned lower-cased), an amount Stripe takes
// in it, and metadata within the limits.
func checkPayment(amount int64, currency string, md *form.MetadataUpdate) (string, *apierr.Error) {
	currency, err := checkCurrency(currency, "currency")
	if err != nil {
		return "", err
	}
	if err := checkAmount(amount, currency, "amount"); err != nil {
		return "", err
	}
	if md != nil {
		if err := md.Validate("metadata", nil); err != nil {
			return "", err
		}
	}
	return currency, nil
}

// CreateCharge charges a card. A declined card still creates the charge,
// with status failed, and the 402 card error names it, as Stripe does; so
// the returned charge is non-nil whenever something was written.
func (st *State) CreateCharge(p ChargeParams) (*Charge, *apierr.Error) {
	currency, err := checkPayment(p.Amount, p.Currency, p.Metadata)
	if err != nil {
		return nil, err
	}
	card, customerID, err := st.chargeSource(p.Customer, p.Source)
	if err != nil {
		return nil, err
	}
	// The charge's id is drawn before the card's, so ids keep the order
	// they had before PaymentIntents shared this path.
	id := st.NewID("ch")
	if card.Customer == "" && card.ID == "" {
		// A card used once (a token on the charge itself) gets its own id.
		card.ID = st.NewID("card")
		st.sources[card.ID] = card
	}
	info := card.Info
	d := info.Decline
	if d == nil && info.RequiresAuthentication() {
		// The Charges API has no authentication step, so a card that
		// always asks for 3-D Secure is declined, as Stripe declines it.
		ad := cards.AuthenticationRequired
		d = &ad
	}
	ch := st.chargeCard(chargeSpec{
		id:                   id,
		amount:               p.Amount,
		currency:             currency,
		customer:             customerID,
		card:                 card,
		capture:              p.Capture == nil || *p.Capture,
		decline:              d,
		applicationFeeAmount: p.ApplicationFeeAmount,
		description:          nonEmpty(p.Description),
		metadata:             applyMetadata(p.Metadata, nil),
		receiptEmail:         nonEmpty(p.ReceiptEmail),
		shipping:             p.Shipping,
		statementDescriptor:  nonEmpty(p.StatementDescriptor),
		descriptorSuffix:     nonEmpty(p.DescriptorSuffix),
		transferGroup:        nonEmpty(p.TransferGroup),
	})
	if d != nil {
		return ch, declineError(d, ch.ID)
	}
	return ch, nil
}

// chargeSpec is one attempt to charge a card, from the Charges API or a
// PaymentIntent's confirmation.
type chargeSpec struct {
	id                   string // made here when empty
	amount               int64
	currency             string
	customer             string
	card                 *Card
	capture              bool
	paymentIntent        string
	decline              *cards.Decline // how the attempt fails, or nil
	applicationFeeAmount *int64
	description          *string
	metadata             map[string]string
	receiptEmail         *string
	shipping             *Shipping
	statementDescriptor  *string
	descriptorSuffix     *string
	transferGroup        *string
}

// chargeCard is the one path that charges a card, shared by the Charges
// API and PaymentIntents so that both book the same fees, transactions,
// settlement, authorization expiry, declines and events. Callers have
// checked everything; it writes the charge, failed when s.decline says so,
// and returns it.
func (st *State) chargeCard(s chargeSpec) *Charge {
	// A charge lives on its customer's clock: its test clock's, if any.
	clk := st.clockFor(s.customer)
	now := clk.now
	if s.id == "" {
		s.id = st.NewID("ch")
	}
	ch := &Charge{
		ID:                   s.id,
		Created:              now.Unix(),
		seq:                  st.nextSeq(),
		Amount:               s.amount,
		Currency:             s.currency,
		Customer:             s.customer,
		Card:                 s.card,
		ApplicationFeeAmount: s.applicationFeeAmount,
		Description:          s.description,
		Metadata:             s.metadata,
		PaymentIntent:        s.paymentIntent,
		ReceiptEmail:         s.receiptEmail,
		Shipping:             s.shipping,
		StatementDescriptor:  s.statementDescriptor,
		DescriptorSuffix:     s.descriptorSuffix,
		TransferGroup:        s.transferGroup,
	}
	if ch.Metadata == nil {
		ch.Metadata = map[string]string{}
	}
	st.charges[ch.ID] = ch
	st.chargeIdx.Insert(ch)

	info := s.card.Info
	if d := s.decline; d != nil {
		ch.Status = "failed"
		ch.FailureCode = strPtr(d.Code)
		ch.FailureMessage = strPtr(d.Message)
		ch.Outcome = declinedOutcome(info, d)
		if info.RadarBlock {
			ch.FraudStripeReport = "fraudulent"
		}
		st.emit("charge.failed", ch, nil)
		return ch
	}
	ch.Status = "succeeded"
	ch.Paid = true
	ch.Outcome = approvedOutcome(info)
	ch.Disputed = info.Dispute != ""
	if s.capture {
		st.capture(ch, ch.Amount)
	} else {
		clk.schedule(now.Add(authorizationLifetime), func() { st.expireAuthorization(ch) })
	}
	// An authorization left uncaptured succeeds too; charge.captured
	// follows when it is captured.
	st.emit("charge.succeeded", ch, nil)
	return ch
}

// chargeSource picks the card a charge uses: the given source (a token, or
// one of the customer's cards) or the customer's default source.
func (st *State) chargeSource(customerID, source *string) (*Card, string, *apierr.Error) {
	var cust *Customer
	if customerID != nil {
		c, err := st.liveCustomer(*customerID, "customer")
		if err != nil {
			return nil, "", err
		}
		cust = c
	}
	switch {
	case source != nil && cust != nil && !strings.HasPrefix(*source, "tok_") && !strings.HasPrefix(*source, "pm_"):
		if !cust.hasSource(*source) {
			return nil, "", apierr.Invalid("missing", "source", fmt.Sprintf("Customer %s does not have a linked source with ID %s.", cust.ID, *source))
		}
		return st.sources[*source], cust.ID, nil
	case source != nil:
		card, err := st.cardFromSource(*source, "source")
		if err != nil {
			return nil, "", err
		}
		id := ""
		if cust != nil {
			id = cust.ID
		}
		return card, id, nil
	case cust != nil:
		if cust.DefaultSource == "" {
			return nil, "", &apierr.Error{Status: 402, Type: apierr.TypeCard, Code: "missing", Param: "card", Message: "Cannot charge a customer that has no active card"}
		}
		return st.sources[cust.DefaultSource], cust.ID, nil
	}
	return nil, "", apierr.Invalid("", "", "Must provide source or customer.")
}

func approvedOutcome(info *cards.Card) Outcome {
	level, score := info.RiskLevel, info.RiskScore
	if level == "" {
		level = "normal"
	}
	if score == 0 {
		score = 20
	}
	o := Outcome{NetworkStatus: "approved_by_network", RiskLevel: level, RiskScore: score, SellerMessage: "Payment complete.", Type: "authorized"}
	if level == "elevated" || level == "highest" {
		// Stripe lets risky-but-unblocked payments through and says so.
		o.Reason = strPtr(level + "_risk_level")
	}
	return o
}

func declinedOutcome(info *cards.Card, d *cards.Decline) Outcome {
	level, score := info.RiskLevel, info.RiskScore
	if level == "" {
		level = "normal"
	}
	if score == 0 {
		score = 20
	}
	o := Outcome{NetworkStatus: d.NetworkStatus, RiskLevel: level, RiskScore: score, SellerMessage: d.SellerMessage, Type: d.OutcomeType}
	if d.OutcomeReason != "" {
		o.Reason = strPtr(d.OutcomeReason)
	}
	if info.RadarBlock {
		o.Rule = strPtr("rule_blockifhighrisk")
	}
	if o.NetworkStatus == "" {
		o.NetworkStatus = "declined_by_network"
	}
	if o.Type == "" {
		o.Type = "issuer_declined"
	}
	return o
}

// capture books an authorized charge: the full authorized amount enters the
// ledger as a charge, and any part not captured goes straight back out as a
// partial_capture_reversal refund (docs.stripe.com/reports/reporting-categories).
func (st *State) capture(ch *Charge, amount int64) {
	ch.Captured = true
	ch.AmountCaptured = amount
	fee := st.feeFor(amount, ch.Currency, ch.Card.Info.Country != "" && ch.Card.Info.Country != "US")
	b := st.record(txnSpec{
		amount: ch.Amount, fee: fee, currency: ch.Currency,
		typ: "charge", category: "charge", source: ch.ID, description: ch.Description,
		available: ch.Card.Info.BypassPending, on: st.clockFor(ch.Customer),
	})
	ch.BalanceTransaction = b.ID
	if rest := ch.Amount - amount; rest > 0 {
		st.newRefund(ch, rest, nil, nil, "partial_capture_reversal")
	}
}

// CaptureParams captures an uncaptured charge.
type CaptureParams struct {
	Amount              *int64
	ReceiptEmail        *string
	StatementDescriptor *string
	DescriptorSuffix    *string
	TransferGroup       *string
}

// CaptureCharge captures an authorized charge, in full or in part.
func (st *State) CaptureCharge(id string, p CaptureParams) (*Charge, *apierr.Error) {
	ch, err := st.Charge(id)
	if err != nil {
		return nil, err
	}
	switch {
	case ch.Status == "failed":
		return nil, apierr.Invalid("charge_not_capturable", "", fmt.Sprintf("Charge %s has failed and cannot be captured.", ch.ID))
	case ch.Captured:
		// Checked before expiry: a captured charge that was later refunded
		// in full is still "already captured".
		return nil, apierr.Invalid("charge_already_captured", "", fmt.Sprintf("Charge %s has already been captured.", ch.ID))
	case ch.Expired || ch.Refunded:
		return nil, apierr.Invalid("charge_expired_for_capture", "", fmt.Sprintf("Charge %s has expired and can no longer be captured.", ch.ID))
	}
	amount := ch.Amount
	if p.Amount != nil {
		amount = *p.Amount
		if amount > ch.Amount {
			return nil, apierr.Invalid("amount_too_large", "amount", fmt.Sprintf("The amount to capture (%s) is greater than the amount authorized (%s).", formatMoney(amount, ch.Currency), formatMoney(ch.Amount, ch.Currency)))
		}
		if err := checkAmount(amount, ch.Currency, "amount"); err != nil {
			return nil, err
		}
	}
	if p.ReceiptEmail != nil {
		ch.ReceiptEmail = nonEmpty(p.ReceiptEmail)
	}
	if p.StatementDescriptor != nil {
		ch.StatementDescriptor = nonEmpty(p.StatementDescriptor)
	}
	if p.DescriptorSuffix != nil {
		ch.DescriptorSuffix = nonEmpty(p.DescriptorSuffix)
	}
	if p.TransferGroup != nil && ch.TransferGroup == nil {
		ch.TransferGroup = nonEmpty(p.TransferGroup)
	}
	st.capture(ch, amount)
	st.emit("charge.captured", ch, nil)
	if ch.PaymentIntent != "" {
		// Capturing a PaymentIntent's charge, through either API, is
		// capturing the PaymentIntent.
		st.intentCaptured(ch)
	}
	return ch, nil
}

// expireAuthorization releases an authorization left uncaptured for seven
// days: Stripe refunds it in full with reason expired_uncaptured_charge.
func (st *State) expireAuthorization(ch *Charge) {
	if ch.Captured || ch.Refunded || ch.Status != "succeeded" {
		return
	}
	ch.Expired = true
	reason := "expired_uncaptured_charge"
	st.newRefund(ch, ch.Amount, &reason, nil, "")
	st.emit("charge.expired", ch, nil)
	if ch.PaymentIntent != "" {
		st.intentAuthorizationExpired(ch)
	}
}

// Charge returns the charge with id.
func (st *State) Charge(id string) (*Charge, *apierr.Error) {
	ch, ok := st.charges[id]
	if !ok {
		return nil, apierr.NoSuchObject("charge", id, "id")
	}
	return ch, nil
}

// ChargeUpdate changes the few fields of a charge Stripe lets change.
type ChargeUpdate struct {
	Customer        *string
	Description     *string
	FraudUserReport *string
	Metadata        *form.MetadataUpdate
	ReceiptEmail    *string
	Shipping        Opt[Shipping]
	TransferGroup   *string
}

// UpdateCharge applies u to the charge with id.
func (st *State) UpdateCharge(id string, u ChargeUpdate) (*Charge, *apierr.Error) {
	ch, err := st.Charge(id)
	if err != nil {
		return nil, err
	}
	if u.Customer != nil {
		if ch.Customer != "" && ch.Customer != *u.Customer {
			return nil, apierr.Invalidf("customer", "Charge %s already has a customer; the customer of a charge can only be set once.", ch.ID)
		}
		if _, err := st.liveCustomer(*u.Customer, "customer"); err != nil {
			return nil, err
		}
	}
	if u.TransferGroup != nil && ch.TransferGroup != nil && *ch.TransferGroup != *u.TransferGroup {
		return nil, apierr.Invalidf("transfer_group", "The transfer_group of charge %s has already been set and cannot be changed.", ch.ID)
	}
	if u.Metadata != nil {
		if err := u.Metadata.Validate("metadata", ch.Metadata); err != nil {
			return nil, err
		}
	}
	prev := *ch
	if u.Customer != nil {
		ch.Customer = *u.Customer
	}
	if u.Description != nil {
		ch.Description = nonEmpty(u.Description)
	}
	if u.FraudUserReport != nil {
		ch.FraudUserReport = *u.FraudUserReport
	}
	if u.Metadata != nil {
		ch.Metadata = u.Metadata.Apply(ch.Metadata)
	}
	if u.ReceiptEmail != nil {
		ch.ReceiptEmail = nonEmpty(u.ReceiptEmail)
	}
	if u.Shipping.Set {
		if u.Shipping.Unset {
			ch.Shipping = nil
		} else {
			s := u.Shipping.V
			ch.Shipping = &s
		}
	}
	if u.TransferGroup != nil {
		ch.TransferGroup = nonEmpty(u.TransferGroup)
	}
	st.emit("charge.updated", ch, &prev)
	return ch, nil
}

// ChargeFilter narrows a charge list.
type ChargeFilter struct {
	Customer      *string
	Created       *form.Range
	PaymentIntent *string
	TransferGroup *string
}

// ListCharges returns one page of charges, newest first. As on Stripe, the
// charges of customers on test clocks are listed only when their customer
// is named.
func (st *State) ListCharges(f ChargeFilter, q PageQuery[*Charge]) Page[*Charge] {
	hideClocks := f.Customer == nil && st.clockCustomers
	if f.Customer != nil || f.Created != nil || f.PaymentIntent != nil || f.TransferGroup != nil || hideClocks {
		q.Match = func(c *Charge) bool {
			return (f.Customer == nil || c.Customer == *f.Customer) &&
				(!hideClocks || !st.onTestClock(c.Customer)) &&
				(f.Created == nil || f.Created.Contains(c.Created)) &&
				(f.PaymentIntent == nil || c.PaymentIntent == *f.PaymentIntent) &&
				(f.TransferGroup == nil || (c.TransferGroup != nil && *c.TransferGroup == *f.TransferGroup))
		}
	}
	return st.chargeIdx.List(q)
}

// AllCharges returns every charge, newest first.
func (st *State) AllCharges() []*Charge { return st.chargeIdx.All() }

// verifyCharges checks that each charge agrees with its refunds.
func (st *State) verifyCharges() []string {
	var problems []string
	for _, ch := range st.chargeIdx.items {
		var refunded int64
		for _, id := range ch.Refunds {
			r := st.refunds[id]
			if r.Status != "failed" && r.Status != "canceled" {
				refunded += r.Amount
			}
		}
		if refunded != ch.AmountRefunded {
			problems = append(problems, fmt.Sprintf("%s: amount_refunded %d, refunds sum to %d", ch.ID, ch.AmountRefunded, refunded))
		}
		if ch.AmountRefunded > ch.Amount {
			problems = append(problems, fmt.Sprintf("%s: refunded %d of %d", ch.ID, ch.AmountRefunded, ch.Amount))
		}
		if ch.Refunded != (ch.AmountRefunded == ch.Amount) {
			problems = append(problems, fmt.Sprintf("%s: refunded=%v with %d of %d refunded", ch.ID, ch.Refunded, ch.AmountRefunded, ch.Amount))
		}
		if ch.Captured != (ch.BalanceTransaction != "") {
			problems = append(problems, fmt.Sprintf("%s: captured=%v but balance_transaction=%q", ch.ID, ch.Captured, ch.BalanceTransaction))
		}
	}
	return append(problems, st.verifyPaymentIntents()...)
}
