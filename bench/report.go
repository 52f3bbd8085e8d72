package main

import (
	"fmt"
	"slices"
	"time"
)

// us formats a duration in microseconds.
func us(d time.Duration) string {
	return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond))
}

func ratio(a, b time.Duration) string {
	if a == 0 || b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", float64(a)/float64(b))
}

func printWorkloads(res results, targets []*target, rounds, batch int) {
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = t.name
	}
	hasMock := slices.Contains(names, "stripe-mock")
	fmt.Printf("\nMedian time per operation through stripe-go v76, %d interleaved rounds of %d operations (%d for the 4-call checkout flow):\n\n", rounds, batch, batch/4)
	fmt.Print("| workload |")
	for _, n := range names {
		fmt.Printf(" %s |", n)
	}
	fmt.Print(" Client() ÷ floor | URL() ÷ floor |")
	if hasMock {
		fmt.Print(" stripe-mock ÷ floor | stripe-mock ÷ Client() |")
	}
	fmt.Print("\n|---|")
	for range names {
		fmt.Print("---:|")
	}
	fmt.Print("---:|---:|")
	if hasMock {
		fmt.Print("---:|---:|")
	}
	fmt.Println()
	for _, w := range workloads {
		m := map[string]time.Duration{}
		fmt.Printf("| %s |", w.name)
		for _, n := range names {
			m[n] = median(res[w.name][n])
			fmt.Printf(" %s |", us(m[n]))
		}
		fmt.Printf(" %s | %s |", ratio(m["Client()"], m["floor"]), ratio(m["URL()"], m["floor"]))
		if hasMock {
			fmt.Printf(" %s | %s |", ratio(m["stripe-mock"], m["floor"]), ratio(m["stripe-mock"], m["Client()"]))
		}
		fmt.Println()
	}
}

func printSetup(s setupStats) {
	fmt.Printf("\nSetting a fake up (medians):\n\n")
	fmt.Printf("| what | time | note |\n|---|---:|---|\n")
	fmt.Printf("| `New(t)` + `Client()` | %s | %d allocs, %d B; timed as `go test -bench` does, cleanup untimed |\n", us(s.newT), s.newTAllocs, s.newTBytes)
	fmt.Printf("| `NewServer()` + `Client()` + `Verify()` + `Close()` | %s | the whole life of an unused fake |\n", us(s.fullCycle))
	fmt.Printf("| `NewServer()` + `URL()` + `Close()` | %s | %s of httptest alone |\n", us(s.withURL), ratio(s.withURL, s.httptestAlone))
	fmt.Printf("| `httptest.NewServer()` + `Close()` | %s | |\n", us(s.httptestAlone))
}

func printStartup(s startupStats, m *stripeMock) {
	if m == nil {
		return
	}
	mib := func(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
	rss := slices.Clone(s.rss)
	slices.Sort(rss)
	fmt.Printf("\nstripe-mock %s (%d starts): median %s to its first answer, %s resident once up; %s at its peak after the run.\n",
		stripeMockVersion, len(s.times), fmt.Sprintf("%.0f ms", float64(median(s.times))/float64(time.Millisecond)), mib(rss[len(rss)/2]), mib(m.peakRSS()))
}

func printMemory(s memoryStats) {
	fmt.Printf("\nLive heap per stored object (%d of each, in one fake, collected before and after):\n\n", s.n)
	fmt.Printf("| object | bytes | request |\n|---|---:|---|\n")
	fmt.Printf("| customer | %.0f | `%s` |\n", s.perCustomer, s.customerB)
	fmt.Printf("| customer with a card | %.0f | `%s` |\n", s.perCardCustomer, s.cardCustomerB)
	fmt.Printf("| charge (with its balance transaction) | %.0f | `%s` |\n", s.perCharge, s.chargeB)
	fmt.Printf("| an empty fake | %.0f | `NewServer()` |\n", s.emptyFake)
}
