package main

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The access rules, written out: for each route, the roles it admits. Others
// get 403 (401 without a token); a role admitted to a route still sees only
// its own cases (404 otherwise).
var accessMatrix = []struct {
	method, path string
	allowed      []string
}{
	{"GET", "/api/v1/cases", []string{"applicant", "caseworker", "assessor", "committee", "admin"}},
	{"POST", "/api/v1/cases", []string{"applicant", "caseworker"}},
	{"GET", "/api/v1/cases/{id}", []string{"applicant", "caseworker", "admin"}},
	{"GET", "/api/v1/cases/{id}/decision", []string{"applicant", "caseworker", "admin"}},
	{"POST", "/api/v1/cases/{id}/evidence", []string{"applicant", "caseworker", "assessor"}},
	{"POST", "/api/v1/cases/{id}/acceptance", []string{"caseworker"}},
	{"POST", "/api/v1/cases/{id}/resubmission", []string{"applicant", "caseworker"}},
	{"POST", "/api/v1/cases/{id}/withdrawal", []string{"applicant", "caseworker"}},
	{"GET", "/api/v1/assignments", []string{"assessor"}},
	{"POST", "/api/v1/cases/{id}/assignment/confirmation", []string{"assessor"}},
	{"POST", "/api/v1/cases/{id}/assignment/decline", []string{"assessor"}},
	{"PUT", "/api/v1/cases/{id}/assessment", []string{"assessor"}},
	{"POST", "/api/v1/cases/{id}/conclusion/confirmation", []string{"assessor"}},
	{"POST", "/api/v1/cases/{id}/objections", []string{"applicant", "caseworker"}},
	{"POST", "/api/v1/cases/{id}/votes", []string{"committee"}},
	{"POST", "/api/v1/cases/{id}/events", []string{"applicant", "caseworker"}},
	{"POST", "/api/v1/cases/{id}/significant-change", []string{"caseworker"}},
	{"POST", "/api/v1/admin/enrolments", []string{"admin"}},
	{"PUT", "/api/v1/admin/calendars/2027", []string{"admin"}},
	{"PUT", "/api/v1/admin/roster", []string{"admin"}},
}

func TestAccessMatrix(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	w.id = created.body["id"].(string)
	tokens := map[string]string{
		"applicant": w.applicant, "caseworker": w.caseworker, "assessor": s.token("assessor", "as-demo-2"),
		"committee": s.token("committee", "cm-demo-1"), "admin": s.token("admin", "ad-demo-1"),
	}
	for _, route := range accessMatrix {
		path := strings.ReplaceAll(route.path, "{id}", w.id)
		for role, token := range tokens {
			r := s.do(route.method, path, token, strings.NewReader("{}"), nil)
			allowed := contains(route.allowed, role)
			if allowed && (r.status == http.StatusForbidden || r.status == http.StatusUnauthorized) {
				t.Errorf("%s %s as %s: %d, want admitted", route.method, route.path, role, r.status)
			}
			if !allowed && r.status != http.StatusForbidden && r.status != http.StatusNotFound {
				t.Errorf("%s %s as %s: %d, want 403 or 404", route.method, route.path, role, r.status)
			}
			if r.status >= 500 {
				t.Errorf("%s %s as %s: %d %s", route.method, route.path, role, r.status, r.raw)
			}
		}
		if r := s.do(route.method, path, "", strings.NewReader("{}"), nil); r.status != http.StatusUnauthorized {
			t.Errorf("%s %s without a token: %d, want 401", route.method, route.path, r.status)
		}
	}
	// An applicant admitted to a route sees only their own cases.
	if r := s.json("GET", "/api/v1/cases/"+w.id, s.token("applicant", "ap-stranger"), nil, nil); r.status != http.StatusNotFound {
		t.Errorf("a stranger applicant got %d", r.status)
	}
	// Caseworkers see their own region's cases only.
	other := s.do("GET", "/api/v1/cases/"+w.id, s.tokenIn("caseworker", "cw-xz-1", "xuzhou"), nil, nil)
	if other.status != http.StatusNotFound {
		t.Errorf("a caseworker of another region got %d", other.status)
	}
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
	year := `{"year":2027,"source":"test","holidays":[{"from":"2027-10-01","to":"2027-10-07","name":"国庆节"}],"working_weekends":[{"day":"2027-10-09","name":"国庆节调休"}]}`
	if r := s.do("PUT", "/api/v1/admin/calendars/2027", admin, strings.NewReader(year), nil); r.status != http.StatusOK {
		t.Fatalf("calendar: %d %s", r.status, r.raw)
	}
	wrong := strings.Replace(year, "2027-10-09", "2027-10-08", 1) // a Friday is no working weekend
	if r := s.do("PUT", "/api/v1/admin/calendars/2027", admin, strings.NewReader(wrong), nil); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a wrong calendar: %d %s", r.status, r.raw)
	}
	roster := `{"staff":[{"id":"as-xz-9","role":"assessor","name":"外地评估员","region":"xuzhou"}]}`
	if r := s.do("PUT", "/api/v1/admin/roster", admin, strings.NewReader(roster), nil); r.status != http.StatusForbidden {
		t.Fatalf("another region's roster: %d %s", r.status, r.raw)
	}

	// Metrics count requests by route pattern.
	m := s.do("GET", "/metrics", "", nil, nil)
	if !strings.Contains(string(m.raw), `ltc_http_requests_total{method="GET",route="/api/v1/cases/:id/decision",status="200"}`) {
		t.Fatalf("metrics lack the decision route")
	}
}
