package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// Published is a case on the publicity list, before masking.
type Published struct {
	CaseID      string
	Region      string
	Name        string
	ResidentID  string
	GradeName   string
	PublishedAt time.Time
}

// PublicityList returns the cases in publicity, newest first, optionally of one region.
func (db *DB) PublicityList(ctx context.Context, region string) ([]Published, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT c.id, c.region, p.name, p.resident_id, h.details->>'grade_name', h.at
		FROM cases c JOIN persons p ON p.id = c.person_id
		JOIN LATERAL (SELECT details, at FROM case_history
		              WHERE case_id = c.id AND action = 'published' ORDER BY at DESC LIMIT 1) h ON true
		WHERE c.status = 'publicity' AND ($1 = '' OR c.region = $1)
		ORDER BY h.at DESC LIMIT 500`, region)
	if err != nil {
		return nil, unavailable("read publicity list", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Published, error) {
		var p Published
		return p, row.Scan(&p.CaseID, &p.Region, &p.Name, &p.ResidentID, &p.GradeName, &p.PublishedAt)
	})
}
