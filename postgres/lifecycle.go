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
)

// CaseFacts is what eligibility reads of a case and of the person's past.
type CaseFacts struct {
	Application       json.RawMessage
	ResidentID        string
	SelfGrade         string
	LastNotQualified  time.Time
	SignificantChange time.Time
}

// CaseFacts reads a case's application and the person's last "not qualified" conclusion.
func (db *DB) CaseFacts(ctx context.Context, caseID string) (*CaseFacts, error) {
	var f CaseFacts
	var last, change *time.Time
	err := db.pool.QueryRow(ctx, `
		SELECT c.application, p.resident_id, c.self_grade, p.significant_change_at,
		       (SELECT max(o.decided_at) FROM cases o WHERE o.person_id = c.person_id AND o.id <> c.id AND o.status = 'not_qualified')
		FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = $1`, caseID).Scan(
		&f.Application, &f.ResidentID, &f.SelfGrade, &change, &last)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound(caseID)
	}
	if err != nil {
		return nil, unavailable("read case facts", err)
	}
	f.LastNotQualified, f.SignificantChange = deref(last), deref(change)
	return &f, nil
}

// TeamMember is an assessor on a team.
type TeamMember struct {
	ID        string `json:"id"`
	Expert    bool   `json:"expert"`
	Confirmed bool   `json:"confirmed"`
}

// TeamRequest asks for a team of Size with at least Experts experts.
type TeamRequest struct {
	CaseID, Region, Round string
	Size, Experts         int
	Keep                  []TeamMember
	Exclude               []string
}

type candidate struct {
	id     string
	expert bool
	load   int
	draw   float64
}

// AssignTeam completes a team and records the round; the same round returns
// the same team. With too few eligible assessors it is an EConflict error.
func (db *DB) AssignTeam(ctx context.Context, req TeamRequest) ([]TeamMember, error) {
	var team []TeamMember
	err := db.inTx(ctx, func(tx pgx.Tx) error {
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
		team = pick(req, pool)
		if team == nil {
			return ltc.Errorf(ltc.EConflict, "没有足够的可派评估人员", "not enough eligible assessors")
		}
		data, _ := json.Marshal(team)
		if _, err := tx.Exec(ctx, `INSERT INTO assignment_rounds (case_id, round, team) VALUES ($1, $2, $3)`, req.CaseID, req.Round, data); err != nil {
			return fmt.Errorf("record assignment round: %w", err)
		}
		for _, m := range team {
			if _, err := tx.Exec(ctx, `INSERT INTO assignments (case_id, assessor_id, round) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
				req.CaseID, m.ID, req.Round); err != nil {
				return fmt.Errorf("record assignment: %w", err)
			}
		}
		return nil
	})
	return team, err
}

// eligibleAssessors are the region's active assessors who may assess this
// person: not excluded, not working for the person's care provider, without a
// declared conflict, with their current load of open cases.
func eligibleAssessors(ctx context.Context, tx pgx.Tx, req TeamRequest) ([]candidate, error) {
	exclude := append([]string{}, req.Exclude...)
	for _, m := range req.Keep {
		exclude = append(exclude, m.ID)
	}
	rows, err := tx.Query(ctx, `
		SELECT s.id, s.is_expert,
		       (SELECT count(DISTINCT a.case_id) FROM assignments a JOIN cases o ON o.id = a.case_id
		        WHERE a.assessor_id = s.id AND o.closed_at IS NULL AND o.status IN ('scheduling', 'awaiting_visit', 'confirming'))
		FROM staff s, cases c JOIN persons p ON p.id = c.person_id
		WHERE c.id = $1 AND s.role = 'assessor' AND s.active AND s.region = $2 AND NOT (s.id = ANY($3))
		  AND (s.care_provider = '' OR s.care_provider IS DISTINCT FROM c.application->>'care_provider')
		  AND NOT EXISTS (SELECT 1 FROM recusals r WHERE r.staff_id = s.id AND r.resident_id = p.resident_id)`,
		req.CaseID, req.Region, exclude)
	if err != nil {
		return nil, unavailable("read assessors", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (candidate, error) {
		c := candidate{draw: rand.Float64()}
		return c, row.Scan(&c.id, &c.expert, &c.load)
	})
}

// pick fills the missing experts first, then the other places, each time
// from the least loaded, at random among equals. It returns nil when the
// pool cannot complete the team.
func pick(req TeamRequest, pool []candidate) []TeamMember {
	sort.Slice(pool, func(i, j int) bool {
		if pool[i].load != pool[j].load {
			return pool[i].load < pool[j].load
		}
		return pool[i].draw < pool[j].draw
	})
	team := append([]TeamMember{}, req.Keep...)
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
		team = append(team, TeamMember{ID: pool[i].id, Expert: pool[i].expert})
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

// IsAssigned reports whether an assessor has been assigned to a case.
func (db *DB) IsAssigned(ctx context.Context, caseID, assessorID string) (bool, error) {
	var ok bool
	err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM assignments WHERE case_id = $1 AND assessor_id = $2)`,
		caseID, assessorID).Scan(&ok)
	if err != nil {
		return false, unavailable("read assignments", err)
	}
	return ok, nil
}

// IsExpert reports whether a staff member is an active assessment expert.
func (db *DB) IsExpert(ctx context.Context, staffID string) (bool, error) {
	var ok bool
	err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM staff WHERE id = $1 AND role = 'assessor' AND is_expert AND active)`,
		staffID).Scan(&ok)
	if err != nil {
		return false, unavailable("read staff", err)
	}
	return ok, nil
}

// RecordSignificantChange notes that the person's condition changed
// significantly, which lifts the re-application lock; the line goes into the
// history of the case it was recorded on.
func (db *DB) RecordSignificantChange(ctx context.Context, caseID string, e ltc.HistoryEntry) error {
	return db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE persons SET significant_change_at = $2
			WHERE id = (SELECT person_id FROM cases WHERE id = $1)`, caseID, e.At)
		if err != nil {
			return fmt.Errorf("record significant change: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return notFound(caseID)
		}
		return appendHistory(ctx, tx, caseID, fmt.Sprintf("change:%d", e.At.UnixNano()), 0, e)
	})
}
