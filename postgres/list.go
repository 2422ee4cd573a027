package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

// ListCases returns a page of cases, newest first, and the cursor of the next
// page (nil on the last). A case is listed when it matches the filter and one
// of the caller's scopes; its name is masked unless a scope that shows names
// matched it, and a name search looks only at what is shown. Conditions are
// built from fixed SQL with bound parameters only.
func (db *DB) ListCases(ctx context.Context, q cases.Query) ([]cases.Summary, *cases.Cursor, error) {
	var b sqlBuilder
	visible, personal := b.scopes(q.Scopes)
	shownName := fmt.Sprintf("CASE WHEN %s THEN p.name ELSE ltc_masked_name(p.name) END", personal)
	where := []string{visible}
	f := q.Filter
	if f.Status != "" {
		where = append(where, b.cond("c.status = %s", string(f.Status)))
	}
	if f.Region != "" {
		where = append(where, b.cond("c.region = %s", f.Region))
	}
	if f.Grade != nil {
		where = append(where, b.cond("c.grade = %s", *f.Grade))
	}
	if f.AssessorID != "" {
		where = append(where, b.cond("EXISTS (SELECT 1 FROM assignments a WHERE a.case_id = c.id AND a.assessor_id = %s)", f.AssessorID))
	}
	if !f.DeadlineBefore.IsZero() {
		where = append(where, b.cond("c.deadline < %s", f.DeadlineBefore))
	}
	if f.Name != "" {
		where = append(where, b.cond(shownName+" LIKE %s", "%"+escapeLike(f.Name)+"%"))
	}
	if f.OpenOnly {
		where = append(where, "c.closed_at IS NULL")
	}
	if f.After != nil {
		where = append(where, fmt.Sprintf("(c.created_at, c.id) < (%s, %s)", b.arg(f.After.CreatedAt), b.arg(f.After.ID)))
	}
	sql := `SELECT c.id, c.region, ` + shownName + `, c.status, c.purpose, c.benefit, c.grade, c.deadline, c.created_at
		FROM cases c JOIN persons p ON p.id = c.person_id WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY c.created_at DESC, c.id DESC LIMIT ` + b.arg(f.Limit+1)
	rows, err := db.pool.Query(ctx, sql, b.args...)
	if err != nil {
		return nil, nil, dbError("list cases", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (cases.Summary, error) {
		var s cases.Summary
		return s, row.Scan(&s.ID, &s.Region, &s.Name, &s.Status, &s.Purpose, &s.Benefit, &s.Grade, &s.Deadline, &s.CreatedAt)
	})
	if err != nil {
		return nil, nil, dbError("list cases", err)
	}
	if len(list) <= f.Limit {
		return list, nil, nil
	}
	list = list[:f.Limit]
	last := list[len(list)-1]
	return list, &cases.Cursor{CreatedAt: last.CreatedAt, ID: last.ID}, nil
}

// sqlBuilder numbers the bound parameters of a query as they are added.
type sqlBuilder struct{ args []any }

func (b *sqlBuilder) arg(v any) string {
	b.args = append(b.args, v)
	return fmt.Sprintf("$%d", len(b.args))
}

func (b *sqlBuilder) cond(format string, v any) string { return fmt.Sprintf(format, b.arg(v)) }

// scopes turns the caller's scopes into the condition of a visible case and
// the condition of one whose name is shown.
func (b *sqlBuilder) scopes(scopes []cases.Scope) (visible, personal string) {
	var all, shown []string
	for _, sc := range scopes {
		cond := b.relation(sc)
		if len(sc.Statuses) > 0 {
			statuses := make([]string, len(sc.Statuses))
			for i, s := range sc.Statuses {
				statuses[i] = string(s)
			}
			cond = "(" + cond + " AND " + b.cond("c.status = ANY(%s)", statuses) + ")"
		}
		all = append(all, cond)
		if sc.Personal {
			shown = append(shown, cond)
		}
	}
	return orOf(all), orOf(shown)
}

func (b *sqlBuilder) relation(sc cases.Scope) string {
	switch sc.Relation {
	case ltc.RelApplicant:
		id := b.arg(sc.ActorID)
		return "(c.applicant_id = " + id + " OR " + id + " = ANY(c.family))"
	case ltc.RelRegion:
		return b.cond("c.region = %s", sc.Region)
	case ltc.RelTeam:
		return b.cond("EXISTS (SELECT 1 FROM assignments a WHERE a.case_id = c.id AND a.assessor_id = %s AND a.active)", sc.ActorID)
	case ltc.RelAssessed:
		return b.cond("EXISTS (SELECT 1 FROM assignments a WHERE a.case_id = c.id AND a.assessor_id = %s AND NOT a.active)", sc.ActorID)
	case ltc.RelExpert:
		return "(" + b.cond("c.region = %s", sc.Region) + " AND " +
			b.cond("EXISTS (SELECT 1 FROM staff s WHERE s.id = %s AND s.role = 'assessor' AND s.is_expert AND s.active)", sc.ActorID) + ")"
	case ltc.RelCommittee:
		return "(" + b.cond("c.region = %s", sc.Region) + " AND c.committee)"
	}
	return "false"
}

func orOf(conds []string) string {
	if len(conds) == 0 {
		return "false"
	}
	return "(" + strings.Join(conds, " OR ") + ")"
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
