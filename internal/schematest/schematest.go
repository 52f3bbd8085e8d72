// Package schematest validates JSON response bodies against Stripe's
// 2023-10-16 OpenAPI specification, as embedded in stripe-mock.
//
// It exists so that the fake's tests can assert fidelity mechanically: every
// body the fake returns must be one that the real API could have returned, down
// to which fields are nullable, which enums are allowed and which properties
// exist at all. The validator is deliberately strict (unknown properties are
// errors unless the schema declares additionalProperties), because a lenient
// check would let drift from the real API go unnoticed.
//
// It is only imported by _test files.
package schematest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/stripe/stripe-mock/embedded"
)

// Spec is the parsed 2023-10-16 OpenAPI document. It is immutable after Load,
// so one value is shared by every test, including parallel ones.
type Spec struct {
	schemas map[string]*schema
	routes  []*route
	// resources maps the value of an "object" field to the component schemas
	// that declare it, so that free-form event payloads can be validated
	// against the resource they claim to be.
	resources map[string][]*schema
}

// route is one path template of the spec with its operations.
type route struct {
	template string
	// segments holds the template split on "/"; a parameter segment such as
	// "{customer}" is stored as the empty string so matching is cheap.
	segments []string
	ops      map[string]*operation
}

// operation holds the response schemas of one method on one path, keyed by
// status code or "default". A nil schema means the response is not JSON (for
// example the quote PDF), which is not validated.
type operation struct {
	responses map[string]*schema
}

// special marks schemas that need validation beyond what the spec expresses.
type special int

const (
	_ special = iota // the zero value: nothing beyond the spec
	// specialEventData marks notification_event_data, whose "object" is
	// declared as a free-form object although it is always a full API
	// resource. Validating it against that resource catches malformed webhook
	// payloads, which the spec alone would let through.
	specialEventData
)

// schema is the subset of an OpenAPI schema object that Stripe's spec uses
// in response bodies. Unknown keywords (descriptions, x-expandableFields and
// so on) are ignored because they do not constrain the data.
type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Format               string             `json:"format"`
	Nullable             bool               `json:"nullable"`
	Enum                 []any              `json:"enum"`
	MaxLength            *int               `json:"maxLength"`
	Pattern              string             `json:"pattern"`
	Properties           map[string]*schema `json:"properties"`
	Required             []string           `json:"required"`
	AdditionalProperties *additional        `json:"additionalProperties"`
	Items                *schema            `json:"items"`
	AnyOf                []*schema          `json:"anyOf"`
	OneOf                []*schema          `json:"oneOf"`
	AllOf                []*schema          `json:"allOf"`

	// The fields below are filled in by Load.

	// name is the component name for schemas under components.schemas; it
	// makes problem messages say which resource was expected.
	name    string
	target  *schema
	pattern *regexp.Regexp
	special special
}

// additional is the value of additionalProperties, which OpenAPI allows to be
// either a boolean or a schema.
type additional struct {
	allowed bool
	schema  *schema
}

func (a *additional) UnmarshalJSON(b []byte) error {
	switch string(bytes.TrimSpace(b)) {
	case "true":
		a.allowed = true
		return nil
	case "false":
		a.allowed = false
		return nil
	}
	a.allowed = true
	a.schema = new(schema)
	return json.Unmarshal(b, a.schema)
}

// document mirrors the parts of the OpenAPI document that Load needs. Request
// parameters and bodies are skipped because only responses are validated.
type document struct {
	OpenAPI string `json:"openapi"`
	Info    struct {
		Version string `json:"version"`
	} `json:"info"`
	Paths      map[string]map[string]*docOperation `json:"paths"`
	Components struct {
		Schemas map[string]*schema `json:"schemas"`
	} `json:"components"`
}

type docOperation struct {
	Responses map[string]struct {
		Content map[string]struct {
			Schema *schema `json:"schema"`
		} `json:"content"`
	} `json:"responses"`
}

// specVersion is the API version this package validates against. Load
// checks it so that a stripe-mock upgrade cannot silently change the
// contract the fake is tested against.
const specVersion = "2023-10-16"

var (
	loadOnce sync.Once
	loaded   *Spec
	loadErr  error
)

// Load parses the embedded OpenAPI document once and returns the shared,
// immutable result. Parsing takes a noticeable fraction of a second, so it is
// cached for the whole test binary.
func Load() (*Spec, error) {
	loadOnce.Do(func() {
		loaded, loadErr = parse(embedded.OpenAPISpec)
	})
	return loaded, loadErr
}

