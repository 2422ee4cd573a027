package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/changhu/ltc/servicetest"
)

// walk is one case driven over HTTP by the demo roster (seeded by startStack).
type walk struct {
	s                     *stack
	id, residentID        string
	applicant, caseworker string
}

func (s *stack) newWalk() *walk {
	w := &walk{s: s, residentID: servicetest.NewResidentID(s.t)}
	w.applicant = s.token("applicant", "ap-"+w.residentID[12:])
	w.caseworker = s.token("caseworker", "cw-demo-1")
	admin := s.token("admin", "ad-demo-1")
	csv := enrolmentHeader + w.residentID + ",张三,demo,employee,2019-01-01,,2019-01-01,false,0,false,false,false,false\n"
	for i, want := range []string{"inserted", "unchanged"} { // importing the same file twice changes nothing
		r := s.do("POST", "/api/v1/admin/enrolments", admin, strings.NewReader(csv), map[string]string{"Content-Type": "text/csv"})
		if r.status != http.StatusOK || r.body[want] != float64(1) {
			s.t.Fatalf("enrolment import %d: %d %s", i+1, r.status, r.raw)
		}
	}
	return w
}

// enrolmentHeader is the first line of an enrolment CSV.
const enrolmentHeader = "resident_id,name,region,scheme,start_date,end_date,fully_paid_on,in_arrears,back_paid_years,student,medical_aid,severe_disability,work_injury_care_allowance\n"

func (w *walk) accept() {
	r := w.s.act("POST", "/api/v1/cases/"+w.id+"/acceptance", w.caseworker, map[string]any{"decision": "accept", "reason": "材料齐全"})
	if r.status != http.StatusOK || r.body["status"] != "scheduling" {
		w.s.t.Fatalf("accept: %d %s", r.status, r.raw)
	}
}

// confirmTeam waits for the assignment and has every member confirm it.
func (w *walk) confirmTeam() []string {
	return w.confirmTeamBy(func(id string) {
		r := w.s.act("POST", "/api/v1/cases/"+w.id+"/assignment/confirmation", w.s.token("assessor", id), map[string]any{})
		if r.status != http.StatusOK {
			w.s.t.Fatalf("confirm by %s: %d %s", id, r.status, r.raw)
		}
	})
}

// confirmTeamBy waits for the assignment and has each member confirm it by confirm.
func (w *walk) confirmTeamBy(confirm func(assessorID string)) []string {
	var team []string
	w.waitFor(func(b map[string]any) bool {
		for _, p := range b["pending_actions"].([]any) {
			if who, ok := p.(map[string]any)["who"].([]any); ok && len(who) == 2 {
				team = []string{who[0].(string), who[1].(string)}
				return true
			}
		}
		return false
	}, 30*time.Second)
	for _, id := range team {
		confirm(id)
	}
	return team
}

// act sends an action as a client would: with an Idempotency-Key, and again
// with the same key while the answer is 503 (the workflow not taking actions
// yet, as after a worker crash).
func (s *stack) act(method, path, token string, body any) response {
	s.t.Helper()
	key := map[string]string{"Idempotency-Key": "act-" + uuid.NewString()}
	deadline := time.Now().Add(90 * time.Second)
	for {
		r := s.json(method, path, token, body, key)
		if r.status != http.StatusServiceUnavailable || time.Now().After(deadline) {
			return r
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// visit submits the severe form signed by the team, and two experts confirm it.
func (w *walk) visit(team []string) { w.visitWith(team, severeForm["items"]) }

func (w *walk) visitWith(team []string, items any) {
	form := map[string]any{"instrument": "national-2021", "items": items,
		"visited_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "signatures": team}
	r := w.s.act("PUT", "/api/v1/cases/"+w.id+"/assessment", w.s.token("assessor", team[0]), form)
	if r.status != http.StatusOK || r.body["status"] != "confirming" {
		w.s.t.Fatalf("assessment: %d %s", r.status, r.raw)
	}
	for _, expert := range []string{"as-demo-1", "as-demo-3"} {
		r := w.s.act("POST", "/api/v1/cases/"+w.id+"/conclusion/confirmation", w.s.token("assessor", expert), map[string]any{})
		if r.status != http.StatusOK {
			w.s.t.Fatalf("confirmation by %s: %d %s", expert, r.status, r.raw)
		}
	}
}

// waitFor polls the case (as the caseworker) until cond holds.
func (w *walk) waitFor(cond func(map[string]any) bool, timeout time.Duration) map[string]any {
	deadline := time.Now().Add(timeout)
	var last response
	for time.Now().Before(deadline) {
		last = w.s.json("GET", "/api/v1/cases/"+w.id, w.caseworker, nil, nil)
		if last.status == http.StatusOK && cond(last.body) {
			return last.body
		}
		time.Sleep(200 * time.Millisecond)
	}
	w.s.t.Fatalf("case %s: condition not met within %s; last: %s", w.id, timeout, last.raw)
	return nil
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}
