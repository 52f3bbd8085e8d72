package cards

import (
	"crypto/sha256"
	"strconv"
)

// The expiry every test input gets (see Card.ExpMonth).
const (
	defaultExpMonth = 12
	defaultExpYear  = 2034
)

// Luhn reports whether a PAN passes the Luhn (mod 10) check. Stripe rejects
// numbers that fail it with incorrect_number (docs.stripe.com/testing#invalid-data).
// Anything other than ASCII digits, and the empty string, fails.
func Luhn(number string) bool {
	if number == "" {
		return false
	}
	sum := 0
	double := false
	for i := len(number) - 1; i >= 0; i-- {
		c := number[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
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

// BrandOf returns the brand (card-object form, e.g. "MasterCard") and network
// (payment_method_details form, e.g. "mastercard") of a PAN from its IIN
// prefix, or "Unknown"/"unknown". The ranges are the networks' published IIN
// ranges; 62 is UnionPay, as Stripe reports its 62… test cards, even though
// Discover also accepts part of that range.
func BrandOf(number string) (brand, network string) {
	if !digits(number) {
		return "Unknown", "unknown"
	}
	p2 := prefix(number, 2)
	p3 := prefix(number, 3)
	p4 := prefix(number, 4)
	switch {
	case number[0] == '4':
		return "Visa", "visa"
	case p2 == 34 || p2 == 37:
		return "American Express", "amex"
	case p4 >= 3528 && p4 <= 3589:
		return "JCB", "jcb"
	case (p3 >= 300 && p3 <= 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39:
		return "Diners Club", "diners"
	case p2 == 62:
		return "UnionPay", "unionpay"
	case p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65:
		return "Discover", "discover"
	case (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720):
		return "MasterCard", "mastercard"
	}
	return "Unknown", "unknown"
}

// digits reports whether s is a non-empty string of ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// prefix returns the first n digits of s as a number, or -1 when s is shorter.
func prefix(s string, n int) int {
	if len(s) < n {
		return -1
	}
	v, err := strconv.Atoi(s[:n])
	if err != nil {
		return -1
	}
	return v
}

// fingerprintAlphabet is the character set of Stripe's card fingerprints
// (16 characters of [0-9A-Za-z], e.g. "Xt5EWLLDS7FJjR1c").
const fingerprintAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// fingerprint derives a card fingerprint from the PAN alone, so the same
// number always gets the same fingerprint, in every run and for every token
// that stands for it, the way Stripe fingerprints identify a card number
// within an account. The salt keeps it from being a plain hash of the PAN.
func fingerprint(number string) string {
	sum := sha256.Sum256([]byte("fakestripe card fingerprint:" + number))
	out := make([]byte, 16)
	for i := range out {
		out[i] = fingerprintAlphabet[int(sum[i])%len(fingerprintAlphabet)]
	}
	return string(out)
}

// newCard makes a plain successful card: brand and network from the number,
// every check passing, normal risk, the fixed expiry.
func newCard(scenario, number, funding, country string) Card {
	brand, network := BrandOf(number)
	last4 := number
	if len(number) > 4 {
		last4 = number[len(number)-4:]
	}
	return Card{
		Scenario: scenario,
		Number:   number, Brand: brand, Network: network,
		Funding: funding, Country: country, Last4: last4,
		ExpMonth: defaultExpMonth, ExpYear: defaultExpYear,
		Fingerprint: fingerprint(number),
		CVCCheck:    "pass", AddressLine1Check: "pass", AddressPostalCodeCheck: "pass",
		RiskLevel: "normal", RiskScore: riskNormal,
	}
}

// Risk scores the fake reports per level; see Card.RiskScore.
const (
	riskNormal   = 20
	riskElevated = 70
	riskHighest  = 85
	riskBlocked  = 95
)
