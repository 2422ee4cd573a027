package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkOpenCases: LTC_BENCH_OPEN_CASES cases (default 100,000) waiting
// in a long durable timer, with the worker in a process of its own: its
// memory, the Temporal store's size (LTC_BENCH_TEMPORAL_DB names the dev
// server's file), the time to start one more case, and what a restart of the
// worker costs. The cases wait for six months of stable disability (the
// same kind of timer as a two-year validity, reached by one request instead
// of eleven). Run it with -benchtime 1x.
func BenchmarkOpenCases(b *testing.B) {
	n := benchScale(b, "LTC_BENCH_OPEN_CASES", 100_000)
	conc := benchScale(b, "LTC_BENCH_CONCURRENCY", 20)
	const more = 20
	policies := lifecyclePolicyDir(b, map[string]any{"months": 6, "clause": "benchmark", "local_default": true})
	env := "LTC_POLICIES_DIR=" + policies
	s := startStackWith(b, map[string]string{"LTC_POLICIES_DIR": policies}, "serve")
	d := newLifecycleDriver(b, s, n+2*more)
	worker := startWorkerProcess(b, env)
	storeBefore := fileSize(os.Getenv("LTC_BENCH_TEMPORAL_DB"))
	b.ResetTimer()
	for range b.N {
		held := drive(n, conc, d.hold)
		if held.err != nil {
			b.Fatal(held.err)
		}
		rss := residentMiB(b, worker)
		store := fileSize(os.Getenv("LTC_BENCH_TEMPORAL_DB")) - storeBefore
		oneMore := drive(more, 1, func(i int) error { return d.hold(n + i) })
		kill(b, worker)
		restart := time.Now()
		worker = startWorkerProcess(b, env)
		if err := d.hold(n + more); err != nil {
			b.Fatal(err)
		}
		restarted := time.Since(restart)
		afterRestart := drive(more-1, 1, func(i int) error { return d.hold(n + more + 1 + i) })
		slices.Sort(oneMore.perCase)
		slices.Sort(afterRestart.perCase)
		b.ReportMetric(rss, "worker-rss-MiB")
		b.ReportMetric(float64(store)/(1<<20), "temporal-store-MiB")
		b.ReportMetric(ms(percentile(oneMore.perCase, 50)), "one-more-p50-ms")
		b.ReportMetric(ms(restarted), "restart-to-first-case-ms")
		fmt.Printf("open cases: %d held in a durable timer, created at %.1f cases/s\n", n, float64(n)/held.total.Seconds())
		fmt.Printf("  worker resident memory %.0f MiB (%.1f KiB a case); Temporal store +%.0f MiB (%.1f KiB a case)\n",
			rss, rss*1024/float64(n), float64(store)/(1<<20), float64(store)/1024/float64(n))
		fmt.Printf("  one more case to its hold: p50 %.0f ms, p99 %.0f ms\n", ms(percentile(oneMore.perCase, 50)), ms(percentile(oneMore.perCase, 99)))
		fmt.Printf("  worker restarted: first case held %.0f ms after the new process started; then p50 %.0f ms a case; memory %.0f MiB\n",
			ms(restarted), ms(percentile(afterRestart.perCase, 50)), residentMiB(b, worker))
	}
}

// hold applies for case i with a disability of two months, which the
// workflow holds until six months are reached.
func (d *lifecycleDriver) hold(i int) error {
	app := application(d.ids[i])
	app["region"] = lifecycleRegion
	app["onset_date"] = time.Now().AddDate(0, -2, 0).Format(time.DateOnly)
	var created struct{ ID string }
	if err := d.call("POST", "/cases", d.applicant, app, &created); err != nil {
		return err
	}
	return d.waitStatus("/cases/"+created.ID, "on_hold")
}

// residentMiB is a process's resident memory.
func residentMiB(b *testing.B, cmd *exec.Cmd) float64 {
	status, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(cmd.Process.Pid), "status"))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if kib, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			v, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kib), "kB")))
			return float64(v) / 1024
		}
	}
	b.Fatal("no VmRSS")
	return 0
}

// fileSize is the size of a file and its write-ahead log, 0 when not named.
func fileSize(path string) int64 {
	var size int64
	for _, p := range []string{path, path + "-wal"} {
		if fi, err := os.Stat(p); path != "" && err == nil {
			size += fi.Size()
		}
	}
	return size
}
