package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/postgres"
)

// listCase is one case-list request of the benchmark: the caller, the query
// string the API gets and the filter the same query is for in the store.
type listCase struct {
	name   string
	actor  ltc.Actor
	params url.Values
	filter cases.Filter
}

// BenchmarkCaseList: GET /api/v1/cases for every role's scope and every
// filter with LTC_BENCH_CASES cases (default 1,000,000) in the database,
// against the store's own query of the same list through pgx in the same
// process, as p50/p99 of b.N requests each. LTC_BENCH_EXPLAIN=FILE writes the
// EXPLAIN (ANALYZE, BUFFERS) of every query there.
// make bench runs it; by hand, with the services up:
// LTC_INTEGRATION=1 go test ./cmd/ltc -run '^$' -bench CaseList -benchtime 200x
func BenchmarkCaseList(b *testing.B) {
	s := startStack(b, "serve")
	fx := seedCaseList(b, s, benchScale(b, "LTC_BENCH_CASES", 1_000_000))
	ctx := context.Background()
	db, err := postgres.Open(ctx, loadConfig(s.getenv).DatabaseURL)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	list := listCases(b, s, fx)
	explain := explainTo(b)
	b.ResetTimer()
	for _, lc := range list {
		token := s.tokenIn(string(lc.actor.Role), lc.actor.ID, lc.actor.Region)
		q := cases.ListQuery(lc.actor, lc.filter)
		var api, raw []time.Duration
		for range b.N {
			api = append(api, timed(b, func() error { return getList(s, lc.params, token) }))
			raw = append(raw, timed(b, func() error { _, _, err := db.ListCases(ctx, q); return err }))
		}
		report(b, lc.name, api, raw)
		explain(lc.name, q, db)
	}
}

func listCases(b *testing.B, s *stack, fx listFixture) []listCase {
	cw := ltc.Actor{ID: "cw-demo-1", Role: ltc.RoleCaseworker, Region: benchRegion}
	grade, deadline := 3, time.Now()
	cursor, after := pageCursor(b, s, cw, 50)
	mk := func(name string, a ltc.Actor, f cases.Filter, kv ...string) listCase {
		params := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			params.Set(kv[i], kv[i+1])
		}
		f.Limit = 20
		return listCase{name, a, params, f}
	}
	return []listCase{
		mk("caseworker-first-page", cw, cases.Filter{}),
		mk("caseworker-status-publicity", cw, cases.Filter{Status: ltc.StatusPublicity}, "status", "publicity"),
		mk("caseworker-region", cw, cases.Filter{Region: benchRegion}, "region", benchRegion),
		mk("caseworker-grade-3", cw, cases.Filter{Grade: &grade}, "grade", "3"),
		mk("caseworker-assessor", cw, cases.Filter{AssessorID: fx.assessor}, "assessor", fx.assessor),
		mk("caseworker-assessor-old-work", cw, cases.Filter{AssessorID: fx.oldAssessor}, "assessor", fx.oldAssessor),
		mk("caseworker-deadline-before-now", cw, cases.Filter{DeadlineBefore: deadline}, "deadline_before", deadline.UTC().Format(time.RFC3339)),
		mk("caseworker-q-common-name", cw, cases.Filter{Name: "王"}, "q", "王"),
		mk("caseworker-q-rare-name", cw, cases.Filter{Name: fx.rareName}, "q", fx.rareName),
		mk("caseworker-page-51", cw, cases.Filter{After: after}, "after", cursor),
		mk("assessor-own", ltc.Actor{ID: fx.assessor, Role: ltc.RoleAssessor, Region: benchRegion}, cases.Filter{}),
		mk("assessor-old-work", ltc.Actor{ID: fx.oldAssessor, Role: ltc.RoleAssessor, Region: benchRegion}, cases.Filter{}),
		mk("committee", ltc.Actor{ID: "cm-demo-1", Role: ltc.RoleCommittee, Region: benchRegion}, cases.Filter{}),
		mk("applicant-family", ltc.Actor{ID: fx.family, Role: ltc.RoleApplicant}, cases.Filter{}),
		mk("applicant-one-case", ltc.Actor{ID: "bench-fam-500000", Role: ltc.RoleApplicant}, cases.Filter{}),
	}
}

// pageCursor follows the caseworker's list through the API to the cursor
// of page n+1.
func pageCursor(b *testing.B, s *stack, cw ltc.Actor, n int) (string, *cases.Cursor) {
	token := s.tokenIn(string(cw.Role), cw.ID, cw.Region)
	next := ""
	for range n {
		r := s.do("GET", "/api/v1/cases?limit=20&after="+url.QueryEscape(next), token, nil, nil)
		var page struct{ Next string }
		if r.status != http.StatusOK || json.Unmarshal(r.raw, &page) != nil || page.Next == "" {
			b.Fatalf("page of the caseworker's list: %d %s", r.status, r.raw)
		}
		next = page.Next
	}
	cur, ok := cases.ParseCursor(next)
	if !ok {
		b.Fatalf("cursor %q", next)
	}
	return next, cur
}

func getList(s *stack, params url.Values, token string) error {
	resp, err := bearerGet(s.base+"/api/v1/cases?"+params.Encode(), token)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %v", resp.StatusCode, err)
	}
	return nil
}

func timed(b *testing.B, f func() error) time.Duration {
	start := time.Now()
	if err := f(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// report gives p50 and p99 of the API and of its baseline, and what the API
// adds at p50.
func report(b *testing.B, name string, api, base []time.Duration) {
	slices.Sort(api)
	slices.Sort(base)
	b.ReportMetric(ms(percentile(api, 50)), name+"-api-p50-ms")
	b.ReportMetric(ms(percentile(api, 99)), name+"-api-p99-ms")
	b.ReportMetric(ms(percentile(base, 50)), name+"-sql-p50-ms")
	b.ReportMetric(ms(percentile(base, 99)), name+"-sql-p99-ms")
	fmt.Printf("%-32s api p50 %7.2f p99 %7.2f ms | sql p50 %7.2f p99 %7.2f ms | api adds %5.2f ms at p50\n", name,
		ms(percentile(api, 50)), ms(percentile(api, 99)), ms(percentile(base, 50)), ms(percentile(base, 99)),
		ms(percentile(api, 50)-percentile(base, 50)))
}

// explainTo returns what writes each list query's plan to the file
// LTC_BENCH_EXPLAIN names (nothing when unset).
func explainTo(b *testing.B) func(name string, q cases.Query, db *postgres.DB) {
	path := os.Getenv("LTC_BENCH_EXPLAIN")
	if path == "" {
		return func(string, cases.Query, *postgres.DB) {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return func(name string, q cases.Query, db *postgres.DB) {
		sql, args := postgres.ListSQL(q)
		plan, err := db.Explain(context.Background(), sql, args...)
		if err != nil {
			b.Fatalf("explain %s: %v", name, err)
		}
		fmt.Fprintf(f, "-- %s\n%s\n\n", name, strings.Join(plan, "\n"))
	}
}

// benchScale reads a count from the environment, or def.
func benchScale(b testing.TB, key string, def int) int {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q is not a count", key, v)
	}
	return n
}
