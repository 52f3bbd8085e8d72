// Package apierr holds the one table of Stripe errors the fake can return:
// their HTTP status, type, code and message, in Stripe's own words.
//
// Every layer of the fake (form decoding, the state machine, the HTTP
// adapter) reports failures as *Error, and only the HTTP adapter turns them
// into the {"error": {...}} envelope. Keeping the wording here means a message
// is fixed in one place when Stripe's text is learnt better.
package apierr

import (
	"fmt"
	"strings"
)

// The four error types Stripe's 2023-10-16 API emits. Authentication and
// rate-limit failures use TypeInvalidRequest, as Stripe does.
const (
	TypeAPI            = "api_error"
	TypeCard           = "card_error"
	TypeIdempotency    = "idempotency_error"
	TypeInvalidRequest = "invalid_request_error"
)

// Error is one Stripe error. Fields left empty are omitted from the JSON
// envelope, as Stripe omits absent keys rather than sending null.
type Error struct {
	Status      int    // HTTP status code
	Type        string // one of the Type constants
	Code        string // Stripe error code, e.g. "resource_missing"
	DeclineCode string // issuer decline code on card errors
	Param       string // offending parameter, in bracket form (address[city])
	Message     string // human text, in Stripe's wording

	// Charge is the id of the failed charge on card errors from the Charges API.
	Charge string
	// PaymentIntent, PaymentMethod hold rendered objects that Stripe embeds in
	// some errors (a declined PaymentIntent confirmation). They are filled in
	// by the HTTP layer, which knows how to render them.
	PaymentIntent any
	PaymentMethod any

	// ShouldRetry, when set, becomes the Stripe-Should-Retry header.
	ShouldRetry *bool
}

func (e *Error) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("%d %s (%s): %s", e.Status, e.Type, e.Code, e.Message)
	}
	return fmt.Sprintf("%d %s: %s", e.Status, e.Type, e.Message)
}

// DocURL is the documentation link Stripe adds whenever an error has a code.
func (e *Error) DocURL() string {
	if e.Code == "" {
		return ""
	}
	return "https://stripe.com/docs/error-codes/" + strings.ReplaceAll(e.Code, "_", "-")
}

func invalid(status int, code, param, msg string) *Error {
	return &Error{Status: status, Type: TypeInvalidRequest, Code: code, Param: param, Message: msg}
}

// Invalid is a generic 400 invalid_request_error with an optional code and param.
func Invalid(code, param, msg string) *Error { return invalid(400, code, param, msg) }

// Invalidf is Invalid with a formatted message and no code.
func Invalidf(param, format string, args ...any) *Error {
	return invalid(400, "", param, fmt.Sprintf(format, args...))
}

// UnknownParam is Stripe's answer to a parameter the endpoint does not take.
// suggestion, when not empty, is a known parameter with a close name.
func UnknownParam(param, suggestion string) *Error {
	msg := "Received unknown parameter: " + param
	if suggestion != "" {
		msg += ". Did you mean " + suggestion + "?"
	}
	return invalid(400, "parameter_unknown", param, msg)
}

// MissingParam is Stripe's answer to a required parameter left out.
func MissingParam(param string) *Error {
	return invalid(400, "parameter_missing", param, "Missing required param: "+param+".")
}

// InvalidInteger reports a value that is not a whole number.
func InvalidInteger(param, raw string) *Error {
	return invalid(400, "parameter_invalid_integer", param, "Invalid integer: "+raw)
}

// InvalidBoolean reports a value other than true or false.
func InvalidBoolean(param, raw string) *Error {
	return invalid(400, "", param, "Invalid boolean: "+raw)
}

// InvalidTimestamp reports a value that is not a Unix timestamp.
func InvalidTimestamp(param, raw string) *Error {
	return invalid(400, "", param, "Invalid timestamp: must be an integer Unix timestamp in the past or future.")
}

// InvalidEnum reports a value outside an enumeration, listing the allowed
// values as Stripe does ("must be one of a, b, or c").
func InvalidEnum(param string, allowed []string) *Error {
	return invalid(400, "", param, fmt.Sprintf("Invalid %s: must be one of %s", lastSegment(param), oneOf(allowed)))
}

func oneOf(allowed []string) string {
	switch len(allowed) {
	case 0:
		return ""
	case 1:
		return allowed[0]
	case 2:
		return allowed[0] + " or " + allowed[1]
	}
	return strings.Join(allowed[:len(allowed)-1], ", ") + ", or " + allowed[len(allowed)-1]
}

// lastSegment turns "invoice_settings[rendering_options][amount_tax_display]"
// into "amount_tax_display": Stripe names only the leaf in enum messages.
func lastSegment(param string) string {
	if i := strings.LastIndexByte(param, '['); i >= 0 {
		return strings.TrimSuffix(param[i+1:], "]")
	}
	return param
}

