package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
)

// GetCase returns a case with its decision, history and evidence.
func (db *DB) GetCase(ctx context.Context, id string) (*ltc.Case, error) {
	c := ltc.Case{ID: id}
	var (
		policyVersion, gradeName            *string
		grade                               *int
		qualifies                           *bool
		decidedAt, validUntil, benefitsFrom *time.Time
		instrument, instrumentVersion       *string
		statement                           []byte
	)
	err := db.pool.QueryRow(ctx, `
		SELECT c.person_id, p.name, p.resident_id, c.workflow_id, c.applicant_id, c.family, c.region, c.scheme, c.status, c.purpose,
		       c.committee, c.benefit, c.policy_version, c.self_grade,
		       c.grade, c.grade_name, c.qualifies, c.decided_at, c.valid_until, c.benefits_from, c.statement,
		       c.created_at, c.updated_at, a.instrument, a.instrument_version
		FROM cases c JOIN persons p ON p.id = c.person_id
		LEFT JOIN LATERAL (SELECT instrument, instrument_version FROM assessments
		                   WHERE case_id = c.id AND scored_at IS NOT NULL ORDER BY scored_at DESC LIMIT 1) a ON true
		WHERE c.id = $1`, id).Scan(
		&c.PersonID, &c.PersonName, &c.ResidentID, &c.WorkflowID, &c.ApplicantID, &c.Family, &c.Region, &c.Scheme, &c.Status, &c.Purpose,
		&c.Committee, &c.Benefit, &policyVersion, &c.SelfGrade,
		&grade, &gradeName, &qualifies, &decidedAt, &validUntil, &benefitsFrom, &statement,
		&c.CreatedAt, &c.UpdatedAt, &instrument, &instrumentVersion)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ltc.NoSuchCase()
	}
	if err != nil {
		return nil, dbError("read case", err)
	}
	c.PolicyVersion = deref(policyVersion)
	if grade != nil && decidedAt != nil {
		c.Decision = &ltc.Decision{Grade: *grade, GradeName: deref(gradeName), Qualifies: *qualifies,
			DecidedAt: *decidedAt, ValidUntil: deref(validUntil), BenefitsFrom: deref(benefitsFrom),
			Instrument: deref(instrument), InstrumentVersion: deref(instrumentVersion), Statement: statement}
	}
	if c.History, err = db.history(ctx, id); err != nil {
		return nil, err
	}
	if c.Evidence, err = db.ListEvidence(ctx, id); err != nil {
		return nil, err
	}
	return &c, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (db *DB) history(ctx context.Context, caseID string) ([]ltc.HistoryEntry, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT at, actor_id, actor_role, action, status, reason, details
		FROM case_history WHERE case_id = $1 ORDER BY at, seq NULLS FIRST, id`, caseID)
	if err != nil {
		return nil, dbError("read history", err)
	}
	lines, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ltc.HistoryEntry, error) {
		var e ltc.HistoryEntry
		err := row.Scan(&e.At, &e.Actor.ID, &e.Actor.Role, &e.Action, &e.Status, &e.Reason, &e.Details)
		if len(e.Details) == 0 {
			e.Details = nil
		}
		return e, err
	})
	return lines, dbError("read history", err)
}

// AddEvidence records an uploaded file and its history line in one transaction.
func (db *DB) AddEvidence(ctx context.Context, ev ltc.Evidence, e ltc.HistoryEntry) error {
	return db.inTx(ctx, "record evidence", func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			INSERT INTO evidence (id, case_id, object_key, version_id, filename, content_type, size_bytes, sha256,
			                      uploaded_by, uploaded_role, created_at, corrects)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULLIF($12, '')::uuid)`,
			ev.ID, ev.CaseID, ev.ObjectKey, ev.VersionID, ev.Filename, ev.ContentType, ev.Size, ev.SHA256,
			ev.UploadedBy.ID, ev.UploadedBy.Role, ev.CreatedAt, ev.Corrects)
		if err != nil {
			return fmt.Errorf("record evidence of case %s: %w", ev.CaseID, err)
		}
		return appendHistory(ctx, tx, ev.CaseID, "evidence:"+ev.ID, 0, e)
	})
}

// ListEvidence lists a case's files, oldest first.
func (db *DB) ListEvidence(ctx context.Context, caseID string) ([]ltc.Evidence, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id, case_id, object_key, version_id, filename, content_type, size_bytes, sha256,
		       uploaded_by, uploaded_role, created_at, COALESCE(corrects::text, '')
		FROM evidence WHERE case_id = $1 ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, dbError("read evidence", err)
	}
	evs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ltc.Evidence, error) {
		var ev ltc.Evidence
		err := row.Scan(&ev.ID, &ev.CaseID, &ev.ObjectKey, &ev.VersionID, &ev.Filename, &ev.ContentType,
			&ev.Size, &ev.SHA256, &ev.UploadedBy.ID, &ev.UploadedBy.Role, &ev.CreatedAt, &ev.Corrects)
		return ev, err
	})
	return evs, dbError("read evidence", err)
}
