package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

// Regions returns the region of every staff member and institution named
// that exists already, by id.
func (db *DB) Regions(ctx context.Context, staffIDs, institutionIDs []string) (map[string]string, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT 'staff:' || id, region FROM staff WHERE id = ANY($1)
		UNION ALL SELECT 'institution:' || id, region FROM institutions WHERE id = ANY($2)`, staffIDs, institutionIDs)
	if err != nil {
		return nil, dbError("read regions of the roster", err)
	}
	out := map[string]string{}
	var id, region string
	_, err = pgx.ForEachRow(rows, []any{&id, &region}, func() error { out[id] = region; return nil })
	return out, dbError("read regions of the roster", err)
}

// UpsertRoster writes institutions and staff; loading the same roster twice changes nothing.
func (db *DB) UpsertRoster(ctx context.Context, institutions []cases.Institution, staff []cases.Staff) error {
	return db.inTx(ctx, "store the roster", func(tx pgx.Tx) error {
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

// Roster lists a region's institutions and active staff, by id.
func (db *DB) Roster(ctx context.Context, region string) ([]cases.Institution, []cases.Staff, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, name, region FROM institutions WHERE region = $1 ORDER BY id`, region)
	if err != nil {
		return nil, nil, dbError("read institutions", err)
	}
	institutions, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (cases.Institution, error) {
		var in cases.Institution
		return in, row.Scan(&in.ID, &in.Name, &in.Region)
	})
	if err != nil {
		return nil, nil, dbError("read institutions", err)
	}
	rows, err = db.pool.Query(ctx, `
		SELECT id, role, name, region, coalesce(institution_id, ''), is_expert, care_provider
		FROM staff WHERE region = $1 AND active ORDER BY role, id`, region)
	if err != nil {
		return nil, nil, dbError("read staff", err)
	}
	staff, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (cases.Staff, error) {
		var s cases.Staff
		return s, row.Scan(&s.ID, &s.Role, &s.Name, &s.Region, &s.InstitutionID, &s.IsExpert, &s.CareProvider)
	})
	return institutions, staff, dbError("read staff", err)
}

// StaffMember reads a member of staff by id, active or not: a primary-key
// lookup, made on every signed-in request.
func (db *DB) StaffMember(ctx context.Context, staffID string) (ltc.Actor, bool, bool, error) {
	who := ltc.Actor{ID: staffID}
	var active bool
	err := db.pool.QueryRow(ctx, `SELECT role, region, active FROM staff WHERE id = $1`, staffID).Scan(&who.Role, &who.Region, &active)
	if errors.Is(err, pgx.ErrNoRows) {
		return ltc.Actor{}, false, false, nil
	}
	if err != nil {
		return ltc.Actor{}, false, false, dbError("read staff", err)
	}
	return who, active, true, nil
}

// SetStaffActive deactivates a member of staff, ending their page sessions
// in the same transaction, or takes them back.
func (db *DB) SetStaffActive(ctx context.Context, staffID string, active bool) error {
	return db.inTx(ctx, "set staff active", func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE staff SET active = $2 WHERE id = $1`, staffID, active); err != nil {
			return err
		}
		if active {
			return nil
		}
		_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE actor_id = $1 AND role IN ('caseworker', 'assessor', 'committee', 'admin')`, staffID)
		return err
	})
}
