package cards

// row is one line of the table: a card and the tok_/pm_card_ names it goes by.
type row struct {
	card  Card
	names []string
	// tokenOnly marks a row Stripe documents only as a token whose number it
	// does not publish (a variant of another row's card). Its card borrows
	// that row's number; ByNumber never returns it.
	tokenOnly bool
}

// mk makes a row for a plain successful card.
func mk(scenario, number, funding, country string, names ...string) row {
	return row{card: newCard(scenario, number, funding, country), names: names}
}

// set returns r after f has changed its card.
func (r row) set(f func(*Card)) row {
	f(&r.card)
	return r
}

// declineRow is a row from the declined-payments table: every charge fails
// with d, and attaching the card to a customer fails too ("The cards in the
// previous table can't be attached to a Customer object").
func declineRow(scenario, number string, d *Decline, names ...string) row {
	return mk(scenario, number, "credit", "US", names...).set(func(c *Card) {
		c.Decline = d
		c.AttachFails = true
	})
}

// risk sets a row's Radar risk level and the score the fake reports for it.
func risk(level string, score int) func(*Card) {
	return func(c *Card) { c.RiskLevel, c.RiskScore = level, score }
}

// Decline texts, verbatim from Stripe's API responses.
const (
	msgInsufficientFunds = "Your card has insufficient funds."
	msgExpired           = "Your card has expired."
	msgIncorrectCVC      = "Your card's security code is incorrect."
	msgProcessingError   = "An error occurred while processing your card. Try again in a little bit."
	msgVelocity          = "Your card was declined for making repeated attempts too frequently or exceeding its amount limit."
)

// radarBlocked is the decline of 4100000000000019: Radar blocks it before it
// reaches the network. error.decline_code "fraudulent" and the message are
// from a test-mode response for this card; the outcome (reason
// highest_risk_level, Radar's default block rule per the API reference for
// charge.outcome.reason) and seller message are as observed on blocked charges.
func radarBlocked() *Decline {
	return &Decline{
		Code: "card_declined", DeclineCode: "fraudulent", Message: msgDeclined,
		SellerMessage: sellerBlocked, NetworkStatus: "not_sent_to_network",
		OutcomeType: "blocked", OutcomeReason: "highest_risk_level",
	}
}

