package state

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// Fee is card pricing in one currency: a percentage in basis points (290 is
// 2.9%) plus a fixed amount in minor units, and the surcharge in basis
// points for cards issued abroad.
type Fee struct {
	BasisPoints              int64
	Fixed                    int64
	InternationalBasisPoints int64
}

// StandardFee is Stripe's standard US card pricing: 2.9% + 30¢, +1.5% for
// international cards (stripe.com/pricing).
var StandardFee = Fee{BasisPoints: 290, Fixed: 30, InternationalBasisPoints: 150}

// feeFor prices a card charge of amount in currency. Rounding is half up,
// which reproduces observed Stripe fees (100→33, 3340→127, 65400→1927).
func (st *State) feeFor(amount int64, currency string, international bool) int64 {
	f := StandardFee
	if st.cfg.DefaultFee != nil {
		f = *st.cfg.DefaultFee
	}
	if cf, ok := st.cfg.Fees[currency]; ok {
		f = cf
	}
	bp := f.BasisPoints
	if international {
		bp += f.InternationalBasisPoints
	}
	return (amount*bp+5000)/10000 + f.Fixed
}

// currencyInfo is what the fake knows of a settlement currency: whether it
// has minor units and the smallest amount Stripe charges in it
// (docs.stripe.com/currencies).
type currencyInfo struct {
	zeroDecimal bool
	minimum     int64
}

var currencies = map[string]currencyInfo{
	"usd": {minimum: 50}, "aed": {minimum: 200}, "aud": {minimum: 50}, "bgn": {minimum: 100},
	"brl": {minimum: 50}, "cad": {minimum: 50}, "chf": {minimum: 50}, "czk": {minimum: 1500},
	"dkk": {minimum: 250}, "eur": {minimum: 50}, "gbp": {minimum: 30}, "hkd": {minimum: 400},
	"huf": {minimum: 17500}, "inr": {minimum: 50}, "mxn": {minimum: 1000}, "myr": {minimum: 200},
	"nok": {minimum: 300}, "nzd": {minimum: 50}, "pln": {minimum: 200}, "ron": {minimum: 200},
	"sek": {minimum: 300}, "sgd": {minimum: 50}, "thb": {minimum: 1000},
	"jpy": {zeroDecimal: true, minimum: 50}, "krw": {zeroDecimal: true, minimum: 100},
	"bif": {zeroDecimal: true, minimum: 1}, "clp": {zeroDecimal: true, minimum: 1},
	"djf": {zeroDecimal: true, minimum: 1}, "gnf": {zeroDecimal: true, minimum: 1},
	"kmf": {zeroDecimal: true, minimum: 1}, "mga": {zeroDecimal: true, minimum: 1},
	"pyg": {zeroDecimal: true, minimum: 1}, "rwf": {zeroDecimal: true, minimum: 1},
	"ugx": {zeroDecimal: true, minimum: 1}, "vnd": {zeroDecimal: true, minimum: 1},
	"vuv": {zeroDecimal: true, minimum: 1}, "xaf": {zeroDecimal: true, minimum: 1},
	"xof": {zeroDecimal: true, minimum: 1}, "xpf": {zeroDecimal: true, minimum: 1},
}

// otherCurrencies are the rest of Stripe's presentment currencies for a US
// account (docs.stripe.com/currencies). Stripe's floor for them is "converts
// to at least 50 cents"; the fake has no exchange rates, so it asks for 50
// minor units, which is right for the currencies worth about a dollar and
// lenient for the others.
var otherCurrencies = []string{"afn", "all", "amd", "ang", "aoa", "ars", "awg", "azn", "bam", "bbd", "bdt", "bmd", "bnd", "bob", "bsd", "bwp", "byn", "bzd", "cdf", "cny", "cop", "crc", "cve", "dop", "dzd", "egp", "etb", "fjd", "fkp", "gel", "gip", "gmd", "gtq", "gyd", "hnl", "htg", "idr", "ils", "isk", "jmd", "kes", "kgs", "khr", "kyd", "kzt", "lak", "lbp", "lkr", "lrd", "lsl", "mad", "mdl", "mkd", "mmk", "mnt", "mop", "mur", "mvr", "mwk", "mzn", "nad", "ngn", "nio", "npr", "pab", "pen", "pgk", "php", "pkr", "qar", "rsd", "rub", "sar", "sbd", "scr", "shp", "sle", "sos", "srd", "szl", "tjs", "top", "try", "ttd", "twd", "tzs", "uah", "uyu", "uzs", "wst", "xcd", "yer", "zar", "zmw"}

func init() {
	for _, c := range otherCurrencies {
		if _, ok := currencies[c]; !ok {
			currencies[c] = currencyInfo{minimum: 50}
		}
	}
}

// maxAmount is Stripe's eight-digit ceiling on amounts in minor units.
const maxAmount = 99999999

// checkCurrency validates a currency code, returning it lower-cased.
func checkCurrency(c, param string) (string, *apierr.Error) {
	lc := strings.ToLower(c)
	if _, ok := currencies[lc]; ok {
		return lc, nil
	}
	names := make([]string, 0, len(currencies))
	for k := range currencies {
		names = append(names, k)
	}
	sort.Strings(names)
	return "", apierr.Invalidf(param, "Invalid currency: %s. Stripe currently supports these currencies: %s", lc, strings.Join(names, ", "))
}

// checkAmount applies Stripe's minimum and eight-digit maximum.
func checkAmount(amount int64, currency, param string) *apierr.Error {
	info := currencies[currency]
	if amount > maxAmount {
		return apierr.Invalid("amount_too_large", param, "Amount must be no more than "+formatMoney(maxAmount, "usd"))
	}
	if amount < info.minimum {
		if currency == "usd" {
			return apierr.Invalid("amount_too_small", param, "Amount must be at least 50 cents")
		}
		return apierr.Invalid("amount_too_small", param, fmt.Sprintf("Amount must convert to at least 50 cents. %s converts to approximately $0.49.", formatMoney(amount, currency)))
	}
	return nil
}

// formatMoney writes an amount the way Stripe's messages do: "$20.00" for
// USD, "¥500" for JPY, "12.00 EUR" elsewhere.
func formatMoney(amount int64, currency string) string {
	info := currencies[currency]
	neg := ""
	if amount < 0 {
		neg, amount = "-", -amount
	}
	var major string
	if info.zeroDecimal {
		major = fmt.Sprintf("%d", amount)
	} else {
		major = fmt.Sprintf("%d.%02d", amount/100, amount%100)
	}
	switch currency {
	case "usd":
		return neg + "$" + addThousands(major)
	case "jpy":
		return neg + "¥" + major
	case "gbp":
		return neg + "£" + major
	case "eur":
		return neg + "€" + major
	}
	return neg + major + " " + strings.ToUpper(currency)
}

// addThousands puts commas in the whole part of "999999.99".
func addThousands(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}
