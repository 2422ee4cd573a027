package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

// lifecycleRegion is the demo region with no wait a person could shorten:
// publicity and the objection window of a second, validity of two years.
const lifecycleRegion = "bench-zero"

// BenchmarkLifecycle: LTC_BENCH_LIFECYCLE_CASES cases (default 200),
// LTC_BENCH_CONCURRENCY (20) at a time, driven from application to decision
// through the real stack (API, worker, Temporal, PostgreSQL, MinIO), against
// a bare workflow in the same run that takes as many updates, runs as many
// no-op activities and waits the same publicity timer per case. Run it with
// -benchtime 1x (make bench does).
func BenchmarkLifecycle(b *testing.B) {
	n := benchScale(b, "LTC_BENCH_LIFECYCLE_CASES", 200)
	conc := benchScale(b, "LTC_BENCH_CONCURRENCY", 20)
	s := startStackWith(b, map[string]string{"LTC_POLICIES_DIR": lifecyclePolicyDir(b), "LTC_LOG_LEVEL": "error"})
	d := newLifecycleDriver(b, s, n)
	b.ResetTimer()
	for range b.N {
		stopProfile := profileTo(b, os.Getenv("LTC_BENCH_PROFILE"))
		real := drive(n, conc, d.lifecycle)
		stopProfile()
		counts := d.historyCounts(b)
		bare := newBareCases(b, s, counts)
		base := drive(n, conc, bare.run)
		bare.stop()
		reportThroughput(b, real, base, counts)
		fmt.Printf("  the real cases were read %.1f times each while waiting, and sent %.1f messages each\n",
			float64(d.reads.Load())/float64(n), d.messagesPerCase(b))
	}
}

