package main

import (
	"bytes"
	"errors"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/servicetest"
)

// The defects an outside probe found (issue 9), one test each, over HTTP.

// 1. One NUL character must not freeze a case: refused at the edge, and the
// case goes on to its decision; an action the workflow cannot take in time
// is a 503 to retry, never a hanging request.
func TestNULIsRefusedAtTheEdgeAndTheCaseGoesOn(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()
	w.id = s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil).body["id"].(string)
	returned := s.json("POST", "/api/v1/cases/"+w.id+"/acceptance", w.caseworker, map[string]any{"decision": "return", "reason": "缺少\x00诊断证明"}, nil)
	if returned.status != http.StatusUnprocessableEntity || !strings.Contains(string(returned.raw), `"field":"reason"`) {
		t.Fatalf("a return reason with NUL: %d %s", returned.status, returned.raw)
	}
	w.accept()
	w.visit(w.confirmTeam())
	w.waitFor(func(b map[string]any) bool { return b["status"] == "publicity" }, 30*time.Second)
	objection := s.json("POST", "/api/v1/publicity/"+w.id+"/objections", "", map[string]any{"reason": "x\x00y", "contact": "13700137000"}, nil)
	if objection.status != http.StatusUnprocessableEntity || !strings.Contains(string(objection.raw), `"field":"reason"`) {
		t.Fatalf("a public objection with NUL: %d %s", objection.status, objection.raw)
	}
	w.waitFor(func(b map[string]any) bool { return b["status"] == "valid" }, 60*time.Second)
}

func TestAnActionTheWorkflowCannotTakeInTimeIs503(t *testing.T) {
	s := startStackWith(t, map[string]string{"LTC_ACTION_TIMEOUT": "2s"}, "serve") // no worker takes the action
	w := s.newWalk()
	w.id = s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil).body["id"].(string)
	began := time.Now()
	r := s.json("POST", "/api/v1/cases/"+w.id+"/acceptance", w.caseworker, map[string]any{"decision": "accept"}, nil)
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" || time.Since(began) > 10*time.Second {
		t.Fatalf("an action nobody takes: %d after %s, Retry-After %q: %s", r.status, time.Since(began), r.header.Get("Retry-After"), r.raw)
	}
}

// 2. A public objection is checked before it orders anything (the objection
// test walks that path); it is rate-limited per client, and a case that is
// not in publicity gets the same answer whatever became of it.
func TestPublicObjectionsAreLimitedAndRevealNothing(t *testing.T) {
	s := startStackWith(t, map[string]string{"LTC_TRUSTED_PROXIES": "127.0.0.1"}) // a proxy in front names the client
	w := s.newWalk()
	w.id = s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil).body["id"].(string)
	body := map[string]any{"reason": "生活能自理", "contact": "13700137000"}
	answers := map[string]string{}
	for name, id := range map[string]string{"unknown": uuid.NewString(), "not a uuid": "abc", "awaiting acceptance": w.id} {
		r := s.json("POST", "/api/v1/publicity/"+id+"/objections", "", body, nil)
		answers[name] = fmt.Sprintf("%d %s", r.status, r.raw)
	}
	if answers["unknown"] != answers["awaiting acceptance"] || answers["unknown"] != answers["not a uuid"] || !strings.HasPrefix(answers["unknown"], "404") {
		t.Fatalf("the answers differ by what became of the case: %v", answers)
	}
	w.accept()
	w.visit(w.confirmTeam())
	w.waitFor(func(b map[string]any) bool { return b["status"] == "publicity" }, 30*time.Second)
	id := uuid.New()
	client := map[string]string{"X-Forwarded-For": fmt.Sprintf("198.51.%d.%d", id[0], id[1])}
	var statuses []int
	for range 7 {
		r := s.json("POST", "/api/v1/publicity/"+w.id+"/objections", "", body, client)
		statuses = append(statuses, r.status)
		if r.status == http.StatusTooManyRequests && r.header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
	}
	if fmt.Sprint(statuses) != "[202 202 202 202 202 429 429]" {
		t.Fatalf("seven objections from one client in an hour: %v", statuses)
	}
}

