package cards

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEveryNameResolves checks that every token and PaymentMethod name in the
// table resolves to its row's card, so all spellings of one input agree.
func TestEveryNameResolves(t *testing.T) {
	for _, r := range table {
		for _, name := range r.names {
			t.Run(name, func(t *testing.T) {
				got, ok := Lookup(name)
				if !ok {
					t.Fatalf("Lookup(%q) not found", name)
				}
				if diff := cmp.Diff(r.card, got); diff != "" {
					t.Errorf("Lookup(%q) mismatch (-want +got):\n%s", name, diff)
				}
			})
		}
	}
}

// TestSpellings pins the names callers use, including the legacy aliases,
// to the number and scenario Stripe documents for them.
func TestSpellings(t *testing.T) {
	tests := []struct {
		name, number, scenario string
	}{
		{"tok_visa", "4242424242424242", "visa"},
		{"pm_card_visa", "4242424242424242", "visa"},
		{"tok_us", "4242424242424242", "visa"},
		{"pm_card_us", "4242424242424242", "visa"},
		{"tok_visa_debit", "4000056655665556", "visa_debit"},
		{"tok_mastercard", "5555555555554444", "mastercard"},
		{"pm_card_mastercard_debit", "5200828282828210", "mastercard_debit"},
		{"tok_mastercard_prepaid", "5105105105105100", "mastercard_prepaid"},
		{"tok_amex", "378282246310005", "amex"},
		{"pm_card_amex_threeDSecureNotSupported", "378282246310005", "amex"},
		{"tok_discover", "6011111111111117", "discover"},
		{"tok_diners", "3056930009020004", "diners"},
		{"tok_jcb", "3566002020360505", "jcb"},
		{"pm_card_unionpay", "6200000000000005", "unionpay"},
		{"tok_br", "4000000760000002", "country_br"},
		{"pm_card_br", "4000000760000002", "country_br"},
		{"tok_ca", "4000001240000000", "country_ca"},
		{"pm_card_mx", "4000004840008001", "country_mx"},
		{"tok_gb_debit", "4000058260000005", "country_gb_debit"},
		{"pm_card_gb_mastercard", "5555558265554449", "country_gb_mastercard"},
		{"tok_th_credit", "4000007640000003", "country_th_credit"},
		{"pm_card_th_debit", "4000057640000008", "country_th_debit"},
		{"tok_chargeDeclined", "4000000000000002", "decline_generic"},
		{"tok_visa_chargeDeclined", "4000000000000002", "decline_generic"},
		{"pm_card_visa_chargeDeclined", "4000000000000002", "decline_generic"},
		{"pm_card_chargeDeclined", "4000000000000002", "decline_generic"},
		{"tok_chargeDeclinedInsufficientFunds", "4000000000009995", "decline_insufficient_funds"},
		{"tok_visa_chargeDeclinedInsufficientFunds", "4000000000009995", "decline_insufficient_funds"},
		{"tok_visa_debit_chargeDeclinedInsufficientFunds", "4000000000009995", "decline_insufficient_funds_debit"},
		{"tok_chargeDeclinedLostCard", "4000000000009987", "decline_lost_card"},
		{"pm_card_visa_chargeDeclinedStolenCard", "4000000000009979", "decline_stolen_card"},
		{"tok_chargeDeclinedExpiredCard", "4000000000000069", "decline_expired_card"},
		{"tok_visa_chargeDeclinedExpiredCard", "4000000000000069", "decline_expired_card"},
		{"pm_card_chargeDeclinedIncorrectCvc", "4000000000000127", "decline_incorrect_cvc"},
		{"tok_visa_chargeDeclinedProcessingError", "4000000000000119", "decline_processing_error"},
		{"tok_visa_chargeDeclinedVelocityLimitExceeded", "4000000000006975", "decline_velocity_limit"},
		{"pm_card_visa_chargeDeclinedVelocityLimitExceeded", "4000000000006975", "decline_velocity_limit"},
		{"tok_chargeCustomerFail", "4000000000000341", "charge_customer_fail"},
		{"tok_visa_chargeCustomerFail", "4000000000000341", "charge_customer_fail"},
		{"tok_visa_chargeCustomerFailLostCard", "4000000000000341", "charge_customer_fail_lost_card"},
		{"tok_visa_chargeCustomerFailStolenCard", "4000000000000341", "charge_customer_fail_stolen_card"},
		{"tok_radarBlock", "4100000000000019", "radar_block"},
		{"tok_chargeDeclinedFraudulent", "4100000000000019", "radar_block"},
		{"tok_visa_chargeDeclinedFraudulent", "4100000000000019", "radar_block"},
		{"pm_card_radarBlock", "4100000000000019", "radar_block"},
		{"tok_riskLevelHighest", "4000000000004954", "risk_highest"},
		{"tok_riskLevelElevated", "4000000000009235", "risk_elevated"},
		{"tok_cvcCheckFail", "4000000000000101", "cvc_check_fail"},
		{"tok_avsZipFail", "4000000000000036", "avs_zip_fail"},
		{"tok_avsLine1Fail", "4000000000000028", "avs_line1_fail"},
		{"tok_avsFail", "4000000000000010", "avs_fail"},
		{"tok_avsUnchecked", "4000000000000044", "avs_unchecked"},
		{"tok_createDispute", "4000000000000259", "dispute_fraudulent"},
		{"tok_createDisputeProductNotReceived", "4000000000002685", "dispute_product_not_received"},
		{"tok_createDisputeInquiry", "4000000000001976", "dispute_inquiry"},
		{"tok_createIssuerFraudRecord", "4000000000005423", "early_fraud_warning"},
		{"pm_card_createMultipleDisputes", "4000000404000079", "dispute_multiple"},
		{"tok_pendingRefund", "4000000000007726", "refund_pending"},
		{"pm_card_refundFail", "4000000000005126", "refund_fail"},
		{"tok_bypassPending", "4000000000000077", "bypass_pending"},
		{"tok_bypassPendingInternational", "4000003720000278", "bypass_pending_international"},
		{"pm_card_authenticationRequired", "4000002760003184", "3ds_authentication_required"},
		{"pm_card_authenticationRequiredOnSetup", "4000002500003155", "3ds_required_on_setup"},
		{"tok_threeDSecure2Required", "4000000000003220", "3ds_required_ok"},
		{"tok_threeDSecureOptional", "4000000000003055", "3ds_optional"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := Lookup(tc.name)
			if !ok {
				t.Fatalf("Lookup(%q) not found", tc.name)
			}
			got := [2]string{c.Number, c.Scenario}
			if diff := cmp.Diff([2]string{tc.number, tc.scenario}, got); diff != "" {
				t.Errorf("Lookup(%q) (-want +got):\n%s", tc.name, diff)
			}
		})
	}
}