func parse(raw []byte) (*Spec, error) {
	var doc document
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("schematest: parsing OpenAPI spec: %w", err)
	}
	if doc.Info.Version != specVersion {
		return nil, fmt.Errorf("schematest: embedded spec is version %q, want %q", doc.Info.Version, specVersion)
	}
	s := &Spec{schemas: doc.Components.Schemas, resources: map[string][]*schema{}}
	if len(s.schemas) == 0 {
		return nil, errors.New("schematest: spec has no component schemas")
	}
	l := linker{spec: s, seen: map[*schema]bool{}}
	for _, name := range sortedKeys(s.schemas) {
		sc := s.schemas[name]
		sc.name = name
		l.link(sc, "#/components/schemas/"+name)
	}
	for _, tmpl := range sortedKeys(doc.Paths) {
		r := &route{template: tmpl, ops: map[string]*operation{}}
		for _, seg := range strings.Split(strings.TrimPrefix(tmpl, "/"), "/") {
			if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
				seg = ""
			}
			r.segments = append(r.segments, seg)
		}
		for method, op := range doc.Paths[tmpl] {
			o := &operation{responses: map[string]*schema{}}
			for status, resp := range op.Responses {
				var sc *schema
				if c, ok := resp.Content["application/json"]; ok && c.Schema != nil {
					sc = c.Schema
					l.link(sc, fmt.Sprintf("paths %s %s %s", method, tmpl, status))
				}
				o.responses[status] = sc
			}
			r.ops[strings.ToLower(method)] = o
		}
		s.routes = append(s.routes, r)
	}
	if l.err != nil {
		return nil, l.err
	}
	for _, name := range sortedKeys(s.schemas) {
		sc := s.schemas[name]
		if obj := sc.Properties["object"]; obj != nil {
			for _, e := range obj.Enum {
				if v, ok := e.(string); ok {
					s.resources[v] = append(s.resources[v], sc)
				}
			}
		}
	}
	ed, ok := s.schemas["notification_event_data"]
	if !ok {
		return nil, errors.New("schematest: spec has no notification_event_data schema")
	}
	ed.special = specialEventData
	return s, nil
}

// linker resolves $ref pointers and compiles patterns once, so that
// validation never has to look anything up by name.
type linker struct {
	spec *Spec
	seen map[*schema]bool
	err  error
}

func (l *linker) link(sc *schema, where string) {
	if sc == nil || l.seen[sc] {
		return
	}
	l.seen[sc] = true
	if sc.Ref != "" {
		name, ok := strings.CutPrefix(sc.Ref, "#/components/schemas/")
		target := l.spec.schemas[name]
		if !ok || target == nil {
			l.fail(fmt.Errorf("schematest: %s: unresolvable $ref %q", where, sc.Ref))
			return
		}
		sc.target = target
		// A chain of references that never reaches a real schema would make
		// validation loop without consuming data, so it is rejected here.
		for hops, t := 0, target; t.Ref != ""; hops++ {
			if hops > 64 {
				l.fail(fmt.Errorf("schematest: %s: $ref cycle through %q", where, sc.Ref))
				return
			}
			t = l.spec.schemas[strings.TrimPrefix(t.Ref, "#/components/schemas/")]
			if t == nil {
				break
			}
		}
	}
	if sc.Pattern != "" {
		re, err := regexp.Compile(sc.Pattern)
		if err != nil {
			l.fail(fmt.Errorf("schematest: %s: bad pattern: %w", where, err))
		}
		sc.pattern = re
	}
	for _, k := range sortedKeys(sc.Properties) {
		l.link(sc.Properties[k], where+"/"+k)
	}
	if sc.AdditionalProperties != nil {
		l.link(sc.AdditionalProperties.schema, where+"/additionalProperties")
	}
	l.link(sc.Items, where+"/items")
	for i, b := range sc.AnyOf {
		l.link(b, fmt.Sprintf("%s/anyOf/%d", where, i))
	}
	for i, b := range sc.OneOf {
		l.link(b, fmt.Sprintf("%s/oneOf/%d", where, i))
	}
	for i, b := range sc.AllOf {
		l.link(b, fmt.Sprintf("%s/allOf/%d", where, i))
	}
}

