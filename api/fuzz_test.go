package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/calendar"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/enrolment"
	"github.com/changhu/ltc/evidence"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// The fuzz targets send fuzzed bodies through the real router, its
// authentication, decoding and validation, to the service over a small fake
// store: no case exists but one open for uploads, so every action stops at
// "no such case" after its body was read. Whatever the body, the answer is a
// 4xx in the one error shape (or a 2xx), never a 500 or a panic.
// `make fuzz-api` runs them for real; the integration target in cmd/ltc
// sends the same bodies to the real stack.

const (
	fuzzCaseID = "5b0e6a43-93a1-4c55-8d4f-0d5f2f6d0c11" // nobody's
	fuzzOpenID = "7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e" // an open case, of applicant ap-fuzz, for uploads
)

// fakeStore answers what the routes reach before a case is needed; any
// other method panics (nil embedded interface), which the fuzz reports.
type fakeStore struct {
	cases.Store
	created atomic.Int64
}

func (f *fakeStore) GetCase(_ context.Context, id string) (*ltc.Case, error) {
	if id == fuzzOpenID {
		return &ltc.Case{ID: id, Region: "demo", Status: ltc.StatusAwaitingAcceptance, ApplicantID: "ap-fuzz"}, nil
	}
	return nil, ltc.NoSuchCase()
}
func (f *fakeStore) StaffMember(context.Context, string) (ltc.Actor, bool, bool, error) {
	return ltc.Actor{}, false, false, nil
}
func (f *fakeStore) SetStaffActive(context.Context, string, bool) error { return nil }
func (f *fakeStore) Assignment(context.Context, string, string) (bool, bool, error) {
	return false, false, nil
}
func (f *fakeStore) IsExpert(context.Context, string) (bool, error) { return false, nil }
func (f *fakeStore) InsuredName(context.Context, string, string) (string, bool, error) {
	return "", false, nil
}
func (f *fakeStore) CreateCase(context.Context, cases.NewCase, cases.StartFunc) (string, error) {
	f.created.Add(1)
	return "", ltc.Errorf(ltc.EConflict, "已有进行中的申请", "an application is open")
}
func (f *fakeStore) CountHit(context.Context, string, time.Duration, time.Time) (int, error) {
	return 1, nil
}
func (f *fakeStore) BeginRequest(context.Context, cases.RequestKey, string, time.Time) (*cases.StoredResponse, error) {
	return nil, nil
}
func (f *fakeStore) FinishRequest(context.Context, cases.RequestKey, cases.StoredResponse) error {
	return nil
}
func (f *fakeStore) AbandonRequest(context.Context, cases.RequestKey) error { return nil }
func (f *fakeStore) AddEvidence(context.Context, ltc.Evidence, ltc.HistoryEntry) error {
	return nil
}
func (f *fakeStore) ImportEnrolments(_ context.Context, records []enrolment.Record) (enrolment.Report, error) {
	return enrolment.Report{}, nil
}
func (f *fakeStore) OpenCasesOf(context.Context, []string) ([]string, error) { return nil, nil }
func (f *fakeStore) SaveIncomeFigure(context.Context, policy.IncomeFigure, string) error {
	return nil
}
func (f *fakeStore) SaveCalendarYear(context.Context, calendar.Year, string) error { return nil }
func (f *fakeStore) Regions(context.Context, []string, []string) (map[string]string, error) {
	return nil, nil
}
func (f *fakeStore) UpsertRoster(context.Context, []cases.Institution, []cases.Staff) error {
	return nil
}

// fakeFiles reads an upload as the evidence store does: the type from the
// first bytes, then the rest; a read error is the store's error, as there.
type fakeFiles struct{ cases.Files }