// profileTo writes a CPU profile of this process (the API and the worker
// run in it) to path until the returned function is called; nothing when
// path is empty.
func profileTo(b *testing.B, path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// driven is what one run of n cases took: each case's time, the whole, and
// the first error.
type driven struct {
	perCase []time.Duration
	total   time.Duration
	err     error
}

// drive runs one(i) for i in [0, n), conc at a time.
func drive(n, conc int, one func(i int) error) driven {
	var (
		mu  sync.Mutex
		out driven
		wg  sync.WaitGroup
	)
	next := make(chan int)
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t0 := time.Now()
				err := one(i)
				mu.Lock()
				out.perCase = append(out.perCase, time.Since(t0))
				if err != nil && out.err == nil {
					out.err = fmt.Errorf("case %d: %w", i, err)
				}
				mu.Unlock()
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	out.total = time.Since(start)
	return out
}

func reportThroughput(b *testing.B, real, base driven, c historyCount) {
	for name, d := range map[string]driven{"real": real, "bare": base} {
		if d.err != nil {
			b.Fatalf("%s: %v", name, d.err)
		}
		slices.Sort(d.perCase)
	}
	rate := func(d driven) float64 { return float64(len(d.perCase)) / d.total.Seconds() }
	b.ReportMetric(rate(real), "real-cases/s")
	b.ReportMetric(rate(base), "bare-cases/s")
	b.ReportMetric(rate(real)/rate(base), "ratio")
	for name, d := range map[string]driven{"real": real, "bare": base} {
		b.ReportMetric(ms(percentile(d.perCase, 50)), name+"-p50-ms")
		b.ReportMetric(ms(percentile(d.perCase, 99)), name+"-p99-ms")
	}
	fmt.Printf("lifecycle: %d cases, %d updates and %d activities each\n", len(real.perCase), c.updates, c.activities)
	fmt.Printf("  real %.2f cases/s, p50 %.0f ms, p99 %.0f ms\n", rate(real), ms(percentile(real.perCase, 50)), ms(percentile(real.perCase, 99)))
	fmt.Printf("  bare %.2f cases/s, p50 %.0f ms, p99 %.0f ms\n", rate(base), ms(percentile(base.perCase, 50)), ms(percentile(base.perCase, 99)))
	fmt.Printf("  ratio real/bare %.2f\n", rate(real)/rate(base))
}

// lifecyclePolicyDir writes the benchmark region's policy, with a
// stabilisation period when one is given.
func lifecyclePolicyDir(b testing.TB, stabilisation ...map[string]any) string {
	data, err := os.ReadFile("../../policy/regions/demo/2026.1.json")
	if err != nil {
		b.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(data, &p); err != nil {
		b.Fatal(err)
	}
	p["region"], p["name"] = lifecycleRegion, map[string]string{"zh": "基准测试地区", "en": "Benchmark region"}
	for _, st := range stabilisation {
		p["stabilisation"] = st
	}
	periods := p["periods"].(map[string]any)
	for name, seconds := range map[string]int{"publicity": 1, "applicant_objection": 1, "visit": 90 * 24 * 3600,
		"acceptance": 3600, "assignment_confirm": 3600, "validity": 2 * 365 * 24 * 3600, "renewal_lead": 90 * 24 * 3600} {
		periods[name] = map[string]any{"seconds": seconds, "clause": "benchmark", "local_default": true}
	}
	out, _ := json.Marshal(p)
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, lifecycleRegion+".json"), out, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// lifecycleDriver walks cases of the benchmark region over HTTP, as the
// family, a caseworker, the team and two experts would.
type lifecycleDriver struct {
	s          *stack
	bases      []string // the API processes, taken in turn
	turn       atomic.Int64
	ids        []string // resident ID numbers, one person a case
	cases      []string // case ids, as they are made
	mu         sync.Mutex
	applicant  string
	caseworker string
	staff      map[string]string // assessor id → token
	firstSlot  time.Time
	reads      atomic.Int64 // case reads while waiting

	// patience is how long a request is tried again while the answer is 503
	// or the API is gone: a saturated stack answers 503 after the action
	// timeout, and a key held by an API process that died is taken over after
	// two minutes (postgres.staleRequest).
	patience time.Duration
	evidence bool // each case also gets a document uploaded
	answers  answerCounts
}

// answerCounts counts the driver's requests by how they were answered.
type answerCounts struct {
	requests, unavailable, noRetryAfter, internal, unreachable atomic.Int64
}

func newLifecycleDriver(b testing.TB, s *stack, n int) *lifecycleDriver {
	d := &lifecycleDriver{s: s, bases: []string{s.base}, staff: map[string]string{},
		applicant: s.token("applicant", "ap-bench"), caseworker: s.tokenIn("caseworker", "cw-"+lifecycleRegion+"-1", lifecycleRegion),
		firstSlot: tomorrowAt8(), patience: 3 * time.Minute}
	roster := `{"institutions":[{"id":"inst-bz","name":"评估机构","region":"` + lifecycleRegion + `"}],"staff":[` +
		`{"id":"cw-` + lifecycleRegion + `-1","role":"caseworker","name":"经办员","region":"` + lifecycleRegion + `"}`
	for i := 1; i <= 8; i++ {
		id := fmt.Sprintf("as-%s-%d", lifecycleRegion, i)
		d.staff[id] = s.tokenIn("assessor", id, lifecycleRegion)
		roster += fmt.Sprintf(`,{"id":%q,"role":"assessor","name":"评估员%d","region":%q,"institution_id":"inst-bz","is_expert":%t}`,
			id, i, lifecycleRegion, i%2 == 1)
	}
	admin := s.tokenIn("admin", "ad-"+lifecycleRegion+"-1", lifecycleRegion)
	if r := s.do("PUT", "/api/v1/admin/roster", admin, strings.NewReader(roster+"]}"), nil); r.status != http.StatusOK {
		b.Fatalf("roster: %d %s", r.status, r.raw)
	}
	people := newPeople(b)
	for len(d.ids) < n {
		var csv strings.Builder
		csv.WriteString(enrolmentHeader)
		for range min(5000, n-len(d.ids)) {
			id := people.next()
			d.ids = append(d.ids, id)
			csv.WriteString(id + ",张三," + lifecycleRegion + "," + w0Enrolment + "\n")
		}
		r := s.do("POST", "/api/v1/admin/enrolments", admin, strings.NewReader(csv.String()), map[string]string{"Content-Type": "text/csv"})
		if r.status != http.StatusOK {
			b.Fatalf("enrolments: %d %s", r.status, r.raw)
		}
	}
	return d
}

// people hands out resident ID numbers no other driver uses: an area code
// of its own (drawn at random, so that runs on one database rarely meet),
// then birth days and sequence numbers in turn. Random numbers alone would
// meet among a hundred thousand people.
type people struct {
	b    testing.TB
	area int
	n    int
}

func newPeople(b testing.TB) *people { return &people{b: b, area: 910000 + mrand.IntN(90000)} }

func (p *people) next() string {
	born := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, p.n%7300)
	prefix := fmt.Sprintf("%06d%s%03d", p.area, born.Format("20060102"), p.n/7300)
	p.n++
	for _, c := range "0123456789X" {
		if id, ok := forms.ParseResidentID(prefix+string(c), time.Now()); ok {
			return string(id)
		}
	}
	p.b.Fatalf("no check character for %s", prefix)
	return ""
}

// lifecycle walks case i from the application to its decision.
func (d *lifecycleDriver) lifecycle(i int) error {
	app := application(d.ids[i])
	app["region"] = lifecycleRegion
	if os.Getenv("LTC_BENCH_SMS") == "off" { // to weigh what the texts cost
		app["sms"] = map[string]any{"person": false, "agent": false}
	}
	var created struct{ ID string }
	if err := d.call("POST", "/cases", d.applicant, app, &created); err != nil {
		return err
	}
	d.mu.Lock()
	d.cases = append(d.cases, created.ID)
	d.mu.Unlock()
	c := "/cases/" + created.ID
	if d.evidence {
		if err := d.upload(c); err != nil {
			return err
		}
	}
	if err := d.waitStatus(c, "awaiting_acceptance"); err != nil {
		return err
	}
	if err := d.call("POST", c+"/acceptance", d.caseworker, map[string]any{"decision": "accept", "reason": "材料齐全"}, nil); err != nil {
		return err
	}
	team, err := d.waitTeam(c)
	if err != nil {
		return err
	}
	for _, id := range team {
		if err := d.call("POST", c+"/assignment/confirmation", d.staff[id], map[string]any{}, nil); err != nil {
			return err
		}
	}
	if err := d.waitStatus(c, "awaiting_visit"); err != nil {
		return err
	}
	return d.visitAndConfirm(c, i, team)
}

func (d *lifecycleDriver) visitAndConfirm(c string, i int, team []string) error {
	// No two cases' visits overlap, and none runs past midnight.
	start := d.firstSlot.AddDate(0, 0, i/8).Add(time.Duration(i%8) * 2 * time.Hour)
	slot := map[string]any{"start": start.Format(time.RFC3339), "end": start.Add(time.Hour).Format(time.RFC3339)}
	steps := []struct {
		method, path, who string
		body              any
	}{
		{"POST", c + "/visit/proposal", d.staff[team[0]], map[string]any{"slots": []any{slot}}},
		{"POST", c + "/visit/choice", d.applicant, map[string]any{"slot": 0, "present": "张小三"}},
		{"PUT", c + "/assessment", d.staff[team[0]], map[string]any{"instrument": "national-2021", "items": severeForm["items"],
			"visited_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "signatures": team}},
		{"POST", c + "/conclusion/confirmation", d.staff["as-"+lifecycleRegion+"-1"], map[string]any{}},
		{"POST", c + "/conclusion/confirmation", d.staff["as-"+lifecycleRegion+"-3"], map[string]any{}},
	}
	for _, st := range steps {
		if err := d.call(st.method, st.path, st.who, st.body, nil); err != nil {
			return err
		}
	}
	return d.waitStatus(c, "valid")
}

// upload sends a medical document to a case, as the family would.
func (d *lifecycleDriver) upload(c string) error {
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	part, _ := mw.CreateFormFile("file", "诊断证明.pdf")
	_, _ = part.Write([]byte("%PDF-1.4\n诊断证明 " + uuid.NewString() + "\n"))
	_ = mw.Close()
	data := form.Bytes()
	return d.send("POST", c+"/evidence", d.applicant, mw.FormDataContentType(), func() io.Reader { return bytes.NewReader(data) }, nil)
}

// tomorrowAt8 is 08:00 tomorrow in Beijing.
func tomorrowAt8() time.Time {
	now := time.Now().In(ltc.China)
	return time.Date(now.Year(), now.Month(), now.Day()+1, 8, 0, 0, 0, ltc.China)
}

// call sends one action with an Idempotency-Key to the API processes in
// turn, again under the same key while the answer is 503 or the process is
// gone (for the driver's patience), as a client behind a load balancer would.
func (d *lifecycleDriver) call(method, path, token string, body, into any) error {
	data, _ := json.Marshal(body)
	return d.send(method, path, token, "application/json", func() io.Reader { return bytes.NewReader(data) }, into)
}

func (d *lifecycleDriver) send(method, path, token, contentType string, body func() io.Reader, into any) error {
	key := uuid.NewString()
	giveUp := time.Now().Add(d.patience)
	for {
		base := d.bases[int(d.turn.Add(1))%len(d.bases)]
		req, _ := http.NewRequest(method, base+"/api/v1"+path, body())
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Idempotency-Key", key)
		d.answers.requests.Add(1)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			d.answers.unreachable.Add(1)
			if time.Now().After(giveUp) {
				return err
			}
			time.Sleep(200 * time.Millisecond)
			continue
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusServiceUnavailable && time.Now().Before(giveUp):
			d.answers.unavailable.Add(1)
			if resp.Header.Get("Retry-After") == "" {
				d.answers.noRetryAfter.Add(1)
			}
			time.Sleep(200 * time.Millisecond)
			continue
		case resp.StatusCode >= 500:
			d.answers.internal.Add(1)
			return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, raw)
		case resp.StatusCode >= 300:
			return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, raw)
		case into != nil:
			return json.Unmarshal(raw, into)
		}
		return nil
	}
}