// StringTooLong reports a string over its maximum length.
func StringTooLong(param, value string, max int) *Error {
	return invalid(400, "", param, fmt.Sprintf("Invalid string: %s; must be at most %d characters", abbreviate(value), max))
}

func abbreviate(s string) string {
	r := []rune(s)
	if len(r) > 10 {
		return string(r[:10]) + "..."
	}
	return s
}

// InvalidHash reports a scalar where an object was expected.
func InvalidHash(param string) *Error {
	return invalid(400, "", param, "Invalid hash")
}

// InvalidArray reports a scalar or hash where an array was expected.
func InvalidArray(param string) *Error {
	return invalid(400, "", param, "Invalid array")
}

// InvalidEmptyString reports "" where a value is required (an unsettable
// parameter that cannot be unset).
func InvalidEmptyString(param string) *Error {
	return invalid(400, "parameter_invalid_empty", param,
		fmt.Sprintf("You passed an empty string for '%s'. We assume empty values are an attempt to unset a parameter; however '%s' cannot be unset. You should remove '%s' from your request or supply a non-empty value.", param, param, param))
}

// TooSmall and TooLarge report integers outside their range.
func TooSmall(param string, min int64) *Error {
	return invalid(400, "", param, fmt.Sprintf("This value must be greater than or equal to %d.", min))
}

// TooLarge reports an integer above its maximum.
func TooLarge(param string, max int64) *Error {
	return invalid(400, "", param, fmt.Sprintf("This value must be less than or equal to %d.", max))
}

// NoSuchObject is Stripe's 404 for an id that does not name an object of the
// kind asked for. noun is Stripe's word ("customer", "balance transaction"),
// param the parameter or path segment that carried the id.
func NoSuchObject(noun, id, param string) *Error {
	return invalid(404, "resource_missing", param, fmt.Sprintf("No such %s: '%s'", noun, id))
}

// UnrecognizedURL is the 404 for a route the API does not have.
func UnrecognizedURL(method, path string) *Error {
	return invalid(404, "", "", fmt.Sprintf("Unrecognized request URL (%s: %s). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", method, path))
}

// CannotExpand reports an expand[] path that names no expandable property.
func CannotExpand(path string) *Error {
	return invalid(400, "", "", fmt.Sprintf("This property cannot be expanded (%s).", path))
}

// Authentication errors (stripe-reference §1.2).
const noKeyMessage = "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."

// NoAPIKey is the 401 for a request without credentials.
func NoAPIKey() *Error { return invalid(401, "", "", noKeyMessage) }

// InvalidAPIKey is the 401 for a key the fake does not accept; the key is
// masked as Stripe masks it.
func InvalidAPIKey(key string) *Error {
	msg := "Invalid API Key provided: " + MaskKey(key)
	if strings.ContainsAny(key, " \t") {
		msg += " This key contains at least one space. Please delete the spaces and try again. If you have any questions, we can help at https://support.stripe.com/."
	}
	return invalid(401, "", "", msg)
}

// LiveKey refuses live-mode keys outright: a fake must never see one.
func LiveKey(key string) *Error {
	return invalid(401, "", "", "Invalid API Key provided: "+MaskKey(key)+". This is a live mode key; live keys must never be sent to fakestripe, which only fakes test mode. Use a key that starts with sk_test_.")
}

// PublishableKey refuses a publishable key on a secret-key endpoint.
func PublishableKey() *Error {
	return invalid(403, "secret_key_required", "", "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.")
}

// MaskKey keeps a key's "xx_test_"/"xx_live_" prefix and last four
// characters and stars out the rest, as Stripe does in auth errors.
func MaskKey(key string) string {
	prefix := ""
	for _, p := range []string{"sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_"} {
		if strings.HasPrefix(key, p) {
			prefix = p
			break
		}
	}
	rest := key[len(prefix):]
	if len(rest) <= 4 {
		return prefix + rest
	}
	return prefix + strings.Repeat("*", len(rest)-4) + rest[len(rest)-4:]
}

// InvalidVersion is the 400 for a Stripe-Version the fake does not know.
func InvalidVersion(v string) *Error {
	return invalid(400, "", "", "Invalid Stripe API version: "+v)
}

// Internal is a 500 api_error. The fake returns it only from injected faults
// or a recovered bug; tests treat any unexpected one as a defect.
func Internal(msg string) *Error {
	return &Error{Status: 500, Type: TypeAPI, Message: msg}
}

// WithSuffix returns a copy of e whose message ends with suffix.
func (e *Error) WithSuffix(suffix string) *Error {
	c := *e
	c.Message += suffix
	return &c
}