func (l *linker) fail(err error) {
	if l.err == nil {
		l.err = err
	}
}

// Problem is one way in which a body does not match the schema.
type Problem struct {
	// Path is a JSON pointer into the body, such as /data/0/customer/address/city.
	Path string
	// Message says what is wrong there.
	Message string
}

func (p Problem) String() string {
	path := p.Path
	if path == "" {
		path = "(root)"
	}
	return path + ": " + p.Message
}

// ValidationError lists every problem found in a body. It is exported so
// that tests can inspect individual problems rather than parse the message.
type ValidationError struct {
	// Schema names what the body was validated against.
	Schema   string
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d schema problem(s) against %s:", len(e.Problems), e.Schema)
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.String())
	}
	return b.String()
}

// ValidateResponse finds the operation for method and path, picks the
// response schema for status (the exact status, else "default", which is the
// error envelope) and validates body against it. path is a concrete request
// path without query string; literal segments are preferred over template
// parameters, so /v1/customers/search is the search operation and not a
// retrieve of a customer called "search". An unknown operation is an error,
// because the fake should not serve routes that Stripe does not have.
func (s *Spec) ValidateResponse(method, path string, status int, body []byte) error {
	// A query string is tolerated rather than reported, because it never
	// changes which operation Stripe routes to.
	path, _, _ = strings.Cut(path, "?")
	r := s.match(path)
	if r == nil {
		return fmt.Errorf("schematest: no operation in the %s spec matches path %s", specVersion, path)
	}
	op := r.ops[strings.ToLower(method)]
	if op == nil {
		return fmt.Errorf("schematest: path %s (%s) has no %s operation in the %s spec", path, r.template, strings.ToUpper(method), specVersion)
	}
	key := strconv.Itoa(status)
	sc, ok := op.responses[key]
	if !ok {
		key = "default"
		sc, ok = op.responses[key]
	}
	if !ok {
		return fmt.Errorf("schematest: %s %s defines no response for status %d", strings.ToUpper(method), r.template, status)
	}
	if sc == nil {
		// The documented response is not JSON, so there is nothing to validate.
		return nil
	}
	return s.validate(sc, body, fmt.Sprintf("%s %s %s response", strings.ToUpper(method), r.template, key))
}

// ValidateComponent validates body against components.schemas[name], for
// example "customer", "charge", "error" or "event".
func (s *Spec) ValidateComponent(name string, body []byte) error {
	sc, ok := s.schemas[name]
	if !ok {
		return fmt.Errorf("schematest: no component schema %q in the %s spec", name, specVersion)
	}
	return s.validate(sc, body, "component "+name)
}

func (s *Spec) validate(sc *schema, body []byte, what string) error {
	data, err := decode(body)
	if err != nil {
		return &ValidationError{Schema: what, Problems: []Problem{{Message: "body is not valid JSON: " + err.Error()}}}
	}
	v := validator{spec: s}
	v.value(sc, data, "", 0)
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Schema: what, Problems: v.problems}
}

// decode parses body keeping numbers as json.Number, so that integers can be
// told apart from numbers with a fractional part exactly as stripe-go's
// decoder would.
func decode(body []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var data any
	if err := dec.Decode(&data); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the JSON value")
	}
	return data, nil
}

// match returns the route for a concrete path. Among templates that match,
// the one with a literal segment at the first position where they differ
// wins, which is how Stripe routes /v1/customers/search before
// /v1/customers/{customer}.
func (s *Spec) match(path string) *route {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	var best *route
	for _, r := range s.routes {
		if len(r.segments) != len(segs) {
			continue
		}
		ok := true
		for i, seg := range r.segments {
			if seg == "" {
				if segs[i] == "" {
					ok = false
					break
				}
				continue
			}
			if seg != segs[i] {
				ok = false
				break
			}
		}
		if ok && (best == nil || moreLiteral(r, best)) {
			best = r
		}
	}
	return best
}

// moreLiteral reports whether a has a literal segment where b has a
// parameter, at the first position where they differ.
func moreLiteral(a, b *route) bool {
	for i := range a.segments {
		al, bl := a.segments[i] != "", b.segments[i] != ""
		if al != bl {
			return al
		}
	}
	return false
}

