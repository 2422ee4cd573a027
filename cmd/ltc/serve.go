package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/changhu/ltc/api"
	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/forms"
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
	handler := api.New(api.Deps{
		Cases: &cases.Service{DB: d.db, Temporal: d.temporal, Evidence: store, Validator: validator,
			Catalog: d.catalog, Log: d.log, Now: beijingNow},
		DB: d.db, Catalog: d.catalog, Policies: d.policies, Tokens: tokens, Validator: validator, Log: d.log, Now: beijingNow,
		Ready: []api.Check{
			{Name: "postgres", Run: d.db.Ping},
			{Name: "minio", Run: store.Ready},
			{Name: "temporal", Run: func(ctx context.Context) error {
				_, err := d.temporal.CheckHealth(ctx, nil)
				return err
			}},
		},
	})
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.HTTPAddr, err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	d.log.Info("API listening", "addr", ln.Addr().String(), "version", version)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	d.log.Info("API stopped")
	return nil
}
