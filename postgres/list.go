package postgres

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

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
	sql, args := ListSQL(q)
	f := q.Filter
	rows, err := db.pool.Query(ctx, sql, args...)
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

// ListSQL is the query ListCases runs, with its arguments (the benchmarks
// explain it). Each way the caller sees cases is a branch that walks an index
// newest first and stops at the page's end, however many cases there are;
// the page is the newest of all branches' cases, its name shown when a branch
// that shows names found it.
func ListSQL(q cases.Query) (sql string, args []any) {
	var b sqlBuilder
	f := q.Filter
	common := b.filters(f)
	limit := b.arg(f.Limit + 1)
	var branches []string
	for _, sc := range q.Scopes {
		for _, br := range b.branches(sc, f) {
			branches = append(branches, br.sql(&b, &common, limit))
		}
	}
	if len(branches) == 0 {
		branches = []string{"(SELECT NULL::uuid, NULL::timestamptz, false WHERE false)"}
	}
	sql = `SELECT c.id, c.region, CASE WHEN h.personal THEN p.name ELSE ltc_masked_name(p.name) END,
		c.status, c.purpose, c.benefit, c.grade, c.deadline, c.created_at
		FROM (SELECT id, created_at, bool_or(personal) AS personal
		      FROM (` + strings.Join(branches, "\n UNION ALL ") + `) hits (id, created_at, personal)
		      GROUP BY id, created_at ORDER BY created_at DESC, id DESC LIMIT ` + limit + `) h
		JOIN cases c ON c.id = h.id JOIN persons p ON p.id = c.person_id
		ORDER BY h.created_at DESC, h.id DESC`
	return sql, b.args
}

// sqlBuilder numbers the bound parameters of a query as they are added.
type sqlBuilder struct{ args []any }

func (b *sqlBuilder) arg(v any) string {
	b.args = append(b.args, v)
	return fmt.Sprintf("$%d", len(b.args))
}

func (b *sqlBuilder) cond(format string, v any) string { return fmt.Sprintf(format, b.arg(v)) }

// listFilters are the filter's conditions on the case, the same in every
// branch, and the parameters of the name search and the page's cursor.
type listFilters struct {
	conds            []string
	name             string // the name searched for, "" for none
	namePattern      string // its LIKE pattern and its characters and pairs, each bound
	nameGrams        string // once a branch needs it (PostgreSQL types no unused parameter)
	afterAt, afterID string
}

func (b *sqlBuilder) filters(f cases.Filter) listFilters {
	var lf listFilters
	if f.Status != "" {
		lf.conds = append(lf.conds, b.cond("c.status = %s", string(f.Status)))
	}
	if f.Region != "" {
		lf.conds = append(lf.conds, b.cond("c.region = %s", f.Region))
	}
	if f.Grade != nil {
		lf.conds = append(lf.conds, b.cond("c.grade = %s", *f.Grade))
	}
	if !f.DeadlineBefore.IsZero() {
		lf.conds = append(lf.conds, b.cond("c.deadline < %s", f.DeadlineBefore))
	}
	if f.OpenOnly {
		lf.conds = append(lf.conds, "c.closed_at IS NULL")
	}
	if f.Name != "" {
		lf.name = f.Name
	}
	if f.After != nil {
		lf.afterAt, lf.afterID = b.arg(f.After.CreatedAt), b.arg(f.After.ID)
	}
	return lf
}

// branch is one index walk of a case list: over the cases themselves, or
// over one assessor's assignments in their cases' order.
type branch struct {
	assessor string // the assignments walked, "" to walk the cases
	conds    []string
	personal bool
	few      bool // found whole through an index of their own, then sorted
}

