package fakestripe_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/fakestripe/fakestripe"
	"github.com/fakestripe/fakestripe/internal/schematest"
)

const testKey = "sk_test_fakestripe"

// newClient returns a fake and a stripe-go client wired to it in-process.
// Every response the client receives is validated against the 2023-10-16
// OpenAPI schema, so every test through it checks fidelity too.
func newClient(t testing.TB, opts ...fakestripe.Option) (*fakestripe.Server, *client.API) {
	t.Helper()
	fake := fakestripe.New(t, opts...)
	return fake, clientFor(t, fake, fakestripe.InProcessURL, fake.Client())
}

// clientFor builds a stripe-go client on url and httpClient, validating
// every response against the schema.
func clientFor(t testing.TB, fake *fakestripe.Server, url string, httpClient *http.Client) *client.API {
	t.Helper()
	validated := &http.Client{Transport: schematest.Transport(t, httpClient.Transport)}
	backend := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(url),
		HTTPClient:        validated,
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(0),
	})
	return client.New(testKey, &stripe.Backends{API: backend, Connect: backend, Uploads: backend})
}

// rawResponse is what a raw HTTP call got back.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

// errorBody decodes a Stripe error envelope.
func (r rawResponse) errorBody(t testing.TB) map[string]any {
	t.Helper()
	var env struct {
		Error map[string]any `json:"error"`
	}
	if err := json.Unmarshal(r.body, &env); err != nil || env.Error == nil {
		t.Fatalf("not a Stripe error envelope (%d): %s", r.status, r.body)
	}
	return env.Error
}

// object decodes a JSON object body.
func (r rawResponse) object(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object (%d): %s", r.status, r.body)
	}
	return m
}

// do sends a raw request to the fake in-process, with the test key unless
// headers set Authorization, and validates the response against the schema.
func do(t testing.TB, fake *fakestripe.Server, method, path, body string, headers ...string) rawResponse {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, fakestripe.InProcessURL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := fake.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	p := req.URL.Path
	if err := schematestSpec(t).ValidateResponse(method, p, resp.StatusCode, b); err != nil && !strings.HasPrefix(p, "/v1/nope") {
		t.Errorf("%s %s: response does not match the 2023-10-16 schema: %v\n%s", method, p, err, b)
	}
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: b}
}

func schematestSpec(t testing.TB) *schematest.Spec {
	t.Helper()
	s, err := schematest.Load()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// stripeErr asserts err is a *stripe.Error and returns it.
func stripeErr(t testing.TB, err error) *stripe.Error {
	t.Helper()
	se, ok := err.(*stripe.Error)
	if !ok {
		t.Fatalf("got error %v (%T), want *stripe.Error", err, err)
	}
	return se
}
