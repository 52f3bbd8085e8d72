package fakestripe_test

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fakestripe/fakestripe"
)

// fuzzRoutes are the endpoints the fuzzer drives; {cus}, {ch}, {re}, {po},
// {pm}, {pi} and {pia} are replaced with ids of objects the fake holds.
var fuzzRoutes = []struct{ method, path string }{
	{"POST", "/v1/customers"},
	{"GET", "/v1/customers"},
	{"GET", "/v1/customers/search"},
	{"GET", "/v1/customers/{cus}"},
	{"POST", "/v1/customers/{cus}"},
	{"DELETE", "/v1/customers/{cus}"},
	{"POST", "/v1/customers/{cus}/sources"},
	{"POST", "/v1/charges"},
	{"GET", "/v1/charges"},
	{"GET", "/v1/charges/search"},
	{"POST", "/v1/charges/{ch}"},
	{"POST", "/v1/charges/{ch}/capture"},
	{"POST", "/v1/charges/{ch}/refund"},
	{"POST", "/v1/refunds"},
	{"POST", "/v1/refunds/{re}"},
	{"GET", "/v1/refunds"},
	{"GET", "/v1/balance_transactions"},
	{"POST", "/v1/payouts"},
	{"POST", "/v1/payouts/{po}/cancel"},
	{"POST", "/v1/payment_methods"},
	{"GET", "/v1/payment_methods"},
	{"GET", "/v1/payment_methods/{pm}"},
	{"POST", "/v1/payment_methods/{pm}"},
	{"POST", "/v1/payment_methods/{pm}/attach"},
	{"POST", "/v1/payment_methods/{pm}/detach"},
	{"GET", "/v1/customers/{cus}/payment_methods"},
	{"POST", "/v1/payment_intents"},
	{"GET", "/v1/payment_intents"},
	{"GET", "/v1/payment_intents/search"},
	{"POST", "/v1/payment_intents/{pi}"},
	{"POST", "/v1/payment_intents/{pi}/confirm"},
	{"POST", "/v1/payment_intents/{pi}/capture"},
	{"POST", "/v1/payment_intents/{pi}/cancel"},
	{"POST", "/v1/test_helpers/payment_intents/{pia}/authenticate"},
	{"POST", "/v1/test_helpers/test_clocks"},
	{"POST", "/v1/test_helpers/test_clocks/{clock}/advance"},
	{"DELETE", "/v1/test_helpers/test_clocks/{clock}"},
	{"POST", "/v1/webhook_endpoints"},
	{"GET", "/v1/events"},
}

