package main

import (
	"fmt"
	"maps"
	"os/exec"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc/servicetest"
)

// BenchmarkScaleOut: the lifecycle load (LTC_BENCH_LIFECYCLE_CASES cases a
// run) through worker and API processes of their own against the same
// services: one of each, then two of each, then two of each with one worker
// and one API killed (SIGKILL) half way. Every case must reach its decision
// with every history line written once. Run it with -benchtime 1x.
func BenchmarkScaleOut(b *testing.B) {
	n := benchScale(b, "LTC_BENCH_LIFECYCLE_CASES", 200)
	conc := benchScale(b, "LTC_BENCH_CONCURRENCY", 20)
	policies := lifecyclePolicyDir(b)
	s := startStackWith(b, map[string]string{"LTC_POLICIES_DIR": policies}, "serve") // for the setup only
	d := newLifecycleDriver(b, s, 3*n)
	env := "LTC_POLICIES_DIR=" + policies
	b.ResetTimer()
	for range b.N {
		one := scaleOutRun(b, d, env, 0, n, conc, 1, false)
		two := scaleOutRun(b, d, env, n, n, conc, 2, false)
		killed := scaleOutRun(b, d, env, 2*n, n, conc, 2, true)
		db := s.db(b)
		reference := historyShape(b, db, d.cases[0])
		rate := func(r driven) float64 { return float64(len(r.perCase)) / r.total.Seconds() }
		b.ReportMetric(rate(one), "one-each-cases/s")
		b.ReportMetric(rate(two), "two-each-cases/s")
		b.ReportMetric(rate(killed), "two-each-one-killed-cases/s")
		fmt.Printf("scale-out: %d cases a run, %d at a time\n", n, conc)
		fmt.Printf("  one worker, one API:   %.2f cases/s\n", rate(one))
		fmt.Printf("  two workers, two APIs: %.2f cases/s (%.2f×)\n", rate(two), rate(two)/rate(one))
		fmt.Printf("  the same, one of each killed half way: %.2f cases/s; %d cases not decided, %d with a history line missing or twice\n",
			rate(killed), d.undecided(b), countMismatched(b, db, d.cases, reference))
	}
}

// scaleOutRun drives cases [from, from+n) through procs workers and procs
// API processes, killing one of each when half the cases have started.
func scaleOutRun(b *testing.B, d *lifecycleDriver, env string, from, n, conc, procs int, kill bool) driven {
	var workers, apis []*exec.Cmd
	d.bases = nil
	for range procs {
		workers = append(workers, startWorkerProcess(b, env))
		addr := servicetest.FreeAddr(b)
		apis = append(apis, startProcess(b, "serve", env, "LTC_HTTP_ADDR="+addr, "LTC_METRICS_ADDR="+servicetest.FreeAddr(b)))
		servicetest.WaitReady(b, "http://"+addr+"/readyz", 30*time.Second)
		d.bases = append(d.bases, "http://"+addr)
	}
	var started atomic.Int64
	result := drive(n, conc, func(i int) error {
		if kill && started.Add(1) == int64(n/2) {
			killProcess(b, workers[0])
			killProcess(b, apis[0])
		}
		return d.lifecycle(from + i)
	})
	if result.err != nil {
		b.Fatal(result.err)
	}
	for _, p := range append(workers, apis...) {
		killProcess(b, p)
	}
	return result
}

// killProcess sends SIGKILL to a process not yet ended.
func killProcess(b *testing.B, cmd *exec.Cmd) {
	if cmd.ProcessState == nil {
		kill(b, cmd)
	}
}

// historyShape is how many lines of each action a case's history has.
func historyShape(b testing.TB, db *pgx.Conn, caseID string) map[string]int {
	rows, err := db.Query(b.Context(), `SELECT action, count(*) FROM case_history WHERE case_id = $1 GROUP BY action`, caseID)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	shape := map[string]int{}
	for rows.Next() {
		var action string
		var count int
		if err := rows.Scan(&action, &count); err != nil {
			b.Fatal(err)
		}
		shape[action] = count
	}
	return shape
}

// countMismatched counts the cases whose history is not shaped as the
// reference, saying how.
func countMismatched(b *testing.B, db *pgx.Conn, ids []string, reference map[string]int) int {
	bad := 0
	for _, id := range ids {
		if got := historyShape(b, db, id); !maps.Equal(got, reference) {
			b.Errorf("case %s: history %v, want %v", id, got, reference)
			bad++
		}
	}
	return bad
}

// undecided counts the driven cases that did not reach their decision.
func (d *lifecycleDriver) undecided(b *testing.B) int {
	var n int
	if err := d.s.dbRow(`SELECT count(*) FROM cases WHERE id = ANY($1) AND status <> 'valid'`, d.cases).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n + len(d.ids) - len(d.cases) // a case never recorded is lost too
}