// TestDeclines pins every decline's error and outcome fields to Stripe's.
func TestDeclines(t *testing.T) {
	issuer := func(code, declineCode, msg, param, reason, seller string) *Decline {
		return &Decline{Code: code, DeclineCode: declineCode, Message: msg, Param: param,
			SellerMessage: seller, NetworkStatus: "declined_by_network", OutcomeType: "issuer_declined", OutcomeReason: reason}
	}
	generic := issuer("card_declined", "generic_decline", "Your card was declined.", "", "generic_decline",
		"The bank did not return any further details with this decline.")
	insufficient := issuer("card_declined", "insufficient_funds", "Your card has insufficient funds.", "", "insufficient_funds",
		"The bank returned the decline code `insufficient_funds`.")
	cvc := issuer("incorrect_cvc", "", "Your card's security code is incorrect.", "cvc", "incorrect_cvc",
		"The bank returned the decline code `incorrect_cvc`.")
	cvc.NeedsCVC = true
	tests := []struct {
		input string
		want  *Decline
	}{
		{"4000000000000002", generic},
		{"4000000000009995", insufficient},
		{"tok_visa_debit_chargeDeclinedInsufficientFunds", insufficient},
		{"4000000000009987", issuer("card_declined", "lost_card", "Your card was declined.", "", "lost_card",
			"The bank returned the decline code `lost_card`.")},
		{"4000000000009979", issuer("card_declined", "stolen_card", "Your card was declined.", "", "stolen_card",
			"The bank returned the decline code `stolen_card`.")},
		{"4000000000000069", issuer("expired_card", "", "Your card has expired.", "exp_month", "expired_card",
			"The bank returned the decline code `expired_card`.")},
		{"4000000000000127", cvc},
		{"4000000000000119", issuer("processing_error", "", "An error occurred while processing your card. Try again in a little bit.", "",
			"processing_error", "The bank returned the decline code `processing_error`.")},
		{"4000000000006975", issuer("card_declined", "card_velocity_exceeded",
			"Your card was declined for making repeated attempts too frequently or exceeding its amount limit.", "",
			"card_velocity_exceeded", "The bank returned the decline code `card_velocity_exceeded`.")},
		{"4000000000000341", generic},
		{"tok_visa_chargeCustomerFailLostCard", issuer("card_declined", "lost_card", "Your card was declined.", "", "lost_card",
			"The bank returned the decline code `lost_card`.")},
		{"tok_visa_chargeCustomerFailStolenCard", issuer("card_declined", "stolen_card", "Your card was declined.", "", "stolen_card",
			"The bank returned the decline code `stolen_card`.")},
		{"4100000000000019", &Decline{Code: "card_declined", DeclineCode: "fraudulent", Message: "Your card was declined.",
			SellerMessage: "Stripe blocked this payment as too risky.", NetworkStatus: "not_sent_to_network",
			OutcomeType: "blocked", OutcomeReason: "highest_risk_level"}},
		{"4000008260003178", insufficient},
		{"4000008400001629", generic},
		{"4000008400001280", generic},
	}
	for _, tc := range tests {
		t.Run(tc.input, func(t *testing.T) {
			c, ok := Lookup(tc.input)
			if !ok {
				t.Fatalf("Lookup(%q) not found", tc.input)
			}
			if diff := cmp.Diff(tc.want, c.Decline); diff != "" {
				t.Errorf("Decline of %q (-want +got):\n%s", tc.input, diff)
			}
		})
	}
}

