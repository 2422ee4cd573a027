// Package postgres is the system of record for cases, their history, evidence
// records and assessments, on PostgreSQL through pgx. It implements the
// stores that the service layer (cases) and the activities declare.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5" // the pgx5:// driver
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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
	return dbError("ping database", db.pool.Ping(ctx))
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

// dbError is the one classification of what the database answered: data it
// refuses (a bad value, a broken constraint) is the request's fault and no
// retry mends it; a statement it cannot run is our bug; anything else (a
// lost connection, a restart, a timeout, a deadlock) is an outage the caller
// may retry. The cause is kept for the log only.
func dbError(what string, err error) error {
	if err == nil {
		return nil
	}
	var e *ltc.Error
	if errors.As(err, &e) {
		return err
	}
	cause := fmt.Errorf("%s: %w", what, err)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code[:2] {
		case "22": // data exception
			return &ltc.Error{Code: ltc.EInvalid, Err: cause, Message: ltc.Text{
				Zh: "提交的内容含有无法保存的数据", En: "the submission holds data that cannot be stored"}}
		case "23": // integrity constraint violation
			return &ltc.Error{Code: ltc.EConflict, Err: cause, Message: ltc.Text{
				Zh: "与已有记录冲突，未保存", En: "this conflicts with what is recorded; nothing was saved"}}
		case "42", "0A", "XX": // syntax or access rule, unsupported feature, internal: a bug of ours
			return &ltc.Error{Code: ltc.EInternal, Err: cause}
		}
	}
	return ltc.Unavailable(ltc.ServiceDatabase, what, err)
}

func (db *DB) inTx(ctx context.Context, what string, fn func(pgx.Tx) error) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return dbError(what, err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after commit
	if err := fn(tx); err != nil {
		return dbError(what, err)
	}
	return dbError(what, tx.Commit(ctx))
}

type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}
