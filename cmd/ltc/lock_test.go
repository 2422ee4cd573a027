package main

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// ADL 90 with intact cognition and senses: 轻度失能 (grade 1), which does not qualify.
var mildItems = map[string]any{"eating": 10, "dressing": 10, "grooming": 5, "bowel": 10, "bladder": 10, "toileting": 10,
	"walking": 10, "transfer": 10, "stairs": 10, "bathing": 5, "time_orientation": 4, "person_orientation": 4,
	"place_orientation": 4, "memory": 4, "vision": 4, "hearing": 4, "communication": 4}

// TestNotQualifiedThenTheReapplicationLock: a self-assessment of F found
// mild goes to the committee, which upholds it; the applicant is told; a new
// application within the lock is refused with the date; a caseworker's record
// of a significant change lets the next one through.
func TestNotQualifiedThenTheReapplicationLock(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	w.id = created.body["id"].(string)
	w.accept()
	w.visitWith(w.confirmTeam(), mildItems)
	w.waitFor(func(b map[string]any) bool { return b["status"] == "committee_audit" }, 30*time.Second)
	for _, m := range []string{"cm-demo-1", "cm-demo-2", "cm-demo-3"} {
		if r := s.json("POST", "/api/v1/cases/"+w.id+"/votes", s.token("committee", m), map[string]any{"grade": 1, "reason": "评估表与病历一致"}, nil); r.status != http.StatusOK {
			t.Fatalf("vote: %d %s", r.status, r.raw)
		}
	}
	first := w.waitFor(func(b map[string]any) bool { return b["status"] == "not_qualified" }, 30*time.Second)
	if d := first["decision"].(map[string]any); d["qualifies"] != false || d["grade"] != float64(1) {
		t.Fatalf("decision %v", d)
	}

	again := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	if again.status != http.StatusCreated {
		t.Fatalf("second application: %d %s", again.status, again.raw)
	}
	oldID := w.id
	w.id = again.body["id"].(string)
	refused := w.waitFor(func(b map[string]any) bool { return b["status"] == "ineligible" }, 30*time.Second)
	if !strings.Contains(string(mustJSON(refused["history"])), "前不能重新申请") {
		t.Fatalf("the applicant is not told when they may apply again: %s", mustJSON(refused["history"]))
	}

	change := s.json("POST", "/api/v1/cases/"+oldID+"/significant-change", w.caseworker, map[string]any{"reason": "再次脑卒中，病情明显加重"}, nil)
	if change.status != http.StatusOK {
		t.Fatalf("significant change: %d %s", change.status, change.raw)
	}
	third := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	w.id = third.body["id"].(string)
	w.waitFor(func(b map[string]any) bool { return b["status"] == "awaiting_acceptance" }, 30*time.Second)
}