// TestEveryDeclineComplete checks that every declining row carries the
// fields a card error and a failed charge need.
func TestEveryDeclineComplete(t *testing.T) {
	ds := map[string]*Decline{"AuthenticationRequired": &AuthenticationRequired, "IncorrectNumber": &IncorrectNumber}
	for _, c := range Cards() {
		if c.Decline != nil {
			ds[c.Scenario] = c.Decline
		}
	}
	for name, d := range ds {
		if d.Code == "" || d.Message == "" || d.NetworkStatus == "" || d.OutcomeType == "" || d.OutcomeReason == "" {
			t.Errorf("%s: incomplete decline %+v", name, *d)
		}
		if d.OutcomeType != "invalid" && d.SellerMessage == "" {
			t.Errorf("%s: decline without seller message", name)
		}
		if d.DeclineCode != "" && d.Code != "card_declined" {
			t.Errorf("%s: decline_code %q on code %q; Stripe sends decline codes with card_declined", name, d.DeclineCode, d.Code)
		}
	}
}

// TestBehaviour pins the non-decline behaviour of the special-purpose cards.
func TestBehaviour(t *testing.T) {
	type behaviour struct {
		Country, Funding                    string
		CVC, Line1, Postal                  string
		RiskLevel                           string
		RadarBlock                          bool
		Dispute                             string
		BypassPending                       bool
		Refund, RefundFailure, ThreeDS      string
		AttachFails, ChargeFailsAfterAttach bool
		Declines, RequiresAuthentication    bool
	}
	of := func(c Card) behaviour {
		return behaviour{c.Country, c.Funding, c.CVCCheck, c.AddressLine1Check, c.AddressPostalCodeCheck, c.RiskLevel,
			c.RadarBlock, c.Dispute, c.BypassPending, c.Refund, c.RefundFailureReason, c.ThreeDS,
			c.AttachFails, c.ChargeFailsAfterAttach, c.Decline != nil, c.RequiresAuthentication()}
	}
	plain := behaviour{Country: "US", Funding: "credit", CVC: "pass", Line1: "pass", Postal: "pass", RiskLevel: "normal"}
	with := func(f func(*behaviour)) behaviour {
		b := plain
		f(&b)
		return b
	}
	tests := []struct {
		input string
		want  behaviour
	}{
		{"tok_visa", plain},
		{"tok_visa_debit", with(func(b *behaviour) { b.Funding = "debit" })},
		{"tok_mastercard_prepaid", with(func(b *behaviour) { b.Funding = "prepaid" })},
		{"tok_amex", with(func(b *behaviour) { b.ThreeDS = "not_supported" })},
		{"tok_jcb", with(func(b *behaviour) { b.Country = "JP" })},
		{"tok_unionpay", with(func(b *behaviour) { b.Country = "CN" })},
		{"tok_br", with(func(b *behaviour) { b.Country = "BR" })},
		{"tok_gb_debit", with(func(b *behaviour) { b.Country, b.Funding = "GB", "debit" })},
		{"tok_chargeDeclined", with(func(b *behaviour) { b.AttachFails, b.Declines = true, true })},
		{"tok_chargeDeclinedIncorrectCvc", with(func(b *behaviour) { b.CVC, b.AttachFails, b.Declines = "fail", true, true })},
		{"tok_chargeCustomerFail", with(func(b *behaviour) { b.ChargeFailsAfterAttach, b.Declines = true, true })},
		{"tok_radarBlock", with(func(b *behaviour) { b.RiskLevel, b.RadarBlock, b.Declines = "highest", true, true })},
		{"tok_riskLevelHighest", with(func(b *behaviour) { b.RiskLevel = "highest" })},
		{"tok_riskLevelElevated", with(func(b *behaviour) { b.RiskLevel = "elevated" })},
		{"tok_cvcCheckFail", with(func(b *behaviour) { b.CVC = "fail" })},
		{"tok_cvcCheckFailElevatedRisk", with(func(b *behaviour) { b.CVC, b.RiskLevel = "fail", "elevated" })},
		{"tok_avsZipFail", with(func(b *behaviour) { b.Postal = "fail" })},
		{"tok_avsZipFailElevatedRisk", with(func(b *behaviour) { b.Postal, b.RiskLevel = "fail", "elevated" })},
		{"tok_avsLine1Fail", with(func(b *behaviour) { b.Line1 = "fail" })},
		{"tok_avsFail", with(func(b *behaviour) { b.Line1, b.Postal = "fail", "fail" })},
		{"tok_avsUnchecked", with(func(b *behaviour) { b.Line1, b.Postal = "unavailable", "unavailable" })},
		{"tok_createDispute", with(func(b *behaviour) { b.Dispute = "fraudulent" })},
		{"tok_createDisputeProductNotReceived", with(func(b *behaviour) { b.Dispute = "product_not_received" })},
		{"tok_createDisputeInquiry", with(func(b *behaviour) { b.Dispute = "inquiry" })},
		{"tok_createIssuerFraudRecord", with(func(b *behaviour) { b.Dispute = "early_fraud_warning" })},
		{"tok_createMultipleDisputes", with(func(b *behaviour) { b.Dispute = "multiple" })},
		{"tok_pendingRefund", with(func(b *behaviour) { b.Refund = "pending" })},
		{"tok_refundFail", with(func(b *behaviour) { b.Refund, b.RefundFailure = "fail", "expired_or_canceled_card" })},
		{"tok_bypassPending", with(func(b *behaviour) { b.BypassPending = true })},
		{"tok_bypassPendingInternational", with(func(b *behaviour) { b.Country, b.BypassPending = "IE", true })},
		{"pm_card_authenticationRequired", with(func(b *behaviour) { b.Country, b.ThreeDS, b.RequiresAuthentication = "DE", "required", true })},
		{"pm_card_authenticationRequiredOnSetup", with(func(b *behaviour) {
			b.Country, b.ThreeDS, b.RequiresAuthentication = "FR", "required_on_setup", true
		})},
		{"pm_card_authenticationRequiredChargeDeclinedInsufficientFunds", with(func(b *behaviour) {
			b.Country, b.ThreeDS, b.RequiresAuthentication, b.Declines = "GB", "required_then_insufficient_funds", true, true
		})},
		{"tok_threeDSecureRequiredChargeDeclined", with(func(b *behaviour) {
			b.ThreeDS, b.RequiresAuthentication, b.Declines = "required_then_declined", true, true
		})},
		{"tok_threeDSecureOptional", with(func(b *behaviour) { b.ThreeDS = "optional" })},
	}
	for _, tc := range tests {
		t.Run(tc.input, func(t *testing.T) {
			c, ok := Lookup(tc.input)
			if !ok {
				t.Fatalf("Lookup(%q) not found", tc.input)
			}
			if diff := cmp.Diff(tc.want, of(c)); diff != "" {
				t.Errorf("behaviour of %q (-want +got):\n%s", tc.input, diff)
			}
		})
	}
}

