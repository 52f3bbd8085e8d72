package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestServesTheFake(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-start", "2024-02-01T00:00:00Z", "-seed", "3"}, func(a net.Addr) { addrs <- a })
	}()
	var base string
	select {
	case a := <-addrs:
		base = "http://" + a.String()
	case err := <-done:
		t.Fatalf("server stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}

	req, _ := http.NewRequest("POST", base+"/v1/customers", strings.NewReader(url.Values{"email": {"a@example.com"}}.Encode()))
	req.Header.Set("Authorization", "Bearer sk_test_cmd")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("create customer: %d %s", resp.StatusCode, body)
	}
	var c struct {
		Created int64  `json:"created"`
		Email   string `json:"email"`
	}
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC).Unix(); c.Created != want || c.Email != "a@example.com" {
		t.Errorf("got created=%d email=%q, want created=%d (the -start flag) and the email sent", c.Created, c.Email, want)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop")
	}
}

func TestBadFlags(t *testing.T) {
	if err := run(context.Background(), []string{"-start", "yesterday"}, nil); err == nil {
		t.Error("a bad -start was accepted")
	}
}
