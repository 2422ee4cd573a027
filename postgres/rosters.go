package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Institution is an assessment institution (评估机构).
type Institution struct {
	ID, Name, Region string
}

// Staff is a caseworker, assessor, committee member or administrator.
type Staff struct {
	ID, Role, Name, Region, InstitutionID string
	IsExpert                              bool
	CareProvider                          string
}

// UpsertRoster writes institutions and staff; loading the same roster twice changes nothing.
func (db *DB) UpsertRoster(ctx context.Context, institutions []Institution, staff []Staff) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		for _, in := range institutions {
			_, err := tx.Exec(ctx, `INSERT INTO institutions (id, name, region) VALUES ($1, $2, $3)
				ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, region = EXCLUDED.region`, in.ID, in.Name, in.Region)
			if err != nil {
				return fmt.Errorf("upsert institution %s: %w", in.ID, err)
			}
		}
		for _, s := range staff {
			var inst *string
			if s.InstitutionID != "" {
				inst = &s.InstitutionID
			}
			_, err := tx.Exec(ctx, `
				INSERT INTO staff (id, role, name, region, institution_id, is_expert, care_provider)
				VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, name = EXCLUDED.name, region = EXCLUDED.region,
				       institution_id = EXCLUDED.institution_id, is_expert = EXCLUDED.is_expert,
				       care_provider = EXCLUDED.care_provider`,
				s.ID, s.Role, s.Name, s.Region, inst, s.IsExpert, s.CareProvider)
			if err != nil {
				return fmt.Errorf("upsert staff %s: %w", s.ID, err)
			}
		}
		return nil
	})
}
