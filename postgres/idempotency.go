package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
)

// StoredResponse is the first answer given to a request with an Idempotency-Key.
type StoredResponse struct {
	RequestHash string
	Status      int
	Body        []byte
}

// IdempotentResponse returns the stored answer for an actor's key, if any.
func (db *DB) IdempotentResponse(ctx context.Context, actorID, key string) (*StoredResponse, error) {
	var r StoredResponse
	err := db.pool.QueryRow(ctx, `SELECT request_hash, status, body FROM idempotency_keys WHERE actor_id = $1 AND key = $2`,
		actorID, key).Scan(&r.RequestHash, &r.Status, &r.Body)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, unavailable("read idempotency key", err)
	}
	return &r, nil
}

// SaveIdempotentResponse keeps the first answer; a later save for the same key is ignored.
func (db *DB) SaveIdempotentResponse(ctx context.Context, actor ltc.Actor, key string, r StoredResponse) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO idempotency_keys (actor_id, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (actor_id, key) DO NOTHING`, actor.ID, key, r.RequestHash, r.Status, r.Body)
	if err != nil {
		return unavailable("store idempotency key", err)
	}
	return nil
}
