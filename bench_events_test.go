package fakestripe_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fakestripe/fakestripe"
)

// The cost of events: every change is rendered into an event whether or not
// anyone listens, and each subscribed endpoint adds a signed delivery. The
// requests go straight to the fake's handler, without a client, so the
// figures are the fake's own.

// serveRaw sends one request to the fake's handler and fails on a non-200.
func serveRaw(b *testing.B, h http.Handler, method, path, body string) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testKey)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
	}
}

// noopHook acknowledges every delivery, as a fast receiver does.
var noopHook = http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})

func BenchmarkEventsCustomerCreate(b *testing.B) {
	cases := []struct {
		name  string
		opts  []fakestripe.Option
		setup func(b *testing.B, fake *fakestripe.Server)
	}{
		{"no endpoint", nil, func(*testing.B, *fakestripe.Server) {}},
		{"endpoint for other events", nil, func(_ *testing.B, fake *fakestripe.Server) {
			fake.AddWebhookHandler(noopHook, "charge.succeeded")
		}},
		{"go handler", nil, func(_ *testing.B, fake *fakestripe.Server) {
			fake.AddWebhookHandler(noopHook, "customer.created")
		}},
		{"go handler async", []fakestripe.Option{fakestripe.WithAsyncWebhooks()}, func(_ *testing.B, fake *fakestripe.Server) {
			fake.AddWebhookHandler(noopHook, "customer.created")
		}},
		{"url endpoint", nil, func(b *testing.B, fake *fakestripe.Server) {
			srv := httptest.NewServer(noopHook)
			b.Cleanup(srv.Close)
			serveRaw(b, fake.Handler(), "POST", "/v1/webhook_endpoints", "url="+srv.URL+"&enabled_events[]=customer.created")
		}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			fake, err := fakestripe.NewServer(tc.opts...)
			if err != nil {
				b.Fatal(err)
			}
			defer fake.Close()
			tc.setup(b, fake)
			h := fake.Handler()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				serveRaw(b, h, "POST", "/v1/customers", "email=bench%40example.com")
			}
			b.StopTimer()
			fake.FlushWebhooks()
		})
	}
}

// BenchmarkEventsCustomerUpdate measures an update, whose event carries
// previous_attributes: two renderings of the customer and their diff.
func BenchmarkEventsCustomerUpdate(b *testing.B) {
	fake, _ := fakestripe.NewServer()
	defer fake.Close()
	h := fake.Handler()
	req := httptest.NewRequest("POST", "/v1/customers", nil)
	req.Header.Set("Authorization", "Bearer "+testKey)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	id := strings.Split(strings.Split(rec.Body.String(), `"id":"`)[1], `"`)[0]
	bodies := []string{"name=Ada", "name=Grace"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		serveRaw(b, h, "POST", "/v1/customers/"+id, bodies[i%2])
	}
}
