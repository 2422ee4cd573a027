package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/accounts"
)

var _ accounts.Store = (*DB)(nil)

// Credentials returns who an account signs in as and its password hash: a
// roster member's role and region, or the national administration's.
func (db *DB) Credentials(ctx context.Context, accountID string) (ltc.Actor, string, bool, error) {
	who := ltc.Actor{ID: accountID}
	var hash string
	err := db.pool.QueryRow(ctx, `
		SELECT a.role, a.region, p.hash FROM staff_passwords p
		JOIN (SELECT id, role, region FROM staff WHERE active
		      UNION ALL SELECT id, 'national', '' FROM national_accounts) a ON a.id = p.account_id
		WHERE p.account_id = $1`, accountID).Scan(&who.Role, &who.Region, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return ltc.Actor{}, "", false, nil
	}
	if err != nil {
		return ltc.Actor{}, "", false, dbError("read credentials", err)
	}
	return who, hash, true, nil
}

// StaffRegion returns the region of an active member of staff.
func (db *DB) StaffRegion(ctx context.Context, staffID string) (string, bool, error) {
	var region string
	err := db.pool.QueryRow(ctx, `SELECT region FROM staff WHERE id = $1 AND active`, staffID).Scan(&region)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	return region, err == nil, dbError("read staff", err)
}

// SetPassword keeps an account's password hash, replacing the last.
func (db *DB) SetPassword(ctx context.Context, accountID, hash, by string, at time.Time) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO staff_passwords (account_id, hash, set_by, set_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (account_id) DO UPDATE SET hash = $2, set_by = $3, set_at = $4`, accountID, hash, by, at)
	return dbError("set password", err)
}

// AddNationalAccount records an account of the national administration.
func (db *DB) AddNationalAccount(ctx context.Context, id, name string) error {
	_, err := db.pool.Exec(ctx, `INSERT INTO national_accounts (id, name) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET name = $2`, id, name)
	return dbError("add national account", err)
}

// SaveCode keeps a family's one-time code hash, replacing any earlier code.
func (db *DB) SaveCode(ctx context.Context, familyID, codeHash string, expires time.Time) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO sign_in_codes (family_id, code_hash, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (family_id) DO UPDATE SET code_hash = $2, expires_at = $3`, familyID, codeHash, expires)
	return dbError("save sign-in code", err)
}

// UseCode consumes a family's code if it matches and has not expired: the
// delete makes it single use even when two requests race.
func (db *DB) UseCode(ctx context.Context, familyID, codeHash string, at time.Time) (bool, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM sign_in_codes WHERE family_id = $1 AND code_hash = $2 AND expires_at > $3`,
		familyID, codeHash, at)
	if err != nil {
		return false, dbError("use sign-in code", err)
	}
	return tag.RowsAffected() == 1, nil
}

// CreateSession keeps a new session, and clears sessions long expired.
func (db *DB) CreateSession(ctx context.Context, s accounts.Stored) error {
	_, err := db.pool.Exec(ctx, `
		WITH swept AS (DELETE FROM sessions WHERE expires_at < $5::timestamptz - interval '1 day')
		INSERT INTO sessions (id_hash, actor_id, role, region, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		s.IDHash, s.Actor.ID, s.Actor.Role, s.Actor.Region, s.CreatedAt, s.ExpiresAt)
	return dbError("create session", err)
}

// Session returns the live session of an id hash, or nil.
func (db *DB) Session(ctx context.Context, idHash string, at time.Time) (*accounts.Stored, error) {
	s := accounts.Stored{IDHash: idHash}
	err := db.pool.QueryRow(ctx, `
		SELECT actor_id, role, region, created_at, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2`,
		idHash, at).Scan(&s.Actor.ID, &s.Actor.Role, &s.Actor.Region, &s.CreatedAt, &s.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, dbError("read session", err)
	}
	return &s, nil
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, idHash string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
	return dbError("end session", err)
}

// SeedPassword sets an account's first password; one already set, perhaps
// changed by an administrator since, stays.
func (db *DB) SeedPassword(ctx context.Context, accountID, hash string, at time.Time) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO staff_passwords (account_id, hash, set_by, set_at) VALUES ($1, $2, 'seed', $3)
		ON CONFLICT (account_id) DO NOTHING`, accountID, hash, at)
	return dbError("seed password", err)
}