// 3. The insured person's identity is the insurance record's: another
// person's ID number with another name is refused; a caseworker voids an
// application made in someone else's name and the person may apply.
func TestApplyingInAnotherPersonsNameIsRefusedOrVoided(t *testing.T) {
	s := startStack(t)
	w := s.newWalk() // the record says 张三
	impostor := application(w.residentID)
	impostor["person"].(map[string]any)["name"] = "李四"
	r := s.json("POST", "/api/v1/cases", s.token("applicant", "ap-impostor"), impostor, nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(string(r.raw), `"field":"person.name"`) {
		t.Fatalf("another person's ID number under another name: %d %s", r.status, r.raw)
	}
	// The family's own earlier application, withdrawn.
	earlier := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	if r := s.act("POST", "/api/v1/cases/"+earlier.body["id"].(string)+"/withdrawal", w.applicant, map[string]any{"reason": "先撤回"}); r.status != http.StatusOK {
		t.Fatalf("withdraw: %d %s", r.status, r.raw)
	}
	// One who knows the name too gets a case, which a caseworker voids; it
	// never rewrites the phone the family gave.
	withName := application(w.residentID)
	withName["person"].(map[string]any)["phone"] = "13700137000"
	stolen := s.json("POST", "/api/v1/cases", s.token("applicant", "ap-impostor"), withName, nil)
	if stolen.status != http.StatusCreated {
		t.Fatalf("apply: %d %s", stolen.status, stolen.raw)
	}
	var name, phone string
	err := s.dbRow(`SELECT p.name, c.application->'person'->>'phone' FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.id = $1`,
		earlier.body["id"]).Scan(&name, &phone)
	if err != nil || name != "张三" || phone != "13800138000" {
		t.Fatalf("the family's earlier case after another's application: %q %q %v", name, phone, err)
	}
	if r := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil); r.status != http.StatusConflict {
		t.Fatalf("the family while the other case is open: %d", r.status)
	}
	voided := s.act("POST", "/api/v1/cases/"+stolen.body["id"].(string)+"/void", w.caseworker, map[string]any{"reason": "冒用他人身份申请，家属来电核实"})
	if voided.status != http.StatusOK || voided.body["status"] != "void" {
		t.Fatalf("void: %d %s", voided.status, voided.raw)
	}
	if r := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil); r.status != http.StatusCreated || r.body["person_name"] != "张三" {
		t.Fatalf("the family after the void: %d %s", r.status, r.raw)
	}
}

// 4. Missing claims do not widen access.
func TestClaimsAreCheckedAndAdminsStayInTheirRegion(t *testing.T) {
	s := startStack(t, "serve")
	if err := run(t.Context(), []string{"token", "-role", "caseworker", "-id", "cw-x"}, s.getenv, &bytes.Buffer{}); err == nil {
		t.Fatal("ltc token issued a caseworker token without a region")
	}
	now := time.Now()
	forged := map[string]jwt.MapClaims{
		"no region":        {"iss": "ltc", "aud": "ltc-api", "sub": "cw-x", "role": "caseworker", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()},
		"too long":         {"iss": "ltc", "aud": "ltc-api", "sub": "cw-x", "role": "caseworker", "region": "demo", "iat": now.Unix(), "exp": now.Add(60 * 24 * time.Hour).Unix()},
		"issued in future": {"iss": "ltc", "aud": "ltc-api", "sub": "cw-x", "role": "caseworker", "region": "demo", "iat": now.Add(time.Hour).Unix(), "exp": now.Add(2 * time.Hour).Unix()},
	}
	for name, claims := range forged {
		token, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(devTokenSecret))
		if r := s.json("GET", "/api/v1/cases", token, nil, nil); r.status != http.StatusUnauthorized {
			t.Errorf("a token %s: %d", name, r.status)
		}
	}
	admin := s.token("admin", "ad-demo-1")
	other := servicetestID(t)
	csv := enrolmentHeader + other + ",王五,xuzhou,employee,2019-01-01,,2019-01-01,false,0,false,false,false,false\n"
	r := s.do("POST", "/api/v1/admin/enrolments", admin, strings.NewReader(csv), map[string]string{"Content-Type": "text/csv"})
	if r.status != http.StatusOK || r.body["inserted"] != float64(0) || r.body["refused_count"] != float64(1) {
		t.Fatalf("another region's rows: %d %s", r.status, r.raw)
	}
	xuzhou := s.tokenIn("admin", "ad-xz-1", "xuzhou")
	mine := `{"staff":[{"id":"as-xz-1","role":"assessor","name":"徐州评估员","region":"xuzhou"}]}`
	if r := s.do("PUT", "/api/v1/admin/roster", xuzhou, strings.NewReader(mine), nil); r.status != http.StatusOK {
		t.Fatalf("xuzhou's own roster: %d %s", r.status, r.raw)
	}
	moved := `{"staff":[{"id":"as-xz-1","role":"assessor","name":"徐州评估员","region":"demo"}]}`
	if r := s.do("PUT", "/api/v1/admin/roster", admin, strings.NewReader(moved), nil); r.status != http.StatusForbidden {
		t.Fatalf("moving another region's assessor into demo: %d %s", r.status, r.raw)
	}
}

