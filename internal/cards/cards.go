// Package cards is the table of Stripe's test-mode payment inputs: test card
// numbers, tok_* tokens and pm_card_* PaymentMethod ids, and what each one
// does when charged (docs.stripe.com/testing).
package cards

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
)

// Tokens carry no expiry of their own; Stripe gives test tokens a date in
// the future. The fake uses one fixed date so bodies are deterministic.
const (
	defaultExpMonth = 12
	defaultExpYear  = 2034
)

// Card is what a test input stands for.
type Card struct {
	Number      string
	Brand       string // as on card objects: "Visa", "MasterCard", "American Express", ...
	Network     string // as in payment_method_details: "visa", "mastercard", "amex", ...
	Funding     string // credit, debit, prepaid, unknown
	Country     string
	Last4       string
	ExpMonth    int
	ExpYear     int
	Fingerprint string

	CVCCheck, AddressLine1Check, AddressPostalCodeCheck string

	Decline       *Decline
	RiskLevel     string
	RiskScore     int
	RadarBlock    bool
	Dispute       string
	BypassPending bool
	Refund        string // "", "pending", "fail"
	ThreeDS       string
	AttachFails   bool
	// ChargeFailsAfterAttach marks 4000000000000341: it attaches to a
	// customer, and every charge on it is declined.
	ChargeFailsAfterAttach bool
}

// Decline is how a declined card fails.
type Decline struct {
	Code          string
	DeclineCode   string
	Message       string
	Param         string
	SellerMessage string
	NetworkStatus string
	OutcomeType   string
	OutcomeReason string
}

// entry is one row of the table: a card and the names it goes by.
type entry struct {
	card  Card
	names []string // tok_ and pm_card_ aliases
}

const (
	declined     = "Your card was declined."
	genericExtra = "The bank did not return any further details with this decline."
)

func decline(code, declineCode, message string) *Decline {
	seller := genericExtra
	if declineCode != "" && declineCode != "generic_decline" {
		seller = "The bank returned the decline code `" + declineCode + "`."
	}
	reason := declineCode
	if reason == "" {
		reason = code
	}
	return &Decline{Code: code, DeclineCode: declineCode, Message: message, SellerMessage: seller,
		NetworkStatus: "declined_by_network", OutcomeType: "issuer_declined", OutcomeReason: reason}
}

func brandOf(number string) (string, string) { return BrandOf(number) }

