// Command fakestripe serves a fake Stripe API (version 2023-10-16) over
// HTTP, for clients in other languages or processes. It listens on
// 127.0.0.1:12111 by default, stripe-mock's port, so tools set up for
// stripe-mock can point at it unchanged.
//
//	go run ./cmd/fakestripe -addr 127.0.0.1:12111 -start 2023-10-16T00:00:00Z
//
// With -https it serves HTTPS instead, on 127.0.0.1:12112 by default
// (stripe-mock's HTTPS port), with a self-signed certificate for 127.0.0.1,
// ::1 and localhost generated in memory at start. Clients either skip
// verification, as they do with stripe-mock, or trust the certificate that
// -cert-out writes.
//
// An -addr with port 0 listens on a free port; the log line that says the
// server is up names the address, for a test harness to read.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"log"
	"math/big"
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

// listening is what run tells its caller once the listener is up: the
// base URL, and for HTTPS the generated certificate.
type listening struct {
	URL  string
	Cert *x509.Certificate // nil for plain HTTP
}

// run serves until ctx ends. up, when set, is told where the server listens
// once the listener is up (the tests listen on port 0).
func run(ctx context.Context, args []string, up func(listening)) error {
	fs := flag.NewFlagSet("fakestripe", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:12111", "address to listen on (127.0.0.1:12112 with -https, unless given)")
	start := fs.String("start", fakestripe.DefaultStart.Format(time.RFC3339), "the fake clock's start time (RFC 3339)")
	seed := fs.Int64("seed", 0, "seed for ids and generated values")
	useTLS := fs.Bool("https", false, "serve HTTPS with a self-signed certificate generated at start")
	certOut := fs.String("cert-out", "", "with -https, write the generated certificate (PEM) to this file, for clients to trust")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	t0, err := time.Parse(time.RFC3339, *start)
	if err != nil {
		return fmt.Errorf("-start: %w", err)
	}
	if *useTLS && !flagSet(fs, "addr") {
		*addr = "127.0.0.1:12112"
	}
	if *certOut != "" && !*useTLS {
		return errors.New("-cert-out needs -https")
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
	at := listening{URL: "http://" + ln.Addr().String()}
	if *useTLS {
		cert, err := selfSigned(time.Now())
		if err != nil {
			ln.Close()
			return err
		}
		if *certOut != "" {
			block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]})
			if err := os.WriteFile(*certOut, block, 0o644); err != nil {
				ln.Close()
				return fmt.Errorf("-cert-out: %w", err)
			}
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, srv.TLSConfig)
		at = listening{URL: "https://" + ln.Addr().String(), Cert: cert.Leaf}
	}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	log.Printf("fakestripe: serving the Stripe API (2023-10-16) on %s, clock at %s", at.URL, t0.Format(time.RFC3339))
	if up != nil {
		up(at)
	}
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// flagSet reports whether the command line set the named flag.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// selfSigned makes a certificate for the loopback names, valid from an hour
// before now for a year, as a stand-in server's needs: it lives only as long
// as the process. Its key is ECDSA P-256, which every TLS client accepts and
// which takes microseconds to generate.
func selfSigned(now time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{Organization: []string{"fakestripe"}, CommonName: "localhost"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true, // so that a client can trust it as its own root
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}
