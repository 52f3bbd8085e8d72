// Package cards is the table of Stripe's test-mode payment inputs — test card
// numbers, tok_* test tokens and pm_card_* test PaymentMethod ids — and what
// each one does when it is charged, attached, disputed or refunded.
//
// The facts come from docs.stripe.com/testing (the "Card numbers",
// "PaymentMethods" and "Tokens" tabs of each section), from Stripe's error
// reference (docs.stripe.com/error-codes, docs.stripe.com/declines/codes) and
// from responses that real test-mode accounts returned for these inputs.
// Where a value is our choice rather than a documented fact, the comment next
// to it says so.
//
// The package is pure data plus lookup: no I/O, no state, safe for concurrent
// use. Every Card it returns is a fresh copy, so callers may change it freely.
package cards

import "sort"

// Card is what a test input stands for: the card Stripe makes from it and the
// behaviour it triggers.
type Card struct {
	// Scenario is a short, unique name for the table row (for example "visa",
	// "decline_insufficient_funds", "country_br"). It is not a Stripe field;
	// it exists so tests, logs and docs can say which row a card came from.
	// Cards made by ByNumber for unlisted numbers have Scenario "generic".
	Scenario string

	Number string // full PAN, e.g. "4242424242424242"
	// Brand is the brand as card objects render it ("Visa", "MasterCard",
	// "American Express", "Discover", "Diners Club", "JCB", "UnionPay",
	// "Unknown"); note Stripe's "MasterCard" spelling on card objects.
	Brand string
	// Network is the lower-case form used by payment_method_details.card.brand
	// and PaymentMethod objects ("visa", "mastercard", "amex", "discover",
	// "diners", "jcb", "unionpay", "unknown").
	Network string
	Funding string // credit, debit, prepaid, unknown
	Country string // ISO 3166-1 alpha-2 country of the issuer
	Last4   string
	// ExpMonth and ExpYear are the expiry the fake gives every test input.
	// Stripe's test tokens carry some future date; the fake always uses
	// 12/2034, the example date the testing page itself uses ("Use a valid
	// future date, such as 12/34"), so response bodies are deterministic.
	ExpMonth, ExpYear int
	// Fingerprint is deterministic per PAN (see fingerprint), 16 alphanumeric
	// characters like Stripe's, so two inputs with the same number share it.
	Fingerprint string

	// The check results the card produces when the corresponding value was
	// supplied ("pass", "fail", "unavailable"). When the value was not
	// supplied Stripe does not run the check, so a caller should render null
	// (or "unchecked" on token card objects) instead (docs.stripe.com/testing:
	// "If you don't provide those values, Radar doesn't perform the
	// corresponding checks, so the checks can't fail").
	CVCCheck, AddressLine1Check, AddressPostalCodeCheck string

	// Decline, when non-nil, is how every charge on the card fails.
	Decline *Decline

	RiskLevel string // Radar's risk_level: "normal", "elevated" or "highest"
	// RiskScore is the risk_score to report. Stripe's scores are 0-100 with
	// "elevated" starting at 65 and "highest" at 75; the exact numbers here
	// are the fake's choice (20, 70, 85, 95), not documented values.
	RiskScore int
	// RadarBlock means Stripe blocks the payment before it reaches the
	// network: outcome type "blocked" and fraud_details.stripe_report
	// "fraudulent". Only 4100000000000019 ("Always blocked") sets it.
	RadarBlock bool

	// Dispute is the dispute the charge receives after succeeding: "",
	// "fraudulent", "product_not_received", "inquiry", "early_fraud_warning"
	// (an issuer fraud record, not a dispute), "multiple",
	// "visa_compelling_evidence_3" or "visa_compliance".
	Dispute string
	// BypassPending sends the funds straight to the available balance.
	BypassPending bool
	// Refund is how refunds behave: "" (succeed at once and never change),
	// "pending" (start pending, later succeed) or "fail" (start succeeded,
	// later fail).
	Refund string
	// RefundFailureReason is the refund's failure_reason when Refund is
	// "fail": "expired_or_canceled_card", as the older testing page stated.
	RefundFailureReason string

	// ThreeDS is the card's 3-D Secure behaviour (docs.stripe.com/testing#regulatory-cards):
	//   ""                                 3DS supported but not enrolled; never asks (4242…)
	//   "required"                         authentication required on every payment
	//   "required_on_setup"                required unless the card was set up for off-session use
	//   "setup_for_off_session"            already set up: on-session payments still need it
	//   "required_then_insufficient_funds" required, then declined insufficient_funds anyway
	//   "required_then_declined"           required, then declined card_declined
	//   "required_then_processing_error"   required, but the 3DS lookup fails; declined card_declined
	//   "optional"                         supported, not required
	//   "optional_then_processing_error"   supported, not required; attempting it errors
	//   "not_supported"                    3DS cannot be invoked (378282246310005)
	// See RequiresAuthentication for what a Charges-only fake should do with it.
	ThreeDS string

	// AttachFails marks the decline-table cards, which cannot be attached to
	// a Customer: attaching fails with the same card error as the charge
	// ("The cards in the previous table can't be attached to a Customer
	// object").
	AttachFails bool
	// ChargeFailsAfterAttach marks 4000000000000341 and its token variants:
	// attaching succeeds, every charge is declined (Decline says how).
	ChargeFailsAfterAttach bool
}