// 5. An Idempotency-Key names one request of one caller on one route and case.
func TestIdempotencyKeysAreScopedAndDuplicatesWait(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()
	key := map[string]string{"Idempotency-Key": "same-key-" + w.residentID}
	var wg sync.WaitGroup
	created := make([]response, 6)
	for i := range created {
		wg.Go(func() { created[i] = s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), key) })
	}
	wg.Wait()
	for _, r := range created {
		if r.status != http.StatusCreated || r.body["id"] != created[0].body["id"] {
			t.Fatalf("six concurrent creations with one key: %d %s", r.status, r.raw)
		}
	}
	w.id = created[0].body["id"].(string)
	if r := s.json("POST", "/api/v1/cases/"+w.id+"/acceptance", w.caseworker, map[string]any{"decision": "return", "reason": "缺少诊断证明"}, key); r.body["status"] != "correction" {
		t.Fatalf("return: %d %s", r.status, r.raw)
	}
	if r := s.json("POST", "/api/v1/cases/"+w.id+"/resubmission", w.applicant, map[string]any{"reason": "已补充"}, key); r.status != http.StatusOK {
		t.Fatalf("resubmission with the key of the return: %d %s", r.status, r.raw)
	}
	w.waitFor(func(b map[string]any) bool { return strings.Contains(string(mustJSON(b["history"])), `"resubmitted"`) }, 10*time.Second)

	doc := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("病历 "), 100)...)
	uploads := make([]response, 6)
	for i := range uploads {
		wg.Go(func() { uploads[i] = s.uploadWith(w.id, w.applicant, "病历.pdf", doc, key) })
	}
	wg.Wait()
	for _, r := range uploads {
		if r.status != http.StatusCreated || r.body["id"] != uploads[0].body["id"] {
			t.Fatalf("six concurrent uploads with one key: %d %s", r.status, r.raw)
		}
	}
	if evs := s.json("GET", "/api/v1/cases/"+w.id, w.applicant, nil, nil).body["evidence"].([]any); len(evs) != 1 {
		t.Fatalf("%d files stored for one upload", len(evs))
	}
}

