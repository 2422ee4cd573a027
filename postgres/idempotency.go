package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc/cases"
)

// staleRequest is how long a first request may stay unanswered before a
// retry takes its key over (its process died while answering).
const staleRequest = 2 * time.Minute

// BeginRequest claims a request's key, returning nil when this request goes
// ahead, or the row of the request that holds it.
func (db *DB) BeginRequest(ctx context.Context, k cases.RequestKey, hash string, at time.Time) (*cases.StoredResponse, error) {
	tag, err := db.pool.Exec(ctx, `
		INSERT INTO idempotency_keys (actor_id, scope, case_id, key, request_hash, started_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (actor_id, scope, case_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, started_at = EXCLUDED.started_at
		WHERE idempotency_keys.status = 0 AND idempotency_keys.started_at < $7`,
		k.ActorID, k.Scope, k.CaseID, k.Key, hash, at, at.Add(-staleRequest))
	if err != nil {
		return nil, dbError("claim idempotency key", err)
	}
	if tag.RowsAffected() == 1 {
		return nil, nil
	}
	var r cases.StoredResponse
	err = db.pool.QueryRow(ctx, `
		SELECT request_hash, status, coalesce(body, '') FROM idempotency_keys
		WHERE actor_id = $1 AND scope = $2 AND case_id = $3 AND key = $4`, k.ActorID, k.Scope, k.CaseID, k.Key).Scan(&r.RequestHash, &r.Status, &r.Body)
	if errors.Is(err, pgx.ErrNoRows) {
		return db.BeginRequest(ctx, k, hash, at) // abandoned between the two statements
	}
	return &r, dbError("read idempotency key", err)
}

// FinishRequest keeps the first answer.
func (db *DB) FinishRequest(ctx context.Context, k cases.RequestKey, r cases.StoredResponse) error {
	_, err := db.pool.Exec(ctx, `
		UPDATE idempotency_keys SET status = $5, body = $6
		WHERE actor_id = $1 AND scope = $2 AND case_id = $3 AND key = $4`, k.ActorID, k.Scope, k.CaseID, k.Key, r.Status, r.Body)
	return dbError("store idempotency key", err)
}

// AbandonRequest frees a key whose request failed on our side.
func (db *DB) AbandonRequest(ctx context.Context, k cases.RequestKey) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM idempotency_keys WHERE actor_id = $1 AND scope = $2 AND case_id = $3 AND key = $4`,
		k.ActorID, k.Scope, k.CaseID, k.Key)
	return dbError("free idempotency key", err)
}