// TestLuhn checks the Luhn implementation and that every number in the table
// is a real, Luhn-valid test number.
func TestLuhn(t *testing.T) {
	for _, r := range table {
		if !Luhn(r.card.Number) {
			t.Errorf("%s: %s fails Luhn", r.card.Scenario, r.card.Number)
		}
	}
	tests := []struct {
		number string
		want   bool
	}{
		{"4242424242424242", true},
		{"378282246310005", true},
		{"36227206271667", true},
		{"6205500000000000004", true},
		{"79927398713", true},
		{IncorrectNumberExample, false},
		{"4242424242424243", false},
		{"", false},
		{"4242 4242 4242 4242", false},
		{"424242424242424a", false},
		{"-4242424242424242", false},
	}
	for _, tc := range tests {
		if got := Luhn(tc.number); got != tc.want {
			t.Errorf("Luhn(%q) = %v, want %v", tc.number, got, tc.want)
		}
	}
}

// TestBrandOf checks the brand and network of each brand's test numbers and
// that every table row's brand agrees with its number.
func TestBrandOf(t *testing.T) {
	tests := []struct {
		number, brand, network string
	}{
		{"4242424242424242", "Visa", "visa"},
		{"4000056655665556", "Visa", "visa"},
		{"5555555555554444", "MasterCard", "mastercard"},
		{"2223003122003222", "MasterCard", "mastercard"},
		{"5200828282828210", "MasterCard", "mastercard"},
		{"5105105105105100", "MasterCard", "mastercard"},
		{"378282246310005", "American Express", "amex"},
		{"371449635398431", "American Express", "amex"},
		{"6011111111111117", "Discover", "discover"},
		{"6011000990139424", "Discover", "discover"},
		{"6011981111111113", "Discover", "discover"},
		{"6555900000604105", "Discover", "discover"},
		{"3056930009020004", "Diners Club", "diners"},
		{"36227206271667", "Diners Club", "diners"},
		{"3566002020360505", "JCB", "jcb"},
		{"3530111333300000", "JCB", "jcb"},
		{"6200000000000005", "UnionPay", "unionpay"},
		{"6205500000000000004", "UnionPay", "unionpay"},
		{"9999999999999995", "Unknown", "unknown"},
		{"1234", "Unknown", "unknown"},
		{"", "Unknown", "unknown"},
		{"tok_visa", "Unknown", "unknown"},
	}
	for _, tc := range tests {
		brand, network := BrandOf(tc.number)
		if diff := cmp.Diff([2]string{tc.brand, tc.network}, [2]string{brand, network}); diff != "" {
			t.Errorf("BrandOf(%q) (-want +got):\n%s", tc.number, diff)
		}
	}
	for _, c := range Cards() {
		brand, network := BrandOf(c.Number)
		if brand != c.Brand || network != c.Network || network == "unknown" {
			t.Errorf("%s: card says %s/%s, number says %s/%s", c.Scenario, c.Brand, c.Network, brand, network)
		}
	}
}

