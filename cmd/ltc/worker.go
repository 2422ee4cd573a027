package main

import (
	"context"
	"io"

	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/worker"
)

func runWorker(ctx context.Context, cfg config, stdout io.Writer) error {
	d, err := openDeps(ctx, cfg, stdout)
	if err != nil {
		return err
	}
	defer d.close()
	d.log.Info("worker starting", "temporal", cfg.TemporalAddress, "version", version)
	err = worker.Run(ctx, d.temporal, &activities.Activities{Store: d.db, Catalog: d.catalog, Policies: d.policies,
		Calendar: &activities.Calendars{Store: d.db}})
	d.log.Info("worker stopped")
	return err
}
