package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

// RecordAccess appends a line to the access log (append-only: the table's
// triggers refuse UPDATE, DELETE and TRUNCATE).
func (db *DB) RecordAccess(ctx context.Context, region string, e cases.Access) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO access_log (at, actor_id, actor_role, region, case_id, what, detail, client_addr)
		VALUES ($1, $2, $3, $4, nullif($5, '')::uuid, $6, $7, $8)`,
		e.At, e.ActorID, string(e.ActorRole), region, e.CaseID, e.What, e.Detail, e.ClientAddr)
	return dbError("record access", err)
}

// AccessLog is a page of a region's access log, newest first.
func (db *DB) AccessLog(ctx context.Context, q cases.AccessQuery) ([]cases.Access, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT id, at, actor_id, actor_role, coalesce(case_id::text, ''), what, detail, client_addr
		FROM access_log
		WHERE region = $1
		  AND ($2::text = '' OR case_id = nullif($2::text, '')::uuid)
		  AND ($3::text = '' OR actor_id = $3::text)
		  AND ($4::bigint = 0 OR id < $4::bigint)
		ORDER BY id DESC LIMIT $5`, q.Region, q.CaseID, q.ActorID, q.BeforeID, q.Limit)
	if err != nil {
		return nil, dbError("read access log", err)
	}
	lines, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (cases.Access, error) {
		var e cases.Access
		var role string
		err := r.Scan(&e.ID, &e.At, &e.ActorID, &role, &e.CaseID, &e.What, &e.Detail, &e.ClientAddr)
		e.ActorRole = ltc.Role(role)
		return e, err
	})
	return lines, dbError("read access log", err)
}
