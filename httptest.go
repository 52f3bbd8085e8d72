package fakestripe

import (
	"net/http"

	"github.com/fakestripe/fakestripe/internal/inprocess"
)

// Client returns an http.Client whose transport hands each request straight
// to the fake's handler: no socket, no listener, no goroutine. Any base URL
// reaches the fake through it (see InProcessURL). It works inside
// testing/synctest bubbles, where real sockets do not.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: inprocess.Transport{Handler: s.api}}
}
