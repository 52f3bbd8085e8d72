package form

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/fakestripe/fakestripe/internal/apierr"
)

// read parses raw, lets use read it, and returns what use produced and
// the reader's final error.
func read[T any](t *testing.T, raw string, use func(r *Reader) T) (T, *apierr.Error) {
	t.Helper()
	root, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse(%q): %v", raw, err)
	}
	r := NewReader(root)
	got := use(r)
	return got, r.Err()
}

// wantErr is the part of an *apierr.Error a test pins down; Code "" means
// the error must have no code.
type wantErr struct {
	Param, Code, Message string
}

func checkErr(t *testing.T, got *apierr.Error, want *wantErr) {
	t.Helper()
	if want == nil {
		if got != nil {
			t.Fatalf("unexpected error: %v (param %q)", got, got.Param)
		}
		return
	}
	if got == nil {
		t.Fatalf("no error, want %+v", *want)
	}
	if got.Status != 400 || got.Type != apierr.TypeInvalidRequest {
		t.Errorf("status/type = %d/%s, want 400/invalid_request_error", got.Status, got.Type)
	}
	if diff := cmp.Diff(*want, wantErr{got.Param, got.Code, got.Message}); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
}

func ptr[T any](v T) *T { return &v }

func TestString(t *testing.T) {
	tests := []struct {
		raw  string
		want *string
		err  *wantErr
	}{
		{"email=a%40b.c", ptr("a@b.c"), nil},
		{"email=", ptr(""), nil},
		{"", nil, nil},
		{"email[x]=1", nil, &wantErr{"email", "", `Invalid string: {:x=>"1"}`}},
		{"email[]=1&email[]=2", nil, &wantErr{"email", "", `Invalid string: ["1", "2"]`}},
	}
	for _, tc := range tests {
		got, err := read(t, tc.raw, func(r *Reader) *string { return r.String("email") })
		checkErr(t, err, tc.err)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("String(%q) mismatch (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestStringMax(t *testing.T) {
	tests := []struct {
		raw  string
		want *string
		err  *wantErr
	}{
		{"d=%C3%A9%C3%A9%C3%A9", ptr("ééé"), nil}, // 3 runes, 6 bytes
		{"d=abcd", nil, &wantErr{"d", "", "Invalid string: abcd; must be at most 3 characters"}},
		{"d=", ptr(""), nil},
	}
	for _, tc := range tests {
		got, err := read(t, tc.raw, func(r *Reader) *string { return r.StringMax("d", 3) })
		checkErr(t, err, tc.err)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("StringMax(%q) mismatch (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestInt(t *testing.T) {
	tests := []struct {
		raw  string
		want *int64
		err  *wantErr
	}{
		{"amount=2000", ptr[int64](2000), nil},
		{"amount=-5", ptr[int64](-5), nil},
		{"", nil, nil},
		{"amount=55.00", nil, &wantErr{"amount", "parameter_invalid_integer", "Invalid integer: 55.00"}},
		{"amount=", nil, &wantErr{"amount", "parameter_invalid_integer", "Invalid integer: "}},
		{"amount=99999999999999999999", nil, &wantErr{"amount", "parameter_invalid_integer", "Invalid integer: 99999999999999999999"}},
		{"amount[0]=1", nil, &wantErr{"amount", "parameter_invalid_integer", `Invalid integer: {:"0"=>"1"}`}},
	}
	for _, tc := range tests {
		got, err := read(t, tc.raw, func(r *Reader) *int64 { return r.Int("amount") })
		checkErr(t, err, tc.err)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Int(%q) mismatch (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestIntRange(t *testing.T) {
	tests := []struct {
		raw  string
		want *int64
		err  *wantErr
	}{
		{"limit=1", ptr[int64](1), nil},
		{"limit=100", ptr[int64](100), nil},
		{"limit=0", nil, &wantErr{"limit", "", "This value must be greater than or equal to 1."}},
		{"limit=101", nil, &wantErr{"limit", "", "This value must be less than or equal to 100."}},
		{"limit=x", nil, &wantErr{"limit", "parameter_invalid_integer", "Invalid integer: x"}},
	}
	for _, tc := range tests {
		got, err := read(t, tc.raw, func(r *Reader) *int64 { return r.IntRange("limit", 1, 100) })
		checkErr(t, err, tc.err)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("IntRange(%q) mismatch (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestBool(t *testing.T) {
	tests := []struct {
		raw  string
		want *bool
		err  *wantErr
	}{
		{"capture=true", ptr(true), nil},
		{"capture=false", ptr(false), nil},
		{"", nil, nil},
		{"capture=TRUE", nil, &wantErr{"capture", "", "Invalid boolean: TRUE"}},
		{"capture=1", nil, &wantErr{"capture", "", "Invalid boolean: 1"}},
		{"capture=", nil, &wantErr{"capture", "", "Invalid boolean: "}},
	}
	for _, tc := range tests {
		got, err := read(t, tc.raw, func(r *Reader) *bool { return r.Bool("capture") })
		checkErr(t, err, tc.err)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Bool(%q) mismatch (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestEnum(t *testing.T) {
	reasons := []string{"duplicate", "fraudulent", "requested_by_customer"}
	const msg = "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer"
	tests := []struct {
		raw     string
		allowed []string
		want    *string
		err     *wantErr
	}{
		{"reason=fraudulent", reasons, ptr("fraudulent"), nil},
		{"", reasons, nil, nil},
		{"reason=other", reasons, nil, &wantErr{"reason", "", msg}},
		{"reason=", reasons, nil, &wantErr{"reason", "", msg}},
		{"reason=", append([]string{""}, reasons...), ptr(""), nil},
		{"reason=x", append([]string{""}, reasons...), nil, &wantErr{"reason", "", msg}},
		{"reason[a]=x", reasons, nil, &wantErr{"reason", "", msg}},
	}
	for _, tc := range tests {
		got, err := read(t, tc.raw, func(r *Reader) *string { return r.Enum("reason", tc.allowed...) })
		checkErr(t, err, tc.err)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Enum(%q) mismatch (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestTimestamp(t *testing.T) {
	const msg = "Invalid timestamp: must be an integer Unix timestamp in the past or future."
	tests := []struct {
		raw  string
		want *int64
		err  *wantErr
	}{
		{"ts=1700000000", ptr[int64](1700000000), nil},
		{"", nil, nil},
		{"ts=now", nil, &wantErr{"ts", "", msg}},
		{"ts=", nil, &wantErr{"ts", "", msg}},
		{"ts[]=1", nil, &wantErr{"ts", "", msg}},
	}
	for _, tc := range tests {
		got, err := read(t, tc.raw, func(r *Reader) *int64 { return r.Timestamp("ts") })
		checkErr(t, err, tc.err)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Timestamp(%q) mismatch (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestStrings(t *testing.T) {
	type result struct {
		List    []string
		Present bool
	}
	invalid := &wantErr{"expand", "", "Invalid array"}
	tests := []struct {
		raw  string
		want result
		err  *wantErr
	}{
		{"expand[]=customer&expand[]=invoice", result{[]string{"customer", "invoice"}, true}, nil},
		{"expand[0]=customer&expand[1]=invoice", result{[]string{"customer", "invoice"}, true}, nil},
		{"expand[10]=b&expand[2]=a", result{[]string{"a", "b"}, true}, nil},
		{"expand=", result{[]string{}, true}, nil},
		{"", result{nil, false}, nil},
		{"expand=customer", result{nil, false}, invalid},
		{"expand[a]=customer", result{nil, false}, invalid},
		{"expand[0][a]=customer", result{nil, false}, invalid},
		{"expand[10001]=customer", result{nil, false}, invalid},
	}
	for _, tc := range tests {
		got, err := read(t, tc.raw, func(r *Reader) result {
			l, ok := r.Strings("expand")
			return result{l, ok}
		})
		checkErr(t, err, tc.err)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Strings(%q) mismatch (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestObject(t *testing.T) {
	type result struct {
		City *string
		Pres Presence
	}
	tests := []struct {
		raw  string
		want result
		err  *wantErr
	}{
		{"address[city]=Paris", result{ptr("Paris"), Present}, nil},
		{"", result{nil, Absent}, nil},
		{"address=", result{nil, Empty}, nil},
		{"address=x", result{nil, Absent}, &wantErr{"address", "", "Invalid hash"}},
		{"address[]=x", result{nil, Absent}, &wantErr{"address", "", "Invalid hash"}},
		{"address[city]=Paris&address[foo]=1", result{ptr("Paris"), Present},
			&wantErr{"address[foo]", "parameter_unknown", "Received unknown parameter: address[foo]"}},
		{"address[citi]=Paris", result{nil, Present},
			&wantErr{"address[citi]", "parameter_unknown", "Received unknown parameter: address[citi]. Did you mean address[city]?"}},
		{"address[city][x]=1", result{nil, Present},
			&wantErr{"address[city]", "", `Invalid string: {:x=>"1"}`}},
	}
	for _, tc := range tests {
		got, err := read(t, tc.raw, func(r *Reader) result {
			a, pres := r.Object("address")
			if a == nil {
				t.Fatalf("Object(%q) returned a nil reader", tc.raw)
			}
			return result{a.String("city"), pres}
		})
		checkErr(t, err, tc.err)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Object(%q) mismatch (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestObjectNested(t *testing.T) {
	raw := "shipping[name]=Jo&shipping[address][city]=Paris&shipping[address][postal_cod]=75001"
	got, err := read(t, raw, func(r *Reader) []*string {
		s, _ := r.Object("shipping")
		a, _ := s.Object("address")
		return []*string{s.String("name"), a.String("city"), a.String("postal_code")}
	})
	checkErr(t, err, &wantErr{"shipping[address][postal_cod]", "parameter_unknown",
		"Received unknown parameter: shipping[address][postal_cod]. Did you mean shipping[address][postal_code]?"})
	if diff := cmp.Diff([]*string{ptr("Jo"), ptr("Paris"), nil}, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// Opening the same hash twice must share the keys read through both, or
// a handler that reads address in two places would see false unknowns.
func TestObjectOpenedTwice(t *testing.T) {
	_, err := read(t, "address[city]=a&address[line1]=b", func(r *Reader) bool {
		a, _ := r.Object("address")
		a.String("city")
		b, _ := r.Object("address")
		b.String("line1")
		return a == b
	})
	checkErr(t, err, nil)
}

func TestObjects(t *testing.T) {
	type field struct{ Name, Value *string }
	type result struct {
		Fields []field
		Pres   Presence
	}
	tests := []struct {
		raw  string
		want result
		err  *wantErr
	}{
		{"f[0][name]=a&f[0][value]=1&f[1][name]=b", result{[]field{{ptr("a"), ptr("1")}, {ptr("b"), nil}}, Present}, nil},
		{"f[5][name]=b&f[2][name]=a", result{[]field{{ptr("a"), nil}, {ptr("b"), nil}}, Present}, nil},
		{"", result{nil, Absent}, nil},
		{"f=", result{nil, Empty}, nil},
		{"f=x", result{nil, Absent}, &wantErr{"f", "", "Invalid array"}},
		{"f[a][name]=x", result{nil, Absent}, &wantErr{"f", "", "Invalid array"}},
		{"f[0]=x", result{nil, Absent}, &wantErr{"f[0]", "", "Invalid hash"}},
		{"f[]=x", result{nil, Absent}, &wantErr{"f[0]", "", "Invalid hash"}},
		{"f[3][nme]=x", result{[]field{{nil, nil}}, Present},
			&wantErr{"f[3][nme]", "parameter_unknown", "Received unknown parameter: f[3][nme]. Did you mean f[3][name]?"}},
	}
	for _, tc := range tests {
		got, err := read(t, tc.raw, func(r *Reader) result {
			subs, pres := r.Objects("f")
			res := result{Pres: pres}
			for _, s := range subs {
				res.Fields = append(res.Fields, field{s.String("name"), s.String("value")})
			}
			return res
		})
		checkErr(t, err, tc.err)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Objects(%q) mismatch (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestRange(t *testing.T) {
	tests := []struct {
		raw  string
		want *Range
		err  *wantErr
	}{
		{"created=123", &Range{Eq: ptr[int64](123)}, nil},
		{"created[gt]=1&created[lte]=9", &Range{Gt: ptr[int64](1), Lte: ptr[int64](9)}, nil},
		{"created[gte]=1&created[lt]=9", &Range{Gte: ptr[int64](1), Lt: ptr[int64](9)}, nil},
		{"", nil, nil},
		{"created=abc", nil, &wantErr{"created", "parameter_invalid_integer", "Invalid integer: abc"}},
		{"created[gt]=abc", &Range{}, &wantErr{"created[gt]", "parameter_invalid_integer", "Invalid integer: abc"}},
		{"created[foo]=1", &Range{}, &wantErr{"created[foo]", "parameter_unknown", "Received unknown parameter: created[foo]"}},
		{"created[gtt]=1", &Range{}, &wantErr{"created[gtt]", "parameter_unknown", "Received unknown parameter: created[gtt]. Did you mean created[gt]?"}},
	}
	for _, tc := range tests {
		got, err := read(t, tc.raw, func(r *Reader) *Range { return r.Range("created") })
		checkErr(t, err, tc.err)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Range(%q) mismatch (-want +got):\n%s", tc.raw, diff)
		}
	}
}

func TestRangeContains(t *testing.T) {
	tests := []struct {
		r    *Range
		v    int64
		want bool
	}{
		{nil, 5, true},
		{&Range{}, 5, true},
		{&Range{Eq: ptr[int64](5)}, 5, true},
		{&Range{Eq: ptr[int64](5)}, 6, false},
		{&Range{Gt: ptr[int64](5)}, 5, false},
		{&Range{Gte: ptr[int64](5)}, 5, true},
		{&Range{Lt: ptr[int64](5)}, 5, false},
		{&Range{Lte: ptr[int64](5)}, 5, true},
		{&Range{Gt: ptr[int64](1), Lt: ptr[int64](3)}, 2, true},
		{&Range{Gt: ptr[int64](1), Lt: ptr[int64](3)}, 3, false},
	}
	for _, tc := range tests {
		if got := tc.r.Contains(tc.v); got != tc.want {
			t.Errorf("%+v.Contains(%d) = %v, want %v", tc.r, tc.v, got, tc.want)
		}
	}
}

func TestRawHasRequire(t *testing.T) {
	// Raw marks card known and leaves its inside alone.
	n, err := read(t, "card[number]=4242&card[whatever]=1", func(r *Reader) *Node { return r.Raw("card") })
	checkErr(t, err, nil)
	if n == nil || n.Kind != Hash || len(n.Keys) != 2 {
		t.Errorf("Raw(card) = %+v, want the card hash", n)
	}

	// Has does not mark known.
	_, err = read(t, "amount=1", func(r *Reader) bool { return r.Has("amount") && !r.Has("currency") })
	checkErr(t, err, &wantErr{"amount", "parameter_unknown", "Received unknown parameter: amount"})

	// Require reports the first absent name in the order given.
	_, err = read(t, "amount=1", func(r *Reader) bool {
		r.Require("amount", "currency", "source")
		r.Int("amount")
		return true
	})
	checkErr(t, err, &wantErr{"currency", "parameter_missing", "Missing required param: currency."})

	// A present "" counts as present.
	_, err = read(t, "currency=", func(r *Reader) bool {
		r.Require("currency")
		r.String("currency")
		return true
	})
	checkErr(t, err, nil)

	// Require inside a sub-reader names the full parameter.
	_, err = read(t, "card[number]=4242", func(r *Reader) bool {
		c, _ := r.Object("card")
		c.Require("number", "exp_month")
		c.String("number")
		return true
	})
	checkErr(t, err, &wantErr{"card[exp_month]", "parameter_missing", "Missing required param: card[exp_month]."})
}

func TestErrOrder(t *testing.T) {
	// Unknown parameters win over recorded errors, whatever the order.
	_, err := read(t, "amount=x&bogus=1", func(r *Reader) bool {
		r.Int("amount")
		return true
	})
	checkErr(t, err, &wantErr{"bogus", "parameter_unknown", "Received unknown parameter: bogus"})

	// The first recorded error is kept.
	_, err = read(t, "amount=x&capture=y", func(r *Reader) bool {
		r.Int("amount")
		r.Bool("capture")
		r.Fail(apierr.Invalid("", "z", "later"))
		return true
	})
	checkErr(t, err, &wantErr{"amount", "parameter_invalid_integer", "Invalid integer: x"})

	// Fail records when nothing else did; Fail(nil) is ignored.
	_, err = read(t, "", func(r *Reader) bool {
		r.Fail(nil)
		r.Fail(apierr.Invalid("", "z", "handler"))
		return true
	})
	checkErr(t, err, &wantErr{"z", "", "handler"})

	// Unknown keys are found in sorted order, descending into opened
	// sub-readers as their key comes up: address[foo] sorts before zzz.
	_, err = read(t, "zzz=1&address[foo]=1", func(r *Reader) bool {
		r.Object("address")
		return true
	})
	checkErr(t, err, &wantErr{"address[foo]", "parameter_unknown", "Received unknown parameter: address[foo]"})

	// Errors recorded in sub-readers are shared with the root.
	_, err = read(t, "address[line1][x]=1", func(r *Reader) bool {
		a, _ := r.Object("address")
		a.String("line1")
		return true
	})
	checkErr(t, err, &wantErr{"address[line1]", "", `Invalid string: {:x=>"1"}`})
}

func TestSuggestion(t *testing.T) {
	tests := []struct {
		raw, want string
	}{
		{"emial=a", "Received unknown parameter: emial. Did you mean email?"},
		{"Email=a", "Received unknown parameter: Email. Did you mean email?"},
		{"descriptoin=a", "Received unknown parameter: descriptoin. Did you mean description?"},
		{"x=a", "Received unknown parameter: x"},                       // too short to correct
		{"phone_number=a", "Received unknown parameter: phone_number"}, // too far
	}
	for _, tc := range tests {
		_, err := read(t, tc.raw, func(r *Reader) bool {
			r.String("email")
			r.String("description")
			r.String("id")
			r.String("phone")
			return true
		})
		if err == nil || err.Message != tc.want {
			t.Errorf("%q: got %v, want message %q", tc.raw, err, tc.want)
		}
	}
}

func TestNilRoot(t *testing.T) {
	r := NewReader(nil)
	if r.String("a") != nil || r.Int("b") != nil || r.Has("c") || r.Metadata("metadata") != nil || r.Range("created") != nil {
		t.Error("a nil root should read as no parameters")
	}
	sub, pres := r.Object("address")
	if sub == nil || pres != Absent || sub.String("city") != nil {
		t.Error("Object on a nil root should be an empty, absent reader")
	}
	if err := r.Err(); err != nil {
		t.Errorf("Err() = %v, want nil", err)
	}
	r.Require("amount")
	checkErr(t, r.Err(), &wantErr{"amount", "parameter_missing", "Missing required param: amount."})
}

func TestInspect(t *testing.T) {
	tests := []struct {
		n    *Node
		want string
	}{
		{sc(`a"b`), `"a\"b"`},
		{h("0", sc("x")), `{:"0"=>"x"}`},
		{h("a_b", sc("1"), "c-d", arr(sc("x"), sc("y"))), `{:a_b=>"1", :"c-d"=>["x", "y"]}`},
	}
	for _, tc := range tests {
		if got := inspect(tc.n); got != tc.want {
			t.Errorf("inspect = %s, want %s", got, tc.want)
		}
	}
	long := h("k", sc(strings.Repeat("x", 2000)), "l", sc("y"))
	if got := inspect(long); len(got) > 2100 || !strings.HasSuffix(got, "...}") {
		t.Errorf("long inspect not cut short: %d bytes, ends %q", len(got), got[len(got)-10:])
	}
}
