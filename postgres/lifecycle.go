package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/cases"
)

// CaseFacts reads a case's application and the person's last "not qualified" conclusion.
func (db *DB) CaseFacts(ctx context.Context, caseID string) (*activities.CaseFacts, error) {
	var f activities.CaseFacts
	var last, change *time.Time
	err := db.pool.QueryRow(ctx, `
		SELECT c.application, p.resident_id, c.self_grade, p.significant_change_at,
		       (SELECT max(o.decided_at) FROM cases o WHERE o.person_id = c.person_id AND o.id <> c.id AND o.status = 'not_qualified')
		FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = $1`, caseID).Scan(
		&f.Application, &f.ResidentID, &f.SelfGrade, &change, &last)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ltc.NoSuchCase()
	}
	if err != nil {
		return nil, dbError("read case facts", err)
	}
	f.LastNotQualified, f.SignificantChange = deref(last), deref(change)
	return &f, nil
}

type candidate struct {
	id     string
	expert bool
	load   int
	draw   float64
}

// AssignTeam completes a team and records the round; the same round returns
// the same team. Whoever is not on the new team leaves the case's active
// team. With too few eligible assessors it is an EConflict error.
func (db *DB) AssignTeam(ctx context.Context, req activities.TeamRequest) ([]activities.Member, error) {
	var team []activities.Member
	err := db.inTx(ctx, "assign a team", func(tx pgx.Tx) error {
		var stored []byte
		err := tx.QueryRow(ctx, `SELECT team FROM assignment_rounds WHERE case_id = $1 AND round = $2`, req.CaseID, req.Round).Scan(&stored)
		if err == nil {
			return json.Unmarshal(stored, &team)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("read assignment round: %w", err)
		}
		pool, err := eligibleAssessors(ctx, tx, req)
		if err != nil {
			return err
		}
		if team = pick(req, pool); team == nil {
			return ltc.Errorf(ltc.EConflict, "没有足够的可派评估人员", "not enough eligible assessors")
		}
		return recordRound(ctx, tx, req, team)
	})
	return team, err
}

func recordRound(ctx context.Context, tx pgx.Tx, req activities.TeamRequest, team []activities.Member) error {
	data, _ := json.Marshal(team)
	if _, err := tx.Exec(ctx, `INSERT INTO assignment_rounds (case_id, round, team) VALUES ($1, $2, $3)`, req.CaseID, req.Round, data); err != nil {
		return fmt.Errorf("record assignment round: %w", err)
	}
	ids := make([]string, len(team))
	for i, m := range team {
		ids[i] = m.ID
	}
	if _, err := tx.Exec(ctx, `UPDATE assignments SET active = false WHERE case_id = $1 AND NOT (assessor_id = ANY($2))`, req.CaseID, ids); err != nil {
		return fmt.Errorf("retire earlier team: %w", err)
	}
	for _, id := range ids {
		if _, err := tx.Exec(ctx, `INSERT INTO assignments (case_id, assessor_id, round, case_created_at)
			SELECT $1, $2, $3, created_at FROM cases WHERE id = $1 ON CONFLICT DO NOTHING`, req.CaseID, id, req.Round); err != nil {
			return fmt.Errorf("record assignment: %w", err)
		}
	}
	return nil
}

// eligibleAssessors are the region's active assessors who may assess this
// person: not excluded, not working for the person's care provider, without a
// declared conflict, with their current load of open cases.
func eligibleAssessors(ctx context.Context, tx pgx.Tx, req activities.TeamRequest) ([]candidate, error) {
	exclude := append([]string{}, req.Exclude...)
	for _, m := range req.Keep {
		exclude = append(exclude, m.ID)
	}
	rows, err := tx.Query(ctx, `
		SELECT s.id, s.is_expert,
		       (SELECT count(DISTINCT a.case_id) FROM assignments a JOIN cases o ON o.id = a.case_id
		        WHERE a.assessor_id = s.id AND a.active AND o.closed_at IS NULL AND o.status IN ('scheduling', 'awaiting_visit', 'confirming'))
		FROM staff s, cases c JOIN persons p ON p.id = c.person_id
		WHERE c.id = $1 AND s.role = 'assessor' AND s.active AND s.region = $2 AND NOT (s.id = ANY($3))
		  AND (s.care_provider = '' OR s.care_provider IS DISTINCT FROM c.application->>'care_provider')
		  AND NOT EXISTS (SELECT 1 FROM recusals r WHERE r.staff_id = s.id AND r.resident_id = p.resident_id)`,
		req.CaseID, req.Region, exclude)
	if err != nil {
		return nil, fmt.Errorf("read assessors: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (candidate, error) {
		c := candidate{draw: rand.Float64()}
		return c, row.Scan(&c.id, &c.expert, &c.load)
	})
}

