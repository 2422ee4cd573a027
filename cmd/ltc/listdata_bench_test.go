package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// listFixture names the people whose lists the case-list benchmark reads.
type listFixture struct {
	family      string // a family account with three relatives' cases
	assessor    string // an assessor with a share of every year's work
	oldAssessor string // an assessor whose work is all years old
	rareName    string // a surname only one person has
}

const (
	benchAssessors = 400
	benchRegion    = "demo"
)

// Surnames weighted roughly as in China's population: 王 and 李 about one in
// fifteen each, so that a search for 王 is common and one for 欧阳 is rare.
var (
	commonSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"}
	givenChars     = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰凤红梅建国志文淑珍海燕春秋兴福德安宁")
)

// seedCaseList tops the database up to n bench cases with COPY: persons, cases
// (the newest twentieth open at every step, the rest decided years back),
// two assessors per case once scheduled, four history lines each, one family
// with three relatives, and a rare name. Reruns on the same database add only
// what is missing.
func seedCaseList(b *testing.B, s *stack, n int) listFixture {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, loadConfig(s.getenv).DatabaseURL)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	fx := listFixture{family: "bench-family", assessor: "bench-as-007", oldAssessor: "bench-as-old", rareName: "欧阳"}
	var have int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM cases WHERE workflow_id LIKE 'list-%'`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have >= n {
		return fx
	}
	if _, err := conn.Exec(ctx, benchStaffSQL, benchRegion, benchAssessors); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	g := newCaseGenerator(n, uuid.NewString()[:8])
	for i := have; i < n; i++ {
		g.add(i)
	}
	for _, t := range g.tables() {
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, pgx.CopyFromRows(t.rows)); err != nil {
			b.Fatalf("copy %s: %v", t.name, err)
		}
	}
	if _, err := conn.Exec(ctx, `VACUUM ANALYZE persons, cases, assignments, case_history`); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d cases in %s", n-have, time.Since(start).Round(time.Second))
	return fx
}

// benchStaffSQL adds the bench region's assessors (every other one an
// expert) and the one whose work is all old.
const benchStaffSQL = `
INSERT INTO staff (id, role, name, region, is_expert)
SELECT format('bench-as-%s', lpad(i::text, 3, '0')), 'assessor', format('评估员%s', i), $1, i % 2 = 1
FROM generate_series(0, $2::int - 1) i
UNION ALL SELECT 'bench-as-old', 'assessor', '老评估员', $1, true
ON CONFLICT (id) DO NOTHING`

type copyTable struct {
	name    string
	columns []string
	rows    [][]any
}

type caseGenerator struct {
	n                                      int
	run                                    string
	rnd                                    *rand.Rand
	now                                    time.Time
	persons, cases, assignments, histories [][]any
}

func newCaseGenerator(n int, run string) *caseGenerator {
	return &caseGenerator{n: n, run: run, rnd: rand.New(rand.NewPCG(7, uint64(n))), now: time.Now()}
}

var openSteps = []string{"awaiting_acceptance", "correction", "scheduling", "awaiting_visit", "confirming",
	"committee_audit", "publicity", "notice", "valid"}

// add makes case i, the i-th newest: one every ten minutes back from now,
// so a million cases span some nineteen years.
func (g *caseGenerator) add(i int) {
	personID, caseID := uuid.NewString(), uuid.NewString()
	created := g.now.Add(-time.Duration(i) * 10 * time.Minute)
	g.persons = append(g.persons, []any{personID, fmt.Sprintf("L%s%09d", g.run, i), g.name(i), ""})
	status, open := g.status(i)
	var closed, deadline, grade any
	if !open {
		closed = created.Add(40 * 24 * time.Hour)
	}
	if open && status != "valid" {
		deadline = created.Add(time.Duration(g.rnd.IntN(20*24)) * time.Hour)
	}
	if status == "valid" || status == "not_qualified" || status == "publicity" || status == "notice" {
		grade = g.rnd.IntN(6)
	}
	applicant, family := fmt.Sprintf("bench-fam-%d", i), []string{}
	if i == 3 || i == 30_000 || i == g.n-1 {
		applicant, family = "bench-agent", []string{"bench-family"}
	}
	g.cases = append(g.cases, []any{caseID, personID, "list-" + caseID, benchRegion, "employee", status, []byte(`{}`), "F",
		grade, created, created, deadline, closed, applicant, family, i%50 == 0})
	g.addAssignments(i, caseID, status, open, created)
	for k, action := range []string{"submitted", "accepted", "assigned", "decided"} {
		g.histories = append(g.histories, []any{caseID, fmt.Sprintf("k%d", k), created.Add(time.Duration(k) * time.Hour),
			"bench", "system", action, status, k + 1})
	}
}

func (g *caseGenerator) name(i int) string {
	if i == g.n/2 {
		return "欧阳雪婷"
	}
	surname := commonSurnames[min(g.rnd.IntN(40), len(commonSurnames)-1)]
	given := string(givenChars[g.rnd.IntN(len(givenChars))])
	if g.rnd.IntN(3) > 0 {
		given += string(givenChars[g.rnd.IntN(len(givenChars))])
	}
	return surname + given
}

// status: the newest twentieth is open at every step; older cases decided,
// valid for two years (about 105,000 cases) and closed before that.
func (g *caseGenerator) status(i int) (status string, open bool) {
	switch {
	case i < g.n/20:
		return openSteps[i%len(openSteps)], true
	case i < 105_000 && i%4 != 0:
		return "valid", true
	case i%4 == 0:
		return "not_qualified", false
	}
	return "withdrawn", false
}

func (g *caseGenerator) addAssignments(i int, caseID, status string, open bool, created time.Time) {
	if status == "awaiting_acceptance" || status == "correction" {
		return
	}
	active := open && status != "valid"
	team := []string{fmt.Sprintf("bench-as-%03d", (i*7)%benchAssessors), fmt.Sprintf("bench-as-%03d", (i*13+1)%benchAssessors)}
	if team[0] == team[1] {
		team = team[:1]
	}
	if i >= g.n-2000 {
		team = append(team, "bench-as-old")
	}
	for _, a := range team {
		g.assignments = append(g.assignments, []any{caseID, a, "r1", g.now, active, created})
	}
}

func (g *caseGenerator) tables() []copyTable {
	return []copyTable{
		{"persons", []string{"id", "resident_id", "name", "phone"}, g.persons},
		{"cases", []string{"id", "person_id", "workflow_id", "region", "scheme", "status", "application", "self_grade",
			"grade", "created_at", "updated_at", "deadline", "closed_at", "applicant_id", "family", "committee"}, g.cases},
		{"assignments", []string{"case_id", "assessor_id", "round", "at", "active", "case_created_at"}, g.assignments},
		{"case_history", []string{"case_id", "event_key", "at", "actor_id", "actor_role", "action", "status", "seq"}, g.histories},
	}
}
