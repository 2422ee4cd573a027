package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/postgres"
	"github.com/changhu/ltc/servicetest"
)

// stack is the API and the worker, started in-process through run() against
// the real PostgreSQL, MinIO and Temporal.
type stack struct {
	t        testing.TB
	base     string
	metrics  string
	getenv   func(string) string
	contract *contract // every answer is checked against api/openapi.yaml
}

// startStack migrates, seeds the demo roster and starts the API, and the
// worker unless the test runs its own.
func startStack(t testing.TB, commands ...string) *stack {
	return startStackWith(t, nil, commands...)
}

// startStackWith is startStack with some environment variables overridden.
func startStackWith(t testing.TB, env map[string]string, commands ...string) *stack {
	servicetest.Require(t)
	if len(commands) == 0 {
		commands = []string{"worker", "serve"}
	}
	addr := servicetest.FreeAddr(t)
	metrics := servicetest.FreeAddr(t)
	overrides := map[string]string{"LTC_HTTP_ADDR": addr, "LTC_METRICS_ADDR": metrics, "LTC_LOG_LEVEL": stackLogLevel()}
	for k, v := range env {
		overrides[k] = v
	}
	getenv := servicetest.Getenv(overrides)
	ctx, cancel := context.WithCancel(context.Background())
	for _, setup := range []string{"migrate", "seed"} {
		if err := run(ctx, []string{setup}, getenv, io.Discard); err != nil {
			t.Fatalf("%s: %v", setup, err)
		}
	}
	var wg sync.WaitGroup
	for _, cmd := range commands {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := run(ctx, []string{cmd}, getenv, stackLog("WARN")); err != nil && ctx.Err() == nil {
				t.Errorf("ltc %s: %v", cmd, err)
			}
		}()
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
	servicetest.WaitReady(t, "http://"+addr+"/readyz", 30*time.Second)
	return &stack{t: t, base: "http://" + addr, metrics: "http://" + metrics, getenv: getenv, contract: newContract(t)}
}

// token is a demo-region token for staff, and a token without a region for
// applicants and the national administration.
func (s *stack) token(role, id string) string {
	if ltc.Role(role).Regional() {
		return s.tokenIn(role, id, "demo")
	}
	return s.tokenIn(role, id, "")
}

func (s *stack) tokenIn(role, id, region string) string {
	var out bytes.Buffer
	args := []string{"token", "-role", role, "-id", id}
	if region != "" {
		args = append(args, "-region", region)
	}
	if err := run(context.Background(), args, s.getenv, &out); err != nil {
		s.t.Fatalf("ltc token: %v: %s", err, out.String())
	}
	return strings.TrimSpace(out.String())
}

type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

