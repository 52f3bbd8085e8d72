package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"

	"github.com/fakestripe/fakestripe"
)

// memoryStats is the live heap a fake holds per stored object.
type memoryStats struct {
	n                  int
	perCustomer        float64 // bytes
	perCharge          float64 // bytes
	perCardCustomer    float64 // bytes, a customer with a card source
	emptyFake          float64 // bytes, a fake with nothing stored
	customerB, chargeB string
	cardCustomerB      string
}

// measureMemory stores n objects of each kind in a fresh fake and reads
// the live heap before and after, collected. The requests go straight to
// Handler(), so nothing but the fake's own state stays live.
func measureMemory(n int) (memoryStats, error) {
	s := memoryStats{
		n:             n,
		customerB:     "email=jenny.rosen%40example.com&name=Jenny+Rosen",
		cardCustomerB: "email=jenny.rosen%40example.com&source=tok_visa",
		chargeB:       "amount=2000&currency=usd&source=tok_visa",
	}
	var err error
	if s.perCustomer, err = heapPer(n, "/v1/customers", s.customerB); err != nil {
		return s, err
	}
	if s.perCardCustomer, err = heapPer(n, "/v1/customers", s.cardCustomerB); err != nil {
		return s, err
	}
	if s.perCharge, err = heapPer(n, "/v1/charges", s.chargeB); err != nil {
		return s, err
	}

	// An empty fake, from 1000 of them kept alive.
	fakes := make([]*fakestripe.Server, 1000)
	before := liveHeap()
	for i := range fakes {
		if fakes[i], err = fakestripe.NewServer(); err != nil {
			return s, err
		}
	}
	s.emptyFake = float64(liveHeap()-before) / float64(len(fakes))
	for _, f := range fakes {
		f.Close()
	}
	return s, nil
}

// heapPer is the live heap per object after n POSTs of body to path.
func heapPer(n int, path, body string) (float64, error) {
	fake, err := fakestripe.NewServer()
	if err != nil {
		return 0, err
	}
	defer fake.Close()
	h := fake.Handler()
	post := func() error {
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+benchKey)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return fmt.Errorf("POST %s: %d %s", path, rec.Code, rec.Body)
		}
		return nil
	}
	// The first object may allocate a currency's totals, an index's map.
	if err := post(); err != nil {
		return 0, err
	}
	before := liveHeap()
	for i := 0; i < n; i++ {
		if err := post(); err != nil {
			return 0, err
		}
	}
	after := liveHeap()
	runtime.KeepAlive(fake)
	return float64(after-before) / float64(n), nil
}

// liveHeap collects garbage and returns the bytes still allocated.
func liveHeap() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
