package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/fakestripe/fakestripe"
)

// setupStats is what setting a fake up costs, per fake.
type setupStats struct {
	newT          time.Duration // New(t) + Client(), as go test -bench times it (cleanup untimed)
	fullCycle     time.Duration // NewServer + Client + Verify + Close
	withURL       time.Duration // NewServer + URL + Close
	httptestAlone time.Duration // httptest.NewServer + Close
	newTAllocs    int64
	newTBytes     int64
}

// measureSetup times the ways a test gets a fake, in interleaved batches.
func measureSetup(ctx context.Context) (setupStats, error) {
	var s setupStats

	// New(t) needs a testing.TB: testing.Benchmark provides one outside
	// go test, with a fixed iteration count so the run is bounded.
	testing.Init()
	if err := flag.Set("test.benchtime", "20000x"); err != nil {
		return s, err
	}
	r := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			fakestripe.New(b).Client()
		}
	})
	if r.N == 0 {
		return s, fmt.Errorf("the New(t) benchmark failed")
	}
	s.newT = time.Duration(r.NsPerOp())
	s.newTAllocs, s.newTBytes = r.AllocsPerOp(), r.AllocedBytesPerOp()

	cases := []struct {
		into *time.Duration
		n    int
		run  func() error
	}{
		{&s.fullCycle, 1000, func() error {
			f, err := fakestripe.NewServer()
			if err != nil {
				return err
			}
			f.Client()
			err = f.Verify()
			f.Close()
			return err
		}},
		{&s.withURL, 100, func() error {
			f, err := fakestripe.NewServer()
			if err != nil {
				return err
			}
			if !strings.HasPrefix(f.URL(), "http://127.0.0.1:") {
				return fmt.Errorf("URL() is %q", f.URL())
			}
			f.Close()
			return nil
		}},
		{&s.httptestAlone, 100, func() error {
			ts := httptest.NewServer(http.NotFoundHandler())
			ts.Close()
			return nil
		}},
	}
	samples := make([][]time.Duration, len(cases))
	for round := 0; round < 21; round++ {
		if err := ctx.Err(); err != nil {
			return s, err
		}
		for i, c := range cases {
			runtime.GC()
			start := time.Now()
			for j := 0; j < c.n; j++ {
				if err := c.run(); err != nil {
					return s, err
				}
			}
			samples[i] = append(samples[i], time.Since(start)/time.Duration(c.n))
		}
	}
	for i, c := range cases {
		*c.into = median(samples[i])
	}
	return s, nil
}
