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
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/notify"
)

// CreateCase records the person and the case and starts its workflow in one
// transaction: if the start fails, nothing is kept, so there is never a case
// without a workflow. A person is recorded once: a later application never
// rewrites the name another case was made under. A person with an open case
// gets an EConflict error.
func (db *DB) CreateCase(ctx context.Context, nc cases.NewCase, start cases.StartFunc) (caseID string, err error) {
	err = db.inTx(ctx, "create case", func(tx pgx.Tx) error {
		var personID string
		err := tx.QueryRow(ctx, `
			WITH inserted AS (
				INSERT INTO persons (id, resident_id, name, phone) VALUES ($1, $2, $3, '')
				ON CONFLICT (resident_id) DO NOTHING RETURNING id)
			SELECT id FROM inserted UNION ALL SELECT id FROM persons WHERE resident_id = $2
			LIMIT 1`, uuid.NewString(), nc.ResidentID, nc.Name).Scan(&personID)
		if err != nil {
			return fmt.Errorf("record person: %w", err)
		}
		caseID = uuid.NewString()
		_, err = tx.Exec(ctx, `
			INSERT INTO cases (id, person_id, workflow_id, applicant_id, family, region, scheme, status, application, self_grade, created_at, updated_at)
			VALUES ($1, $2, '', $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
			caseID, personID, nc.Actor.ID, append([]string{}, nc.Family...), nc.Region, nc.Scheme, ltc.StatusSubmitted, nc.Application, nc.SelfGrade, nc.At)
		if isUniqueViolation(err, "cases_one_open_per_person") {
			return ltc.Errorf(ltc.EConflict, "该参保人已有办理中的申请，不能重复申请", "this person already has an open case")
		}
		if err != nil {
			return fmt.Errorf("record case: %w", err)
		}
		entry := ltc.HistoryEntry{At: nc.At, Actor: nc.Actor, Action: "submitted", Status: ltc.StatusSubmitted}
		if err := appendHistory(ctx, tx, caseID, "submitted", 0, entry); err != nil {
			return err
		}
		workflowID, err := start(ctx, caseID, personID)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE cases SET workflow_id = $2 WHERE id = $1`, caseID, workflowID)
		return err
	})
	return caseID, err
}

func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == constraint
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
// it, with the messages it sends the family, atomically; it returns the
// messages' ids. Retrying with the same key changes nothing more.
func (db *DB) Transition(ctx context.Context, line activities.Line, notices []notify.Notice) (messages []string, err error) {
	err = db.inTx(ctx, "record a step of case "+line.CaseID, func(tx pgx.Tx) error {
		if err := transition(ctx, tx, line); err != nil {
			return err
		}
		messages, err = enqueueNotices(ctx, tx, line.CaseID, line.Key, notices)
		return err
	})
	return messages, err
}

// transition writes the status only if this line comes after the last one
// applied (lines of one workflow may land out of order: a handler's and the
// lifecycle's, or a late retry) and the case is not closed: a closed case
// stays closed, whatever line comes late.
func transition(ctx context.Context, tx pgx.Tx, line activities.Line) error {
	e := line.Entry
	tag, err := tx.Exec(ctx, `
		UPDATE cases SET status = $2, updated_at = $3, benefit = $5, status_seq = $6,
		       purpose = CASE WHEN $7 = '' THEN purpose ELSE $7 END,
		       committee = committee OR $2 IN ('committee_audit', 'adjudication'),
		       closed_at = CASE WHEN $4 THEN COALESCE(closed_at, $3) END,
		       deadline = CASE WHEN $4 OR $2 = 'valid' THEN NULL ELSE deadline END
		WHERE id = $1 AND status_seq < $6 AND closed_at IS NULL`, line.CaseID, e.Status, e.At, e.Status.Closed(), line.Benefit, line.Seq, string(line.Purpose))
	if err != nil {
		return fmt.Errorf("set status of case %s: %w", line.CaseID, err)
	}
	if tag.RowsAffected() == 0 {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT true FROM cases WHERE id = $1`, line.CaseID).Scan(&exists); errors.Is(err, pgx.ErrNoRows) {
			return ltc.NoSuchCase()
		}
	}
	return appendHistory(ctx, tx, line.CaseID, line.Key, line.Seq, e)
}

// SetDeadline records the deadline of the case's step under way.
func (db *DB) SetDeadline(ctx context.Context, caseID string, at time.Time) error {
	_, err := db.pool.Exec(ctx, `UPDATE cases SET deadline = $2 WHERE id = $1`, caseID, at)
	return dbError("record deadline", err)
}

// RecordDecision stores the conclusion, the policy version it was reached
// under, and the status, history line and messages that go with it.
func (db *DB) RecordDecision(ctx context.Context, policyVersion string, d ltc.Decision, line activities.Line, notices []notify.Notice) (messages []string, err error) {
	err = db.inTx(ctx, "record decision of case "+line.CaseID, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			UPDATE cases SET grade = $2, grade_name = $3, qualifies = $4, decided_at = $5, valid_until = $6,
			       benefits_from = $7, policy_version = $8, statement = $9
			WHERE id = $1`, line.CaseID, d.Grade, d.GradeName, d.Qualifies, d.DecidedAt, nullDate(d.ValidUntil),
			nullDate(d.BenefitsFrom), policyVersion, d.Statement)
		if err != nil {
			return fmt.Errorf("record decision of case %s: %w", line.CaseID, err)
		}
		if err := transition(ctx, tx, line); err != nil {
			return err
		}
		messages, err = enqueueNotices(ctx, tx, line.CaseID, line.Key, notices)
		return err
	})
	return messages, err
}