func (fakeFiles) Put(_ context.Context, _ string, r io.Reader, maxSize int64) (evidence.Stored, error) {
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return evidence.Stored{}, fmt.Errorf("read upload: %w", err)
	}
	ct, _, _ := strings.Cut(http.DetectContentType(head[:n]), ";")
	if !strings.HasPrefix(ct, "application/pdf") && !strings.HasPrefix(ct, "image/") {
		return evidence.Stored{}, ltc.Errorf(ltc.EInvalid, "不支持的文件类型 %s", "file type %s is not accepted", ct)
	}
	h := sha256.New()
	h.Write(head[:n])
	rest, err := io.Copy(h, io.LimitReader(r, maxSize))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) { // as minio-go, which takes a short read for the last part
		return evidence.Stored{}, fmt.Errorf("store evidence: %w", err)
	}
	return evidence.Stored{ContentType: ct, Size: int64(n) + rest, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

type fuzzAPI struct {
	h      http.Handler
	log    *lastLine
	store  *fakeStore
	tokens map[string]string // by role
}

func newFuzzAPI(t testing.TB) *fuzzAPI {
	catalog := forms.MustShipped()
	policies, err := policy.Load(catalog, "")
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC) }
	validator, err := forms.NewValidator(catalog, policies.Known, policies.UsesSelfAssessmentGate, now)
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := auth.New(strings.Repeat("fuzz-secret-", 4), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	last := &lastLine{}
	log := slog.New(slog.NewTextHandler(last, &slog.HandlerOptions{Level: slog.LevelWarn}))
	store := &fakeStore{}
	svc := &cases.Service{Store: store, Files: fakeFiles{}, Validator: validator, Catalog: catalog, Policies: policies,
		Log: log, Now: now, FamilyID: tokens.FamilyID}
	h, err := New(Deps{Cases: svc, Catalog: catalog, Policies: policies, Tokens: tokens, Validator: validator, Log: log, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	f := &fuzzAPI{h: h.API, log: last, store: store, tokens: map[string]string{}}
	for _, a := range []ltc.Actor{
		{ID: "ap-fuzz", Role: ltc.RoleApplicant}, {ID: "cw-demo-1", Role: ltc.RoleCaseworker, Region: "demo"},
		{ID: "as-demo-1", Role: ltc.RoleAssessor, Region: "demo"}, {ID: "cm-demo-1", Role: ltc.RoleCommittee, Region: "demo"},
		{ID: "ad-demo-1", Role: ltc.RoleAdmin, Region: "demo"}, {ID: "na-demo-1", Role: ltc.RoleNational},
	} {
		tok, err := tokens.Issue(a, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[string(a.Role)] = tok
	}
	return f
}

// bodyRoute is a route that binds a JSON body, with whom it is meant for.
type bodyRoute struct {
	method, path, role string
}

// jsonRoutes are every route with a JSON body (api/openapi.yaml), the case
// ones on a case nobody has.
var jsonRoutes = []bodyRoute{
	{"POST", "/api/v1/instruments/national-2021/score", ""},
	{"POST", "/api/v1/publicity/" + fuzzCaseID + "/objections", ""},
	{"POST", "/api/v1/cases", "applicant"},
	{"PUT", "/api/v1/cases/" + fuzzCaseID + "/assessment", "assessor"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/acceptance", "caseworker"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/resubmission", "applicant"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/withdrawal", "applicant"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/void", "caseworker"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/assignment/confirmation", "assessor"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/assignment/decline", "assessor"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/conflicts", "assessor"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/conclusion/confirmation", "assessor"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/objections", "applicant"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/objection-checks", "caseworker"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/votes", "committee"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/events", "caseworker"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/visit/proposal", "assessor"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/visit/choice", "applicant"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/visit/move", "applicant"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/visit/missed", "caseworker"},
	{"POST", "/api/v1/cases/" + fuzzCaseID + "/significant-change", "caseworker"},
	{"PUT", "/api/v1/admin/calendars/2026", "national"},
	{"PUT", "/api/v1/admin/roster", "admin"},
	{"PUT", "/api/v1/admin/income-figures/2026", "admin"},
}

var contentTypes = []string{"application/json", "application/json; charset=utf-8", "text/plain", "", "application/json; charset"}

// SeedBodies are the bodies the tests send, by route path suffix; every
// route is seeded with its own and each other's.
var seedBodies = []string{
	`{"items":{"eating":"dependent","continence":"dependent","bathing":"dependent","dressing":"dependent","toileting":"independent","transfer":"independent"}}`,
	`{"items":{"eating":5,"dressing":5,"grooming":0,"bowel":5,"bladder":5,"toileting":5,"walking":5,"transfer":5,"stairs":5,"bathing":0,"time_orientation":3,"person_orientation":3,"place_orientation":3,"memory":3,"vision":3,"hearing":3,"communication":3}}`,
	`{"reason":"生活能自理","contact":"13700137000"}`,
	`{"reason":"x\u0000y","contact":"13700137000"}`,
	`{"person":{"name":"张三","resident_id":"11010519491231002X","phone":"13800138000"},"scheme":"employee","region":"demo","address":"演示市幸福路1号","care_setting":"home","onset_date":"2025-03-01","diagnosis":"脑梗死后遗症","hospital":"演示市中心医院","agent":{"name":"张小三","relationship":"child","phone":"13900139000"},"consent":{"visit":true,"publicity":true},"self_assessment":{"items":{"eating":"dependent","continence":"dependent","bathing":"dependent","dressing":"dependent","toileting":"independent","transfer":"independent"}}}`,
	`{"person": 5}`,
	`{"instrument":"national-2021","items":{"eating":5,"dressing":5,"grooming":0,"bowel":5,"bladder":5,"toileting":5,"walking":5,"transfer":5,"stairs":5,"bathing":0,"time_orientation":3,"person_orientation":3,"place_orientation":3,"memory":3,"vision":3,"hearing":3,"communication":3},"visited_at":"2026-06-01T09:00:00+08:00","signatures":["as-demo-1","as-demo-2"]}`,
	`{"instrument":"national-2021","items":{},"grade":5,"visited_at":"2026-06-01T09:00:00+08:00","signatures":["as-demo-1"]}`,
	`{"decision":"accept","reason":"材料齐全"}`,
	`{"decision":"return","reason":"缺少\u0000诊断证明"}`,
	`{"reason":"已补充"}`,
	`{}`,
	`{"reason":"x"} trailing`,
	`{"assessor_id":"as-demo-2","reason":"亲属关系"}`,
	`{"objection_id":"5b0e6a43-93a1-4c55-8d4f-0d5f2f6d0c11","substantiated":true,"reason":"核实属实"}`,
	`{"grade":3,"reason":"同意评估结论"}`,
	`{"grade":-1}`,
	`{"event":"admission","reason":"住院"}`,
	`{"slots":[{"start":"2026-06-02T09:00:00+08:00","end":"2026-06-02T10:00:00+08:00"}]}`,
	`{"slots":[{"start":"2026-06-02T10:00:00+08:00","end":"2026-06-02T09:00:00+08:00"},{},{},{}]}`,
	`{"slot":0,"present":"张小三"}`,
	`{"absent":"family","reason":"家中无人"}`,
	`{"year":2026,"source":"国务院办公厅","holidays":[{"from":"2026-10-01","to":"2026-10-07","name":"国庆节"}],"working_weekends":[{"day":"2026-10-10","name":"国庆节调休"}]}`,
	`{"staff":[{"id":"as-xz-1","role":"assessor","name":"徐州评估员","region":"xuzhou"}]}`,
	`{"institutions":[{"id":"inst-1","name":"机构","region":"demo"}],"staff":[{"id":"s","role":"caseworker","name":"王","region":"demo","institution_id":"inst-1","is_expert":true}]}`,
	`{"fen":4500000,"source":"统计公报"}`,
	`{}""`, `[{},"x\u0000"]`, `[1,2,3]`, `null`, `"reason"`, `{"reason":"\ud800"}`, `{"reason":"a\u202eb"}`, `{"a":{"b":{"c":[[[[{}]]]]}}}`,
}

func (f *fuzzAPI) send(method, path, role, contentType string, body []byte, key string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if tok := f.tokens[role]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	f.h.ServeHTTP(rec, req)
	return rec
}

// lastLine keeps the last line logged: the cause of a 500.
type lastLine struct {
	mu   sync.Mutex
	line []byte
}

func (l *lastLine) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.line = append(l.line[:0], p...)
	return len(p), nil
}

func (l *lastLine) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.line)
}

