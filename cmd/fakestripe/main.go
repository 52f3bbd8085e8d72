// Command fakestripe serves a fake Stripe API (version 2023-10-16) over
// HTTP, for clients in other languages or processes. It listens on
// 127.0.0.1:12111 by default, stripe-mock's port, so tools set up for
// stripe-mock can point at it unchanged.
//
//	go run ./cmd/fakestripe -addr 127.0.0.1:12111 -start 2023-10-16T00:00:00Z
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/fakestripe/fakestripe"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], nil); err != nil {
		fmt.Fprintln(os.Stderr, "fakestripe:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends. listening, when set, is told the address once
// the listener is up (the tests listen on port 0).
func run(ctx context.Context, args []string, listening func(net.Addr)) error {
	fs := flag.NewFlagSet("fakestripe", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:12111", "address to listen on")
	start := fs.String("start", fakestripe.DefaultStart.Format(time.RFC3339), "the fake clock's start time (RFC 3339)")
	seed := fs.Int64("seed", 0, "seed for ids and generated values")
	if err := fs.Parse(args); err != nil {
		return err
	}
	t0, err := time.Parse(time.RFC3339, *start)
	if err != nil {
		return fmt.Errorf("-start: %w", err)
	}
	fake, err := fakestripe.NewServer(fakestripe.WithStartTime(t0), fakestripe.WithSeed(*seed))
	if err != nil {
		return err
	}
	defer fake.Close()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: fake.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	log.Printf("fakestripe: serving the Stripe API (2023-10-16) on http://%s, clock at %s", ln.Addr(), t0.Format(time.RFC3339))
	if listening != nil {
		listening(ln.Addr())
	}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
