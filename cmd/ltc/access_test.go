package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc/postgres"
)

// What a request comes to, by who asks.
const (
	ok      = "ok"      // 2xx
	state   = "state"   // 409: the role may, but not in the case's state
	invalid = "invalid" // 422: admitted, the body or the step refused
	refused = "refused" // 403: the role may not
	hidden  = "hidden"  // 404 "no such case": the caller may not see the case
	missing = "missing" // 404 of something else (no conclusion yet, no such file)
)

// accessMatrix is the permission table as a person would state it, for a
// case whose team is assigned (awaiting the visit), the assessor on that
// team and a committee member who never saw the case; written out apart
// from ltc.Permissions, so that a rule dropped there turns this red.
var accessMatrix = []struct {
	method, path, body string
	want               map[string]string // by role: applicant, caseworker, assessor, committee, admin
}{
	{"GET", "/api/v1/cases", "", roles(ok, ok, ok, ok, ok)},
	{"POST", "/api/v1/cases", `{}`, roles(invalid, invalid, refused, refused, refused)},
	{"GET", "/api/v1/cases/{id}", "", roles(ok, ok, ok, hidden, ok)},
	{"GET", "/api/v1/cases/{id}/decision", "", roles(missing, missing, missing, hidden, missing)},
	{"GET", "/api/v1/cases/{id}/evidence/00000000-0000-0000-0000-000000000000", "", roles(missing, missing, missing, hidden, missing)},
	{"GET", "/api/v1/cases/{id}/public-objections", "", roles(refused, ok, refused, hidden, refused)},
	{"GET", "/api/v1/assignments", "", roles(refused, refused, ok, refused, refused)},
	{"POST", "/api/v1/cases/{id}/acceptance", `{"decision":"accept"}`, roles(refused, state, refused, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/resubmission", `{}`, roles(state, state, refused, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/assignment/confirmation", `{}`, roles(refused, refused, state, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/assignment/decline", `{}`, roles(refused, refused, state, hidden, refused)},
	{"PUT", "/api/v1/cases/{id}/assessment", `{"instrument":"national-2021","items":{},"signatures":["nobody"]}`, roles(refused, refused, invalid, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/conclusion/confirmation", `{}`, roles(refused, refused, refused, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/objections", `{"reason":"x"}`, roles(state, state, refused, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/objection-checks", `{"objection_id":"00000000-0000-0000-0000-000000000000","substantiated":false,"reason":"x"}`, roles(refused, state, refused, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/votes", `{"grade":3,"reason":"x"}`, roles(refused, refused, refused, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/events", `{"event":"admission"}`, roles(refused, state, refused, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/events", `{"event":"status_change","reason":"x"}`, roles(state, state, refused, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/significant-change", `{"reason":"x"}`, roles(refused, state, refused, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/conflicts", `{"assessor_id":"as-demo-4","reason":"亲属"}`, roles(refused, ok, "", hidden, refused)},
	{"POST", "/api/v1/cases/{id}/void", `{"reason":"x"}`, roles(refused, "", refused, hidden, refused)},
	{"POST", "/api/v1/cases/{id}/withdrawal", `{}`, roles("", "", refused, hidden, refused)},
	{"PUT", "/api/v1/admin/roster", `{}`, roles(refused, refused, refused, refused, ok)},
	{"PUT", "/api/v1/admin/calendars/2027", `{"year":2027,"source":"t","holidays":[],"working_weekends":[]}`, roles(refused, refused, refused, refused, refused)},
	{"GET", "/api/v1/admin/access-log", "", roles(refused, refused, refused, refused, ok)},
	{"POST", "/api/v1/codec/decode", `{"payloads":[]}`, roles(refused, refused, refused, refused, ok)},
	{"POST", "/api/v1/codec/encode", `{"payloads":[]}`, roles(refused, refused, refused, refused, ok)},
}

var matrixRoles = []string{"applicant", "caseworker", "assessor", "committee", "admin"}

// roles lists the outcomes in the order of matrixRoles; "" is not asked
// here (it would change the case: tested by the paths that do it).
func roles(outcomes ...string) map[string]string {
	m := map[string]string{}
	for i, o := range outcomes {
		if o != "" {
			m[matrixRoles[i]] = o
		}
	}
	return m
}

func outcome(r response) string {
	switch {
	case r.status >= 200 && r.status < 300:
		return ok
	case r.status == http.StatusConflict:
		return state
	case r.status == http.StatusUnprocessableEntity:
		return invalid
	case r.status == http.StatusForbidden:
		return refused
	case r.status == http.StatusNotFound && strings.Contains(string(r.raw), "没有这个案件"):
		return hidden
	case r.status == http.StatusNotFound:
		return missing
	}
	return fmt.Sprintf("%d", r.status)
}

func TestAccessMatrix(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	w.id = created.body["id"].(string)
	w.accept()
	team := w.confirmTeam()
	// An assessment expert on the team may confirm conclusions, once there is one to confirm.
	expertOnTeam := s.isExpert(team[0])
	tokens := map[string]string{
		"applicant": w.applicant, "caseworker": w.caseworker, "assessor": s.token("assessor", team[0]),
		"committee": s.token("committee", "cm-demo-1"), "admin": s.token("admin", "ad-demo-1"),
	}
	for _, route := range accessMatrix {
		path := strings.ReplaceAll(route.path, "{id}", w.id)
		for _, role := range matrixRoles {
			want, asked := route.want[role]
			if !asked {
				continue
			}
			if role == "assessor" && expertOnTeam && strings.HasSuffix(route.path, "/conclusion/confirmation") {
				want = state
			}
			var body io.Reader
			if route.body != "" {
				body = strings.NewReader(route.body)
			}
			if got := outcome(s.do(route.method, path, tokens[role], body, nil)); got != want {
				t.Errorf("%s %s as %s: %s, want %s", route.method, route.path, role, got, want)
			}
		}
		if r := s.do(route.method, path, "", strings.NewReader(route.body), nil); r.status != http.StatusUnauthorized {
			t.Errorf("%s %s without a token: %d, want 401", route.method, route.path, r.status)
		}
	}
	// A stranger applicant and another region's caseworker do not even see the case.
	if got := outcome(s.json("GET", "/api/v1/cases/"+w.id, s.token("applicant", "ap-stranger"), nil, nil)); got != hidden {
		t.Errorf("a stranger applicant: %s", got)
	}
	if got := outcome(s.do("GET", "/api/v1/cases/"+w.id, s.tokenIn("caseworker", "cw-xz-1", "xuzhou"), nil, nil)); got != hidden {
		t.Errorf("a caseworker of another region: %s", got)
	}
	// The national administration writes the calendar.
	year := `{"year":2027,"source":"t","holidays":[],"working_weekends":[]}`
	if r := s.do("PUT", "/api/v1/admin/calendars/2027", s.token("national", "na-demo-1"), strings.NewReader(year), nil); r.status != http.StatusOK {
		t.Errorf("the national calendar by the national administration: %d %s", r.status, r.raw)
	}
}

func (s *stack) isExpert(staffID string) bool {
	db, err := postgres.Open(context.Background(), loadConfig(s.getenv).DatabaseURL)
	if err != nil {
		s.t.Fatal(err)
	}
	defer db.Close()
	expert, err := db.IsExpert(context.Background(), staffID)
	if err != nil {
		s.t.Fatal(err)
	}
	return expert
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestListsLettersDownloadsAndAdmin(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	w.id = created.body["id"].(string)
	doc := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("病历 "), 500)...)
	up := s.upload(w.id, w.applicant, "病历.pdf", doc)
	w.accept()
	w.visit(w.confirmTeam())
	w.waitFor(func(b map[string]any) bool { return b["status"] == "valid" }, 60*time.Second)

	// The letter.
	letter := s.json("GET", "/api/v1/cases/"+w.id+"/decision", w.applicant, nil, nil)
	if letter.status != http.StatusOK || letter.body["grade_name"] != "重度失能Ⅰ级" || letter.body["name"] != "张三" ||
		!strings.Contains(letter.body["resident_id"].(string), "**********") || letter.body["benefit_statement"] == nil {
		t.Fatalf("letter: %d %s", letter.status, letter.raw)
	}
	// The letter as a PDF: issued once, the same bytes afterwards, its hash kept, its code checkable by anyone.
	s.checkLetterPDF(w)

	// A download link that works, for the case's applicant only.
	link := s.json("GET", "/api/v1/cases/"+w.id+"/evidence/"+up.body["id"].(string), w.applicant, nil, nil)
	resp, err := http.Get(link.body["url"].(string))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, doc) {
		t.Fatalf("download: %d bytes, want %d", len(got), len(doc))
	}
	if r := s.json("GET", "/api/v1/cases/"+w.id+"/evidence/"+up.body["id"].(string), s.token("applicant", "ap-stranger"), nil, nil); r.status != http.StatusNotFound {
		t.Fatalf("a stranger got a link: %d", r.status)
	}

	// Lists: the applicant's own, a page at a time; the caseworker's by name; bad filters are 422.
	for i := 0; i < 2; i++ {
		other := s.json("POST", "/api/v1/cases", w.applicant, application(s.newWalk().residentID), nil)
		if other.status != http.StatusCreated {
			t.Fatalf("case %d: %d %s", i, other.status, other.raw)
		}
	}
	page1 := s.json("GET", "/api/v1/cases?limit=2", w.applicant, nil, nil)
	next, _ := page1.body["next"].(string)
	page2 := s.json("GET", "/api/v1/cases?limit=2&after="+next, w.applicant, nil, nil)
	if len(page1.body["cases"].([]any)) != 2 || next == "" || len(page2.body["cases"].([]any)) != 1 || page2.body["next"] != nil {
		t.Fatalf("pages: %s / %s", page1.raw, page2.raw)
	}
	valid := s.json("GET", "/api/v1/cases?status=valid&q=张&limit=100", w.caseworker, nil, nil)
	if valid.status != http.StatusOK || !strings.Contains(string(valid.raw), w.id) {
		t.Fatalf("caseworker list: %d", valid.status)
	}
	if bad := s.json("GET", "/api/v1/cases?status=nonsense&limit=500", w.caseworker, nil, nil); bad.status != http.StatusUnprocessableEntity ||
		len(bad.body["error"].(map[string]any)["fields"].([]any)) != 2 {
		t.Fatalf("bad filters: %d %s", bad.status, bad.raw)
	}

	// Admin: a calendar year, refused when wrong; a roster of another region is refused.
	admin := s.token("admin", "ad-demo-1")
	national := s.token("national", "na-demo-1")
	year := `{"year":2027,"source":"test","holidays":[{"from":"2027-10-01","to":"2027-10-07","name":"国庆节"}],"working_weekends":[{"day":"2027-10-09","name":"国庆节调休"}]}`
	if r := s.do("PUT", "/api/v1/admin/calendars/2027", admin, strings.NewReader(year), nil); r.status != http.StatusForbidden {
		t.Fatalf("a regional administrator wrote the national calendar: %d %s", r.status, r.raw)
	}
	if r := s.do("PUT", "/api/v1/admin/calendars/2027", national, strings.NewReader(year), nil); r.status != http.StatusOK {
		t.Fatalf("calendar: %d %s", r.status, r.raw)
	}
	wrong := strings.Replace(year, "2027-10-09", "2027-10-08", 1) // a Friday is no working weekend
	if r := s.do("PUT", "/api/v1/admin/calendars/2027", national, strings.NewReader(wrong), nil); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a wrong calendar: %d %s", r.status, r.raw)
	}
	roster := `{"staff":[{"id":"as-xz-9","role":"assessor","name":"外地评估员","region":"xuzhou"}]}`
	if r := s.do("PUT", "/api/v1/admin/roster", admin, strings.NewReader(roster), nil); r.status != http.StatusForbidden {
		t.Fatalf("another region's roster: %d %s", r.status, r.raw)
	}

	// Metrics count requests by route pattern, on their own listener only.
	resp, err = http.Get(s.metrics + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(metrics), `ltc_http_requests_total{method="GET",route="/api/v1/cases/:id/decision",status="200"}`) {
		t.Fatalf("metrics lack the decision route")
	}
	if r := s.do("GET", "/metrics", "", nil, nil); r.status != http.StatusNotFound {
		t.Fatalf("the API serves metrics to anyone: %d", r.status)
	}
}
