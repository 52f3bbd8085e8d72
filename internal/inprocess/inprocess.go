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
	"strconv"
)

// Transport hands each request to Handler.
type Transport struct {
	Handler http.Handler
}

// ErrDropped is what a client sees when the handler aborts its response
// (panics with http.ErrAbortHandler), as net/http's server would close the
// connection.
var ErrDropped = errors.New("fakestripe: connection closed before the response (dropped by an injected fault)")

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
		req.ContentLength = int64(len(body))
	}
	if req.URL.Path == "" {
		req.URL.Path = "/"
	}
	w := &writer{header: http.Header{}}
	if aborted := serve(t.Handler, w, req); aborted {
		return nil, ErrDropped
	}
	if err := req.Context().Err(); err != nil {
		// The client gave up while the handler ran (an injected latency).
		return nil, err
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.header,
		Body:          io.NopCloser(bytes.NewReader(w.body.Bytes())),
		ContentLength: int64(w.body.Len()),
		Request:       req,
	}, nil
}

// writer is the least http.ResponseWriter that can stand behind a
// RoundTripper: the handler is done before the response is read, so the
// header map needs no snapshot (httptest.ResponseRecorder clones it).
type writer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *writer) Header() http.Header { return w.header }

func (w *writer) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *writer) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(b)
}

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