// branches turns one scope into its index walks; a filter on an assessor
// walks that assessor's assignments.
func (b *sqlBuilder) branches(sc cases.Scope, f cases.Filter) []branch {
	var conds []string
	if len(sc.Statuses) > 0 {
		conds = append(conds, b.statusIn(sc.Statuses))
	}
	walk := func(assessor string, more ...string) branch {
		if f.AssessorID != "" && assessor == "" {
			assessor = b.arg(f.AssessorID)
		} else if f.AssessorID != "" {
			more = append(more, b.cond("EXISTS (SELECT 1 FROM assignments x WHERE x.case_id = c.id AND x.assessor_id = %s)", f.AssessorID))
		}
		return branch{assessor: assessor, conds: append(append([]string{}, conds...), more...), personal: sc.Personal}
	}
	switch sc.Relation {
	case ltc.RelApplicant:
		id := b.arg(sc.ActorID)
		// A family's few cases are found through the index of the phones
		// on them: the planner, which has no statistics of those, would walk
		// every case looking for them.
		family := walk("", "c.family @> ARRAY["+id+"::text]")
		family.few = true
		return []branch{walk("", "c.applicant_id = "+id), family}
	case ltc.RelRegion:
		return []branch{walk("", b.cond("c.region = %s", sc.Region))}
	case ltc.RelTeam:
		return []branch{walk(b.arg(sc.ActorID), "a.active")}
	case ltc.RelAssessed:
		return []branch{walk(b.arg(sc.ActorID), "NOT a.active")}
	case ltc.RelExpert:
		return []branch{walk("", b.cond("c.region = %s", sc.Region),
			b.cond("EXISTS (SELECT 1 FROM staff s WHERE s.id = %s AND s.role = 'assessor' AND s.is_expert AND s.active)", sc.ActorID))}
	case ltc.RelCommittee:
		return []branch{walk("", b.cond("c.region = %s", sc.Region), "c.committee")}
	}
	return nil
}

// statusIn is one status as an equality, so that an index on it keeps its
// order; several as a list.
func (b *sqlBuilder) statusIn(statuses []ltc.Status) string {
	if len(statuses) == 1 {
		return b.cond("c.status = %s", string(statuses[0]))
	}
	list := make([]string, len(statuses))
	for i, s := range statuses {
		list[i] = string(s)
	}
	return b.cond("c.status = ANY(%s)", list)
}

// sql is the branch's walk: its conditions, the filter's, the name as this
// branch shows it, and the cursor on the walked index.
func (br branch) sql(b *sqlBuilder, lf *listFilters, limit string) string {
	from, order, distinct := "cases c", "c.created_at DESC, c.id DESC", ""
	at, id := "c.created_at", "c.id"
	conds := append(append([]string{}, br.conds...), lf.conds...)
	if br.assessor != "" {
		from = "assignments a JOIN cases c ON c.id = a.case_id"
		at, id = "a.case_created_at", "a.case_id"
		order, distinct = at+" DESC, "+id+" DESC", "DISTINCT ON ("+at+", "+id+") "
		conds = append(conds, "a.assessor_id = "+br.assessor)
	}
	if lf.name != "" {
		from += " JOIN persons p ON p.id = c.person_id"
		conds = append(conds, lf.nameConds(b, br.personal)...)
	}
	if lf.afterAt != "" {
		conds = append(conds, fmt.Sprintf("(%s, %s) < (%s, %s)", at, id, lf.afterAt, lf.afterID))
	}
	if br.few {
		return fmt.Sprintf("(SELECT id, at, %t FROM (SELECT %s AS id, %s AS at FROM %s WHERE %s OFFSET 0) few ORDER BY at DESC, id DESC LIMIT %s)",
			br.personal, id, at, from, strings.Join(conds, " AND "), limit)
	}
	return fmt.Sprintf("(SELECT %s%s, %s, %t FROM %s WHERE %s ORDER BY %s LIMIT %s)",
		distinct, id, at, br.personal, from, strings.Join(conds, " AND "), order, limit)
}

// nameConds: a branch that shows names finds them through the index of
// their characters and pairs, which says a search of one or two characters
// is in the name; a longer one must also be read in one piece. A branch
// that masks names searches what it shows.
func (lf *listFilters) nameConds(b *sqlBuilder, personal bool) []string {
	if !personal {
		return []string{"ltc_masked_name(p.name) LIKE " + lf.pattern(b)}
	}
	if lf.nameGrams == "" {
		lf.nameGrams = "ltc_name_grams(" + b.arg(lf.name) + ")"
	}
	conds := []string{"p.name_grams @> " + lf.nameGrams}
	if utf8.RuneCountInString(lf.name) > 2 {
		conds = append(conds, "p.name LIKE "+lf.pattern(b))
	}
	return conds
}

func (lf *listFilters) pattern(b *sqlBuilder) string {
	if lf.namePattern == "" {
		lf.namePattern = b.arg("%" + escapeLike(lf.name) + "%")
	}
	return lf.namePattern
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Explain runs a query under EXPLAIN (ANALYZE, BUFFERS) and returns the plan's
// lines, for the benchmarks that show how a list is read.
func (db *DB) Explain(ctx context.Context, sql string, args ...any) ([]string, error) {
	rows, err := db.pool.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+sql, args...)
	if err != nil {
		return nil, dbError("explain", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
