package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// stripeMockVersion is the stripe-mock release the benchmark compares with.
const stripeMockVersion = "v0.180.0"

// installStripeMock builds stripe-mock from the Go module proxy into dir
// and returns the binary's path.
func installStripeMock(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "install", "github.com/stripe/stripe-mock@"+stripeMockVersion)
	cmd.Dir = dir // outside any module: go install pkg@version builds it on its own
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOFLAGS=")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go install stripe-mock: %w", err)
	}
	return filepath.Join(dir, "stripe-mock"), nil
}

// stripeMock is a running stripe-mock process this program started.
type stripeMock struct {
	cmd     *exec.Cmd
	url     string
	startup time.Duration // from exec to its first answer
	idleRSS int64         // resident memory once it answered, in bytes
	exited  chan struct{}
}

var listeningLine = regexp.MustCompile(`Listening for HTTP at address: (127\.0\.0\.1:\d+)`)

// startStripeMock runs bin on free loopback ports (HTTP and HTTPS both, so
// that it binds nothing but 127.0.0.1) and waits until it answers.
func startStripeMock(ctx context.Context, bin string) (*stripeMock, error) {
	t0 := time.Now()
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	m := &stripeMock{cmd: cmd, exited: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		sent := false
		for sc.Scan() {
			if s := listeningLine.FindStringSubmatch(sc.Text()); s != nil && !sent {
				addr <- s[1]
				sent = true
			}
		}
		io.Copy(io.Discard, out)
	}()
	go func() {
		cmd.Wait()
		close(m.exited)
	}()

	deadline := time.NewTimer(60 * time.Second)
	defer deadline.Stop()
	select {
	case a := <-addr:
		m.url = "http://" + a
	case <-m.exited:
		return nil, errors.New("stripe-mock exited before listening")
	case <-deadline.C:
		m.stop()
		return nil, errors.New("stripe-mock did not start within 60s")
	case <-ctx.Done():
		m.stop()
		return nil, ctx.Err()
	}
	// Listening is not answering: poll until the first request succeeds.
	hc := &http.Client{Timeout: 5 * time.Second}
	for i := 0; ; i++ {
		req, _ := http.NewRequestWithContext(ctx, "GET", m.url+"/v1/balance", nil)
		req.SetBasicAuth("sk_test_bench", "")
		resp, err := hc.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if i == 6000 || ctx.Err() != nil {
			m.stop()
			return nil, fmt.Errorf("stripe-mock did not answer: %v", err)
		}
		time.Sleep(time.Millisecond)
	}
	m.startup = time.Since(t0)
	hc.CloseIdleConnections()
	m.idleRSS, _ = procMemory(cmd.Process.Pid, "VmRSS")
	return m, nil
}

// stop ends the process this program started, and waits for it.
func (m *stripeMock) stop() {
	select {
	case <-m.exited:
		return
	default:
	}
	m.cmd.Process.Signal(os.Interrupt)
	select {
	case <-m.exited:
	case <-time.After(5 * time.Second):
		m.cmd.Process.Kill()
		<-m.exited
	}
}

// peakRSS is the most resident memory the process has had, in bytes.
func (m *stripeMock) peakRSS() int64 {
	n, _ := procMemory(m.cmd.Process.Pid, "VmHWM")
	return n
}

// procMemory reads a memory figure (VmRSS, VmHWM) of process pid from
// /proc, in bytes; 0 where /proc is not there.
func procMemory(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// startupStats is stripe-mock's start, measured several times.
type startupStats struct {
	times []time.Duration
	rss   []int64
}

// measureStripeMockStartup starts and stops stripe-mock n times.
func measureStripeMockStartup(ctx context.Context, bin string, n int) (startupStats, error) {
	var s startupStats
	for i := 0; i < n; i++ {
		m, err := startStripeMock(ctx, bin)
		if err != nil {
			return s, err
		}
		s.times = append(s.times, m.startup)
		s.rss = append(s.rss, m.idleRSS)
		m.stop()
	}
	return s, nil
}