func (s *stack) do(method, path, token string, body io.Reader, headers map[string]string) response {
	s.t.Helper()
	sent := readAll(body)
	req, _ := http.NewRequest(method, s.base+path, bytes.NewReader(sent))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	s.contract.check(s.t, req, sent, resp.StatusCode, resp.Header, raw)
	r := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

func (s *stack) json(method, path, token string, v any, headers map[string]string) response {
	s.t.Helper()
	data, _ := json.Marshal(v)
	return s.do(method, path, token, bytes.NewReader(data), headers)
}

func application(residentID string) map[string]any {
	return map[string]any{
		"person":       map[string]any{"name": "张三", "resident_id": residentID, "phone": "13800138000"},
		"scheme":       "employee",
		"region":       "demo",
		"address":      "演示市幸福路1号",
		"care_setting": "home",
		"onset_date":   "2025-03-01",
		"diagnosis":    "脑梗死后遗症",
		"hospital":     "演示市中心医院",
		"agent":        map[string]any{"name": "张小三", "relationship": "child", "phone": "13900139000"},
		"consent":      map[string]any{"visit": true, "publicity": true},
		"self_assessment": map[string]any{"items": map[string]any{
			"eating": "dependent", "continence": "dependent", "bathing": "dependent",
			"dressing": "dependent", "toileting": "independent", "transfer": "independent",
		}},
	}
}

// ADL 40 (severe) with cognition 12 and sensory 9 (both mild): 重度失能Ⅰ级, grade 3.
var severeForm = map[string]any{
	"instrument": "national-2021",
	"items": map[string]any{
		"eating": 5, "dressing": 5, "grooming": 0, "bowel": 5, "bladder": 5, "toileting": 5,
		"walking": 5, "transfer": 5, "stairs": 5, "bathing": 0,
		"time_orientation": 3, "person_orientation": 3, "place_orientation": 3, "memory": 3,
		"vision": 3, "hearing": 3, "communication": 3,
	},
}

func TestCaseFromApplicationToDecision(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()

	// 1. The application starts the case; a retry with the same key is the same case.
	key := map[string]string{"Idempotency-Key": "apply-" + w.residentID}
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), key)
	if created.status != http.StatusCreated || created.body["status"] != "submitted" {
		t.Fatalf("create: %d %s", created.status, created.raw)
	}
	w.id = created.body["id"].(string)
	if again := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), key); again.body["id"] != w.id {
		t.Fatalf("a retried submit made another case: %d %s", again.status, again.raw)
	}
	second := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	if second.status != http.StatusConflict || second.body["error"].(map[string]any)["message"].(map[string]any)["zh"] == "" {
		t.Fatalf("a second open application: %d %s", second.status, second.raw)
	}
	if other := s.json("GET", "/api/v1/cases/"+w.id, s.token("applicant", "someone-else"), nil, nil); other.status != http.StatusNotFound {
		t.Fatalf("another applicant sees the case: %d", other.status)
	}

	// 2. Evidence goes to MinIO with its SHA-256 and size recorded.
	doc := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("诊断证明 "), 2000)...)
	uploaded := s.upload(w.id, w.applicant, "诊断证明.pdf", doc)
	sum := sha256.Sum256(doc)
	if uploaded.status != http.StatusCreated || uploaded.body["sha256"] != hex.EncodeToString(sum[:]) ||
		uploaded.body["size"] != float64(len(doc)) || uploaded.body["content_type"] != "application/pdf" {
		t.Fatalf("upload: %d %s", uploaded.status, uploaded.raw)
	}
	s.assertStoredInMinIO(w.id, doc)
	retryKey := map[string]string{"Idempotency-Key": "upload-1"}
	first := s.uploadWith(w.id, w.applicant, "护理记录.pdf", doc, retryKey)
	if retried := s.uploadWith(w.id, w.applicant, "护理记录.pdf", doc, retryKey); retried.body["id"] != first.body["id"] || first.status != http.StatusCreated {
		t.Fatalf("a retried upload stored another file: %s / %s", first.raw, retried.raw)
	}

	// 3. A caseworker accepts; the applicant may not.
	if r := s.json("POST", "/api/v1/cases/"+w.id+"/acceptance", w.applicant, map[string]any{"decision": "accept"}, nil); r.status != http.StatusForbidden {
		t.Fatalf("applicant accepted: %d %s", r.status, r.raw)
	}
	w.accept()
	if twice := s.json("POST", "/api/v1/cases/"+w.id+"/acceptance", w.caseworker, map[string]any{"decision": "accept"}, nil); twice.status != http.StatusConflict {
		t.Fatalf("accepted twice: %d %s", twice.status, twice.raw)
	}

	// 4. The assigned team confirms, visits and submits the form; the grade is
	// computed from the items (a typed-in grade is not even read); two experts confirm.
	team := w.confirmTeam()
	withGrade := map[string]any{"instrument": "national-2021", "items": severeForm["items"], "grade": 5,
		"visited_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "signatures": team}
	if r := s.json("PUT", "/api/v1/cases/"+w.id+"/assessment", s.token("assessor", team[0]), withGrade, nil); r.status != http.StatusBadRequest {
		t.Fatalf("a typed-in grade: %d %s", r.status, r.raw)
	}
	w.visit(team)

	// 5. After publicity the decision and the history are visible on the case.
	got := w.waitFor(func(b map[string]any) bool { return b["status"] == "valid" }, 60*time.Second)
	d, _ := got["decision"].(map[string]any)
	if d == nil || d["grade"] != float64(3) || d["grade_name"] != "重度失能Ⅰ级" || d["valid_until"] == nil ||
		d["instrument_version"] != "2021.1" || got["policy_version"] != "2026.1" || got["benefit"] != "active" {
		t.Fatalf("decision: %v", got)
	}
	statement := d["benefit_statement"].(map[string]any)
	if line := statement["lines"].([]any)[0].(map[string]any); line["fund_fen"] != float64(6000) {
		t.Fatalf("benefit statement: %v", statement)
	}
	var actions []string
	for _, h := range got["history"].([]any) {
		e := h.(map[string]any)
		actions = append(actions, e["action"].(string)+"/"+e["actor"].(map[string]any)["role"].(string))
	}
	for _, want := range []string{"submitted/applicant", "evidence_added/applicant", "received/system", "accepted/caseworker",
		"assigned/system", "assignment_confirmed/assessor", "team_confirmed/system", "assessed/assessor",
		"conclusion_confirmed/assessor", "published/system", "decided/system"} {
		if !slices.Contains(actions, want) {
			t.Errorf("history %v lacks %s", actions, want)
		}
	}
	if actions[0] != "submitted/applicant" || actions[len(actions)-1] != "decided/system" {
		t.Errorf("history %v should start with the application and end with the decision", actions)
	}
}