// Decline is how a declined card fails: the card_error the API returns (HTTP
// 402) and the outcome on the failed Charge it creates.
type Decline struct {
	Code        string // error.code and charge.failure_code
	DeclineCode string // error.decline_code; empty where Stripe sends none
	Message     string // error.message and charge.failure_message, Stripe's exact text
	// Param is error.param where Stripe sets one: "cvc" for incorrect_cvc and
	// "exp_month" for expired_card (observed on test-mode responses), "number"
	// for incorrect_number; empty otherwise.
	Param         string
	SellerMessage string // outcome.seller_message
	NetworkStatus string // outcome.network_status: declined_by_network or not_sent_to_network
	OutcomeType   string // outcome.type: issuer_declined, blocked or invalid
	OutcomeReason string // outcome.reason
	// NeedsCVC means the decline only happens when a CVC was supplied (the
	// incorrect-CVC card): "If you don't provide a CVC, Stripe doesn't perform
	// the CVC check, so the check can't fail." Test tokens and PaymentMethods
	// were made with a CVC, so this matters only for raw card numbers.
	NeedsCVC bool
}

// RequiresAuthentication reports whether an on-session payment on the card
// needs 3-D Secure. Through PaymentIntents such a payment goes to
// requires_action; the legacy Charges API has no authentication step, so a
// fake covering only Charges should decline it with AuthenticationRequired
// (unless Decline already says how the payment fails).
func (c Card) RequiresAuthentication() bool {
	switch c.ThreeDS {
	case "required", "required_on_setup", "setup_for_off_session",
		"required_then_insufficient_funds", "required_then_declined", "required_then_processing_error":
		return true
	}
	return false
}

// Outcome and error texts shared by several rows.
const (
	msgDeclined = "Your card was declined."
	// sellerNoDetails is the seller_message of a generic_decline; every other
	// issuer decline names its code with sellerCode.
	sellerNoDetails = "The bank did not return any further details with this decline."
	// sellerBlocked is the seller_message of a payment Radar blocked.
	sellerBlocked = "Stripe blocked this payment as too risky."
)

// sellerCode is the seller_message an issuer decline carries when the bank
// returned a specific code, e.g. "The bank returned the decline code
// `insufficient_funds`." (observed on charge.failed events).
func sellerCode(code string) string {
	return "The bank returned the decline code `" + code + "`."
}

// issuerDecline builds the Decline of a payment the issuer refused. The
// outcome reason is the decline code, or the error code where Stripe sends no
// decline code (expired_card, incorrect_cvc, processing_error), as observed on
// failed test-mode charges.
func issuerDecline(code, declineCode, message, param string) *Decline {
	reason := declineCode
	if reason == "" {
		reason = code
	}
	seller := sellerCode(reason)
	if reason == "generic_decline" {
		seller = sellerNoDetails
	}
	return &Decline{
		Code: code, DeclineCode: declineCode, Message: message, Param: param,
		SellerMessage: seller, NetworkStatus: "declined_by_network",
		OutcomeType: "issuer_declined", OutcomeReason: reason,
	}
}

