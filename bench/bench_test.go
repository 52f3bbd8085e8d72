package main

import (
	"testing"
	"time"
)

// TestWorkloadsRunOnEveryInProcessTarget keeps the program honest without
// running it: every workload succeeds once on the floor and on both ways
// into a fake. stripe-mock and the timings are left to the program.
func TestWorkloadsRunOnEveryInProcessTarget(t *testing.T) {
	targets, closeAll, err := newTargets(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	for _, w := range workloads {
		for _, tg := range targets {
			if _, err := runBatch(tg, w, 1); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestRouteKey(t *testing.T) {
	for path, want := range map[string]string{
		"/v1/customers":                "GET /v1/customers",
		"/v1/customers/cus_123":        "GET /v1/customers/{id}",
		"/v1/charges/ch_1/refunds":     "GET /v1/charges/{id}/refunds",
		"/v1/balance":                  "GET /v1/balance",
		"/v1/balance_transactions/txn": "GET /v1/balance_transactions/txn",
	} {
		if got := routeKey("GET", path); got != want {
			t.Errorf("routeKey(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestMemoryIsMeasured(t *testing.T) {
	per, err := heapPer(50, "/v1/customers", "email=a%40example.com")
	if err != nil {
		t.Fatal(err)
	}
	if per <= 0 {
		t.Errorf("%.0f bytes per customer", per)
	}
}

func TestMedian(t *testing.T) {
	if got := median([]time.Duration{5, 1, 3}); got != 3 {
		t.Errorf("median of 5,1,3 = %v", got)
	}
	if got := median([]time.Duration{4, 1, 3, 2}); got != 2 {
		t.Errorf("median of 4,1,3,2 = %v", got)
	}
}
