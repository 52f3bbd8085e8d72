// Package inprocess is an http.RoundTripper that serves requests with an
// http.Handler in the calling goroutine: no socket, no listener, no
// goroutine of its own. fakestripe's Client() uses it, and so do the
// benchmarks' floor, so that both pay exactly the same transport cost.
package inprocess

import (
	"bytes"
	"errors"
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
	if aborted := serve(t.Handler, rec, req); aborted {
		return nil, ErrDropped
	}
	if err := req.Context().Err(); err != nil {
		// The client gave up while the handler ran (an injected latency).
		return nil, err
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// ErrDropped is what a client sees when the handler aborts its response
// (panics with http.ErrAbortHandler), as net/http's server would close the
// connection.
var ErrDropped = errors.New("fakestripe: connection closed before the response (dropped by an injected fault)")

// serve runs the handler and reports whether it aborted the response. Any
// other panic goes on up, as it would crash a real server's goroutine.
func serve(h http.Handler, w http.ResponseWriter, req *http.Request) (aborted bool) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				aborted = true
				return
			}
			panic(p)
		}
	}()
	h.ServeHTTP(w, req)
	return false
}