// checkAnswer fails on a 5xx, and on a refusal that is not the one error
// shape with a reason in Chinese.
func (f *fuzzAPI) checkAnswer(t *testing.T, what string, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code >= 500 {
		t.Fatalf("%s: %d %.500s\nlogged: %.1000s", what, rec.Code, rec.Body.Bytes(), f.log)
	}
	if rec.Code >= 400 {
		var e errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Status != rec.Code || e.Error.Message.Zh == "" {
			t.Fatalf("%s: %d, not the error shape: %.500s", what, rec.Code, rec.Body.Bytes())
		}
	}
}

func FuzzJSONBodies(f *testing.F) {
	api := newFuzzAPI(f)
	for i := range jsonRoutes {
		for _, b := range seedBodies {
			f.Add(uint8(i), uint8(0), false, []byte(b))
		}
	}
	f.Add(uint8(2), uint8(2), true, []byte(`{"reason":"x"}`))
	f.Fuzz(func(t *testing.T, route, ct uint8, withKey bool, body []byte) {
		r := jsonRoutes[int(route)%len(jsonRoutes)]
		key := ""
		if withKey {
			key = "fuzz-key"
		}
		rec := api.send(r.method, r.path, r.role, contentTypes[int(ct)%len(contentTypes)], body, key)
		api.checkAnswer(t, fmt.Sprintf("%s %s %q", r.method, r.path, body), rec)
	})
}

