package fakestripe_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/fakestripe/fakestripe"
	"github.com/fakestripe/fakestripe/internal/inprocess"
)

// Benchmarks compare the fake with a floor: a bare http.Handler that answers
// every request with a fixed customer body, reached through the same
// stripe-go client and the same in-process transport. The ratio between the
// two is what the fake itself costs.

// fixedCustomer is what the floor handler answers.
const fixedCustomer = `{"id":"cus_floor","object":"customer","address":null,"balance":0,"created":1697414400,"currency":null,"default_source":null,"delinquent":false,"description":null,"discount":null,"email":"floor@example.com","invoice_prefix":"ABCDEF01","invoice_settings":{"custom_fields":null,"default_payment_method":null,"footer":null,"rendering_options":null},"livemode":false,"metadata":{},"name":null,"next_invoice_sequence":1,"phone":null,"preferred_locales":[],"shipping":null,"tax_exempt":"none","test_clock":null}`

type floorHandler struct{}

func (floorHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Request-Id", "req_floor")
	w.Write([]byte(fixedCustomer))
}

// benchClient is a stripe-go client on an http.Client, without schema
// validation (benchmarks measure the fake, not the validator).
func benchClient(url string, hc *http.Client) *client.API {
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(url),
		HTTPClient:        hc,
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(0),
		EnableTelemetry:   stripe.Bool(false),
	})
	return client.New(testKey, &stripe.Backends{API: backend, Connect: backend, Uploads: backend})
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s, err := fakestripe.NewServer()
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

func BenchmarkNewWithListener(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s, _ := fakestripe.NewServer()
		s.URL()
		s.Close()
	}
}

// BenchmarkHTTPTestNewServer is NewWithListener's baseline: httptest's own
// start and stop with a trivial handler.
func BenchmarkHTTPTestNewServer(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s := httptest.NewServer(floorHandler{})
		s.Close()
	}
}

// BenchmarkFloorCustomer is the floor: stripe-go, in-process transport, a
// handler that does nothing but write a fixed customer.
func BenchmarkFloorCustomer(b *testing.B) {
	fake, _ := fakestripe.NewServer()
	defer fake.Close()
	hc := fake.Client()
	hc.Transport = floorTransport()
	sc := benchClient(fakestripe.InProcessURL, hc)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := sc.Customers.New(&stripe.CustomerParams{Email: stripe.String("floor@example.com")}); err != nil {
			b.Fatal(err)
		}
		if _, err := sc.Customers.Get("cus_floor", nil); err != nil {
			b.Fatal(err)
		}
	}
}

// floorTransport serves floorHandler in-process, exactly as Client() serves
// the fake.
func floorTransport() http.RoundTripper {
	return inprocess.Transport{Handler: floorHandler{}}
}

// seed sends n raw requests straight to the fake's handler: the fastest way
// to fill a fake for a benchmark, with no client in the way.
func seed(b *testing.B, fake *fakestripe.Server, n int, path, body string) {
	b.Helper()
	h := fake.Handler()
	for i := 0; i < n; i++ {
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+testKey)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("seeding %s: %d %s", path, rec.Code, rec.Body)
		}
	}
}

func benchCustomerCreateGet(b *testing.B, sc *client.API) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := sc.Customers.New(&stripe.CustomerParams{Email: stripe.String("bench@example.com")})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := sc.Customers.Get(c.ID, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCustomerViaClient(b *testing.B) {
	fake, _ := fakestripe.NewServer()
	defer fake.Close()
	benchCustomerCreateGet(b, benchClient(fakestripe.InProcessURL, fake.Client()))
}

func BenchmarkCustomerViaURL(b *testing.B) {
	fake, _ := fakestripe.NewServer()
	defer fake.Close()
	benchCustomerCreateGet(b, benchClient(fake.URL(), &http.Client{}))
}

func BenchmarkCustomerListPage10k(b *testing.B) {
	fake, _ := fakestripe.NewServer()
	defer fake.Close()
	sc := benchClient(fakestripe.InProcessURL, fake.Client())
	seed(b, fake, 10000, "/v1/customers", "email=seed%40example.com")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := &stripe.CustomerListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(10), Single: true}}
		it := sc.Customers.List(p)
		n := 0
		for it.Next() {
			n++
		}
		if n != 10 {
			b.Fatalf("page of %d", n)
		}
	}
}

func BenchmarkChargeCreate(b *testing.B) {
	fake, _ := fakestripe.NewServer()
	defer fake.Close()
	sc := benchClient(fakestripe.InProcessURL, fake.Client())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := sc.Charges.New(chargeParams(2000, "tok_visa")); err != nil {
			b.Fatal(err)
		}
	}
}

// benchLedger measures balance and ledger reads with n transactions stored.
func benchLedger(b *testing.B, n int, read func(sc *client.API) error) {
	fake, _ := fakestripe.NewServer()
	defer fake.Close()
	sc := benchClient(fakestripe.InProcessURL, fake.Client())
	seed(b, fake, n, "/v1/charges", "amount=1000&currency=usd&source=tok_visa")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := read(sc); err != nil {
			b.Fatal(err)
		}
	}
}

func readBalance(sc *client.API) error {
	_, err := sc.Balance.Get(nil)
	return err
}

func readLedgerPage(sc *client.API) error {
	it := sc.BalanceTransactions.List(&stripe.BalanceTransactionListParams{ListParams: stripe.ListParams{Limit: stripe.Int64(10), Single: true}})
	n := 0
	for it.Next() {
		n++
	}
	if n != 10 {
		return fmt.Errorf("page of %d", n)
	}
	return it.Err()
}

func BenchmarkBalance10(b *testing.B)      { benchLedger(b, 10, readBalance) }
func BenchmarkBalance100k(b *testing.B)    { benchLedger(b, 100000, readBalance) }
func BenchmarkLedgerPage10(b *testing.B)   { benchLedger(b, 10, readLedgerPage) }
func BenchmarkLedgerPage100k(b *testing.B) { benchLedger(b, 100000, readLedgerPage) }

// BenchmarkIdempotency prices an Idempotency-Key on a POST (the key is
// looked up, the parameters canonicalised, the answer saved) against the
// same POST without one. stripe-go sends a key on every POST, so this is
// the path most requests take.
func BenchmarkIdempotency(b *testing.B) {
	for _, withKey := range []bool{false, true} {
		name := "without_key"
		if withKey {
			name = "with_key"
		}
		b.Run(name, func(b *testing.B) {
			fake, _ := fakestripe.NewServer()
			defer fake.Close()
			h := fake.Handler()
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest("POST", "/v1/customers", strings.NewReader("email=bench%40example.com&name=Bench"))
				req.Header.Set("Authorization", "Bearer "+testKey)
				if withKey {
					req.Header.Set("Idempotency-Key", fmt.Sprintf("key-%d", i))
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
