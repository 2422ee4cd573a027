package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestTemporalTLSSettings(t *testing.T) {
	cert, key := selfSigned(t)
	if opts, creds, err := (temporalTLS{}).connection(); err != nil || opts.TLS != nil || creds != nil {
		t.Fatalf("no settings must be the dev server's plain connection: %v %v %v", opts.TLS, creds, err)
	}
	opts, creds, err := temporalTLS{CertFile: cert, KeyFile: key, CAFile: cert, ServerName: "ltc.tmprl.cloud"}.connection()
	if err != nil || len(opts.TLS.Certificates) != 1 || opts.TLS.RootCAs == nil || opts.TLS.ServerName != "ltc.tmprl.cloud" || creds != nil {
		t.Fatalf("mTLS: %+v %v %v", opts.TLS, creds, err)
	}
	opts, creds, err = temporalTLS{APIKey: "key"}.connection()
	if err != nil || opts.TLS == nil || creds == nil {
		t.Fatalf("an API key goes over TLS: %v %v %v", opts.TLS, creds, err)
	}
	for _, bad := range []struct {
		tls  temporalTLS
		says string
	}{
		{temporalTLS{CertFile: cert}, "LTC_TEMPORAL_TLS_KEY"},
		{temporalTLS{CAFile: filepath.Join(t.TempDir(), "none.pem")}, "LTC_TEMPORAL_TLS_CA"},
		{temporalTLS{CAFile: key}, "LTC_TEMPORAL_TLS_CA"},
		{temporalTLS{CertFile: cert, KeyFile: cert}, "LTC_TEMPORAL_TLS_CERT"},
	} {
		if _, _, err := bad.tls.connection(); err == nil || !strings.Contains(err.Error(), bad.says) {
			t.Errorf("%+v: %v, want an error naming %s", bad.tls, err, bad.says)
		}
	}
}

// selfSigned writes a certificate and its key as PEM files.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ltc"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalPKCS8PrivateKey(priv)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	write := func(path, kind string, b []byte) {
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: b}), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(certFile, "CERTIFICATE", der)
	write(keyFile, "PRIVATE KEY", keyDER)
	return certFile, keyFile
}