// AuthenticationRequired is the decline for a payment that needed 3-D Secure
// but could not get it, e.g. a Charges API charge on 4000002760003184. The
// message is the one Stripe returned for that card on an off-session charge;
// the decline code is Stripe's documented authentication_required
// (docs.stripe.com/declines/codes).
var AuthenticationRequired = Decline{
	Code: "card_declined", DeclineCode: "authentication_required",
	Message:       "Your card was declined. This transaction requires authentication.",
	SellerMessage: sellerCode("authentication_required"), NetworkStatus: "declined_by_network",
	OutcomeType: "issuer_declined", OutcomeReason: "authentication_required",
}

// IncorrectNumber is the card error for a number that fails the Luhn check,
// such as IncorrectNumberExample. Stripe rejects such a number when the card
// is created, before any charge exists, which is why it has no seller message
// and an "invalid" outcome type (docs.stripe.com/declines#invalid-api-calls).
var IncorrectNumber = Decline{
	Code: "incorrect_number", Message: "Your card number is incorrect.", Param: "number",
	NetworkStatus: "not_sent_to_network", OutcomeType: "invalid", OutcomeReason: "incorrect_number",
}

// IncorrectNumberExample is the testing page's "Incorrect number decline"
// card. It fails the Luhn check, so ByNumber and Lookup reject it; callers
// answer it with IncorrectNumber.
const IncorrectNumberExample = "4242424242424241"

// byName and byNumber index table by token or PaymentMethod name and by PAN.
var (
	byName   = map[string]int{}
	byNumber = map[string]int{}
)

func init() {
	for i, r := range table {
		for _, n := range r.names {
			if _, dup := byName[n]; dup {
				panic("cards: name listed twice: " + n)
			}
			byName[n] = i
		}
		if r.tokenOnly {
			continue
		}
		if _, dup := byNumber[r.card.Number]; dup {
			panic("cards: number listed twice: " + r.card.Number)
		}
		byNumber[r.card.Number] = i
	}
}

// clone returns a copy of c that shares nothing with the table.
func clone(c Card) Card {
	if c.Decline != nil {
		d := *c.Decline
		c.Decline = &d
	}
	return c
}

// Lookup finds a test token ("tok_visa", and the legacy spellings such as
// both tok_chargeDeclined and tok_visa_chargeDeclined), a test PaymentMethod
// id ("pm_card_visa") or a raw card number (see ByNumber). ok is false for
// anything else, including unknown tok_ and pm_ names.
func Lookup(s string) (Card, bool) {
	if i, ok := byName[s]; ok {
		return clone(table[i].card), true
	}
	if len(s) > 0 && (s[0] < '0' || s[0] > '9') {
		return Card{}, false
	}
	return ByNumber(s)
}

// Shared is Lookup for callers that only read the card: a known input comes
// back as the table's own row, shared by every caller, so storing it costs
// a pointer rather than a copy of the card. It must never be modified;
// copy it first (c := *card) to change a field.
func Shared(s string) (*Card, bool) {
	if i, ok := byName[s]; ok {
		return &table[i].card, true
	}
	if i, ok := byNumber[s]; ok {
		return &table[i].card, true
	}
	c, ok := Lookup(s)
	if !ok {
		return nil, false
	}
	return &c, true
}

// ByNumber finds a card by PAN (digits only). A number not in the table that
// passes the Luhn check, is 12 to 19 digits long and has a known brand prefix
// is a plain successful US credit card of that brand (brand from BrandOf),
// the way Stripe's test mode accepts any valid-looking number. ok is false
// for Luhn failures, non-digits and unknown brands.
func ByNumber(number string) (Card, bool) {
	if i, ok := byNumber[number]; ok {
		return clone(table[i].card), true
	}
	if len(number) < 12 || len(number) > 19 || !Luhn(number) {
		return Card{}, false
	}
	if _, network := BrandOf(number); network == "unknown" {
		return Card{}, false
	}
	return newCard("generic", number, "credit", "US"), true
}

// Names returns every known token and PaymentMethod id, sorted, so tests and
// docs can enumerate them deterministically.
func Names() []string {
	out := make([]string, 0, len(byName))
	for n := range byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Cards returns every row of the table in table order, including rows reached
// only by a token name. It is for tests and docs.
func Cards() []Card {
	out := make([]Card, len(table))
	for i, r := range table {
		out[i] = clone(r.card)
	}
	return out
}
