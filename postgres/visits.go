package postgres

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/policy"
)

// IncomeFigure is a region's published figure of a year, or nil.
func (db *DB) IncomeFigure(ctx context.Context, region string, year int) (*policy.IncomeFigure, error) {
	f := policy.IncomeFigure{Region: region, Year: year}
	err := db.pool.QueryRow(ctx, `SELECT fen, source FROM income_figures WHERE region = $1 AND year = $2`, region, year).Scan(&f.Fen, &f.Source)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, dbError("read income figure", err)
	}
	return &f, nil
}

// SaveIncomeFigure records (or corrects) a region's published figure.
func (db *DB) SaveIncomeFigure(ctx context.Context, f policy.IncomeFigure, by string) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO income_figures (region, year, fen, source, recorded_by) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (region, year) DO UPDATE SET fen = EXCLUDED.fen, source = EXCLUDED.source,
		       recorded_by = EXCLUDED.recorded_by, recorded_at = now()`, f.Region, f.Year, f.Fen, f.Source, by)
	return dbError("record income figure", err)
}

// Busy reports whether an assessor has a visit of another booking that
// overlaps start–end.
func (db *DB) Busy(ctx context.Context, assessorIDs []string, start, end time.Time, except string) (bool, error) {
	var busy bool
	err := db.pool.QueryRow(ctx, `
		SELECT EXISTS (SELECT 1 FROM visit_bookings WHERE assessor_id = ANY($1) AND during && tstzrange($2, $3) AND booking <> $4)`,
		assessorIDs, start, end, except).Scan(&busy)
	return busy, dbError("read bookings", err)
}

// Book books a visit for every assessor of a team, all or none; a retry of
// the same booking changes nothing. An assessor booked elsewhere at that
// time is an EConflict error.
func (db *DB) Book(ctx context.Context, booking, caseID string, assessorIDs []string, start, end time.Time) error {
	ids := slices.Sorted(slices.Values(assessorIDs))
	err := db.inTx(ctx, "book a visit", func(tx pgx.Tx) error {
		for _, id := range ids { // in one order for every booking: two at once wait for each other instead of deadlocking
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "booking:"+id); err != nil {
				return err
			}
		}
		for _, id := range ids {
			_, err := tx.Exec(ctx, `
				INSERT INTO visit_bookings (booking, case_id, assessor_id, during) VALUES ($1, $2, $3, tstzrange($4, $5))
				ON CONFLICT (booking, assessor_id) DO NOTHING`, booking, caseID, id, start, end)
			if err != nil {
				return err
			}
		}
		return nil
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23P01" || ltc.CodeOf(err) == ltc.EConflict {
		return ltc.Errorf(ltc.EConflict, "评估人员在该时段已有其他上门评估，请选择其他时段", "an assessor has another visit at that time; choose another")
	}
	return err
}

// CancelBooking frees the assessors of a booking.
func (db *DB) CancelBooking(ctx context.Context, booking string) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM visit_bookings WHERE booking = $1`, booking)
	return dbError("cancel booking", err)
}
