package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/delivery"
	"github.com/changhu/ltc/notify"
	"github.com/changhu/ltc/worker"
)

func runWorker(ctx context.Context, cfg config, stdout io.Writer) error {
	d, err := openDeps(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer d.close()
	d.log.Info("worker starting", "temporal", cfg.TemporalAddress, "version", version)
	if err := delivery.EnsureSweep(ctx, d.temporal, time.Minute); err != nil {
		return fmt.Errorf("outbox sweep schedule: %w", err)
	}
	if err := worker.EnsureEvidenceCheck(ctx, d.temporal, 24*time.Hour); err != nil {
		return fmt.Errorf("evidence check schedule: %w", err)
	}
	files, err := openEvidence(cfg)
	if err != nil {
		return err
	}
	err = worker.Run(ctx, d.temporal, &activities.Activities{Store: d.db, Catalog: d.catalog, Policies: d.policies,
		Calendar: &activities.Calendars{Store: d.db}, Channel: channel(cfg, d),
		Deliveries: &delivery.Starter{Client: d.temporal, Log: d.log}, EvidenceRows: d.db, Objects: files})
	d.log.Info("worker stopped")
	return err
}

// channel is where messages go: the SMS gateway when one is configured,
// else the development sink that the development outbox page shows.
func channel(cfg config, d *deps) activities.Channel {
	if cfg.SMSURL != "" {
		return &notify.Gateway{URL: cfg.SMSURL, Key: cfg.SMSKey, Signature: cfg.SMSSignature}
	}
	return &notify.DevSink{Store: d.db, Log: d.log}
}