// FuzzRequests sends one fuzzed request to a fake that already holds a
// customer, a captured and an uncaptured charge, a refund and a payout. No
// input may panic the fake, make it answer 500, answer something other
// than JSON, break the ledger, or change state when it answers an error
// other than a card decline.
func FuzzRequests(f *testing.F) {
	seeds := []struct {
		route int
		body  string
	}{
		{0, "email=a@example.com&metadata[k]=v&source=tok_visa"},
		{0, "address[city]=x&shipping[name]=n&shipping[address][line1]=l&tax_id_data[0][type]=eu_vat&tax_id_data[0][value]=DE1"},
		{1, "limit=3&created[gte]=0&expand[]=data.default_source"},
		{2, `query=email:"a@example.com" AND metadata["k"]:"v"`},
		{4, "metadata=&invoice_settings[custom_fields][0][name]=a&invoice_settings[custom_fields][0][value]=b"},
		{7, "amount=2000&currency=usd&source=tok_visa&capture=false"},
		{7, "amount=2000&currency=usd&customer={cus}"},
		{9, `query=amount>100 OR status:"failed"`},
		{11, "amount=500"},
		{13, "charge={ch}&amount=100&reason=duplicate"},
		{13, "charge={ch}&amount=99999999"},
		{17, "amount=1&currency=usd"},
		{0, "a[][b]=1"},
		{0, "metadata[a][b]=1"},
		{0, "expand[0]=sources&expand[1]=tax_ids.data.customer.default_source"},
		{0, "payment_method=pm_card_visa&invoice_settings[default_payment_method]=pm_card_visa"},
		{4, "invoice_settings[default_payment_method]={pm}&expand[]=invoice_settings.default_payment_method"},
		{19, "type=card&card[token]=tok_visa&billing_details[name]=x&metadata[k]=v"},
		{19, "type=card&card[number]=4242424242424242&card[exp_month]=12"},
		{20, "customer={cus}&type=card&limit=2"},
		{22, "billing_details[name]=n&billing_details[address]=&metadata[a]=b&card[exp_year]=2040"},
		{23, "customer={cus}"},
		{26, "amount=1000&currency=usd&payment_method=pm_card_visa&confirm=true&payment_method_types[]=card"},
		{26, "amount=1000&currency=usd&payment_method=pm_card_chargeDeclined&confirm=true&return_url=https://example.com"},
		{26, "amount=1000&currency=usd&customer={cus}&payment_method={pm}&confirm=true&off_session=true&capture_method=manual&payment_method_types[0]=card"},
		{26, "amount=1000&currency=usd&payment_method_data[type]=card&payment_method_data[card][token]=tok_visa&confirm=true&automatic_payment_methods[enabled]=true&automatic_payment_methods[allow_redirects]=never"},
		{28, `query=status:"succeeded" AND amount>100`},
		{29, "amount=3000&metadata[k]=v&payment_method=pm_card_mastercard&customer={cus}"},
		{30, "payment_method=pm_card_authenticationRequired"},
		{30, "capture_method=automatic&setup_future_usage=off_session"},
		{31, "amount_to_capture=100&metadata[k]=v"},
		{32, "cancellation_reason=duplicate"},
		{33, "outcome=succeed"},
		{33, "outcome=fail"},
	}
	for _, s := range seeds {
		f.Add(uint8(s.route), s.body)
	}
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		fake, err := fakestripe.NewServer()
		if err != nil {
			t.Fatal(err)
		}
		defer fake.Close()
		h := fake.Handler()
		send := func(method, path, body string) (int, map[string]any) {
			req := httptest.NewRequest(method, "/", strings.NewReader(body))
			req.URL.Path = path
			if method == "GET" {
				req.URL.RawQuery = body
				req.Body = nil
			}
			req.Header.Set("Authorization", "Bearer "+testKey)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var out map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
				t.Fatalf("%s %s %q: answered non-JSON %d: %q", method, path, body, rec.Code, rec.Body.String())
			}
			return rec.Code, out
		}
		ids := map[string]string{}
		for _, setup := range []struct{ key, path, body string }{
			{"{cus}", "/v1/customers", "source=tok_visa&email=seed@example.com"},
			{"{ch}", "/v1/charges", "amount=5000&currency=usd&source=tok_bypassPending"},
			{"{auth}", "/v1/charges", "amount=3000&currency=usd&source=tok_visa&capture=false"},
			{"{re}", "/v1/refunds", "charge=" + "{ch}" + "&amount=100"},
			{"{po}", "/v1/payouts", "amount=1000&currency=usd"},
			{"{pm}", "/v1/payment_methods/pm_card_visa/attach", "customer={cus}"},
			{"{pi}", "/v1/payment_intents", "amount=2000&currency=usd&payment_method_types[]=card&customer={cus}&payment_method={pm}&capture_method=manual"},
			{"{pia}", "/v1/payment_intents", "amount=1500&currency=usd&payment_method_types[]=card&payment_method=pm_card_authenticationRequired&confirm=true"},
			{"{clock}", "/v1/test_helpers/test_clocks", "frozen_time=1700000000"},
		} {
			b := setup.body
			for k, v := range ids {
				b = strings.ReplaceAll(b, k, v)
			}
			code, out := send("POST", setup.path, b)
			if code != 200 {
				t.Fatalf("setup %s: %d %v", setup.path, code, out)
			}
			ids[setup.key] = out["id"].(string)
		}
		r := fuzzRoutes[int(route)%len(fuzzRoutes)]
		path := r.path
		for k, v := range ids {
			path = strings.ReplaceAll(path, k, v)
			body = strings.ReplaceAll(body, k, v)
		}
		before := fake.Dump() + snapshot(send, ids)
		code, out := send(r.method, path, body)
		if code >= 500 {
			t.Fatalf("%s %s %q: %d %v", r.method, path, body, code, out)
		}
		if err := fake.Verify(); err != nil {
			t.Fatalf("%s %s %q broke an invariant: %v", r.method, path, body, err)
		}
		if code != 200 && code != 402 {
			if after := fake.Dump() + snapshot(send, ids); after != before {
				t.Fatalf("%s %s %q failed with %d but changed state:\nbefore:\n%s\nafter:\n%s", r.method, path, body, code, before, after)
			}
		}
	})
}

// snapshot renders the seeded objects, so that a change to any of their
// fields shows up, and every list, so that a new object shows up too.
func snapshot(send func(method, path, body string) (int, map[string]any), ids map[string]string) string {
	var b strings.Builder
	for _, p := range []string{"/v1/customers/" + ids["{cus}"] + "?expand[]=sources", "/v1/charges/" + ids["{ch}"], "/v1/charges/" + ids["{auth}"], "/v1/refunds/" + ids["{re}"], "/v1/payouts/" + ids["{po}"], "/v1/balance",
		"/v1/payment_methods/" + ids["{pm}"], "/v1/payment_intents/" + ids["{pi}"], "/v1/payment_intents/" + ids["{pia}"], "/v1/customers/" + ids["{cus}"] + "/payment_methods", "/v1/test_helpers/test_clocks/" + ids["{clock}"],
		// Every list, so an object a refused request created would show.
		"/v1/customers?limit=100", "/v1/charges?limit=100", "/v1/refunds?limit=100", "/v1/payouts?limit=100",
		"/v1/payment_intents?limit=100", "/v1/payment_methods?limit=100", "/v1/webhook_endpoints?limit=100",
		"/v1/test_helpers/test_clocks?limit=100", "/v1/events?limit=100", "/v1/balance_transactions?limit=100"} {
		path, query, _ := strings.Cut(p, "?")
		_, out := send("GET", path, query)
		js, _ := json.Marshal(out)
		b.Write(js)
		b.WriteByte('\n')
	}
	return b.String()
}
