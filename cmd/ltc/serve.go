package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/api"
	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/delivery"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/payload"
)

// The API server's timeouts: a client that sends or reads slowly cannot hold
// a connection (uploads lift the read timeout for a floor on their rate).
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 60 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
)

func serve(ctx context.Context, cfg config, stdout io.Writer) error {
	d, err := openDeps(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer d.close()
	store, err := openEvidence(cfg)
	if err != nil {
		return err
	}
	validator, err := forms.NewValidator(d.catalog, d.policies.Known, d.policies.UsesSelfAssessmentGate, beijingNow)
	if err != nil {
		return fmt.Errorf("validator: %w", err)
	}
	tokens, err := auth.New(cfg.TokenSecret, time.Now)
	if err != nil {
		return err
	}
	codec, err := payload.NewCodec(cfg.PayloadKey)
	if err != nil {
		return fmt.Errorf("LTC_PAYLOAD_KEY: %w", err)
	}
	deliveries := &delivery.Starter{Client: d.temporal, Log: d.log}
	svc := &cases.Service{Store: d.db, Files: store, Temporal: d.temporal, Validator: validator,
		Catalog: d.catalog, Policies: d.policies, Log: d.log, Now: beijingNow, UpdateTimeout: cfg.ActionTimeout,
		FamilyID: tokens.FamilyID, Deliveries: deliveries, Calendar: &activities.Calendars{Store: d.db},
		LetterKey: []byte("letters\x00" + cfg.TokenSecret), VerifyURL: cfg.PublicURL + "/verify"}
	handlers, err := api.New(api.Deps{
		Cases: svc, DevOutbox: cfg.DevOutbox,
		Catalog: d.catalog, Policies: d.policies, Tokens: tokens, Validator: validator, Log: d.log, Now: beijingNow,
		TrustedProxies: cfg.TrustedProxies,
		Codec:          api.Codec{Codec: codec, Namespace: cfg.TemporalNamespace, Origin: cfg.CodecOrigin},
		Ready: []api.Check{
			{Name: "postgres", Run: d.db.Ping},
			{Name: "minio", Run: store.Ready},
			{Name: "temporal", Run: func(ctx context.Context) error {
				_, err := d.temporal.CheckHealth(ctx, nil)
				return err
			}},
		},
	})
	if err != nil {
		return err
	}
	if err := mountPages(handlers, cfg, d, svc, tokens); err != nil {
		return err
	}
	servers := []*listener{
		{name: "API", addr: cfg.HTTPAddr, srv: &http.Server{Handler: handlers.API, ReadHeaderTimeout: readHeaderTimeout,
			ReadTimeout: readTimeout, WriteTimeout: writeTimeout, IdleTimeout: idleTimeout}},
		{name: "metrics", addr: cfg.MetricsAddr, srv: &http.Server{Handler: handlers.Metrics, ReadHeaderTimeout: readHeaderTimeout}},
	}
	return runServers(ctx, d, servers)
}

type listener struct {
	name, addr string
	srv        *http.Server
}

// runServers listens on every address and serves until ctx ends or one
// server fails, then shuts them all down gracefully.
func runServers(ctx context.Context, d *deps, servers []*listener) error {
	listeners := make([]net.Listener, len(servers))
	for i, l := range servers {
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			for _, open := range listeners[:i] {
				open.Close()
			}
			return fmt.Errorf("listen on %s: %w", l.addr, err)
		}
		listeners[i] = ln
	}
	errc := make(chan error, len(servers))
	for i, l := range servers {
		d.log.Info(l.name+" listening", "addr", listeners[i].Addr().String(), "version", version)
		go func() { errc <- fmt.Errorf("serve %s: %w", l.name, l.srv.Serve(listeners[i])) }()
	}
	var failed error
	select {
	case failed = <-errc:
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	for _, l := range servers {
		if err := l.srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("shut down %s: %w", l.name, err)
		}
	}
	d.log.Info("API stopped")
	return failed
}
