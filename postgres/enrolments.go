package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/enrolment"
	"github.com/changhu/ltc/policy"
)

// ImportEnrolments upserts records in one transaction. A row equal to the
// stored one is left alone, so importing the same file again changes nothing.
func (db *DB) ImportEnrolments(ctx context.Context, records []enrolment.Record) (report enrolment.Report, err error) {
	err = db.inTx(ctx, "import enrolments", func(tx pgx.Tx) error {
		for _, r := range records {
			e := r.Enrolment
			var inserted bool
			err := tx.QueryRow(ctx, `
				INSERT INTO enrolments (resident_id, region, scheme, start_date, end_date, fully_paid_on, in_arrears)
				VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (resident_id, region, scheme, start_date) DO UPDATE
				SET end_date = EXCLUDED.end_date, fully_paid_on = EXCLUDED.fully_paid_on, in_arrears = EXCLUDED.in_arrears
				WHERE (enrolments.end_date, enrolments.fully_paid_on, enrolments.in_arrears)
				      IS DISTINCT FROM (EXCLUDED.end_date, EXCLUDED.fully_paid_on, EXCLUDED.in_arrears)
				RETURNING xmax = 0`,
				r.ResidentID, r.Region, e.Scheme, e.Start, nullDate(e.End), nullDate(e.FullyPaidOn), e.InArrears).Scan(&inserted)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				report.Unchanged++
			case err != nil:
				return fmt.Errorf("import enrolment: %w", err)
			case inserted:
				report.Inserted++
				report.Changed = append(report.Changed, r.ResidentID)
			default:
				report.Updated++
				report.Changed = append(report.Changed, r.ResidentID)
			}
			f := r.Facts
			_, err = tx.Exec(ctx, `
				INSERT INTO enrolment_facts (resident_id, region, name, back_paid_years, student, medical_aid, severe_disability, work_injury_care_allowance)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
				ON CONFLICT (resident_id, region) DO UPDATE
				SET name = EXCLUDED.name, back_paid_years = EXCLUDED.back_paid_years, student = EXCLUDED.student, medical_aid = EXCLUDED.medical_aid,
				    severe_disability = EXCLUDED.severe_disability, work_injury_care_allowance = EXCLUDED.work_injury_care_allowance`,
				r.ResidentID, r.Region, r.Name, f.BackPaidYears, f.Student, f.MedicalAid, f.SevereDisability, f.WorkInjuryCareAllowance)
			if err != nil {
				return fmt.Errorf("import enrolment facts: %w", err)
			}
		}
		return nil
	})
	return report, err
}

// PersonRecords returns a person's enrolments and facts in a region.
func (db *DB) PersonRecords(ctx context.Context, residentID, region string) ([]policy.Enrolment, enrolment.Facts, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT scheme, start_date, end_date, fully_paid_on, in_arrears FROM enrolments
		WHERE resident_id = $1 AND region = $2 ORDER BY start_date`, residentID, region)
	if err != nil {
		return nil, enrolment.Facts{}, dbError("read enrolments", err)
	}
	enrolments, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (policy.Enrolment, error) {
		var e policy.Enrolment
		var end, paid *time.Time
		err := row.Scan(&e.Scheme, &e.Start, &end, &paid, &e.InArrears)
		e.End, e.FullyPaidOn = inChina(end), inChina(paid)
		e.Start = inChina(&e.Start)
		return e, err
	})
	if err != nil {
		return nil, enrolment.Facts{}, dbError("read enrolments", err)
	}
	var f enrolment.Facts
	err = db.pool.QueryRow(ctx, `
		SELECT back_paid_years, student, medical_aid, severe_disability, work_injury_care_allowance
		FROM enrolment_facts WHERE resident_id = $1 AND region = $2`, residentID, region).Scan(
		&f.BackPaidYears, &f.Student, &f.MedicalAid, &f.SevereDisability, &f.WorkInjuryCareAllowance)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, f, dbError("read enrolment facts", err)
	}
	return enrolments, f, nil
}

// OpenCasesOf returns the workflow ids of the open cases of these people.
func (db *DB) OpenCasesOf(ctx context.Context, residentIDs []string) ([]string, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT c.workflow_id FROM cases c JOIN persons p ON p.id = c.person_id
		WHERE p.resident_id = ANY($1) AND c.closed_at IS NULL AND c.workflow_id <> ''`, residentIDs)
	if err != nil {
		return nil, dbError("find open cases", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return ids, dbError("find open cases", err)
}

// InsuredName is the name of the insured person of an ID number in a region,
// as the insurance records have it.
func (db *DB) InsuredName(ctx context.Context, residentID, region string) (string, bool, error) {
	var name string
	err := db.pool.QueryRow(ctx, `SELECT name FROM enrolment_facts WHERE resident_id = $1 AND region = $2`, residentID, region).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	return name, err == nil, dbError("read the insured name", err)
}

func nullDate(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// inChina reads a DATE (which pgx returns at UTC midnight) as that Beijing day.
func inChina(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, ltc.China)
}
