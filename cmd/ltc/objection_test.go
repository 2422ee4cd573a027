package main

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestObjectionReassessmentAndEventsOverHTTP: the public objects during
// publicity; a team with nobody from the first re-assesses; the committee
// rules; then a hospital stay suspends and resumes benefits.
func TestObjectionReassessmentAndEventsOverHTTP(t *testing.T) {
	s := startStackWith(t, map[string]string{"LTC_TRUSTED_PROXIES": "127.0.0.1"})
	// Two more assessors (one an expert), so that a disjoint team can always be formed.
	roster := `{"staff":[{"id":"as-demo-5","role":"assessor","name":"评估专家周医生","region":"demo","institution_id":"inst-demo-1","is_expert":true},
		{"id":"as-demo-6","role":"assessor","name":"评估员吴敏","region":"demo","institution_id":"inst-demo-1"}]}`
	if r := s.do("PUT", "/api/v1/admin/roster", s.token("admin", "ad-demo-1"), strings.NewReader(roster), nil); r.status != http.StatusOK {
		t.Fatalf("roster: %d %s", r.status, r.raw)
	}
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	w.id = created.body["id"].(string)
	w.accept()
	first := w.confirmTeam()
	w.visit(first)
	w.waitFor(func(b map[string]any) bool { return b["status"] == "publicity" }, 30*time.Second)

	list := s.do("GET", "/api/v1/publicity?region=demo", "", nil, nil)
	if !strings.Contains(string(list.raw), w.id) || strings.Contains(string(list.raw), w.residentID) {
		t.Fatalf("publicity list: %s", list.raw)
	}
	neighbour := map[string]string{"X-Forwarded-For": "192.0.2." + w.residentID[15:17]}
	noContact := s.json("POST", "/api/v1/publicity/"+w.id+"/objections", "", map[string]any{"reason": "邻居反映其生活可以自理"}, neighbour)
	if noContact.status != http.StatusUnprocessableEntity {
		t.Fatalf("an objection without a contact: %d", noContact.status)
	}
	objected := s.json("POST", "/api/v1/publicity/"+w.id+"/objections", "", map[string]any{"reason": "邻居反映其生活可以自理", "contact": "13700137000"}, neighbour)
	if objected.status != http.StatusAccepted {
		t.Fatalf("objection: %d %s", objected.status, objected.raw)
	}
	// The family reads the objection, never the objector's number; a caseworker
	// sees the number, checks the objection (核实), and only then does a re-assessment follow.
	family := s.json("GET", "/api/v1/cases/"+w.id, w.applicant, nil, nil)
	if !strings.Contains(string(family.raw), "邻居反映其生活可以自理") || strings.Contains(string(family.raw), "13700137000") {
		t.Fatalf("the family's view of the objection: %s", family.raw)
	}
	if r := s.json("GET", "/api/v1/cases/"+w.id+"/public-objections", w.applicant, nil, nil); r.status != http.StatusForbidden {
		t.Fatalf("the family reads the objectors' contacts: %d", r.status)
	}
	listed := s.json("GET", "/api/v1/cases/"+w.id+"/public-objections", w.caseworker, nil, nil)
	objected2 := listed.body["objections"].([]any)
	listedFirst := objected2[0].(map[string]any)
	if len(objected2) != 1 || listedFirst["contact"] != "13700137000" {
		t.Fatalf("the caseworker's list of objections: %s", listed.raw)
	}
	check := map[string]any{"objection_id": listedFirst["id"], "substantiated": true, "reason": "电话回访，邻居所述属实"}
	if r := s.act("POST", "/api/v1/cases/"+w.id+"/objection-checks", w.caseworker, check); r.status != http.StatusOK {
		t.Fatalf("check: %d %s", r.status, r.raw)
	}

	second := w.confirmTeam()
	for _, id := range second {
		if contains(first, id) {
			t.Fatalf("the re-assessment team %v shares %s with the first %v", second, id, first)
		}
	}
	w.visit(second)
	w.waitFor(func(b map[string]any) bool { return b["status"] == "adjudication" }, 30*time.Second)
	for i, member := range []string{"cm-demo-1", "cm-demo-2", "cm-demo-3"} {
		token := s.token("committee", member)
		r := s.json("POST", "/api/v1/cases/"+w.id+"/votes", token, map[string]any{"grade": 3, "reason": "维持原结论"}, nil)
		if r.status != http.StatusOK {
			t.Fatalf("vote %d: %d %s", i, r.status, r.raw)
		}
		if i == 0 {
			if again := s.json("POST", "/api/v1/cases/"+w.id+"/votes", token, map[string]any{"grade": 3, "reason": "维持原结论"}, nil); again.status != http.StatusConflict {
				t.Fatalf("a second vote: %d", again.status)
			}
		}
	}
	got := w.waitFor(func(b map[string]any) bool { return b["status"] == "valid" }, 30*time.Second)
	if !strings.Contains(string(mustJSON(got["history"])), `"reassessment_paid_by":"applicant"`) {
		t.Errorf("the unchanged re-assessment's payer is not recorded")
	}

	event := func(e string) response {
		return s.json("POST", "/api/v1/cases/"+w.id+"/events", w.caseworker, map[string]any{"event": e, "reason": "医院通知"}, nil)
	}
	if r := event("admission"); r.status != http.StatusOK || r.body["benefit"] != "suspended" {
		t.Fatalf("admission: %d %s", r.status, r.raw)
	}
	if r := event("discharge"); r.status != http.StatusOK || r.body["benefit"] != "active" {
		t.Fatalf("discharge: %d %s", r.status, r.raw)
	}
	if r := s.json("POST", "/api/v1/cases/"+w.id+"/withdrawal", w.applicant, map[string]any{}, nil); r.status != http.StatusConflict {
		t.Fatalf("withdrawal after the decision: %d %s", r.status, r.raw)
	}
}
