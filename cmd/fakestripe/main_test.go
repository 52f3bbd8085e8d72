package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serve runs the command with args in the background until the test ends
// and returns where it listens.
func serve(t *testing.T, args ...string) listening {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ups := make(chan listening, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, args, func(l listening) { ups <- l }) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run returned %v after shutdown", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("server did not stop")
		}
	})
	select {
	case l := <-ups:
		return l
	case err := <-done:
		t.Fatalf("server stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("server did not start")
	}
	panic("unreachable")
}

// createCustomer creates a customer through hc at base and returns its
// created timestamp and email.
func createCustomer(t *testing.T, hc *http.Client, base string) (created int64, email string) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/v1/customers", strings.NewReader(url.Values{"email": {"a@example.com"}}.Encode()))
	req.Header.Set("Authorization", "Bearer sk_test_cmd")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := hc.Do(req)
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
	return c.Created, c.Email
}

func TestServesTheFake(t *testing.T) {
	l := serve(t, "-addr", "127.0.0.1:0", "-start", "2024-02-01T00:00:00Z", "-seed", "3")
	if !strings.HasPrefix(l.URL, "http://127.0.0.1:") || l.Cert != nil {
		t.Fatalf("listening at %s with cert %v, want plain HTTP on 127.0.0.1", l.URL, l.Cert)
	}
	created, email := createCustomer(t, http.DefaultClient, l.URL)
	if want := time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC).Unix(); created != want || email != "a@example.com" {
		t.Errorf("got created=%d email=%q, want created=%d (the -start flag) and the email sent", created, email, want)
	}
}

func TestServesHTTPS(t *testing.T) {
	certFile := filepath.Join(t.TempDir(), "fakestripe.pem")
	l := serve(t, "-https", "-addr", "127.0.0.1:0", "-cert-out", certFile)
	if !strings.HasPrefix(l.URL, "https://127.0.0.1:") || l.Cert == nil {
		t.Fatalf("listening at %s with cert %v, want HTTPS with a certificate", l.URL, l.Cert)
	}
	port := l.URL[strings.LastIndex(l.URL, ":"):]

	// A client that trusts the certificate -cert-out wrote verifies it for
	// every loopback name.
	pemBytes, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := pem.Decode(pemBytes); b == nil || b.Type != "CERTIFICATE" || string(b.Bytes) != string(l.Cert.Raw) {
		t.Fatalf("-cert-out wrote %q, want the served certificate in PEM", pemBytes)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemBytes)
	trusting := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	defer trusting.CloseIdleConnections()
	for _, base := range []string{l.URL, "https://localhost" + port} {
		if _, email := createCustomer(t, trusting, base); email != "a@example.com" {
			t.Errorf("%s: email %q", base, email)
		}
	}

	// One that skips verification, as clients of stripe-mock do, works too.
	skipping := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	defer skipping.CloseIdleConnections()
	createCustomer(t, skipping, l.URL)

	// One that trusts only the system roots refuses the certificate.
	_, err = http.Get(l.URL + "/v1/balance")
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Errorf("a client without the certificate got %v, want an unknown authority error", err)
	}

	// Plain HTTP to the HTTPS port is answered with an error, not served.
	resp, err := http.Get("http://127.0.0.1" + port + "/v1/balance")
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("plain HTTP to the HTTPS port: %d", resp.StatusCode)
		}
	}
}

func TestSelfSignedCertificate(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c, err := selfSigned(now)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(c.Leaf)
	for _, name := range []string{"127.0.0.1", "::1", "localhost"} {
		if _, err := c.Leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: pool, CurrentTime: now}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := c.Leaf.Verify(x509.VerifyOptions{DNSName: "example.com", Roots: pool, CurrentTime: now}); err == nil {
		t.Error("the certificate is valid for example.com")
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-start", "yesterday"},
		{"-cert-out", "x.pem"},
		{"-addr", "127.0.0.1:0", "extra"},
	} {
		if err := run(context.Background(), args, nil); err == nil {
			t.Errorf("%q was accepted", args)
		}
	}
}
