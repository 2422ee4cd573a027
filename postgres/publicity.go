package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc/cases"
)

// PublicityList returns the cases in publicity, newest first, optionally of one region.
func (db *DB) PublicityList(ctx context.Context, region string) ([]cases.Published, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT c.id, c.region, p.name, p.resident_id, h.details->>'grade_name', h.at
		FROM cases c JOIN persons p ON p.id = c.person_id
		JOIN LATERAL (SELECT details, at FROM case_history
		              WHERE case_id = c.id AND action = 'published' ORDER BY at DESC LIMIT 1) h ON true
		WHERE c.status = 'publicity' AND ($1 = '' OR c.region = $1)
		ORDER BY h.at DESC LIMIT 500`, region)
	if err != nil {
		return nil, dbError("read publicity list", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (cases.Published, error) {
		var p cases.Published
		return p, row.Scan(&p.CaseID, &p.Region, &p.Name, &p.ResidentID, &p.GradeName, &p.PublishedAt)
	})
	return list, dbError("read publicity list", err)
}

// RecordPublicObjection keeps a public objection and the objector's contact.
func (db *DB) RecordPublicObjection(ctx context.Context, o cases.PublicObjection) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO public_objections (id, case_id, reason, contact, client, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		o.ID, o.CaseID, o.Reason, o.Contact, o.Client, o.CreatedAt)
	return dbError("record public objection", err)
}

// RecordObjectionFinding keeps a caseworker's finding on a public objection.
func (db *DB) RecordObjectionFinding(ctx context.Context, id, finding string, at time.Time) error {
	_, err := db.pool.Exec(ctx, `UPDATE public_objections SET finding = $2, checked_at = $3 WHERE id = $1`, id, finding, at)
	return dbError("record objection finding", err)
}

// PublicObjections lists a case's public objections, oldest first.
func (db *DB) PublicObjections(ctx context.Context, caseID string) ([]cases.PublicObjection, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id, case_id, reason, contact, created_at, finding, checked_at
		FROM public_objections WHERE case_id = $1 ORDER BY created_at, id`, caseID)
	if err != nil {
		return nil, dbError("read public objections", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (cases.PublicObjection, error) {
		var o cases.PublicObjection
		return o, row.Scan(&o.ID, &o.CaseID, &o.Reason, &o.Contact, &o.CreatedAt, &o.Finding, &o.CheckedAt)
	})
	return list, dbError("read public objections", err)
}

// CountHit counts one hit on a bucket in the window that at falls in, and
// returns the hits of that window so far.
func (db *DB) CountHit(ctx context.Context, bucket string, window time.Duration, at time.Time) (int, error) {
	var hits int
	err := db.pool.QueryRow(ctx, `
		INSERT INTO rate_hits (bucket, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_hits.hits + 1
		RETURNING hits`, bucket, at.Truncate(window)).Scan(&hits)
	return hits, dbError("count a request", err)
}

// Hits returns the hits of a bucket in the window that at falls in, without counting one.
func (db *DB) Hits(ctx context.Context, bucket string, window time.Duration, at time.Time) (int, error) {
	var hits int
	err := db.pool.QueryRow(ctx, `SELECT coalesce(sum(hits), 0) FROM rate_hits WHERE bucket = $1 AND window_start = $2`,
		bucket, at.Truncate(window)).Scan(&hits)
	return hits, dbError("read a rate limit", err)
}