// 6. Bad input is a 4xx that names it, never a 500 or an outage.
func TestBadInputIsAClientError(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()
	w.id = s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil).body["id"].(string)
	for _, query := range []string{"q=%00", "q=%FF%FE", "assessor=a%00", "region=%00", "after=%00", "status=%00"} {
		if r := s.do("GET", "/api/v1/cases?"+query, w.caseworker, nil, nil); r.status != http.StatusUnprocessableEntity {
			t.Errorf("GET /api/v1/cases?%s: %d %s", query, r.status, r.raw)
		}
	}
	if r := s.json("POST", "/api/v1/cases/"+w.id+"/withdrawal", w.applicant, map[string]any{}, map[string]string{"Idempotency-Key": "键\xff"}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a key that is not printable ASCII: %d", r.status)
	}
	junk := s.do("POST", "/api/v1/cases/"+w.id+"/objections", w.applicant, strings.NewReader(`{"reason":"x"} trailing`), nil)
	plain := s.do("POST", "/api/v1/cases/"+w.id+"/objections", w.applicant, strings.NewReader(`{"reason":"x"}`), map[string]string{"Content-Type": "text/plain"})
	if junk.status != http.StatusBadRequest || plain.status != http.StatusUnsupportedMediaType {
		t.Errorf("trailing junk: %d; text/plain: %d", junk.status, plain.status)
	}
	app := application(servicetestID(t))
	items := map[string]any{}
	for i := range 50_000 {
		items[fmt.Sprintf("x%d", i)] = "dependent"
	}
	app["self_assessment"] = map[string]any{"items": items}
	if r := s.json("POST", "/api/v1/cases", w.applicant, app, nil); r.status != http.StatusUnprocessableEntity || len(r.raw) > 16<<10 {
		t.Errorf("50,000 unknown items: %d, %d bytes", r.status, len(r.raw))
	}
	if r := s.uploadRawName(w.id, w.applicant, "a\x00b.pdf", []byte("%PDF-1.4\n")); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(string(r.raw), `"field":"file"`) {
		t.Errorf("a filename with NUL, which makes the part unreadable: %d %.200s", r.status, r.raw)
	}
	for name, want := range map[string]string{
		"../../etc/\u202egpj.exe":    "gpj.exe",
		strings.Repeat("长", 500_000): strings.Repeat("长", 100),
	} {
		r := s.uploadRawName(w.id, w.applicant, name, []byte("%PDF-1.4\n"))
		if r.status != http.StatusCreated || r.body["filename"] != want {
			t.Errorf("filename %.30q: %d %.200s", name, r.status, r.raw)
		}
	}
	var csv strings.Builder
	csv.WriteString(enrolmentHeader)
	for range 30_000 {
		csv.WriteString("bad,row,xx,,,,,,,,,,\n")
	}
	r := s.do("POST", "/api/v1/admin/enrolments", s.token("admin", "ad-demo-1"), strings.NewReader(csv.String()), map[string]string{"Content-Type": "text/csv"})
	if r.status != http.StatusOK || r.body["refused_count"].(float64) < 30_000 || len(r.body["refused"].([]any)) > 100 || len(r.raw) > 64<<10 {
		t.Errorf("30,000 bad rows: %d, %d bytes", r.status, len(r.raw))
	}
}

// 7. Who may add files, and when, is the permission table's.
func TestClosedCasesAndOutsidersTakeNoFiles(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()
	w.id = s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil).body["id"].(string)
	w.accept()
	team := w.confirmTeam()
	w.agreeVisit(team)
	form := map[string]any{"instrument": "national-2021", "items": mildItems, "visited_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "signatures": team}
	if r := s.act("PUT", "/api/v1/cases/"+w.id+"/assessment", s.token("assessor", team[0]), form); r.status != http.StatusOK {
		t.Fatalf("assessment: %d %s", r.status, r.raw)
	}
	doc := []byte("%PDF-1.4\n")
	for _, outsider := range []string{"as-demo-1", "as-demo-2", "as-demo-3", "as-demo-4"} {
		if !contains(team, outsider) {
			if r := s.upload(w.id, s.token("assessor", outsider), "照片.pdf", doc); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
				t.Errorf("%s, not on the team, uploaded during confirmation: %d", outsider, r.status)
			}
		}
	}
	withdrawn := s.act("POST", "/api/v1/cases/"+w.id+"/withdrawal", w.applicant, map[string]any{"reason": "家属决定暂不申请"})
	if withdrawn.body["status"] != "withdrawn" {
		t.Fatalf("withdraw: %d %s", withdrawn.status, withdrawn.raw)
	}
	for who, token := range map[string]string{"caseworker": w.caseworker, "team": s.token("assessor", team[0]), "applicant": w.applicant} {
		if r := s.upload(w.id, token, "补充.pdf", doc); r.status < 400 || r.status >= 500 {
			t.Errorf("the %s uploaded to a closed case: %d", who, r.status)
		}
	}
}