// Check validates a response body and reports every problem with t.Errorf.
func Check(t testing.TB, method, path string, status int, body []byte) {
	t.Helper()
	s, err := Load()
	if err != nil {
		t.Errorf("schematest: %v", err)
		return
	}
	if err := s.ValidateResponse(method, path, status, body); err != nil {
		t.Errorf("%s %s -> %d: response does not match the %s schema: %v\nbody: %s", method, path, status, specVersion, err, truncate(body))
	}
}

// Transport returns an http.RoundTripper that forwards to base (or
// http.DefaultTransport when base is nil) and validates every response body
// that passes through it, reporting problems with t.Errorf. The body is read
// fully and replaced with a fresh reader, so the caller (typically stripe-go)
// sees exactly what the server sent.
func Transport(t testing.TB, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{t: t, base: base}
}

type transport struct {
	t    testing.TB
	base http.RoundTripper
}

func (tr *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := tr.base.RoundTrip(req)
	if err != nil || resp == nil || resp.Body == nil {
		return resp, err
	}
	body, readErr := io.ReadAll(resp.Body)
	closeErr := resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	tr.t.Helper()
	if readErr != nil {
		tr.t.Errorf("schematest: %s %s: reading response body: %v", req.Method, req.URL.Path, readErr)
		return resp, nil
	}
	if closeErr != nil {
		tr.t.Errorf("schematest: %s %s: closing response body: %v", req.Method, req.URL.Path, closeErr)
	}
	// The escaped path is split on "/" so that an id containing an encoded
	// slash still counts as one segment.
	Check(tr.t, req.Method, req.URL.EscapedPath(), resp.StatusCode, body)
	return resp, nil
}

// truncate keeps failure messages readable when a body is large, such as a
// list page of expanded objects.
func truncate(b []byte) string {
	const max = 4000
	if len(b) <= max {
		return string(b)
	}
	return string(b[:max]) + fmt.Sprintf("… (%d more bytes)", len(b)-max)
}

// maxDepth bounds recursion as a safety net: validation is driven by the
// data, which is finitely deep, but a schema whose anyOf refers back to
// itself without consuming data would otherwise recurse forever.
const maxDepth = 512

type validator struct {
	spec     *Spec
	problems []Problem
}

