package main

import (
	"context"
	"fmt"
	"io"
	"time"

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
	if err := store.EnsureBucket(ctx); err != nil {
		return fmt.Errorf("prepare evidence bucket %s: %w", cfg.MinioBucket, err)
	}
	fmt.Fprintf(stdout, "evidence bucket %s ready (versioned)\n", cfg.MinioBucket)
	return nil
}
