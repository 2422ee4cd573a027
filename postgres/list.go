package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
)

// CaseFilter narrows a case list. Scope fields (ApplicantID, Region,
// AssessorID, CommitteeOnly) come from who is asking, never from the query.
type CaseFilter struct {
	Status         ltc.Status
	Region         string
	Grade          *int
	AssessorID     string
	DeadlineBefore time.Time
	Name           string // a part of the insured person's name
	ApplicantID    string
	CommitteeOnly  bool
	OpenOnly       bool
	After          *Cursor
	Limit          int
}

// Cursor is where a page ended: the last case's creation time and id.
type Cursor struct {
	CreatedAt time.Time
	ID        string
}

// CaseSummary is one line of a case list.
type CaseSummary struct {
	ID        string     `json:"id"`
	Region    string     `json:"region"`
	Name      string     `json:"name"`
	Status    ltc.Status `json:"status"`
	Benefit   string     `json:"benefit,omitempty"`
	Grade     *int       `json:"grade,omitempty"`
	Deadline  *time.Time `json:"deadline,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
}

// ListCases returns a page of cases, newest first, and the cursor of the next
// page (nil on the last). Conditions are built from fixed SQL with bound
// parameters only.
func (db *DB) ListCases(ctx context.Context, f CaseFilter) ([]CaseSummary, *Cursor, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Status != "" {
		add("c.status = $%d", string(f.Status))
	}
	if f.Region != "" {
		add("c.region = $%d", f.Region)
	}
	if f.Grade != nil {
		add("c.grade = $%d", *f.Grade)
	}
	if f.AssessorID != "" {
		add("EXISTS (SELECT 1 FROM assignments a WHERE a.case_id = c.id AND a.assessor_id = $%d)", f.AssessorID)
	}
	if !f.DeadlineBefore.IsZero() {
		add("c.deadline < $%d", f.DeadlineBefore)
	}
	if f.Name != "" {
		add("p.name LIKE $%d", "%"+escapeLike(f.Name)+"%")
	}
	if f.ApplicantID != "" {
		add("c.applicant_id = $%d", f.ApplicantID)
	}
	if f.CommitteeOnly {
		where = append(where, "c.status IN ('committee_audit', 'adjudication')")
	}
	if f.OpenOnly {
		where = append(where, "c.closed_at IS NULL")
	}
	if f.After != nil {
		args = append(args, f.After.CreatedAt, f.After.ID)
		where = append(where, fmt.Sprintf("(c.created_at, c.id) < ($%d, $%d)", len(args)-1, len(args)))
	}
	sql := `SELECT c.id, c.region, p.name, c.status, c.benefit, c.grade, c.deadline, c.created_at
		FROM cases c JOIN persons p ON p.id = c.person_id`
	if len(where) > 0 {
		sql += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, f.Limit+1)
	sql += fmt.Sprintf(" ORDER BY c.created_at DESC, c.id DESC LIMIT $%d", len(args))
	rows, err := db.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, nil, unavailable("list cases", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (CaseSummary, error) {
		var s CaseSummary
		return s, row.Scan(&s.ID, &s.Region, &s.Name, &s.Status, &s.Benefit, &s.Grade, &s.Deadline, &s.CreatedAt)
	})
	if err != nil {
		return nil, nil, unavailable("list cases", err)
	}
	if len(list) <= f.Limit {
		return list, nil, nil
	}
	list = list[:f.Limit]
	last := list[len(list)-1]
	return list, &Cursor{CreatedAt: last.CreatedAt, ID: last.ID}, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