func (v *validator) add(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

// value validates data against sc at path.
func (v *validator) value(sc *schema, data any, path string, depth int) {
	if depth > maxDepth {
		v.add(path, "schema nesting exceeds %d levels", maxDepth)
		return
	}
	nullable := false
	for sc.target != nil {
		nullable = nullable || sc.Nullable
		sc = sc.target
	}
	nullable = nullable || sc.Nullable

	if data == nil {
		if nullable || anyBranchNullable(sc) {
			return
		}
		v.add(path, "null is not allowed here (%s is not nullable)", describe(sc))
		return
	}

	if len(sc.AnyOf) > 0 {
		v.alternatives(sc.AnyOf, data, path, depth)
	}
	if len(sc.OneOf) > 0 {
		v.alternatives(sc.OneOf, data, path, depth)
	}
	for _, b := range sc.AllOf {
		v.value(b, data, path, depth+1)
	}

	switch sc.Type {
	case "":
		// No type constraint; anyOf or enum may still apply.
	case "string":
		str, ok := data.(string)
		if !ok {
			v.wrongType(path, "string", data)
			return
		}
		if sc.MaxLength != nil && utf8.RuneCountInString(str) > *sc.MaxLength {
			v.add(path, "string of %d characters exceeds maxLength %d", utf8.RuneCountInString(str), *sc.MaxLength)
		}
		if sc.pattern != nil && !sc.pattern.MatchString(str) {
			v.add(path, "%q does not match pattern %s", str, sc.Pattern)
		}
		if sc.Format == "decimal" && !decimalRE.MatchString(str) {
			v.add(path, "%q is not a decimal string", str)
		}
	case "integer":
		n, ok := data.(json.Number)
		if !ok {
			v.wrongType(path, "integer", data)
			return
		}
		if !isInteger(n) {
			v.add(path, "expected integer, got %s (stripe-go decodes this field into an int64)", n)
			return
		}
	case "number":
		if _, ok := data.(json.Number); !ok {
			v.wrongType(path, "number", data)
			return
		}
	case "boolean":
		if _, ok := data.(bool); !ok {
			v.wrongType(path, "boolean", data)
			return
		}
	case "array":
		arr, ok := data.([]any)
		if !ok {
			v.wrongType(path, "array", data)
			return
		}
		if sc.Items != nil {
			for i, item := range arr {
				v.value(sc.Items, item, path+"/"+strconv.Itoa(i), depth+1)
			}
		}
	case "object":
		obj, ok := data.(map[string]any)
		if !ok {
			v.wrongType(path, "object", data)
			return
		}
		v.object(sc, obj, path, depth)
	default:
		v.add(path, "schema has unsupported type %q", sc.Type)
		return
	}

	if len(sc.Enum) > 0 && !inEnum(sc.Enum, data) {
		v.add(path, "%s is not one of the allowed values %s", jsonText(data), enumText(sc.Enum))
	}
}

var decimalRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// isInteger reports whether n is written without a fraction or exponent and
// fits in an int64, which is what stripe-go needs to decode it.
func isInteger(n json.Number) bool {
	if strings.ContainsAny(string(n), ".eE") {
		return false
	}
	_, err := strconv.ParseInt(string(n), 10, 64)
	return err == nil
}

func (v *validator) object(sc *schema, obj map[string]any, path string, depth int) {
	for _, name := range sc.Required {
		if _, ok := obj[name]; !ok {
			v.add(path+"/"+escape(name), "missing required property (required by %s)", describe(sc))
		}
	}
	// An object schema with neither properties nor additionalProperties is
	// free-form in Stripe's spec (for example use_stripe_sdk), so its keys
	// are not checked.
	freeForm := sc.Properties == nil && sc.AdditionalProperties == nil
	for _, key := range sortedKeys(obj) {
		p := path + "/" + escape(key)
		if prop, ok := sc.Properties[key]; ok {
			v.value(prop, obj[key], p, depth+1)
			continue
		}
		switch {
		case freeForm:
		case sc.AdditionalProperties != nil && sc.AdditionalProperties.schema != nil:
			v.value(sc.AdditionalProperties.schema, obj[key], p, depth+1)
		case sc.AdditionalProperties != nil && sc.AdditionalProperties.allowed:
		default:
			v.add(p, "unknown property (not in %s)", describe(sc))
		}
	}
	if sc.special == specialEventData {
		v.eventData(obj, path, depth)
	}
}

// eventData validates an event's data.object against the resource schema its
// "object" field names, and checks that data.previous_attributes only names
// properties of that resource.
func (v *validator) eventData(data map[string]any, path string, depth int) {
	obj, ok := data["object"].(map[string]any)
	if !ok {
		// The generic validation has already reported a missing or
		// mistyped data.object.
		return
	}
	p := path + "/object"
	kind, ok := obj["object"].(string)
	if !ok {
		v.add(p+"/object", "event payload has no string \"object\" field naming its resource type")
		return
	}
	candidates := v.spec.resources[kind]
	if len(candidates) == 0 {
		v.add(p+"/object", "event payload claims to be %q, which is no resource in the %s spec", kind, specVersion)
		return
	}
	v.alternatives(candidates, obj, p, depth)

	prev, ok := data["previous_attributes"].(map[string]any)
	if !ok {
		return
	}
	for _, key := range sortedKeys(prev) {
		known := slices.ContainsFunc(candidates, func(c *schema) bool {
			_, ok := c.Properties[key]
			return ok
		})
		if !known {
			v.add(path+"/previous_attributes/"+escape(key), "previous attribute is not a property of %q", kind)
		}
	}
}

// alternatives validates data against anyOf/oneOf branches. Both are treated
// as "at least one branch validates", because Stripe's spec uses them to
// list the shapes an expandable field can take rather than to demand
// exclusivity. When no branch fits, only the most plausible branch's
// problems are reported, since the errors of the other branches (such as
// "expected string" for an expanded object) are noise.
func (v *validator) alternatives(branches []*schema, data any, path string, depth int) {
	if len(branches) == 1 {
		// A single branch is how the spec wraps a $ref to make it nullable;
		// its problems are reported as they are, with no summary.
		v.value(branches[0], data, path, depth+1)
		return
	}
	type result struct {
		branch   *schema
		problems []Problem
	}
	results := make([]result, 0, len(branches))
	for _, b := range branches {
		sub := validator{spec: v.spec}
		sub.value(b, data, path, depth+1)
		if len(sub.problems) == 0 {
			return
		}
		results = append(results, result{b, sub.problems})
	}

	// Prefer the branches whose "object" enum names what the body says it
	// is, then the branches whose type fits the JSON value at all.
	candidates := results
	if obj, ok := data.(map[string]any); ok {
		if kind, ok := obj["object"].(string); ok {
			var named []result
			for _, r := range results {
				if objectEnumContains(resolve(r.branch), kind) {
					named = append(named, r)
				}
			}
			if len(named) > 0 {
				candidates = named
			}
		}
	}
	var fitting []result
	for _, r := range candidates {
		if typeFits(resolve(r.branch), data) {
			fitting = append(fitting, r)
		}
	}
	if len(fitting) == 0 {
		names := make([]string, len(branches))
		for i, b := range branches {
			names[i] = describe(resolve(b))
		}
		v.add(path, "expected %s, got %s", strings.Join(names, " or "), kindOf(data))
		return
	}
	best := fitting[0]
	for _, r := range fitting[1:] {
		if len(r.problems) < len(best.problems) {
			best = r
		}
	}
	names := make([]string, len(branches))
	for i, b := range branches {
		names[i] = describe(resolve(b))
	}
	v.add(path, "matches none of %s; problems when read as %s follow", strings.Join(names, " | "), describe(resolve(best.branch)))
	v.problems = append(v.problems, best.problems...)
}

func resolve(sc *schema) *schema {
	for sc.target != nil {
		sc = sc.target
	}
	return sc
}

func anyBranchNullable(sc *schema) bool {
	for _, list := range [][]*schema{sc.AnyOf, sc.OneOf} {
		for _, b := range list {
			for ; b != nil; b = b.target {
				if b.Nullable {
					return true
				}
			}
		}
	}
	return false
}

func objectEnumContains(sc *schema, kind string) bool {
	obj := sc.Properties["object"]
	if obj == nil {
		return false
	}
	obj = resolve(obj)
	for _, e := range obj.Enum {
		if e == kind {
			return true
		}
	}
	return false
}

// typeFits reports whether the JSON kind of data is the one sc declares, so
// that for an expandable field holding an object, the string branch is not
// reported as the closest match.
func typeFits(sc *schema, data any) bool {
	switch sc.Type {
	case "":
		return true
	case "string":
		_, ok := data.(string)
		return ok
	case "integer", "number":
		_, ok := data.(json.Number)
		return ok
	case "boolean":
		_, ok := data.(bool)
		return ok
	case "array":
		_, ok := data.([]any)
		return ok
	case "object":
		_, ok := data.(map[string]any)
		return ok
	}
	return false
}

func (v *validator) wrongType(path, want string, data any) {
	v.add(path, "expected %s, got %s %s", want, kindOf(data), shortJSON(data))
}

// describe names a schema for messages: its component name when it has one,
// else its type.
func describe(sc *schema) string {
	switch {
	case sc.name != "":
		return sc.name
	case sc.Type != "":
		return sc.Type
	default:
		return "schema"
	}
}

func kindOf(data any) string {
	switch d := data.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if isInteger(d) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", data)
}

func inEnum(enum []any, data any) bool {
	for _, e := range enum {
		switch e := e.(type) {
		case string, bool:
			if e == data {
				return true
			}
		case float64:
			// The spec is decoded without UseNumber, so numeric enum values
			// (none exist in 2023-10-16, but the format allows them) are
			// compared as floats.
			if n, ok := data.(json.Number); ok {
				if f, err := n.Float64(); err == nil && f == e {
					return true
				}
			}
		case nil:
			if data == nil {
				return true
			}
		}
	}
	return false
}

// enumText lists allowed values, truncated because some enums (countries,
// locales, tax id types) have well over a hundred entries.
func enumText(enum []any) string {
	const show = 12
	parts := make([]string, 0, show+1)
	for i, e := range enum {
		if i == show {
			parts = append(parts, fmt.Sprintf("… %d more", len(enum)-show))
			break
		}
		parts = append(parts, jsonText(e))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func jsonText(data any) string {
	b, err := json.Marshal(data)
	if err != nil {
		return fmt.Sprint(data)
	}
	return string(b)
}

// shortJSON renders a value for a message, abbreviated for containers whose
// full text would drown the message.
func shortJSON(data any) string {
	switch d := data.(type) {
	case map[string]any:
		return fmt.Sprintf("with %d keys", len(d))
	case []any:
		return fmt.Sprintf("of %d items", len(d))
	}
	s := jsonText(data)
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}

// escape encodes a key as a JSON pointer reference token (RFC 6901).
func escape(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