// 8. The committee searches names as it sees them: masked.
func TestCommitteeSearchesOnlyWhatItSees(t *testing.T) {
	s := startStack(t)
	w := s.newWalk() // 张三 on the record: the committee sees 张*
	w.id = s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil).body["id"].(string)
	w.accept()
	w.visitWith(w.confirmTeam(), mildItems) // inconsistent with the self-assessment: audited
	w.waitFor(func(b map[string]any) bool { return b["status"] == "committee_audit" }, 30*time.Second)
	committee := s.token("committee", "cm-demo-1")
	if r := s.json("GET", "/api/v1/cases?q=张&limit=100", committee, nil, nil); !strings.Contains(string(r.raw), w.id) || strings.Contains(string(r.raw), "张三") {
		t.Fatalf("the committee's search for the family name: %s", r.raw)
	}
	if r := s.json("GET", "/api/v1/cases?q=三&limit=100", committee, nil, nil); strings.Contains(string(r.raw), w.id) {
		t.Fatal("the committee's search found a masked character")
	}
}

// 9. A client that sends its request a byte a second cannot hold a
// connection: the server gives up on it when the headers' time is over.
func TestASlowClientIsCutOff(t *testing.T) {
	s := startStack(t, "serve")
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	if _, err := conn.Write([]byte("GET /api/v1/publicity HTTP/1.1\r\nHost: ltc\r\n")); err != nil {
		t.Fatal(err)
	}
	for time.Since(start) < readHeaderTimeout+5*time.Second {
		_ = conn.SetReadDeadline(time.Now().Add(time.Second))
		if _, err := conn.Read(make([]byte, 1)); err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			if held := time.Since(start); held < readHeaderTimeout-time.Second {
				t.Fatalf("cut off after %s, before the headers' time", held)
			}
			return // closed by the server
		}
		if _, err := conn.Write([]byte("X")); err != nil {
			return // closed by the server
		}
	}
	t.Fatalf("a client sending a byte a second held the connection for %s", time.Since(start))
}

// 9. Answers carry the security headers, and personal data is not cached.
func TestAnswersAreNotCachedNorFramed(t *testing.T) {
	s := startStack(t, "serve")
	w := s.newWalk()
	r := s.json("GET", "/api/v1/cases", w.applicant, nil, nil)
	for header, want := range map[string]string{"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
		"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
		if got := r.header.Get(header); got != want {
			t.Errorf("%s: %q, want %q", header, got, want)
		}
	}
	if !strings.Contains(r.header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy: %q", r.header.Get("Content-Security-Policy"))
	}
}

func servicetestID(t *testing.T) string { return servicetest.NewResidentID(t) }

// uploadRawName uploads under a filename sent as it is, bytes and all.
func (s *stack) uploadRawName(caseID, token, filename string, content []byte) response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+strings.ReplaceAll(filename, `"`, "")+`"`)
	part, _ := mw.CreatePart(h)
	part.Write(content)
	mw.Close()
	return s.do("POST", "/api/v1/cases/"+caseID+"/evidence", token, &body, map[string]string{"Content-Type": mw.FormDataContentType()})
}

// A caseworker files a paper application for a family: the family, signing
// in with the agent's phone number, sees it among their cases.
func TestAFamilySeesThePaperApplicationFiledForThem(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()
	filed := s.json("POST", "/api/v1/cases", w.caseworker, application(w.residentID), nil)
	if filed.status != http.StatusCreated {
		t.Fatalf("a paper application: %d %s", filed.status, filed.raw)
	}
	tokens, _ := auth.New(devTokenSecret, time.Now)
	family := s.token("applicant", tokens.FamilyID("13900139000")) // the agent's phone in the application
	list := s.json("GET", "/api/v1/cases", family, nil, nil)
	if !strings.Contains(string(list.raw), filed.body["id"].(string)) {
		t.Fatalf("the family's list: %s", list.raw)
	}
	if r := s.json("GET", "/api/v1/cases/"+filed.body["id"].(string), s.token("applicant", tokens.FamilyID("13912345678")), nil, nil); r.status != http.StatusNotFound {
		t.Fatalf("another family sees the case: %d", r.status)
	}
	// The family acts on it too: the workflow, which knows only who filed
	// it, takes the family's withdrawal.
	r := s.act("POST", "/api/v1/cases/"+filed.body["id"].(string)+"/withdrawal", family, map[string]any{"reason": "家属撤回"})
	if r.status != http.StatusOK || r.body["status"] != "withdrawn" {
		t.Fatalf("the family's withdrawal: %d %s", r.status, r.raw)
	}
}