// TestTableShape checks the table's invariants: one row per number (token-only
// variants excepted), unique scenarios, sorted unique Names, and derived
// fields consistent with the number.
func TestTableShape(t *testing.T) {
	numbers := map[string]string{}
	scenarios := map[string]bool{}
	var all []string
	for _, r := range table {
		c := r.card
		if scenarios[c.Scenario] {
			t.Errorf("scenario %q listed twice", c.Scenario)
		}
		scenarios[c.Scenario] = true
		all = append(all, r.names...)
		if !r.tokenOnly {
			if other, dup := numbers[c.Number]; dup {
				t.Errorf("number %s used by %s and %s", c.Number, other, c.Scenario)
			}
			numbers[c.Number] = c.Scenario
		}
		if len(r.names) == 0 && r.tokenOnly {
			t.Errorf("%s: token-only row without names", c.Scenario)
		}
		if c.Last4 != c.Number[len(c.Number)-4:] {
			t.Errorf("%s: last4 %s of %s", c.Scenario, c.Last4, c.Number)
		}
		if c.ExpMonth != 12 || c.ExpYear != 2034 {
			t.Errorf("%s: expiry %d/%d", c.Scenario, c.ExpMonth, c.ExpYear)
		}
		if len(c.Country) != 2 || strings.ToUpper(c.Country) != c.Country {
			t.Errorf("%s: country %q", c.Scenario, c.Country)
		}
		for _, n := range r.names {
			if !strings.HasPrefix(n, "tok_") && !strings.HasPrefix(n, "pm_card_") {
				t.Errorf("%s: name %q is neither tok_ nor pm_card_", c.Scenario, n)
			}
		}
	}
	for _, r := range table {
		if r.tokenOnly {
			if _, ok := numbers[r.card.Number]; !ok {
				t.Errorf("%s: token-only row borrows %s, which no row has", r.card.Scenario, r.card.Number)
			}
		}
	}
	names := Names()
	if !sort.StringsAreSorted(names) {
		t.Error("Names() is not sorted")
	}
	sort.Strings(all)
	if diff := cmp.Diff(all, names); diff != "" {
		t.Errorf("Names() differs from the table's names (-table +Names):\n%s", diff)
	}
	if diff := cmp.Diff(names, Names()); diff != "" {
		t.Errorf("Names() is not deterministic:\n%s", diff)
	}
}