// table is every test input the fake knows. Section comments name the part of
// docs.stripe.com/testing each block comes from. Card country is the issuer
// country: "US" unless the page or an observed response says otherwise.
var table = []row{
	// Cards by brand (docs.stripe.com/testing#cards). The page warns that
	// JCB and UnionPay issuers are not US ones and may draw cross-border fees
	// even in test mode, hence JP and CN; those two countries are inferred
	// from the networks' home countries, not stated on the page.
	mk("visa", "4242424242424242", "credit", "US", "tok_visa", "pm_card_visa", "tok_us", "pm_card_us"),
	mk("visa_debit", "4000056655665556", "debit", "US", "tok_visa_debit", "pm_card_visa_debit"),
	mk("mastercard", "5555555555554444", "credit", "US", "tok_mastercard", "pm_card_mastercard"),
	mk("mastercard_2_series", "2223003122003222", "credit", "US"),
	mk("mastercard_debit", "5200828282828210", "debit", "US", "tok_mastercard_debit", "pm_card_mastercard_debit"),
	mk("mastercard_prepaid", "5105105105105100", "prepaid", "US", "tok_mastercard_prepaid", "pm_card_mastercard_prepaid"),
	// 378282246310005 is also the page's "3DS Not supported" card, with its
	// own token and PaymentMethod names for that role.
	mk("amex", "378282246310005", "credit", "US", "tok_amex", "pm_card_amex",
		"tok_amex_threeDSecureNotSupported", "pm_card_amex_threeDSecureNotSupported").
		set(func(c *Card) { c.ThreeDS = "not_supported" }),
	mk("amex_2", "371449635398431", "credit", "US"),
	mk("discover", "6011111111111117", "credit", "US", "tok_discover", "pm_card_discover"),
	mk("discover_2", "6011000990139424", "credit", "US"),
	mk("discover_debit", "6011981111111113", "debit", "US"),
	mk("diners", "3056930009020004", "credit", "US", "tok_diners", "pm_card_diners"),
	mk("diners_14_digit", "36227206271667", "credit", "US"),
	mk("jcb", "3566002020360505", "credit", "JP", "tok_jcb", "pm_card_jcb"),
	mk("unionpay", "6200000000000005", "credit", "CN", "tok_unionpay", "pm_card_unionpay"),
	mk("unionpay_debit", "6200000000000047", "debit", "CN"),
	mk("unionpay_19_digit", "6205500000000000004", "credit", "CN"),

	// Co-branded cards (docs.stripe.com/testing#cards): card objects show
	// the global network's brand. Countries are those of the domestic
	// schemes (Cartes Bancaires: FR, eftpos Australia: AU).
	mk("visa_cartes_bancaires", "4000002500001001", "credit", "FR", "tok_visa_cartesBancaires", "pm_card_visa_cartesBancaires"),
	mk("mastercard_cartes_bancaires", "5555552500001001", "credit", "FR", "tok_mastercard_cartesBancaires", "pm_card_mastercard_cartesBancaires"),
	mk("visa_debit_eftpos_au", "4000050360000001", "debit", "AU", "tok_visa_debit_eftposAuCoBranded", "pm_card_visa_debit_eftposAuCoBranded"),
	mk("mastercard_debit_eftpos_au", "5555050360000080", "debit", "AU", "tok_mastercard_debit_eftposAuCoBranded", "pm_card_mastercard_debit_eftposAuCoBranded"),

	// Domestic pricing: an older version of the testing page listed
	// 4000000000000093 (tok_domesticPricing, pm_card_domesticPricing) as
	// "Charge succeeds and domestic pricing is used"; it is a plain US card.
	mk("domestic_pricing", "4000000000000093", "credit", "US", "tok_domesticPricing", "pm_card_domesticPricing"),

	// Cards by country (docs.stripe.com/testing#international-cards). Each
	// country's token and PaymentMethod are tok_<cc> and pm_card_<cc>. The
	// brand and funding are the page's; a Visa without "(debit)" is credit.
	// Americas.
	mk("country_ar", "4000000320000021", "credit", "AR", "tok_ar", "pm_card_ar"),
	mk("country_br", "4000000760000002", "credit", "BR", "tok_br", "pm_card_br"),
	mk("country_ca", "4000001240000000", "credit", "CA", "tok_ca", "pm_card_ca"),
	mk("country_cl", "4000001520000001", "credit", "CL", "tok_cl", "pm_card_cl"),
	mk("country_co", "4000001700000003", "credit", "CO", "tok_co", "pm_card_co"),
	mk("country_cr", "4000001880000005", "credit", "CR", "tok_cr", "pm_card_cr"),
	mk("country_ec", "4000002180000000", "credit", "EC", "tok_ec", "pm_card_ec"),
	mk("country_mx", "4000004840008001", "credit", "MX", "tok_mx", "pm_card_mx"),
	mk("country_pa", "4000005910000000", "credit", "PA", "tok_pa", "pm_card_pa"),
	mk("country_py", "4000006000000066", "credit", "PY", "tok_py", "pm_card_py"),
	mk("country_pe", "4000006040000068", "credit", "PE", "tok_pe", "pm_card_pe"),
	mk("country_uy", "4000008580000003", "credit", "UY", "tok_uy", "pm_card_uy"),
	// Europe and Middle East.
	mk("country_at", "4000000400000008", "credit", "AT", "tok_at", "pm_card_at"),
	mk("country_be", "4000000560000004", "credit", "BE", "tok_be", "pm_card_be"),
	mk("country_bg", "4000001000000000", "credit", "BG", "tok_bg", "pm_card_bg"),
	mk("country_by", "4000001120000005", "credit", "BY", "tok_by", "pm_card_by"),
	mk("country_cy", "4000001960000008", "credit", "CY", "tok_cy", "pm_card_cy"),
	mk("country_cz", "4000002030000002", "credit", "CZ", "tok_cz", "pm_card_cz"),
	mk("country_dk", "4000002080000001", "credit", "DK", "tok_dk", "pm_card_dk"),
	mk("country_fi", "4000002460000001", "credit", "FI", "tok_fi", "pm_card_fi"),
	mk("country_fr", "4000002500000003", "credit", "FR", "tok_fr", "pm_card_fr"),
	mk("country_de", "4000002760000016", "credit", "DE", "tok_de", "pm_card_de"),
	mk("country_gr", "4000003000000030", "credit", "GR", "tok_gr", "pm_card_gr"),
	mk("country_hu", "4000003480000005", "credit", "HU", "tok_hu", "pm_card_hu"),
	mk("country_ie", "4000003720000005", "credit", "IE", "tok_ie", "pm_card_ie"),
	mk("country_it", "4000003800000008", "credit", "IT", "tok_it", "pm_card_it"),
	mk("country_lv", "4000004280000005", "credit", "LV", "tok_lv", "pm_card_lv"),
	mk("country_lt", "4000004400000000", "credit", "LT", "tok_lt", "pm_card_lt"),
	mk("country_lu", "4000004420000006", "credit", "LU", "tok_lu", "pm_card_lu"),
	mk("country_mt", "4000004700000007", "credit", "MT", "tok_mt", "pm_card_mt"),
	mk("country_nl", "4000005280000002", "credit", "NL", "tok_nl", "pm_card_nl"),
	mk("country_no", "4000005780000007", "credit", "NO", "tok_no", "pm_card_no"),
	mk("country_pl", "4000006160000005", "credit", "PL", "tok_pl", "pm_card_pl"),
	mk("country_pt", "4000006200000007", "credit", "PT", "tok_pt", "pm_card_pt"),
	mk("country_ro", "4000006420000001", "credit", "RO", "tok_ro", "pm_card_ro"),
	// Saudi Arabia has a card number but no token or PaymentMethod on the page.
	mk("country_sa", "4000006820000007", "credit", "SA"),
	mk("country_si", "4000007050000006", "credit", "SI", "tok_si", "pm_card_si"),
	mk("country_sk", "4000007030000001", "credit", "SK", "tok_sk", "pm_card_sk"),
	mk("country_es", "4000007240000007", "credit", "ES", "tok_es", "pm_card_es"),
	mk("country_se", "4000007520000008", "credit", "SE", "tok_se", "pm_card_se"),
	mk("country_ch", "4000007560000009", "credit", "CH", "tok_ch", "pm_card_ch"),
	mk("country_gb", "4000008260000000", "credit", "GB", "tok_gb", "pm_card_gb"),
	mk("country_gb_debit", "4000058260000005", "debit", "GB", "tok_gb_debit", "pm_card_gb_debit"),
	mk("country_gb_mastercard", "5555558265554449", "credit", "GB", "tok_gb_mastercard", "pm_card_gb_mastercard"),
	// An earlier version of the page also listed these numbers, with no
	// token or PaymentMethod names; the fake keeps them so raw numbers get
	// the right country.
	mk("country_ae", "4000007840000001", "credit", "AE"),
	mk("country_ae_mastercard", "5200007840000022", "credit", "AE"),
	mk("country_hr", "4000001910000009", "credit", "HR"),
	mk("country_ee", "4000002330000009", "credit", "EE"),
	mk("country_gi", "4000002920000005", "credit", "GI"),
	mk("country_li", "4000004380000004", "credit", "LI"),
	// Asia Pacific. The page's Japan JCB row lists tok_jcb and pm_card_jcb,
	// which the brand table already gives to 3566002020360505; this number
	// is reachable as a raw number only.
	mk("country_au", "4000000360000006", "credit", "AU", "tok_au", "pm_card_au"),
	mk("country_cn", "4000001560000002", "credit", "CN", "tok_cn", "pm_card_cn"),
	mk("country_hk", "4000003440000004", "credit", "HK", "tok_hk", "pm_card_hk"),
	mk("country_in", "4000003560000008", "credit", "IN", "tok_in", "pm_card_in"),
	mk("country_jp", "4000003920000003", "credit", "JP", "tok_jp", "pm_card_jp"),
	mk("country_jp_jcb", "3530111333300000", "credit", "JP"),
	mk("country_my", "4000004580000002", "credit", "MY", "tok_my", "pm_card_my"),
	mk("country_nz", "4000005540000008", "credit", "NZ", "tok_nz", "pm_card_nz"),
	mk("country_sg", "4000007020000003", "credit", "SG", "tok_sg", "pm_card_sg"),
	mk("country_tw", "4000001580000008", "credit", "TW", "tok_tw", "pm_card_tw"),
	mk("country_th_credit", "4000007640000003", "credit", "TH", "tok_th_credit", "pm_card_th_credit"),
	mk("country_th_debit", "4000057640000008", "debit", "TH", "tok_th_debit", "pm_card_th_debit"),

	// Declined payments (docs.stripe.com/testing#declined-payments). The
	// tok_visa_* and pm_card_visa_* names are the current page's; the shorter
	// tok_chargeDeclined* and pm_card_chargeDeclined* names are the legacy
	// spellings older versions of the page used, which Stripe still accepts.
	// The page gives no decline code ("n/a") for expired_card, incorrect_cvc
	// and processing_error, and the observed responses carry none either.
	declineRow("decline_generic", "4000000000000002",
		issuerDecline("card_declined", "generic_decline", msgDeclined, ""),
		"tok_visa_chargeDeclined", "tok_chargeDeclined", "pm_card_visa_chargeDeclined", "pm_card_chargeDeclined"),
	declineRow("decline_insufficient_funds", "4000000000009995",
		issuerDecline("card_declined", "insufficient_funds", msgInsufficientFunds, ""),
		"tok_visa_chargeDeclinedInsufficientFunds", "tok_chargeDeclinedInsufficientFunds",
		"pm_card_visa_chargeDeclinedInsufficientFunds", "pm_card_chargeDeclinedInsufficientFunds"),
	// The debit variant exists only as a token, and the page does not give
	// its number: the fake borrows the credit card's number with debit
	// funding, so its last4 (9995) is a guess.
	func() row {
		r := declineRow("decline_insufficient_funds_debit", "4000000000009995",
			issuerDecline("card_declined", "insufficient_funds", msgInsufficientFunds, ""),
			"tok_visa_debit_chargeDeclinedInsufficientFunds")
		r.card.Funding = "debit"
		r.tokenOnly = true
		return r
	}(),
	declineRow("decline_lost_card", "4000000000009987",
		issuerDecline("card_declined", "lost_card", msgDeclined, ""),
		"tok_visa_chargeDeclinedLostCard", "tok_chargeDeclinedLostCard",
		"pm_card_visa_chargeDeclinedLostCard", "pm_card_chargeDeclinedLostCard"),
	declineRow("decline_stolen_card", "4000000000009979",
		issuerDecline("card_declined", "stolen_card", msgDeclined, ""),
		"tok_visa_chargeDeclinedStolenCard", "tok_chargeDeclinedStolenCard",
		"pm_card_visa_chargeDeclinedStolenCard", "pm_card_chargeDeclinedStolenCard"),
	declineRow("decline_expired_card", "4000000000000069",
		issuerDecline("expired_card", "", msgExpired, "exp_month"),
		"tok_chargeDeclinedExpiredCard", "tok_visa_chargeDeclinedExpiredCard", "pm_card_chargeDeclinedExpiredCard"),
	declineRow("decline_incorrect_cvc", "4000000000000127",
		func() *Decline {
			d := issuerDecline("incorrect_cvc", "", msgIncorrectCVC, "cvc")
			d.NeedsCVC = true
			return d
		}(),
		"tok_chargeDeclinedIncorrectCvc", "tok_visa_chargeDeclinedIncorrectCvc", "pm_card_chargeDeclinedIncorrectCvc").
		set(func(c *Card) { c.CVCCheck = "fail" }),
	declineRow("decline_processing_error", "4000000000000119",
		issuerDecline("processing_error", "", msgProcessingError, ""),
		"tok_chargeDeclinedProcessingError", "tok_visa_chargeDeclinedProcessingError", "pm_card_chargeDeclinedProcessingError"),
	declineRow("decline_velocity_limit", "4000000000006975",
		issuerDecline("card_declined", "card_velocity_exceeded", msgVelocity, ""),
		"tok_visa_chargeDeclinedVelocityLimitExceeded", "pm_card_visa_chargeDeclinedVelocityLimitExceeded"),

	// Decline after attaching: attaching succeeds, charges fail. The lost
	// and stolen variants exist only as tokens with no published number, so
	// they borrow 4000000000000341.
	mk("charge_customer_fail", "4000000000000341", "credit", "US",
		"tok_chargeCustomerFail", "tok_visa_chargeCustomerFail", "pm_card_chargeCustomerFail").
		set(func(c *Card) {
			c.Decline = issuerDecline("card_declined", "generic_decline", msgDeclined, "")
			c.ChargeFailsAfterAttach = true
		}),
	func() row {
		r := mk("charge_customer_fail_lost_card", "4000000000000341", "credit", "US", "tok_visa_chargeCustomerFailLostCard").
			set(func(c *Card) {
				c.Decline = issuerDecline("card_declined", "lost_card", msgDeclined, "")
				c.ChargeFailsAfterAttach = true
			})
		r.tokenOnly = true
		return r
	}(),
	func() row {
		r := mk("charge_customer_fail_stolen_card", "4000000000000341", "credit", "US", "tok_visa_chargeCustomerFailStolenCard").
			set(func(c *Card) {
				c.Decline = issuerDecline("card_declined", "stolen_card", msgDeclined, "")
				c.ChargeFailsAfterAttach = true
			})
		r.tokenOnly = true
		return r
	}(),

	// Fraud prevention (docs.stripe.com/testing#fraud-prevention). "Always
	// blocked": Radar always blocks it. tok_chargeDeclinedFraudulent and
	// pm_card_chargeDeclinedFraudulent are the legacy names of this card (a
	// test-mode response for them shows 4100000000000019); the current page
	// lists tok_visa_chargeDeclinedFraudulent with code expired_card, which
	// reads as a slip in the page, so the fake treats it as the same card.
	// The page does not say whether it can be attached; the fake lets it.
	mk("radar_block", "4100000000000019", "credit", "US",
		"tok_radarBlock", "pm_card_radarBlock",
		"tok_chargeDeclinedFraudulent", "tok_visa_chargeDeclinedFraudulent", "pm_card_chargeDeclinedFraudulent").
		set(func(c *Card) {
			c.Decline = radarBlocked()
			c.RadarBlock = true
			c.RiskLevel, c.RiskScore = "highest", riskBlocked
		}),
	// "Highest risk … Radar might block it depending on your settings." The
	// fake has no Radar settings, so the charge succeeds with risk_level
	// highest; a caller modelling Radar's default block rule may block it.
	mk("risk_highest", "4000000000004954", "credit", "US", "tok_riskLevelHighest", "pm_card_riskLevelHighest").
		set(risk("highest", riskHighest)),
	mk("risk_elevated", "4000000000009235", "credit", "US", "tok_riskLevelElevated", "pm_card_riskLevelElevated").
		set(risk("elevated", riskElevated)),
	mk("cvc_check_fail", "4000000000000101", "credit", "US", "tok_cvcCheckFail", "pm_card_cvcCheckFail").
		set(func(c *Card) { c.CVCCheck = "fail" }),
	mk("avs_zip_fail", "4000000000000036", "credit", "US", "tok_avsZipFail", "pm_card_avsZipFail").
		set(func(c *Card) { c.AddressPostalCodeCheck = "fail" }),
	mk("cvc_check_fail_elevated_risk", "4000058400307872", "credit", "US", "tok_cvcCheckFailElevatedRisk", "pm_card_cvcCheckFailElevatedRisk").
		set(risk("elevated", riskElevated)).set(func(c *Card) { c.CVCCheck = "fail" }),
	mk("avs_zip_fail_elevated_risk", "4000058400306072", "credit", "US", "tok_avsZipFailElevatedRisk", "pm_card_avsZipFailElevatedRisk").
		set(risk("elevated", riskElevated)).set(func(c *Card) { c.AddressPostalCodeCheck = "fail" }),
	mk("avs_line1_fail", "4000000000000028", "credit", "US", "tok_avsLine1Fail", "pm_card_avsLine1Fail").
		set(func(c *Card) { c.AddressLine1Check = "fail" }),
	mk("avs_fail", "4000000000000010", "credit", "US", "tok_avsFail", "pm_card_avsFail").
		set(func(c *Card) { c.AddressLine1Check, c.AddressPostalCodeCheck = "fail", "fail" }),
	mk("avs_unchecked", "4000000000000044", "credit", "US", "tok_avsUnchecked", "pm_card_avsUnchecked").
		set(func(c *Card) { c.AddressLine1Check, c.AddressPostalCodeCheck = "unavailable", "unavailable" }),

	// Disputes (docs.stripe.com/testing#disputes): the charge succeeds and
	// is disputed (or, for "early_fraud_warning", gets an issuer fraud
	// record) afterwards.
	mk("dispute_fraudulent", "4000000000000259", "credit", "US", "tok_createDispute", "pm_card_createDispute").
		set(func(c *Card) { c.Dispute = "fraudulent" }),
	mk("dispute_product_not_received", "4000000000002685", "credit", "US",
		"tok_createDisputeProductNotReceived", "pm_card_createDisputeProductNotReceived").
		set(func(c *Card) { c.Dispute = "product_not_received" }),
	mk("dispute_inquiry", "4000000000001976", "credit", "US", "tok_createDisputeInquiry", "pm_card_createDisputeInquiry").
		set(func(c *Card) { c.Dispute = "inquiry" }),
	mk("early_fraud_warning", "4000000000005423", "credit", "US", "tok_createIssuerFraudRecord", "pm_card_createIssuerFraudRecord").
		set(func(c *Card) { c.Dispute = "early_fraud_warning" }),
	mk("dispute_multiple", "4000000404000079", "credit", "US", "tok_createMultipleDisputes", "pm_card_createMultipleDisputes").
		set(func(c *Card) { c.Dispute = "multiple" }),
	mk("dispute_visa_ce3", "4000000404000038", "credit", "US", "tok_createCe3EligibleDispute", "pm_card_createCe3EligibleDispute").
		set(func(c *Card) { c.Dispute = "visa_compelling_evidence_3" }),
	mk("dispute_visa_compliance", "4000008400000779", "credit", "US", "tok_createComplianceDispute", "pm_card_createComplianceDispute").
		set(func(c *Card) { c.Dispute = "visa_compliance" }),

	// Refunds (docs.stripe.com/testing#refunds). The failure reason is from
	// the older page: "refunding a captured charge fails asynchronously with
	// a failure_reason of expired_or_canceled_card".
	mk("refund_pending", "4000000000007726", "credit", "US", "tok_pendingRefund", "pm_card_pendingRefund").
		set(func(c *Card) { c.Refund = "pending" }),
	mk("refund_fail", "4000000000005126", "credit", "US", "tok_refundFail", "pm_card_refundFail").
		set(func(c *Card) { c.Refund, c.RefundFailureReason = "fail", "expired_or_canceled_card" }),

	// Available balance (docs.stripe.com/testing#available-balance). The
	// international card is issued in Ireland: a test-mode PaymentMethod
	// made from it reports country "IE".
	mk("bypass_pending", "4000000000000077", "credit", "US", "tok_bypassPending", "pm_card_bypassPending").
		set(func(c *Card) { c.BypassPending = true }),
	mk("bypass_pending_international", "4000003720000278", "credit", "IE",
		"tok_bypassPendingInternational", "pm_card_bypassPendingInternational").
		set(func(c *Card) { c.BypassPending = true }),

	// 3D Secure authentication (docs.stripe.com/testing#regulatory-cards).
	// The page gives these cards no country. Stripe's test numbers of the
	// form 400000CCC… embed the ISO 3166 numeric code CCC of their country
	// (0760 for BR, 1240 for CA, 8260 for GB in the country table), so the
	// fake reads the country from the number the same way: an inference,
	// not a documented fact.
	mk("3ds_authentication_required", "4000002760003184", "credit", "DE", "pm_card_authenticationRequired").
		set(func(c *Card) { c.ThreeDS = "required" }),
	mk("3ds_required_on_setup", "4000002500003155", "credit", "FR", "pm_card_authenticationRequiredOnSetup").
		set(func(c *Card) { c.ThreeDS = "required_on_setup" }),
	mk("3ds_setup_for_off_session", "4000003800000446", "credit", "IT", "pm_card_authenticationRequiredSetupForOffSession").
		set(func(c *Card) { c.ThreeDS = "setup_for_off_session" }),
	// "All payments are declined with an insufficient_funds failure code even
	// after being successfully authenticated or previously set up."
	mk("3ds_required_insufficient_funds", "4000008260003178", "credit", "GB",
		"pm_card_authenticationRequiredChargeDeclinedInsufficientFunds").
		set(func(c *Card) {
			c.ThreeDS = "required_then_insufficient_funds"
			c.Decline = issuerDecline("card_declined", "insufficient_funds", msgInsufficientFunds, "")
		}),
	mk("3ds_required_ok", "4000000000003220", "credit", "US", "tok_threeDSecure2Required", "pm_card_threeDSecure2Required").
		set(func(c *Card) { c.ThreeDS = "required" }),
	// "Payments are declined with a card_declined failure code after
	// authentication." The page gives no decline code; generic_decline is
	// the fake's choice.
	mk("3ds_required_declined", "4000008400001629", "credit", "US",
		"tok_threeDSecureRequiredChargeDeclined", "pm_card_threeDSecureRequiredChargeDeclined").
		set(func(c *Card) {
			c.ThreeDS = "required_then_declined"
			c.Decline = issuerDecline("card_declined", "generic_decline", msgDeclined, "")
		}),
	// "The 3D Secure lookup request fails with a processing error. Payments
	// are declined with a card_declined failure code." Decline code as above.
	mk("3ds_required_processing_error", "4000008400001280", "credit", "US",
		"tok_threeDSecureRequiredProcessingError", "pm_card_threeDSecureRequiredProcessingError").
		set(func(c *Card) {
			c.ThreeDS = "required_then_processing_error"
			c.Decline = issuerDecline("card_declined", "generic_decline", msgDeclined, "")
		}),
	mk("3ds_optional", "4000000000003055", "credit", "US", "tok_threeDSecureOptional", "pm_card_threeDSecureOptional").
		set(func(c *Card) { c.ThreeDS = "optional" }),
	mk("3ds_optional_processing_error", "4000000000003097", "credit", "US",
		"tok_threeDSecureOptionalProcessingError", "pm_card_threeDSecureOptionalProcessingError").
		set(func(c *Card) { c.ThreeDS = "optional_then_processing_error" }),
}
