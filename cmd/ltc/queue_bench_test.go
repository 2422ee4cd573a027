package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// benchCases is how many cases the queue benchmark puts in the database.
const benchCases = 100_000

// BenchmarkCaseworkerQueue: the server's time for the caseworker's queue
// page and a case page with 100,000 cases in the database (inserted with
// COPY), against the JSON API's time for the same data in the same run, as
// p50 and p99 over the iterations. Run with the services up:
// LTC_INTEGRATION=1 go test ./cmd/ltc -run '^$' -bench CaseworkerQueue -benchtime 200x
func BenchmarkCaseworkerQueue(b *testing.B) {
	s := startStack(b, "serve")
	caseID := insertBenchCases(b, s)
	page := signedInClient(b, s, "cw-demo-1")
	token := s.token("caseworker", "cw-demo-1")
	targets := []struct {
		name string
		get  func() (*http.Response, error)
	}{
		{"queue-page", func() (*http.Response, error) { return page.Get(s.base + "/work") }},
		{"queue-api", func() (*http.Response, error) { return bearerGet(s.base+"/api/v1/cases?limit=25", token) }},
		{"case-page", func() (*http.Response, error) { return page.Get(s.base + "/cases/" + caseID) }},
		{"case-api", func() (*http.Response, error) { return bearerGet(s.base+"/api/v1/cases/"+caseID, token) }},
	}
	times := make([][]time.Duration, len(targets))
	b.ResetTimer()
	for range b.N {
		for i, tg := range targets {
			start := time.Now()
			resp, err := tg.get()
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Fatalf("%s: %v %v", tg.name, err, resp)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			times[i] = append(times[i], time.Since(start))
		}
	}
	b.StopTimer()
	for i, tg := range targets {
		slices.Sort(times[i])
		b.ReportMetric(ms(percentile(times[i], 50)), tg.name+"-p50-ms")
		b.ReportMetric(ms(percentile(times[i], 99)), tg.name+"-p99-ms")
	}
}

func percentile(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func bearerGet(u, token string) (*http.Response, error) {
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	return http.DefaultClient.Do(req)
}

// insertBenchCases tops the demo region up to benchCases cases with COPY
// (persons and cases, a tenth of them overdue) and returns one case's id.
func insertBenchCases(b *testing.B, s *stack) string {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, loadConfig(s.getenv).DatabaseURL)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	var have int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM cases WHERE workflow_id LIKE 'bench-%'`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	run, now := uuid.NewString()[:8], time.Now()
	var persons, rows [][]any
	for i := have; i < benchCases; i++ {
		personID, caseID := uuid.NewString(), uuid.NewString()
		persons = append(persons, []any{personID, fmt.Sprintf("B%s%09d", run, i), fmt.Sprintf("测试%d号", i), ""})
		created := now.Add(-time.Duration(i) * time.Minute)
		status, deadline := "awaiting_acceptance", created.Add(72*time.Hour)
		var grade any
		if i%3 == 0 {
			status, deadline, grade = "valid", time.Time{}, i%6
		}
		rows = append(rows, []any{caseID, personID, "bench-" + caseID, "demo", "employee", status, []byte(`{}`), "F",
			grade, created, created, nullTime(deadline)})
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"persons"}, []string{"id", "resident_id", "name", "phone"}, pgx.CopyFromRows(persons)); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"cases"}, []string{"id", "person_id", "workflow_id", "region", "scheme", "status",
		"application", "self_grade", "grade", "created_at", "updated_at", "deadline"}, pgx.CopyFromRows(rows)); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `ANALYZE cases; ANALYZE persons`); err != nil {
		b.Fatal(err)
	}
	var id string
	if err := conn.QueryRow(ctx, `SELECT id FROM cases WHERE workflow_id LIKE 'bench-%' AND status = 'awaiting_acceptance' LIMIT 1`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	return id
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signedInClient signs a member of staff in to the pages through the form.
func signedInClient(b *testing.B, s *stack, account string) *http.Client {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.Get(s.base + "/staff/signin")
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	token := csrfInput.FindSubmatch(body)
	if token == nil {
		b.Fatal("no CSRF token on the sign-in page")
	}
	resp, err = client.PostForm(s.base+"/staff/signin", url.Values{"csrf": {string(token[1])}, "account": {account}, "password": {demoPassword}})
	if err != nil || resp.Request.URL.Path != "/work" {
		b.Fatalf("sign in: %v %v", err, resp)
	}
	resp.Body.Close()
	return client
}
