package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/changhu/ltc/evidence"
	"github.com/changhu/ltc/postgres"
)

// migrateAll applies the migrations and prepares the evidence bucket; both
// are harmless to repeat.
func migrateAll(ctx context.Context, cfg config, stdout io.Writer) error {
	v, err := postgres.Migrate(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database schema at version %d\n", v)
	store, err := openEvidence(cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err = store.EnsureBucket(ctx)
	switch {
	case errors.Is(err, evidence.ErrNoObjectLock):
		// A bucket made before the lock (a development setup, say) keeps
		// working; the operator is told, every time, that it is unprotected.
		fmt.Fprintf(stdout, "WARNING: evidence bucket %s ready (versioned) but NOT protected from deletion: %v\n", cfg.MinioBucket, err)
		return nil
	case err != nil:
		return fmt.Errorf("prepare evidence bucket %s: %w", cfg.MinioBucket, err)
	case cfg.RetentionDays == 0:
		fmt.Fprintf(stdout, "evidence bucket %s ready (versioned; no retention: LTC_EVIDENCE_RETENTION_DAYS=0)\n", cfg.MinioBucket)
	default:
		mode := "governance"
		if cfg.RetentionStrict {
			mode = "compliance"
		}
		fmt.Fprintf(stdout, "evidence bucket %s ready (versioned, object lock: %d days, %s mode)\n", cfg.MinioBucket, cfg.RetentionDays, mode)
	}
	return nil
}