// table lists every known input. Cards are built with card(), which fills
// brand, last4 and fingerprint from the number.
var table = []entry{
	// Successful cards by brand (docs.stripe.com/testing#cards).
	{card: card("4242424242424242", "credit", "US"), names: []string{"tok_visa", "pm_card_visa"}},
	{card: card("4000056655665556", "debit", "US"), names: []string{"tok_visa_debit", "pm_card_visa_debit"}},
	{card: card("5555555555554444", "credit", "US"), names: []string{"tok_mastercard", "pm_card_mastercard"}},
	{card: card("2223003122003222", "credit", "US")},
	{card: card("5200828282828210", "debit", "US"), names: []string{"tok_mastercard_debit", "pm_card_mastercard_debit"}},
	{card: card("5105105105105100", "prepaid", "US"), names: []string{"tok_mastercard_prepaid", "pm_card_mastercard_prepaid"}},
	{card: card("378282246310005", "credit", "US"), names: []string{"tok_amex", "pm_card_amex"}},
	{card: card("371449635398431", "credit", "US")},
	{card: card("6011111111111117", "credit", "US"), names: []string{"tok_discover", "pm_card_discover"}},
	{card: card("6011000990139424", "credit", "US")},
	{card: card("3056930009020004", "credit", "US"), names: []string{"tok_diners", "pm_card_diners"}},
	{card: card("36227206271667", "credit", "US")},
	{card: card("3566002020360505", "credit", "JP"), names: []string{"tok_jcb", "pm_card_jcb"}},
	{card: card("6200000000000005", "credit", "CN"), names: []string{"tok_unionpay", "pm_card_unionpay"}},

	// International cards (docs.stripe.com/testing#international-cards).
	{card: card("4000000760000002", "credit", "BR"), names: []string{"tok_br", "pm_card_br"}},
	{card: card("4000001240000000", "credit", "CA"), names: []string{"tok_ca", "pm_card_ca"}},
	{card: card("4000004840008001", "credit", "MX"), names: []string{"tok_mx", "pm_card_mx"}},
	{card: card("4000000400000008", "credit", "AT"), names: []string{"tok_at", "pm_card_at"}},
	{card: card("4000002500000003", "credit", "FR"), names: []string{"tok_fr", "pm_card_fr"}},
	{card: card("4000002760000016", "credit", "DE"), names: []string{"tok_de", "pm_card_de"}},
	{card: card("4000008260000000", "credit", "GB"), names: []string{"tok_gb", "pm_card_gb"}},
	{card: card("4000000360000006", "credit", "AU"), names: []string{"tok_au", "pm_card_au"}},
	{card: card("4000003920000003", "credit", "JP"), names: []string{"tok_jp", "pm_card_jp"}},

	// Declines (docs.stripe.com/testing#declined-payments).
	{card: with(card("4000000000000002", "credit", "US"), func(c *Card) { c.Decline = decline("card_declined", "generic_decline", declined); c.AttachFails = true }),
		names: []string{"tok_chargeDeclined", "tok_visa_chargeDeclined", "pm_card_visa_chargeDeclined", "pm_card_chargeDeclined"}},
	{card: with(card("4000000000009995", "credit", "US"), func(c *Card) {
		c.Decline = decline("card_declined", "insufficient_funds", "Your card has insufficient funds.")
		c.AttachFails = true
	}), names: []string{"tok_chargeDeclinedInsufficientFunds", "tok_visa_chargeDeclinedInsufficientFunds", "pm_card_visa_chargeDeclinedInsufficientFunds", "pm_card_chargeDeclinedInsufficientFunds"}},
	{card: with(card("4000056655665556", "debit", "US"), func(c *Card) {
		c.Decline = decline("card_declined", "insufficient_funds", "Your card has insufficient funds.")
		c.AttachFails = true
	}), names: []string{"tok_visa_debit_chargeDeclinedInsufficientFunds"}},
	{card: with(card("4000000000009987", "credit", "US"), func(c *Card) { c.Decline = decline("card_declined", "lost_card", declined); c.AttachFails = true }),
		names: []string{"tok_chargeDeclinedLostCard", "tok_visa_chargeDeclinedLostCard", "pm_card_visa_chargeDeclinedLostCard", "pm_card_chargeDeclinedLostCard"}},
	{card: with(card("4000000000009979", "credit", "US"), func(c *Card) { c.Decline = decline("card_declined", "stolen_card", declined); c.AttachFails = true }),
		names: []string{"tok_chargeDeclinedStolenCard", "tok_visa_chargeDeclinedStolenCard", "pm_card_visa_chargeDeclinedStolenCard", "pm_card_chargeDeclinedStolenCard"}},
	{card: with(card("4000000000000069", "credit", "US"), func(c *Card) {
		c.Decline = decline("expired_card", "expired_card", "Your card has expired.")
		c.Decline.Param = "exp_month"
		c.AttachFails = true
	}), names: []string{"tok_chargeDeclinedExpiredCard", "tok_visa_chargeDeclinedExpiredCard", "pm_card_chargeDeclinedExpiredCard", "pm_card_visa_chargeDeclinedExpiredCard"}},
	{card: with(card("4000000000000127", "credit", "US"), func(c *Card) {
		c.Decline = decline("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect.")
		c.Decline.Param = "cvc"
		c.CVCCheck = "fail"
		c.AttachFails = true
	}), names: []string{"tok_chargeDeclinedIncorrectCvc", "tok_visa_chargeDeclinedIncorrectCvc", "pm_card_chargeDeclinedIncorrectCvc", "pm_card_visa_chargeDeclinedIncorrectCvc"}},
	{card: with(card("4000000000000119", "credit", "US"), func(c *Card) {
		c.Decline = decline("processing_error", "processing_error", "An error occurred while processing your card. Try again in a little bit.")
		c.AttachFails = true
	}), names: []string{"tok_chargeDeclinedProcessingError", "tok_visa_chargeDeclinedProcessingError", "pm_card_chargeDeclinedProcessingError", "pm_card_visa_chargeDeclinedProcessingError"}},
	{card: with(card("4000000000006975", "credit", "US"), func(c *Card) {
		c.Decline = decline("card_declined", "card_velocity_exceeded", "Your card was declined for making repeated attempts too frequently or exceeding its amount limit.")
		c.AttachFails = true
	}), names: []string{"tok_visa_chargeDeclinedVelocityLimitExceeded", "tok_chargeDeclinedVelocityLimitExceeded", "pm_card_visa_chargeDeclinedVelocityLimitExceeded"}},
	{card: with(card("4100000000000019", "credit", "US"), func(c *Card) {
		c.Decline = &Decline{Code: "card_declined", DeclineCode: "fraudulent", Message: declined,
			SellerMessage: "Stripe blocked this payment as too risky.", NetworkStatus: "not_sent_to_network", OutcomeType: "blocked", OutcomeReason: "highest_risk_level"}
		c.RadarBlock = true
		c.RiskLevel, c.RiskScore = "highest", 95
		c.AttachFails = true
	}), names: []string{"tok_radarBlock", "tok_chargeDeclinedFraudulent", "tok_visa_chargeDeclinedFraudulent", "pm_card_radarBlock", "pm_card_chargeDeclinedFraudulent"}},
	{card: with(card("4000000000000341", "credit", "US"), func(c *Card) {
		c.Decline = decline("card_declined", "generic_decline", declined)
		c.ChargeFailsAfterAttach = true
	}), names: []string{"tok_chargeCustomerFail", "tok_visa_chargeCustomerFail", "pm_card_chargeCustomerFail"}},

	// Fraud and check results (docs.stripe.com/testing#fraud-prevention).
	{card: with(card("4000000000004954", "credit", "US"), func(c *Card) { c.RiskLevel, c.RiskScore = "highest", 85 }), names: []string{"tok_riskLevelHighest", "pm_card_riskLevelHighest"}},
	{card: with(card("4000000000009235", "credit", "US"), func(c *Card) { c.RiskLevel, c.RiskScore = "elevated", 65 }), names: []string{"tok_riskLevelElevated", "pm_card_riskLevelElevated"}},
	{card: with(card("4000000000000101", "credit", "US"), func(c *Card) { c.CVCCheck = "fail" }), names: []string{"tok_cvcCheckFail", "pm_card_cvcCheckFail"}},
	{card: with(card("4000000000000036", "credit", "US"), func(c *Card) { c.AddressPostalCodeCheck = "fail" }), names: []string{"tok_avsZipFail", "pm_card_avsZipFail"}},
	{card: with(card("4000000000000028", "credit", "US"), func(c *Card) { c.AddressLine1Check = "fail" }), names: []string{"tok_avsLine1Fail", "pm_card_avsLine1Fail"}},
	{card: with(card("4000000000000010", "credit", "US"), func(c *Card) { c.AddressLine1Check, c.AddressPostalCodeCheck = "fail", "fail" }), names: []string{"tok_avsFail", "pm_card_avsFail"}},
	{card: with(card("4000000000000044", "credit", "US"), func(c *Card) { c.AddressLine1Check, c.AddressPostalCodeCheck = "unavailable", "unavailable" }), names: []string{"tok_avsUnchecked", "pm_card_avsUnchecked"}},

	// Disputes (docs.stripe.com/testing#disputes).
	{card: with(card("4000000000000259", "credit", "US"), func(c *Card) { c.Dispute = "fraudulent" }), names: []string{"tok_createDispute", "pm_card_createDispute"}},
	{card: with(card("4000000000002685", "credit", "US"), func(c *Card) { c.Dispute = "product_not_received" }), names: []string{"tok_createDisputeProductNotReceived", "pm_card_createDisputeProductNotReceived"}},
	{card: with(card("4000000000001976", "credit", "US"), func(c *Card) { c.Dispute = "inquiry" }), names: []string{"tok_createDisputeInquiry", "pm_card_createDisputeInquiry"}},
	{card: with(card("4000000000005423", "credit", "US"), func(c *Card) { c.Dispute = "early_fraud_warning" }), names: []string{"tok_createIssuerFraudRecord", "pm_card_createIssuerFraudRecord"}},
	{card: with(card("4000000404000079", "credit", "US"), func(c *Card) { c.Dispute = "multiple" }), names: []string{"tok_createMultipleDisputes", "pm_card_createMultipleDisputes"}},

	// Refunds (docs.stripe.com/testing#refunds).
	{card: with(card("4000000000007726", "credit", "US"), func(c *Card) { c.Refund = "pending" }), names: []string{"tok_pendingRefund", "pm_card_pendingRefund"}},
	{card: with(card("4000000000005126", "credit", "US"), func(c *Card) { c.Refund = "fail" }), names: []string{"tok_refundFail", "pm_card_refundFail"}},

	// Available balance (docs.stripe.com/testing#available-balance).
	{card: with(card("4000000000000077", "credit", "US"), func(c *Card) { c.BypassPending = true }), names: []string{"tok_bypassPending", "pm_card_bypassPending"}},
	{card: with(card("4000003720000278", "credit", "GB"), func(c *Card) { c.BypassPending = true }), names: []string{"tok_bypassPendingInternational", "pm_card_bypassPendingInternational"}},

	// 3-D Secure (docs.stripe.com/testing#regulatory-cards).
	{card: with(card("4000002760003184", "credit", "DE"), func(c *Card) { c.ThreeDS = "required" }), names: []string{"pm_card_authenticationRequired", "tok_threeDSecure2Required"}},
	{card: with(card("4000002500003155", "credit", "FR"), func(c *Card) { c.ThreeDS = "required_on_setup" }), names: []string{"pm_card_authenticationRequiredOnSetup", "tok_threeDSecureRequiredOnSetup"}},
	{card: with(card("4000008260003178", "credit", "GB"), func(c *Card) { c.ThreeDS = "required_then_insufficient_funds" }), names: []string{"pm_card_authenticationRequiredChargeDeclinedInsufficientFunds"}},
	{card: with(card("4000008400001629", "credit", "US"), func(c *Card) { c.ThreeDS = "required_then_declined" }), names: []string{"pm_card_threeDSecureRequiredChargeDeclined"}},
	{card: with(card("4000000000003055", "credit", "US"), func(c *Card) { c.ThreeDS = "optional" }), names: []string{"tok_threeDSecureOptional", "pm_card_threeDSecureOptional"}},
	{card: with(card("4000000000003220", "credit", "US"), func(c *Card) { c.ThreeDS = "required" }), names: []string{"pm_card_threeDSecure2Required"}},
}