// TestByNumber checks raw-number lookup: table numbers return their row, other
// valid numbers a generic card, invalid ones nothing.
func TestByNumber(t *testing.T) {
	for _, r := range table {
		if r.tokenOnly {
			continue
		}
		got, ok := ByNumber(r.card.Number)
		if !ok {
			t.Errorf("ByNumber(%s) not found", r.card.Number)
			continue
		}
		if diff := cmp.Diff(r.card, got); diff != "" {
			t.Errorf("ByNumber(%s) (-want +got):\n%s", r.card.Number, diff)
		}
		if viaLookup, _ := Lookup(r.card.Number); !cmp.Equal(got, viaLookup) {
			t.Errorf("Lookup(%s) differs from ByNumber", r.card.Number)
		}
	}

	generic := []struct {
		number, brand, network string
	}{
		{"4111111111111111", "Visa", "visa"},
		{"5454545454545454", "MasterCard", "mastercard"},
		{"6555900000604105", "Discover", "discover"},
		{"30569309025904", "Diners Club", "diners"},
	}
	for _, tc := range generic {
		got, ok := ByNumber(tc.number)
		if !ok {
			t.Errorf("ByNumber(%s) not found", tc.number)
			continue
		}
		want := Card{
			Scenario: "generic", Number: tc.number, Brand: tc.brand, Network: tc.network,
			Funding: "credit", Country: "US", Last4: tc.number[len(tc.number)-4:],
			ExpMonth: 12, ExpYear: 2034, Fingerprint: fingerprint(tc.number),
			CVCCheck: "pass", AddressLine1Check: "pass", AddressPostalCodeCheck: "pass",
			RiskLevel: "normal", RiskScore: 20,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ByNumber(%s) (-want +got):\n%s", tc.number, diff)
		}
	}

	for _, bad := range []string{
		IncorrectNumberExample, // fails Luhn
		"9999999999999995",     // Luhn-valid, unknown brand
		"42424242424",          // too short
		"42424242424242424242", // too long
		"4242 4242 4242 4242",
		"",
	} {
		if c, ok := ByNumber(bad); ok {
			t.Errorf("ByNumber(%q) = %+v, want not found", bad, c)
		}
	}
}

// TestLookupUnknown checks that anything that is not a known name or a valid
// number is rejected.
func TestLookupUnknown(t *testing.T) {
	for _, s := range []string{
		"", "tok_nope", "pm_card_nope", "tok_VISA", "TOK_visa", " tok_visa", "tok_visa ",
		"pm_visa", "card_visa", "tok_", "pm_card_", IncorrectNumberExample, "4242-4242-4242-4242",
		"visa", "ch_123", "src_123", "tok_4242424242424242",
	} {
		if c, ok := Lookup(s); ok {
			t.Errorf("Lookup(%q) = %s, want not found", s, c.Scenario)
		}
	}
}

