package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/cases"
)

var (
	_ activities.EvidenceRows = (*DB)(nil)
	_ cases.EvidenceChecks    = (*DB)(nil)
)

// EvidenceAfter is a page of evidence rows in id order (keyset: the primary key's index).
func (db *DB) EvidenceAfter(ctx context.Context, after string, limit int) ([]activities.StoredEvidence, error) {
	if after == "" {
		after = "00000000-0000-0000-0000-000000000000"
	}
	rows, err := db.pool.Query(ctx, `
		SELECT id::text, case_id::text, object_key, version_id, sha256, size_bytes
		FROM evidence WHERE id > $1::uuid ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, dbError("read evidence", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (activities.StoredEvidence, error) {
		var e activities.StoredEvidence
		return e, row.Scan(&e.ID, &e.CaseID, &e.ObjectKey, &e.VersionID, &e.SHA256, &e.Size)
	})
	return list, dbError("read evidence", err)
}

// StartEvidenceCheck records a run; a retry is a no-op.
func (db *DB) StartEvidenceCheck(ctx context.Context, checkID string, at time.Time) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO evidence_checks (id, started_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, checkID, at)
	return dbError("record evidence check", err)
}

// RecordFinding keeps what a run found wrong with one row, once.
func (db *DB) RecordFinding(ctx context.Context, f activities.Finding) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO evidence_findings (check_id, evidence_id, case_id, problem, expected_sha256, expected_size,
		                               found_sha256, found_size, found_version, recorded_intact, found_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (check_id, evidence_id) DO NOTHING`,
		f.CheckID, f.EvidenceID, f.CaseID, f.Problem, f.ExpectedSHA256, f.ExpectedSize, f.FoundSHA256, f.FoundSize,
		f.FoundVersion, f.RecordedIntact, f.At)
	return dbError("record evidence finding", err)
}

// FinishEvidenceCheck records what a finished run re-hashed.
func (db *DB) FinishEvidenceCheck(ctx context.Context, c activities.EvidenceCheckState, at time.Time) error {
	_, err := db.pool.Exec(ctx, `
		UPDATE evidence_checks SET finished_at = $2, checked = $3, bytes = $4, problems = $5 WHERE id = $1`,
		c.CheckID, at, c.Checked, c.Bytes, c.Problems)
	return dbError("finish evidence check", err)
}

// LastEvidenceCheck is the last finished run (or, before any finished, the
// one under way) with its findings on the cases of region.
func (db *DB) LastEvidenceCheck(ctx context.Context, region string) (*cases.EvidenceCheckReport, error) {
	report := &cases.EvidenceCheckReport{Findings: []cases.EvidenceFinding{}}
	var run cases.EvidenceCheckRun
	err := db.pool.QueryRow(ctx, `
		SELECT id, started_at, finished_at, checked, bytes FROM evidence_checks
		ORDER BY finished_at IS NULL, started_at DESC LIMIT 1`).
		Scan(&run.ID, &run.StartedAt, &run.FinishedAt, &run.Checked, &run.Bytes)
	if errors.Is(err, pgx.ErrNoRows) {
		return report, nil
	}
	if err != nil {
		return nil, dbError("read evidence check", err)
	}
	report.Check = &run
	rows, err := db.pool.Query(ctx, `
		SELECT f.evidence_id::text, f.case_id::text, f.problem, f.expected_sha256, f.expected_size,
		       f.found_sha256, f.found_size, f.recorded_intact, f.found_at
		FROM evidence_findings f JOIN cases c ON c.id = f.case_id
		WHERE f.check_id = $1 AND c.region = $2 ORDER BY f.found_at, f.evidence_id LIMIT 1000`, run.ID, region)
	if err != nil {
		return nil, dbError("read evidence findings", err)
	}
	report.Findings, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (cases.EvidenceFinding, error) {
		var f cases.EvidenceFinding
		return f, row.Scan(&f.EvidenceID, &f.CaseID, &f.Problem, &f.ExpectedSHA256, &f.ExpectedSize,
			&f.FoundSHA256, &f.FoundSize, &f.RecordedIntact, &f.FoundAt)
	})
	if report.Findings == nil {
		report.Findings = []cases.EvidenceFinding{}
	}
	return report, dbError("read evidence findings", err)
}
