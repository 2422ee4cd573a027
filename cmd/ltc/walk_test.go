package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/changhu/ltc/servicetest"
)

// walk is one case driven over HTTP by a region's roster (the demo's is
// seeded by startStack; staff ids are <role>-<region>-<n>).
type walk struct {
	s                     *stack
	id, residentID        string
	region                string
	applicant, caseworker string
}

func (s *stack) newWalk() *walk {
	return s.newWalkIn("demo", w0Enrolment)
}

// w0Enrolment is an enrolment since 2019, fully paid, not in arrears.
const w0Enrolment = "employee,2019-01-01,,2019-01-01,false,0,false,false,false,false"

// newWalkIn starts a walk in a region, the person enrolled as given (the
// CSV columns after the region).
func (s *stack) newWalkIn(region, enrolled string) *walk {
	w := &walk{s: s, residentID: servicetest.NewResidentID(s.t), region: region}
	w.applicant = s.token("applicant", "ap-"+w.residentID[12:])
	w.caseworker = s.tokenIn("caseworker", "cw-"+region+"-1", region)
	admin := s.tokenIn("admin", "ad-"+region+"-1", region)
	csv := enrolmentHeader + w.residentID + ",张三," + region + "," + enrolled + "\n"
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
		r := w.s.act("POST", "/api/v1/cases/"+w.id+"/assignment/confirmation", w.staff("assessor", id), map[string]any{})
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
	w.agreeVisit(team)
	form := map[string]any{"instrument": "national-2021", "items": items,
		"visited_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "signatures": team}
	r := w.s.act("PUT", "/api/v1/cases/"+w.id+"/assessment", w.staff("assessor", team[0]), form)
	if r.status != http.StatusOK || r.body["status"] != "confirming" {
		w.s.t.Fatalf("assessment: %d %s", r.status, r.raw)
	}
	for _, expert := range []string{"as-" + w.region + "-1", "as-" + w.region + "-3"} {
		r := w.s.act("POST", "/api/v1/cases/"+w.id+"/conclusion/confirmation", w.staff("assessor", expert), map[string]any{})
		if r.status != http.StatusOK {
			w.s.t.Fatalf("confirmation by %s: %d %s", expert, r.status, r.raw)
		}
	}
}

// agreeVisit has the team propose a visit starting in a few seconds (the
// demo region books at any hour) and the family choose it.
func (w *walk) agreeVisit(team []string) {
	start := time.Now().Add(40 * time.Second) // after a worker taking over from a crashed one has the proposal
	slot := map[string]any{"start": start.Format(time.RFC3339), "end": start.Add(time.Hour).Format(time.RFC3339)}
	r := w.s.act("POST", "/api/v1/cases/"+w.id+"/visit/proposal", w.staff("assessor", team[0]), map[string]any{"slots": []any{slot}})
	if r.status != http.StatusOK {
		w.s.t.Fatalf("visit proposal: %d %s", r.status, r.raw)
	}
	offered := w.s.do("GET", "/api/v1/cases/"+w.id, w.applicant, nil, nil)
	if got, _ := offered.body["appointment"].(map[string]any); got == nil || len(got["proposed"].([]any)) != 1 || !slices.Contains(offered.body["may"].([]any), any("choose_visit")) {
		w.s.t.Fatalf("the family does not see the time offered: %s", offered.raw)
	}
	r = w.s.act("POST", "/api/v1/cases/"+w.id+"/visit/choice", w.applicant, map[string]any{"slot": 0, "present": "张小三"})
	if got, _ := r.body["appointment"].(map[string]any); r.status != http.StatusOK || got == nil || got["present"] != "张小三" || got["chosen"] == nil {
		w.s.t.Fatalf("visit choice: %d %s", r.status, r.raw)
	}
}

// staff is a token of a member of staff of the walk's region.
func (w *walk) staff(role, id string) string { return w.s.tokenIn(role, id, w.region) }

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
