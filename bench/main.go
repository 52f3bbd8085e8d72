// Command bench times fakestripe side by side with stripe-mock and with a
// floor, through the same stripe-go v76 client, and prints medians and the
// ratios between them from one interleaved run.
//
//	go run ./bench
//
// The targets are:
//
//   - floor: a bare http.Handler that answers each route with bytes
//     recorded from the fake, reached in-process through the transport
//     Client() uses (internal/inprocess): what any in-process fake costs at
//     the least;
//   - Client(): fakestripe in-process, as tests use it;
//   - URL(): fakestripe over a loopback listener;
//   - stripe-mock v0.180.0, built from the Go module proxy and run as a
//     separate process on 127.0.0.1.
//
// The workloads are: create a customer; retrieve one; create a charge; list
// 10 customers; and a checkout flow (customer with a card, charge, refund,
// balance). Each round runs a batch of every workload on every target, in
// a shuffled order, so drift in the machine's speed falls on all of them
// alike; a batch's time per operation is one sample, and the table shows
// each target's median sample.
//
// It also measures what a test pays to set a fake up (New with only
// Client(), New with URL() against httptest.NewServer), what stripe-mock
// pays to start (time to its first answer, resident memory), and what the
// fake holds per stored customer and charge.
//
// Every loop is bounded, the run stops by itself (-timeout at the latest),
// and all traffic goes to 127.0.0.1. It is not run in CI: its numbers mean
// something only on a quiet machine.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

func main() {
	fs := flag.NewFlagSet("bench", flag.ExitOnError)
	rounds := fs.Int("rounds", 31, "interleaved rounds: samples per target and workload")
	batch := fs.Int("batch", 100, "operations per batch (a quarter of that for the checkout flow)")
	mockBin := fs.String("stripe-mock", "", "path to a stripe-mock binary (default: go install it at "+stripeMockVersion+" into a temporary directory)")
	skipMock := fs.Bool("no-stripe-mock", false, "leave stripe-mock out")
	timeout := fs.Duration("timeout", 15*time.Minute, "stop the run after this long, finished or not")
	fs.Parse(os.Args[1:])
	if *rounds < 1 || *batch < 4 {
		log.Fatal("bench: -rounds must be at least 1 and -batch at least 4")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	if err := run(ctx, *rounds, *batch, *mockBin, *skipMock); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, rounds, batch int, mockBin string, skipMock bool) error {
	fmt.Printf("fakestripe side-by-side benchmark: %s %s/%s, %d CPUs, GOMAXPROCS=%d\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0))

	var mock *stripeMock
	var startup startupStats
	if !skipMock {
		if mockBin == "" {
			dir, err := os.MkdirTemp("", "fakestripe-bench-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			fmt.Printf("installing stripe-mock %s from the Go module proxy...\n", stripeMockVersion)
			if mockBin, err = installStripeMock(ctx, dir); err != nil {
				return err
			}
		}
		var err error
		if startup, err = measureStripeMockStartup(ctx, mockBin, 5); err != nil {
			return err
		}
		if mock, err = startStripeMock(ctx, mockBin); err != nil {
			return err
		}
		defer mock.stop()
	}

	targets, closeTargets, err := newTargets(mock)
	if err != nil {
		return err
	}
	defer closeTargets()
	res, err := measureWorkloads(ctx, targets, rounds, batch)
	if err != nil {
		return err
	}
	printWorkloads(res, targets, rounds, batch)

	setup, err := measureSetup(ctx)
	if err != nil {
		return err
	}
	printSetup(setup)

	mem, err := measureMemory(20000)
	if err != nil {
		return err
	}
	printMemory(mem)
	printStartup(startup, mock)
	return nil
}