// caseView is what the driver reads of a case.
type caseView struct {
	Status  string
	Pending []struct{ Who []string } `json:"pending_actions"`
}

// pollEvery is how often the driver reads a case it waits on: each read
// asks the workflow too (for the pending actions), so a driver reading
// faster than any person would loads Temporal with queries.
const pollEvery = 200 * time.Millisecond

func (d *lifecycleDriver) poll(c string, done func(caseView) bool) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var v caseView
		d.reads.Add(1)
		if err := d.call("GET", c, d.caseworker, nil, &v); err != nil {
			return err
		}
		if done(v) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s still %s", c, v.Status)
		}
		time.Sleep(pollEvery)
	}
}

func (d *lifecycleDriver) waitStatus(c, status string) error {
	return d.poll(c, func(v caseView) bool { return v.Status == status })
}

func (d *lifecycleDriver) waitTeam(c string) (team []string, err error) {
	err = d.poll(c, func(v caseView) bool {
		for _, p := range v.Pending {
			if len(p.Who) == 2 {
				team = p.Who
				return true
			}
		}
		return false
	})
	return team, err
}

func (d *lifecycleDriver) messagesPerCase(b *testing.B) float64 {
	var messages int
	if err := d.s.dbRow(`SELECT count(*) FROM outbox WHERE case_id = ANY($1)`, d.cases).Scan(&messages); err != nil {
		b.Fatal(err)
	}
	return float64(messages) / float64(len(d.cases))
}

// historyCount is how many updates a case took and activities it ran, read
// from its workflow's history.
type historyCount struct{ updates, activities int }

func (d *lifecycleDriver) historyCounts(b *testing.B) historyCount {
	var id string
	if err := d.s.dbRow(`SELECT workflow_id FROM cases WHERE id = $1`, d.cases[0]).Scan(&id); err != nil {
		b.Fatal(err)
	}
	return countHistory(b, d.s, id)
}
