// Package inprocess is an http.RoundTripper that serves requests with an
// http.Handler in the calling goroutine: no socket, no listener, no
// goroutine of its own. fakestripe's Client() uses it, and so do the
// benchmarks' floor, so that both pay exactly the same transport cost.
package inprocess

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
)

// Transport hands each request to Handler.
type Transport struct {
	Handler http.Handler
}

// RoundTrip implements http.RoundTripper.
func (t Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	// RoundTrip must close the request body; the handler gets a copy it can
	// read at leisure.
	if req.Body != nil {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	if req.URL.Path == "" {
		req.URL.Path = "/"
	}
	rec := httptest.NewRecorder()
	t.Handler.ServeHTTP(rec, req)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}