// byName and byNumber index the table; the first row for a number wins.
var (
	byName   = map[string]int{}
	byNumber = map[string]int{}
)

func init() {
	for i, e := range table {
		for _, n := range e.names {
			byName[n] = i
		}
		if _, ok := byNumber[e.card.Number]; !ok {
			byNumber[e.card.Number] = i
		}
	}
}

// card makes a plain successful card from its number.
func card(number, funding, country string) Card {
	brand, network := brandOf(number)
	sum := sha256.Sum256([]byte("fakestripe:" + number))
	fp := hex.EncodeToString(sum[:])[:16]
	return Card{
		Number: number, Brand: brand, Network: network, Funding: funding, Country: country,
		Last4: number[len(number)-4:], ExpMonth: defaultExpMonth, ExpYear: defaultExpYear,
		Fingerprint: fp, CVCCheck: "pass", RiskLevel: "normal", RiskScore: 20,
	}
}

func with(c Card, f func(*Card)) Card {
	f(&c)
	return c
}

// Lookup finds a token, a PaymentMethod id or a card number.
func Lookup(s string) (Card, bool) {
	if i, ok := byName[s]; ok {
		return table[i].card, true
	}
	if strings.HasPrefix(s, "tok_") || strings.HasPrefix(s, "pm_") {
		return Card{}, false
	}
	return ByNumber(s)
}

