package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"go.temporal.io/sdk/client"
)

// temporalTLS is how ltc reaches a Temporal cluster of its own with mutual
// TLS, or Temporal Cloud with a client certificate or an API key; without
// any of it, the plain connection of the dev server.
type temporalTLS struct {
	CertFile, KeyFile string // the client's certificate and key (PEM), for mTLS
	CAFile            string // the CA that signed the server's certificate, when not a public one
	ServerName        string // the name the server's certificate carries, when not the address's host
	APIKey            string // a Temporal Cloud API key, sent over TLS
}

// connection is the client options for the settings, or an error that names
// the setting at fault.
func (t temporalTLS) connection() (client.ConnectionOptions, client.Credentials, error) {
	var opts client.ConnectionOptions
	if t == (temporalTLS{}) {
		return opts, nil, nil
	}
	if (t.CertFile == "") != (t.KeyFile == "") {
		return opts, nil, errors.New("LTC_TEMPORAL_TLS_CERT and LTC_TEMPORAL_TLS_KEY go together")
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: t.ServerName}
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile)
		if err != nil {
			return opts, nil, fmt.Errorf("LTC_TEMPORAL_TLS_CA: %w", err)
		}
		cfg.RootCAs = x509.NewCertPool()
		if !cfg.RootCAs.AppendCertsFromPEM(pem) {
			return opts, nil, errors.New("LTC_TEMPORAL_TLS_CA: no PEM certificate in the file")
		}
	}
	var creds client.Credentials
	if t.CertFile != "" {
		pair, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return opts, nil, fmt.Errorf("LTC_TEMPORAL_TLS_CERT/KEY: %w", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	if t.APIKey != "" {
		creds = client.NewAPIKeyStaticCredentials(t.APIKey)
	}
	opts.TLS = cfg
	return opts, creds, nil
}
