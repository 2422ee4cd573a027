package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/forms"
)

// LetterOf is the letter issued for a case's decision, or nil.
func (db *DB) LetterOf(ctx context.Context, caseID string, decidedAt time.Time) (*cases.IssuedLetter, error) {
	return db.letter(ctx, `WHERE case_id = $1 AND decided_at = $2`, caseID, decidedAt)
}

// LetterByCode is the letter of a verification code, or nil.
func (db *DB) LetterByCode(ctx context.Context, code string) (*cases.IssuedLetter, error) {
	return db.letter(ctx, `WHERE code = $1`, code)
}

func (db *DB) letter(ctx context.Context, where string, args ...any) (*cases.IssuedLetter, error) {
	var l cases.IssuedLetter
	err := db.pool.QueryRow(ctx, `SELECT code, case_id::text, decided_at, object_key, version_id, sha256, size_bytes FROM letters `+where, args...).Scan(
		&l.Code, &l.CaseID, &l.DecidedAt, &l.ObjectKey, &l.VersionID, &l.SHA256, &l.Size)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, dbError("read letter", err)
	}
	return &l, nil
}

// SaveLetter records an issued letter; the first of two at once is kept,
// and returned.
func (db *DB) SaveLetter(ctx context.Context, l cases.IssuedLetter) (*cases.IssuedLetter, error) {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO letters (code, case_id, decided_at, object_key, version_id, sha256, size_bytes) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT DO NOTHING`, l.Code, l.CaseID, l.DecidedAt, l.ObjectKey, l.VersionID, l.SHA256, l.Size)
	if err != nil {
		return nil, dbError("record letter", err)
	}
	return db.LetterOf(ctx, l.CaseID, l.DecidedAt)
}

// ScoredDimensions are the dimension scores of a case's latest scored form.
func (db *DB) ScoredDimensions(ctx context.Context, caseID string) (map[string]forms.DimensionScore, error) {
	var dims map[string]forms.DimensionScore
	err := db.pool.QueryRow(ctx, `
		SELECT coalesce(dimensions, '{}') FROM assessments WHERE case_id = $1 AND scored_at IS NOT NULL
		ORDER BY scored_at DESC LIMIT 1`, caseID).Scan(&dims)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return dims, dbError("read scores", err)
}