// uploadSeeds are multipart bodies: the tests' files, and broken ones.
func uploadSeeds() [][]byte {
	part := func(filename string, content []byte, close bool) []byte {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.SetBoundary("fuzzboundary")
		w, _ := mw.CreateFormFile("file", filename)
		w.Write(content)
		if close {
			mw.Close()
		}
		return b.Bytes()
	}
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("诊断证明 "), 100)...)
	return [][]byte{
		part("诊断证明.pdf", pdf, true),
		part("../../etc/\u202egpj.exe", []byte("%PDF-1.4\n"), true),
		part("a.zip", []byte("PK\x03\x04\x14\x00\x00\x00"), true),
		part("cut.pdf", pdf, false),
		part("cut.pdf", []byte("%PDF"), false),
		[]byte("--fuzzboundary\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno filename\r\n--fuzzboundary--\r\n"),
		[]byte("--fuzzboundary\r\n\r\n"),
		[]byte(""),
	}
}

func FuzzUpload(f *testing.F) {
	api := newFuzzAPI(f)
	for _, b := range uploadSeeds() {
		f.Add(b, "multipart/form-data; boundary=fuzzboundary", false)
	}
	f.Add([]byte("x"), "multipart/form-data", true)
	f.Add([]byte("x"), "text/plain", false)
	f.Fuzz(func(t *testing.T, body []byte, contentType string, withKey bool) {
		key := ""
		if withKey {
			key = "fuzz-upload"
		}
		rec := api.send("POST", "/api/v1/cases/"+fuzzOpenID+"/evidence", "applicant", contentType, body, key)
		api.checkAnswer(t, fmt.Sprintf("upload %q %q", contentType, body), rec)
	})
}

// The fake is deep enough: an application that passes every check reaches
// the store, and an upload to the open case is stored.
func TestTheFuzzTargetsReachTheService(t *testing.T) {
	api := newFuzzAPI(t)
	rec := api.send("POST", "/api/v1/cases", "applicant", "application/json", []byte(seedBodies[4]), "")
	if rec.Code != http.StatusConflict || api.store.created.Load() != 1 {
		t.Fatalf("a good application: %d %s (store reached %d times)", rec.Code, rec.Body.Bytes(), api.store.created.Load())
	}
	rec = api.send("POST", "/api/v1/cases/"+fuzzOpenID+"/evidence", "applicant", "multipart/form-data; boundary=fuzzboundary", uploadSeeds()[0], "")
	if rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), `"content_type":"application/pdf"`) {
		t.Fatalf("an upload: %d %s", rec.Code, rec.Body.Bytes())
	}
	rec = api.send("POST", "/api/v1/cases/"+fuzzCaseID+"/acceptance", "caseworker", "application/json", []byte(`{"decision":"accept"}`), "")
	if rec.Code != http.StatusNotFound {
		t.Fatalf("an action on nobody's case: %d %s", rec.Code, rec.Body.Bytes())
	}
}

// An upload that breaks off is the client's error, 400, and nothing is
// stored: found by FuzzUpload as a 500, and by the limits test as a 201 with
// the part read stored as the whole file (minio-go takes the short read for
// the end).
func TestAnUploadCutOffIsTheClientsError(t *testing.T) {
	api := newFuzzAPI(t)
	for _, cut := range uploadSeeds()[3:5] {
		rec := api.send("POST", "/api/v1/cases/"+fuzzOpenID+"/evidence", "applicant", "multipart/form-data; boundary=fuzzboundary", cut, "")
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"code":"malformed"`) {
			t.Errorf("a cut-off upload of %d bytes: %d %s", len(cut), rec.Code, rec.Body.Bytes()) // a 201 stores the part read as the file
		}
	}
}

// A string after a closed object is a value, not a key: `{}""` panicked
// (index -1) in uncleanStrings, a 500 found by FuzzCaseBodies; and in
// [{},"x"] the string was taken for a key and misnamed.
func TestUncleanStringsAfterAnObject(t *testing.T) {
	for body, want := range map[string]string{
		`{}""`:                        `[]`,
		`{}"\u0000"`:                  `[""]`, // a top-level value has no path
		`[{},"x\u0000"]`:              `["1"]`,
		`{"a":[{}],"b":"\u0000"}`:     `["b"]`,
		`{"a":{"c":{}},"b":"\u0000"}`: `["b"]`,
	} {
		var fields []string
		for _, f := range uncleanStrings([]byte(body)) {
			fields = append(fields, f.Field)
		}
		if got := fmt.Sprintf("%q", fields); got != want {
			t.Errorf("%s: %s, want %s", body, got, want)
		}
	}
	api := newFuzzAPI(t)
	rec := api.send("POST", "/api/v1/cases/"+fuzzCaseID+"/conclusion/confirmation", "assessor", "application/json", []byte(`{}""`), "")
	if rec.Code != http.StatusBadRequest {
		t.Fatalf(`{}"": %d %s`, rec.Code, rec.Body.Bytes())
	}
}
