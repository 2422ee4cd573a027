package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/evidence"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/payload"
	"github.com/changhu/ltc/policy"
	"github.com/changhu/ltc/postgres"
)

// deps are the connections and loaded data that serve and worker share.
type deps struct {
	log      *slog.Logger
	db       *postgres.DB
	temporal client.Client
	catalog  *forms.Catalog
	policies *policy.Registry
}

func newLogger(cfg config, w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: cfg.LogLevel}))
}

// loadRules loads the instruments and the region policies, refusing to start
// on any hole or contradiction in them.
func loadRules(cfg config) (*forms.Catalog, *policy.Registry, error) {
	catalog, err := forms.LoadCatalog(cfg.InstrumentsDir)
	if err != nil {
		return nil, nil, err
	}
	policies, err := policy.Load(catalog, cfg.PoliciesDir)
	if err != nil {
		return nil, nil, err
	}
	return catalog, policies, nil
}

func openDeps(ctx context.Context, cfg config, stdout io.Writer) (*deps, error) {
	d := &deps{log: newLogger(cfg, stdout)}
	if cfg.TokenSecret == devTokenSecret || cfg.PayloadKey == payload.DevelopmentKey {
		d.log.Warn("running with the development token secret or payload key: set LTC_TOKEN_SECRET and LTC_PAYLOAD_KEY outside development")
	}
	var err error
	if d.catalog, d.policies, err = loadRules(cfg); err != nil {
		return nil, err
	}
	if d.db, err = postgres.Open(ctx, cfg.DatabaseURL); err != nil {
		return nil, err
	}
	codec, err := payload.NewCodec(cfg.PayloadKey)
	if err != nil {
		d.db.Close()
		return nil, fmt.Errorf("LTC_PAYLOAD_KEY: %w", err)
	}
	conn, creds, err := cfg.TemporalTLS.connection()
	if err != nil {
		d.db.Close()
		return nil, err
	}
	// Lazy: the process starts while Temporal is still coming up; /readyz says when it is reachable.
	d.temporal, err = client.NewLazyClient(client.Options{
		HostPort:          cfg.TemporalAddress,
		Namespace:         cfg.TemporalNamespace,
		ConnectionOptions: conn,
		Credentials:       creds,
		Logger:            tlog.NewStructuredLogger(d.log.With("component", "temporal")),
		DataConverter:     codec.DataConverter(),
	})
	if err != nil {
		d.db.Close()
		return nil, fmt.Errorf("temporal client: %w", err)
	}
	return d, nil
}

func (d *deps) close() {
	d.temporal.Close()
	d.db.Close()
}

func openEvidence(cfg config) (*evidence.Store, error) {
	return evidence.Open(evidence.Config{
		Endpoint: cfg.MinioEndpoint, AccessKey: cfg.MinioAccessKey, SecretKey: cfg.MinioSecretKey,
		Bucket: cfg.MinioBucket, UseSSL: cfg.MinioSSL,
		RetentionDays: cfg.RetentionDays, Compliance: cfg.RetentionStrict,
	})
}

func beijingNow() time.Time { return time.Now().In(ltc.China) }
