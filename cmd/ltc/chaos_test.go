package main

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/changhu/ltc/servicetest"
)

// TestChaos: cases move through the lifecycle, each with a document, while
// PostgreSQL, MinIO and Temporal are crashed and started again and the API
// and the worker are killed (SIGKILL) and started again, each at a random
// moment. Then every case has its decision and its history once, the
// evidence rows and the stored objects match one to one, and every message
// was delivered once. `make chaos` runs it (scripts/chaos.sh), `make test`
// a short one; LTC_CHAOS_DIR names the services' folder, LTC_CHAOS_FAULTS
// which faults (all five by default), LTC_CHAOS_CASES and
// LTC_CHAOS_CONCURRENCY the load, LTC_CHAOS_SEED the moments.
func TestChaos(t *testing.T) {
	dir := os.Getenv("LTC_CHAOS_DIR")
	if dir == "" {
		t.Skip("make chaos runs it: LTC_CHAOS_DIR names the folder of the services it may crash")
	}
	n, conc := benchScale(t, "LTC_CHAOS_CASES", 30), benchScale(t, "LTC_CHAOS_CONCURRENCY", 6)
	faults := strings.Fields(os.Getenv("LTC_CHAOS_FAULTS"))
	if len(faults) == 0 {
		faults = []string{"postgres", "minio", "temporal", "api", "worker"}
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv("LTC_CHAOS_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	rnd := rand.New(rand.NewPCG(seed, 1))
	rnd.Shuffle(len(faults), func(i, j int) { faults[i], faults[j] = faults[j], faults[i] })

	policies := lifecyclePolicyDir(t)
	s := startStackWith(t, map[string]string{"LTC_POLICIES_DIR": policies}, "serve") // the setup's API only
	d := newLifecycleDriver(t, s, n)
	d.patience, d.evidence = 3*time.Minute, true
	procs := newChaosProcesses(t, "LTC_POLICIES_DIR="+policies)
	d.bases = []string{procs.apiURL}
	start := time.Now()

	injected := make(chan []recovery)
	go func() { injected <- procs.inject(t, dir, faults, rnd) }()
	result := drive(n, conc, d.lifecycle)
	recoveries := <-injected
	if result.err != nil {
		t.Fatalf("seed %d: %v", seed, result.err)
	}
	c := checkAfterChaos(t, s, d, start)
	fmt.Printf("chaos (seed %d): %d cases, %d at a time, in %s\n", seed, n, conc, result.total.Round(time.Second))
	for _, r := range recoveries {
		fmt.Printf("  %-8s at %5.1f s, service back after %5.1f s\n", r.fault, r.at.Sub(start).Seconds(), r.took.Seconds())
	}
	fmt.Printf("  requests %d: 503 %d (without Retry-After %d), 500 %d, unreachable %d\n", d.answers.requests.Load(),
		d.answers.unavailable.Load(), d.answers.noRetryAfter.Load(), d.answers.internal.Load(), d.answers.unreachable.Load())
	fmt.Printf("  lost %d, duplicated or missing history %d, evidence rows without object %d, objects without row %d, messages not delivered once %d\n",
		c.lost, c.badHistory, c.rowsWithoutObject, c.objectsWithoutRow, c.undelivered)
	if d.answers.internal.Load() > 0 || d.answers.noRetryAfter.Load() > 0 || c != (chaosCheck{}) {
		t.Errorf("seed %d: the system did not hold", seed)
	}
}

// chaosProcesses are the API and the worker under test, each a process of
// its own that a fault kills and a supervisor starts again.
type chaosProcesses struct {
	api, worker   *exec.Cmd
	apiURL, addr  string
	env, metrics  string
	readyURL      string
	startAPI      func() *exec.Cmd
	startWorkerFn func() *exec.Cmd
}

func newChaosProcesses(t *testing.T, env string) *chaosProcesses {
	p := &chaosProcesses{addr: servicetest.FreeAddr(t), metrics: servicetest.FreeAddr(t), env: env}
	p.apiURL, p.readyURL = "http://"+p.addr, "http://"+p.addr+"/readyz"
	p.startAPI = func() *exec.Cmd {
		return startProcess(t, "serve", env, "LTC_HTTP_ADDR="+p.addr, "LTC_METRICS_ADDR="+p.metrics)
	}
	p.startWorkerFn = func() *exec.Cmd { return startWorkerProcess(t, env) }
	p.api, p.worker = p.startAPI(), p.startWorkerFn()
	servicetest.WaitReady(t, p.readyURL, 30*time.Second)
	return p
}

// recovery is one fault and how long until the API was ready again.
type recovery struct {
	fault string
	at    time.Time
	took  time.Duration
}

// inject runs the faults one after the other, each after a random pause of
// two to eight seconds, waiting for the service to come back before the next.
func (p *chaosProcesses) inject(t *testing.T, dir string, faults []string, rnd *rand.Rand) []recovery {
	var out []recovery
	for _, fault := range faults {
		time.Sleep(time.Duration(2000+rnd.IntN(6000)) * time.Millisecond)
		at := time.Now()
		switch fault {
		case "api":
			kill(t, p.api)
			p.api = p.startAPI()
		case "worker":
			kill(t, p.worker)
			p.worker = p.startWorkerFn()
		default:
			cmd := exec.Command("../../scripts/services.sh", "crash", dir, fault)
			cmd.Env = os.Environ()
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("crash %s: %v: %s", fault, err, out)
			}
		}
		out = append(out, recovery{fault: fault, at: at, took: waitReady(p.readyURL, 2*time.Minute, at)})
	}
	return out
}

// waitReady is how long after since the URL answered 200.
func waitReady(url string, limit time.Duration, since time.Time) time.Duration {
	for time.Since(since) < limit {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(since)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return limit
}

// chaosCheck is what must be zero after the faults.
type chaosCheck struct {
	lost, badHistory, rowsWithoutObject, objectsWithoutRow, undelivered int
}

func checkAfterChaos(t *testing.T, s *stack, d *lifecycleDriver, start time.Time) chaosCheck {
	db := s.db(t)
	var c chaosCheck
	c.lost = d.undecidedIn(t, db)
	shapes := map[string]map[string]int{}
	for _, id := range d.cases {
		shapes[id] = historyShape(t, db, id)
	}
	reference := mostCommon(shapes)
	for id, shape := range shapes {
		if !maps.Equal(shape, reference) {
			t.Errorf("case %s: history %v, most cases %v", id, shape, reference)
			c.badHistory++
		}
	}
	c.rowsWithoutObject, c.objectsWithoutRow = evidenceMatch(t, s, db, start)
	c.undelivered = waitDelivered(t, db, d.cases, time.Minute)
	return c
}

func (d *lifecycleDriver) undecidedIn(t *testing.T, db *pgx.Conn) int {
	var n int
	if err := db.QueryRow(t.Context(), `SELECT count(*) FROM cases WHERE id = ANY($1) AND status = 'valid'`, d.cases).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return len(d.ids) - n
}

// evidenceMatch compares the evidence rows and the bucket's objects made
// since start, one to one.
func evidenceMatch(t *testing.T, s *stack, db *pgx.Conn, start time.Time) (rowsWithoutObject, objectsWithoutRow int) {
	rows, err := db.Query(t.Context(), `SELECT object_key FROM evidence WHERE created_at >= $1`, start)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	cfg := loadConfig(s.getenv)
	mc, err := minio.New(cfg.MinioEndpoint, &minio.Options{Creds: credentials.NewStaticV4(cfg.MinioAccessKey, cfg.MinioSecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	var stored []string
	for o := range mc.ListObjects(context.Background(), cfg.MinioBucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		if !o.LastModified.Before(start.Add(-time.Second)) && !strings.HasPrefix(o.Key, "letters/") && !strings.HasPrefix(o.Key, "bench/") {
			stored = append(stored, o.Key)
		}
	}
	for _, k := range keys {
		if !slices.Contains(stored, k) {
			rowsWithoutObject++
		}
	}
	for _, k := range stored {
		if !slices.Contains(keys, k) {
			t.Errorf("object %s has no evidence row", k)
			objectsWithoutRow++
		}
	}
	return rowsWithoutObject, objectsWithoutRow
}

// waitDelivered waits for the cases' messages to be delivered and counts
// those not delivered exactly once (the development sink keeps each once).
func waitDelivered(t *testing.T, db *pgx.Conn, caseIDs []string, limit time.Duration) int {
	end := time.Now().Add(limit)
	for {
		var pending, kept, total int
		err := db.QueryRow(t.Context(), `SELECT count(*) FILTER (WHERE o.delivered_at IS NULL),
			count(d.message_id), count(*) FROM outbox o LEFT JOIN dev_messages d ON d.message_id = o.id
			WHERE o.case_id = ANY($1)`, caseIDs).Scan(&pending, &kept, &total)
		if err != nil {
			t.Fatal(err)
		}
		if (pending == 0 && kept == total) || time.Now().After(end) {
			return pending + (total - pending - kept)
		}
		time.Sleep(time.Second)
	}
}

func mostCommon(shapes map[string]map[string]int) map[string]int {
	var best map[string]int
	bestCount := 0
	for _, a := range shapes {
		count := 0
		for _, b := range shapes {
			if maps.Equal(a, b) {
				count++
			}
		}
		if count > bestCount {
			best, bestCount = a, count
		}
	}
	return best
}