func TestBadApplicationGetsFieldErrorsAndNoCase(t *testing.T) {
	s := startStack(t, "serve")
	app := application("110105194912310021") // wrong check character
	app["onset_date"] = "tomorrow"
	r := s.json("POST", "/api/v1/cases", s.token("applicant", "ap-e2e"), app, nil)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("got %d %s", r.status, r.raw)
	}
	fields := map[string]map[string]any{}
	for _, f := range r.body["error"].(map[string]any)["fields"].([]any) {
		fe := f.(map[string]any)
		fields[fe["field"].(string)] = fe["message"].(map[string]any)
	}
	if !strings.Contains(fields["person.resident_id"]["zh"].(string), "公民身份号码") || fields["onset_date"]["en"] == "" {
		t.Fatalf("fields: %v", fields)
	}
	if r := s.do("POST", "/api/v1/cases", s.token("applicant", "ap-e2e"), strings.NewReader(`{"person": 5}`), nil); r.status != http.StatusBadRequest {
		t.Fatalf("malformed body: %d %s", r.status, r.raw)
	}
}

func (s *stack) upload(caseID, token, filename string, content []byte) response {
	return s.uploadWith(caseID, token, filename, content, nil)
}

func (s *stack) uploadWith(caseID, token, filename string, content []byte, headers map[string]string) response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("file", filename)
	part.Write(content)
	mw.Close()
	h := map[string]string{"Content-Type": mw.FormDataContentType()}
	for k, v := range headers {
		h[k] = v
	}
	return s.do("POST", "/api/v1/cases/"+caseID+"/evidence", token, &body, h)
}

func (s *stack) assertStoredInMinIO(caseID string, want []byte) {
	s.t.Helper()
	cfg := loadConfig(s.getenv)
	db, err := postgres.Open(context.Background(), cfg.DatabaseURL)
	if err != nil {
		s.t.Fatal(err)
	}
	defer db.Close()
	evs, err := db.ListEvidence(context.Background(), caseID)
	if err != nil || len(evs) == 0 {
		s.t.Fatalf("evidence rows: %v %v", evs, err)
	}
	store, _ := openEvidence(cfg)
	url, err := store.PresignGet(context.Background(), evs[0].ObjectKey, evs[0].VersionID, evs[0].Filename, time.Minute)
	if err != nil {
		s.t.Fatal(err)
	}
	resp, err := http.Get(url)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if !bytes.Equal(got, want) {
		s.t.Fatalf("MinIO holds %d bytes, want the %d uploaded", len(got), len(want))
	}
}
