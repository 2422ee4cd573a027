package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/forms"
)

// SaveSubmittedForm stores a form so that the workflow can be handed its id.
func (db *DB) SaveSubmittedForm(ctx context.Context, f forms.Submitted) error {
	items, err := json.Marshal(f.Form.Items)
	if err != nil {
		return fmt.Errorf("encode form items: %w", err)
	}
	_, err = db.pool.Exec(ctx, `
		INSERT INTO assessments (id, case_id, assessor_id, instrument, instrument_version, items, visited_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (id) DO NOTHING`,
		f.ID, f.CaseID, f.AssessorID, f.Form.Instrument, f.Form.Version, items, f.VisitedAt)
	return dbError("store assessment form", err)
}

// SubmittedForm reads a stored form back.
func (db *DB) SubmittedForm(ctx context.Context, id string) (*forms.Submitted, error) {
	f := forms.Submitted{ID: id}
	err := db.pool.QueryRow(ctx, `
		SELECT case_id, assessor_id, instrument, instrument_version, items, visited_at
		FROM assessments WHERE id = $1`, id).Scan(
		&f.CaseID, &f.AssessorID, &f.Form.Instrument, &f.Form.Version, &f.Form.Items, &f.VisitedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ltc.Errorf(ltc.ENotFound, "没有编号为 %s 的评估表", "no assessment form %s", id)
	}
	if err != nil {
		return nil, dbError("read assessment form", err)
	}
	return &f, nil
}

// RecordScore stores the result of scoring a form; scoring again writes the same.
func (db *DB) RecordScore(ctx context.Context, id string, a *forms.Assessment, at time.Time) error {
	dims, err := json.Marshal(a.Dimensions)
	if err != nil {
		return fmt.Errorf("encode dimensions: %w", err)
	}
	_, err = db.pool.Exec(ctx, `
		UPDATE assessments SET instrument_version = $2, grade = $3, grade_name = $4, dimensions = $5,
		       scored_at = COALESCE(scored_at, $6)
		WHERE id = $1`, id, a.Version, a.Grade, a.GradeName, dims, at)
	return dbError("record score", err)
}

// Assessments lists a case's scored forms, oldest visit first.
func (db *DB) Assessments(ctx context.Context, caseID string) ([]cases.Assessment, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id, assessor_id, instrument, instrument_version, items, visited_at, grade, coalesce(grade_name, ''), dimensions, scored_at
		FROM assessments WHERE case_id = $1 AND scored_at IS NOT NULL ORDER BY visited_at, created_at`, caseID)
	if err != nil {
		return nil, dbError("read assessments", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (cases.Assessment, error) {
		var a cases.Assessment
		return a, row.Scan(&a.ID, &a.AssessorID, &a.Instrument, &a.Version, &a.Items, &a.VisitedAt, &a.Grade, &a.GradeName, &a.Dimensions, &a.ScoredAt)
	})
	return list, dbError("read assessments", err)
}