// pick fills the missing experts first, then the other places, each time
// from the least loaded, at random among equals. It returns nil when the
// pool cannot complete the team.
func pick(req activities.TeamRequest, pool []candidate) []activities.Member {
	sort.Slice(pool, func(i, j int) bool {
		if pool[i].load != pool[j].load {
			return pool[i].load < pool[j].load
		}
		return pool[i].draw < pool[j].draw
	})
	team := append([]activities.Member{}, req.Keep...)
	experts := 0
	for _, m := range team {
		if m.Expert {
			experts++
		}
	}
	take := func(want func(candidate) bool) bool {
		i := slices.IndexFunc(pool, want)
		if i < 0 {
			return false
		}
		team = append(team, activities.Member{ID: pool[i].id, Expert: pool[i].expert})
		pool = slices.Delete(pool, i, i+1)
		return true
	}
	for ; experts < req.Experts; experts++ {
		if !take(func(c candidate) bool { return c.expert }) {
			return nil
		}
	}
	for len(team) < req.Size {
		if !take(func(candidate) bool { return true }) {
			return nil
		}
	}
	return team
}

// Assignment says whether an assessor is on the case's team now, and
// whether they were on an earlier one.
func (db *DB) Assignment(ctx context.Context, caseID, assessorID string) (current, former bool, err error) {
	err = db.pool.QueryRow(ctx, `
		SELECT coalesce(bool_or(active), false), coalesce(bool_or(NOT active), false)
		FROM assignments WHERE case_id = $1 AND assessor_id = $2`, caseID, assessorID).Scan(&current, &former)
	return current, former && !current, dbError("read assignments", err)
}

// IsExpert reports whether a staff member is an active assessment expert.
func (db *DB) IsExpert(ctx context.Context, staffID string) (bool, error) {
	var ok bool
	err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM staff WHERE id = $1 AND role = 'assessor' AND is_expert AND active)`,
		staffID).Scan(&ok)
	return ok, dbError("read staff", err)
}

// RecordSignificantChange notes that the person's condition changed
// significantly, which lifts the re-application lock; the line goes into the
// history of the case it was recorded on.
func (db *DB) RecordSignificantChange(ctx context.Context, caseID string, e ltc.HistoryEntry) error {
	return db.inTx(ctx, "record significant change", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE persons SET significant_change_at = $2
			WHERE id = (SELECT person_id FROM cases WHERE id = $1)`, caseID, e.At)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ltc.NoSuchCase()
		}
		return appendHistory(ctx, tx, caseID, fmt.Sprintf("change:%d", e.At.UnixNano()), 0, e)
	})
}

// RecordRecusal records an assessor's conflict of interest with the case's
// person, for this and every later assessment, with its history line.
func (db *DB) RecordRecusal(ctx context.Context, r cases.Recusal, e ltc.HistoryEntry) error {
	return db.inTx(ctx, "record recusal", func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			INSERT INTO recusals (staff_id, resident_id, reason, case_id, recorded_by, recorded_at)
			SELECT s.id, p.resident_id, $3, c.id, $4, $5
			FROM cases c JOIN persons p ON p.id = c.person_id, staff s
			WHERE c.id = $2 AND s.id = $1 AND s.role = 'assessor' AND s.region = c.region
			ON CONFLICT (staff_id, resident_id) DO UPDATE SET reason = EXCLUDED.reason`,
			r.StaffID, r.CaseID, r.Reason, r.RecordedBy.ID, e.At)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ltc.Invalid([]ltc.FieldError{{Field: "assessor_id", Message: ltc.Text{
				Zh: "本地区没有这名评估人员", En: "no such assessor in this region"}}})
		}
		return appendHistory(ctx, tx, r.CaseID, fmt.Sprintf("recusal:%s:%d", r.StaffID, e.At.UnixNano()), 0, e)
	})
}
