// Package postgres is the system of record for cases, their history, evidence
// records and assessments, on PostgreSQL through pgx.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5" // the pgx5:// driver
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/migrations"
)

// DB is the connection pool and the queries on it.
type DB struct {
	pool *pgxpool.Pool
}

// Open connects to PostgreSQL; url is a postgres:// connection string.
func Open(ctx context.Context, url string) (*DB, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return &DB{pool: pool}, nil
}

// Close closes the pool.
func (db *DB) Close() { db.pool.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return unavailable("ping database", err)
	}
	return nil
}

// Migrate applies every migration not yet applied; running it again is harmless.
func Migrate(url string) (version uint, err error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return 0, fmt.Errorf("read migrations: %w", err)
	}
	m, err := migrate.NewWithSourceInstance("iofs", src, pgx5URL(url))
	if err != nil {
		return 0, fmt.Errorf("connect for migrations: %w", err)
	}
	defer m.Close()
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return 0, fmt.Errorf("apply migrations: %w", err)
	}
	version, _, err = m.Version()
	return version, err
}

// pgx5URL turns postgres://… into the pgx5://… scheme golang-migrate's pgx driver expects.
func pgx5URL(url string) string {
	for _, prefix := range []string{"postgres://", "postgresql://"} {
		if len(url) > len(prefix) && url[:len(prefix)] == prefix {
			return "pgx5://" + url[len(prefix):]
		}
	}
	return url
}

func unavailable(what string, err error) error {
	return &ltc.Error{Code: ltc.EUnavailable, Err: fmt.Errorf("%s: %w", what, err),
		Message: ltc.Text{Zh: "数据库暂时不可用，请稍后重试", En: "the database is unavailable; please retry"}}
}
