package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/notify"
)

// enqueueNotices writes the messages a history line calls for, in the
// line's transaction, to the person's and the agent's phones from the
// application (one message a phone), except where they chose no SMS.
func enqueueNotices(ctx context.Context, tx pgx.Tx, caseID, lineKey string, notices []notify.Notice) ([]string, error) {
	var ids []string
	for _, n := range notices {
		vars, err := json.Marshal(n.Vars)
		if err != nil {
			return nil, fmt.Errorf("encode notice vars: %w", err)
		}
		rows, err := tx.Query(ctx, `
			INSERT INTO outbox (id, dedupe, case_id, region, phone, template, vars)
			SELECT gen_random_uuid(), c.id || ':' || $2 || ':' || $3 || ':' || r.phone, c.id, c.region, r.phone, $3, $4
			FROM cases c,
			     LATERAL (SELECT DISTINCT phone FROM (VALUES
			         (c.application->'person'->>'phone', coalesce(c.application->'sms'->>'person', 'true')),
			         (c.application->'agent'->>'phone', coalesce(c.application->'sms'->>'agent', 'true'))
			     ) AS p(phone, wanted) WHERE phone <> '' AND wanted = 'true') r
			WHERE c.id = $1
			ON CONFLICT (dedupe) DO NOTHING
			RETURNING id`, caseID, lineKey, n.Template, vars)
		if err != nil {
			return nil, fmt.Errorf("enqueue %s: %w", n.Template, err)
		}
		inserted, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, fmt.Errorf("enqueue %s: %w", n.Template, err)
		}
		ids = append(ids, inserted...)
	}
	return ids, nil
}

// EnqueueMessage keeps a message that is no history line's (a sign-in code).
func (db *DB) EnqueueMessage(ctx context.Context, m notify.Message) error {
	vars, _ := json.Marshal(m.Vars)
	_, err := db.pool.Exec(ctx, `
		INSERT INTO outbox (id, dedupe, phone, template, vars) VALUES ($1, $2, $3, $4, $5)`,
		m.ID, m.ID, m.Phone, m.Template, vars)
	return dbError("enqueue message", err)
}

// OutboxMessage reads a message to deliver, and whether it is delivered already.
func (db *DB) OutboxMessage(ctx context.Context, id string) (notify.Message, bool, error) {
	m := notify.Message{ID: id}
	var delivered *time.Time
	var caseID *string
	err := db.pool.QueryRow(ctx, `SELECT case_id::text, phone, template, vars, delivered_at FROM outbox WHERE id = $1`, id).Scan(
		&caseID, &m.Phone, &m.Template, &m.Vars, &delivered)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, false, ltc.Errorf(ltc.ENotFound, "没有这条消息", "no such message")
	}
	m.CaseID = deref(caseID)
	return m, delivered != nil, dbError("read message", err)
}

// MarkDelivered records a delivery; marking twice changes nothing.
func (db *DB) MarkDelivered(ctx context.Context, id string, at time.Time) error {
	_, err := db.pool.Exec(ctx, `UPDATE outbox SET delivered_at = coalesce(delivered_at, $2), attempts = attempts + 1, last_error = '' WHERE id = $1`, id, at)
	return dbError("mark delivered", err)
}

// RecordFailure counts a failed try of a message, and why.
func (db *DB) RecordFailure(ctx context.Context, id, reason string) error {
	_, err := db.pool.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1 AND delivered_at IS NULL`, id, reason)
	return dbError("record failed delivery", err)
}

// MarkDead keeps a message that exhausted its retries as a dead letter, with
// the reason of its last failed try, else the fallback.
func (db *DB) MarkDead(ctx context.Context, id, fallback string, at time.Time) error {
	_, err := db.pool.Exec(ctx, `
		UPDATE outbox SET dead_at = $2, last_error = CASE WHEN last_error = '' THEN $3 ELSE last_error END
		WHERE id = $1 AND delivered_at IS NULL`, id, at, fallback)
	return dbError("mark dead", err)
}

// PendingMessages lists messages waiting since before a time, oldest first.
func (db *DB) PendingMessages(ctx context.Context, before time.Time, limit int) ([]string, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id::text FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL AND created_at < $1
		ORDER BY created_at LIMIT $2`, before, limit)
	if err != nil {
		return nil, dbError("list pending messages", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return ids, dbError("list pending messages", err)
}

// DeadLetters lists a region's dead letters, newest first.
func (db *DB) DeadLetters(ctx context.Context, region string) ([]cases.DeadLetter, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id::text, coalesce(case_id::text, ''), template, '*******' || right(phone, 4), attempts, last_error, dead_at
		FROM outbox WHERE dead_at IS NOT NULL AND region = $1 ORDER BY dead_at DESC LIMIT 200`, region)
	if err != nil {
		return nil, dbError("list dead letters", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (cases.DeadLetter, error) {
		var d cases.DeadLetter
		return d, row.Scan(&d.ID, &d.CaseID, &d.Template, &d.PhoneTail, &d.Attempts, &d.LastError, &d.DeadAt)
	})
	return list, dbError("list dead letters", err)
}

// Revive puts a region's dead letter back in the outbox.
func (db *DB) Revive(ctx context.Context, region, id string) error {
	if _, err := uuid.Parse(id); err != nil {
		return ltc.Errorf(ltc.ENotFound, "没有这条消息", "no such message")
	}
	tag, err := db.pool.Exec(ctx, `UPDATE outbox SET dead_at = NULL, last_error = '' WHERE id = $1 AND region = $2 AND dead_at IS NOT NULL`, id, region)
	if err == nil && tag.RowsAffected() == 0 {
		return ltc.Errorf(ltc.ENotFound, "没有这条未送达的消息", "no such dead letter")
	}
	return dbError("revive dead letter", err)
}

// SaveDevMessage keeps what the development sink received, once.
func (db *DB) SaveDevMessage(ctx context.Context, d notify.DevMessage) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO dev_messages (message_id, phone_tail, template, text_zh, text_en, at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (message_id) DO NOTHING`, d.MessageID, d.PhoneTail, d.Template, d.Text.Zh, d.Text.En, d.At)
	return dbError("keep development message", err)
}

// DevMessages lists what the development sink received, newest first.
func (db *DB) DevMessages(ctx context.Context, limit int) ([]notify.DevMessage, error) {
	rows, err := db.pool.Query(ctx, `SELECT message_id::text, phone_tail, template, text_zh, text_en, at FROM dev_messages ORDER BY at DESC LIMIT $1`, limit)
	if err != nil {
		return nil, dbError("list development messages", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (notify.DevMessage, error) {
		var d notify.DevMessage
		return d, row.Scan(&d.MessageID, &d.PhoneTail, &d.Template, &d.Text.Zh, &d.Text.En, &d.At)
	})
	return list, dbError("list development messages", err)
}