// ByNumber finds a card by number; an unknown number that passes Luhn and
// has a known brand prefix is a plain successful card of that brand.
func ByNumber(number string) (Card, bool) {
	if i, ok := byNumber[number]; ok {
		return table[i].card, true
	}
	if len(number) < 12 || len(number) > 19 || !Luhn(number) {
		return Card{}, false
	}
	if brand, _ := BrandOf(number); brand == "Unknown" {
		return Card{}, false
	}
	return card(number, "credit", "US"), true
}

// Luhn reports whether a PAN passes the Luhn check.
func Luhn(number string) bool {
	if number == "" {
		return false
	}
	sum := 0
	double := false
	for i := len(number) - 1; i >= 0; i-- {
		d := int(number[i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// BrandOf names the brand of a number from its IIN prefix.
func BrandOf(number string) (brand, network string) {
	switch {
	case strings.HasPrefix(number, "4"):
		return "Visa", "visa"
	case strings.HasPrefix(number, "34"), strings.HasPrefix(number, "37"):
		return "American Express", "amex"
	case strings.HasPrefix(number, "6011"), strings.HasPrefix(number, "65"), strings.HasPrefix(number, "644"):
		return "Discover", "discover"
	case strings.HasPrefix(number, "62"):
		return "UnionPay", "unionpay"
	case strings.HasPrefix(number, "35"):
		return "JCB", "jcb"
	case strings.HasPrefix(number, "36"), strings.HasPrefix(number, "30"), strings.HasPrefix(number, "38"):
		return "Diners Club", "diners"
	case strings.HasPrefix(number, "5"), strings.HasPrefix(number, "22"), strings.HasPrefix(number, "23"), strings.HasPrefix(number, "24"),
		strings.HasPrefix(number, "25"), strings.HasPrefix(number, "26"), strings.HasPrefix(number, "27"):
		return "MasterCard", "mastercard"
	}
	return "Unknown", "unknown"
}

// Names returns every token and PaymentMethod id, sorted.
func Names() []string {
	out := make([]string, 0, len(byName))
	for n := range byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