// TestFingerprint checks fingerprints look like Stripe's, are stable per
// number, and differ between numbers.
func TestFingerprint(t *testing.T) {
	seen := map[string]string{}
	for _, c := range Cards() {
		fp := c.Fingerprint
		if len(fp) != 16 || strings.Trim(fp, fingerprintAlphabet) != "" {
			t.Errorf("%s: fingerprint %q is not 16 alphanumerics", c.Scenario, fp)
		}
		if fp != fingerprint(c.Number) {
			t.Errorf("%s: fingerprint not derived from the number", c.Scenario)
		}
		if other, ok := seen[fp]; ok && other != c.Number {
			t.Errorf("numbers %s and %s share fingerprint %s", other, c.Number, fp)
		}
		seen[fp] = c.Number
	}
	a, _ := Lookup("tok_visa")
	b, _ := Lookup("pm_card_visa")
	n, _ := Lookup("4242424242424242")
	if a.Fingerprint != b.Fingerprint || a.Fingerprint != n.Fingerprint {
		t.Errorf("inputs for one number disagree: %s %s %s", a.Fingerprint, b.Fingerprint, n.Fingerprint)
	}
}

// TestCopies checks that changing a returned card, its decline included,
// leaves the table alone.
func TestCopies(t *testing.T) {
	c, _ := Lookup("tok_chargeDeclined")
	c.Decline.Message = "changed"
	c.Country = "XX"
	again, _ := Lookup("tok_chargeDeclined")
	if again.Decline.Message != "Your card was declined." || again.Country != "US" {
		t.Errorf("table changed through a returned card: %+v %+v", again, *again.Decline)
	}
	all := Cards()
	all[0].Number = "0"
	if Cards()[0].Number == "0" {
		t.Error("table changed through Cards()")
	}
}

// TestConstants pins the package-level declines to Stripe's texts.
func TestConstants(t *testing.T) {
	want := Decline{Code: "card_declined", DeclineCode: "authentication_required",
		Message:       "Your card was declined. This transaction requires authentication.",
		SellerMessage: "The bank returned the decline code `authentication_required`.", NetworkStatus: "declined_by_network",
		OutcomeType: "issuer_declined", OutcomeReason: "authentication_required"}
	if diff := cmp.Diff(want, AuthenticationRequired); diff != "" {
		t.Errorf("AuthenticationRequired (-want +got):\n%s", diff)
	}
	if IncorrectNumber.Code != "incorrect_number" || IncorrectNumber.Message != "Your card number is incorrect." || IncorrectNumber.Param != "number" {
		t.Errorf("IncorrectNumber = %+v", IncorrectNumber)
	}
	if Luhn(IncorrectNumberExample) {
		t.Error("IncorrectNumberExample passes Luhn")
	}
}

// TestConcurrentLookup exercises lookups from many goroutines; run with -race.
func TestConcurrentLookup(t *testing.T) {
	names := Names()
	done := make(chan struct{})
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for _, n := range names {
				c, ok := Lookup(n)
				if !ok {
					t.Errorf("Lookup(%q) not found", n)
					return
				}
				if c.Decline != nil {
					c.Decline.Message = "mine"
				}
			}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
}

func TestSharedIsTheTableRow(t *testing.T) {
	a, ok := Shared("tok_visa")
	if !ok {
		t.Fatal("tok_visa not found")
	}
	b, _ := Shared("4242424242424242")
	if a != b {
		t.Error("the token and its number should share one row")
	}
	want, _ := Lookup("tok_visa")
	if diff := cmp.Diff(want, *a); diff != "" {
		t.Errorf("Shared differs from Lookup (-want +got):\n%s", diff)
	}
	if c, ok := Shared("4111111111111111"); !ok || c.Network != "visa" {
		t.Errorf("an unlisted valid number: %+v, %v", c, ok)
	}
	if _, ok := Shared("tok_nope"); ok {
		t.Error("tok_nope found")
	}
}
