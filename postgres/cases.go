package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/changhu/ltc"
)

// NewCase is an application that passed validation, ready to be recorded.
type NewCase struct {
	ResidentID  string
	Name        string
	Phone       string
	Region      string
	Scheme      string
	SelfGrade   string
	Application json.RawMessage
	Actor       ltc.Actor
	At          time.Time
}

// StartFunc starts the case's workflow; CreateCase calls it inside its transaction.
type StartFunc func(ctx context.Context, caseID, personID string) (workflowID string, err error)

// CreateCase records the person and the case and starts its workflow in one
// transaction: if the start fails, nothing is kept, so there is never a case
// without a workflow. A person with an open case gets an EConflict error.
func (db *DB) CreateCase(ctx context.Context, nc NewCase, start StartFunc) (caseID string, err error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return "", unavailable("begin create case", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after commit

	var personID string
	err = tx.QueryRow(ctx, `
		INSERT INTO persons (id, resident_id, name, phone) VALUES ($1, $2, $3, $4)
		ON CONFLICT (resident_id) DO UPDATE SET name = EXCLUDED.name, phone = EXCLUDED.phone
		RETURNING id`, uuid.NewString(), nc.ResidentID, nc.Name, nc.Phone).Scan(&personID)
	if err != nil {
		return "", fmt.Errorf("record person: %w", err)
	}
	caseID = uuid.NewString()
	_, err = tx.Exec(ctx, `
		INSERT INTO cases (id, person_id, workflow_id, applicant_id, region, scheme, status, application, self_grade, created_at, updated_at)
		VALUES ($1, $2, '', $3, $4, $5, $6, $7, $8, $9, $9)`,
		caseID, personID, nc.Actor.ID, nc.Region, nc.Scheme, ltc.StatusSubmitted, nc.Application, nc.SelfGrade, nc.At)
	if isUniqueViolation(err, "cases_one_open_per_person") {
		return "", ltc.Errorf(ltc.EConflict, "该参保人已有办理中的申请，不能重复申请", "this person already has an open case")
	}
	if err != nil {
		return "", fmt.Errorf("record case: %w", err)
	}
	entry := ltc.HistoryEntry{At: nc.At, Actor: nc.Actor, Action: "submitted", Status: ltc.StatusSubmitted}
	if err := appendHistory(ctx, tx, caseID, "submitted", 0, entry); err != nil {
		return "", err
	}
	workflowID, err := start(ctx, caseID, personID)
	if err != nil {
		return "", err
	}
	if _, err := tx.Exec(ctx, `UPDATE cases SET workflow_id = $2 WHERE id = $1`, caseID, workflowID); err != nil {
		return "", fmt.Errorf("record workflow id: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return "", unavailable("commit case", err)
	}
	return caseID, nil
}

func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == constraint
}

type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// appendHistory adds one history line; a line with the same key is written
// once. seq is the workflow's number for the line (0 for lines written by the API).
func appendHistory(ctx context.Context, q execer, caseID, key string, seq int, e ltc.HistoryEntry) error {
	details, err := json.Marshal(e.Details)
	if err != nil {
		return fmt.Errorf("encode history details: %w", err)
	}
	if e.Details == nil {
		details = []byte("{}")
	}
	_, err = q.Exec(ctx, `
		INSERT INTO case_history (case_id, event_key, seq, at, actor_id, actor_role, action, status, reason, details)
		VALUES ($1, $2, NULLIF($3, 0), $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (case_id, event_key) DO NOTHING`,
		caseID, key, seq, e.At, e.Actor.ID, e.Actor.Role, e.Action, e.Status, e.Reason, details)
	if err != nil {
		return fmt.Errorf("append history %s/%s: %w", caseID, key, err)
	}
	return nil
}

// Transition sets a case's status and appends the history line that explains
// it, atomically. Retrying with the same key changes nothing more. seq is the
// workflow's number for the line.
func (db *DB) Transition(ctx context.Context, caseID, key string, seq int, e ltc.HistoryEntry, benefit ltc.Benefit) error {
	return db.inTx(ctx, func(tx pgx.Tx) error { return transition(ctx, tx, caseID, key, seq, e, benefit) })
}

// transition writes the status only if this line comes after the last one
// applied: lines of one workflow may land out of order (a handler's and the
// lifecycle's, or a late retry), and the case must show the latest.
func transition(ctx context.Context, tx pgx.Tx, caseID, key string, seq int, e ltc.HistoryEntry, benefit ltc.Benefit) error {
	tag, err := tx.Exec(ctx, `
		UPDATE cases SET status = $2, updated_at = $3, benefit = $5, status_seq = $6,
		       closed_at = CASE WHEN $4 THEN COALESCE(closed_at, $3) END,
		       deadline = CASE WHEN $4 OR $2 = 'valid' THEN NULL ELSE deadline END
		WHERE id = $1 AND status_seq < $6`, caseID, e.Status, e.At, e.Status.Closed(), benefit, seq)
	if err != nil {
		return fmt.Errorf("set status of case %s: %w", caseID, err)
	}
	if tag.RowsAffected() == 0 {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT true FROM cases WHERE id = $1`, caseID).Scan(&exists); errors.Is(err, pgx.ErrNoRows) {
			return notFound(caseID)
		}
	}
	return appendHistory(ctx, tx, caseID, key, seq, e)
}

// SetDeadline records the deadline of the case's step under way.
func (db *DB) SetDeadline(ctx context.Context, caseID string, at time.Time) error {
	if _, err := db.pool.Exec(ctx, `UPDATE cases SET deadline = $2 WHERE id = $1`, caseID, at); err != nil {
		return unavailable("record deadline", err)
	}
	return nil
}

// RecordDecision stores the conclusion, the policy version it was reached
// under, and the status and history line that go with it.
func (db *DB) RecordDecision(ctx context.Context, caseID, policyVersion, key string, seq int, d ltc.Decision, e ltc.HistoryEntry, benefit ltc.Benefit) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			UPDATE cases SET grade = $2, grade_name = $3, qualifies = $4, decided_at = $5, valid_until = $6,
			       benefits_from = $7, policy_version = $8, statement = $9
			WHERE id = $1`, caseID, d.Grade, d.GradeName, d.Qualifies, d.DecidedAt, nullDate(d.ValidUntil),
			nullDate(d.BenefitsFrom), policyVersion, d.Statement)
		if err != nil {
			return fmt.Errorf("record decision of case %s: %w", caseID, err)
		}
		return transition(ctx, tx, caseID, key, seq, e, benefit)
	})
}

func (db *DB) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return unavailable("begin", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after commit
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return unavailable("commit", err)
	}
	return nil
}

func notFound(caseID string) error {
	return ltc.Errorf(ltc.ENotFound, "没有编号为 %s 的案件", "no case %s", caseID)
}
