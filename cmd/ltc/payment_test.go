package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
)

// payRegion is the demo's periods of seconds with Xuzhou's payment rules: a
// six-month waiting period from the day after full payment, no payment in
// arrears, none during a hospital stay.
const payRegion = "demo-pay"

func payPolicyDir(t *testing.T, tweaks ...func(policy map[string]any)) string {
	data, err := os.ReadFile("../../policy/regions/demo/2026.1.json")
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	p["region"], p["name"] = payRegion, map[string]string{"zh": "演示地区（待遇支付规则）", "en": "Demo region with payment rules"}
	p["waiting_period"] = map[string]any{"from": "day_after_full_payment", "fixed": map[string]any{"months": 6},
		"clause": "新参保人员设置6个月的待遇享受等待期（徐州方案）", "local_default": false}
	p["arrears"] = map[string]any{"clause": "欠费期间待遇不予支付", "local_default": false}
	p["inpatient"] = map[string]any{"clause": "不得同时享受住院待遇", "local_default": false}
	for _, tweak := range tweaks {
		tweak(p)
	}
	out, _ := json.Marshal(p)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, payRegion+".json"), out, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// payRoster gives the region a caseworker, six assessors (three experts) and
// an administrator: a renewal's team shares no one with the first, which may
// have taken two experts.
func (s *stack) payRoster() {
	roster := fmt.Sprintf(`{"institutions":[{"id":"inst-%[1]s","name":"评估机构","region":"%[1]s"}],"staff":[
		{"id":"cw-%[1]s-1","role":"caseworker","name":"经办员","region":"%[1]s"},
		{"id":"as-%[1]s-1","role":"assessor","name":"评估专家甲","region":"%[1]s","institution_id":"inst-%[1]s","is_expert":true},
		{"id":"as-%[1]s-2","role":"assessor","name":"评估员乙","region":"%[1]s","institution_id":"inst-%[1]s"},
		{"id":"as-%[1]s-3","role":"assessor","name":"评估专家丙","region":"%[1]s","institution_id":"inst-%[1]s","is_expert":true},
		{"id":"as-%[1]s-4","role":"assessor","name":"评估员丁","region":"%[1]s","institution_id":"inst-%[1]s"},
		{"id":"as-%[1]s-5","role":"assessor","name":"评估专家戊","region":"%[1]s","institution_id":"inst-%[1]s","is_expert":true},
		{"id":"as-%[1]s-6","role":"assessor","name":"评估员己","region":"%[1]s","institution_id":"inst-%[1]s"}]}`, payRegion)
	r := s.do("PUT", "/api/v1/admin/roster", s.tokenIn("admin", "ad-"+payRegion+"-1", payRegion), strings.NewReader(roster), nil)
	if r.status != http.StatusOK {
		s.t.Fatalf("roster: %d %s", r.status, r.raw)
	}
}

// decideIn walks a case of a region to its decision, applying as app says.
func (s *stack) decideIn(w *walk, app map[string]any) map[string]any {
	app["region"] = w.region
	created := s.json("POST", "/api/v1/cases", w.applicant, app, nil)
	if created.status != http.StatusCreated {
		s.t.Fatalf("apply: %d %s", created.status, created.raw)
	}
	w.id = created.body["id"].(string)
	w.accept()
	w.visit(w.confirmTeam())
	return w.waitFor(func(b map[string]any) bool { return b["status"] == "valid" }, 60*time.Second)
}

// The rules as the seeds write them, through the real lifecycle: a waiting
// period moves the first day of payment and bars nothing else; an applicant
// in hospital is assessed and paid from the discharge; arrears recorded by
// an import suspend payment, and paying up resumes it.
func TestPaymentFollowsTheRecordsThroughTheLifecycle(t *testing.T) {
	s := startStackWith(t, map[string]string{"LTC_POLICIES_DIR": payPolicyDir(t)})
	s.payRoster()

	paid := time.Now().In(ltc.China).AddDate(0, -1, 0)
	waiting := s.newWalkIn(payRegion, "employee,"+paid.Format(time.DateOnly)+",,"+paid.Format(time.DateOnly)+",false,0,false,false,false,false")
	d := s.decideIn(waiting, application(waiting.residentID))["decision"].(map[string]any)
	wantFrom := time.Date(paid.Year(), paid.Month(), paid.Day()+1, 0, 0, 0, 0, ltc.China).AddDate(0, 6, 0)
	if from, _ := time.Parse(time.RFC3339, d["benefits_from"].(string)); !from.Equal(wantFrom) {
		t.Errorf("benefits from %s, want the end of the waiting period %s", from, wantFrom)
	}
	s.checkWaitingInLetter(waiting, wantFrom)

	inpatient := s.newWalkIn(payRegion, w0Enrolment)
	app := application(inpatient.residentID)
	app["care_setting"] = "hospital"
	if decided := s.decideIn(inpatient, app); decided["benefit"] != "suspended" {
		t.Errorf("an inpatient's benefit at the decision: %v", decided["benefit"])
	}
	inpatient.waitFor(func(b map[string]any) bool {
		return strings.Contains(string(mustJSON(b["history"])), `"action":"admission"`)
	}, 10*time.Second)
	discharged := s.json("POST", "/api/v1/cases/"+inpatient.id+"/events", inpatient.caseworker, map[string]any{"event": "discharge", "reason": "出院"}, nil)
	if discharged.body["benefit"] != "active" {
		t.Errorf("after discharge: %d %s", discharged.status, discharged.raw)
	}

	owing := s.newWalkIn(payRegion, w0Enrolment)
	s.decideIn(owing, application(owing.residentID))
	admin := s.tokenIn("admin", "ad-"+payRegion+"-1", payRegion)
	for _, c := range []struct{ inArrears, benefit string }{{"true", "suspended"}, {"false", "active"}} {
		csv := enrolmentHeader + owing.residentID + ",张三," + payRegion + ",employee,2019-01-01,,2019-01-01," + c.inArrears + ",0,false,false,false,false\n"
		if r := s.do("POST", "/api/v1/admin/enrolments", admin, strings.NewReader(csv), map[string]string{"Content-Type": "text/csv"}); r.body["updated"] != float64(1) {
			t.Fatalf("import: %d %s", r.status, r.raw)
		}
		owing.waitFor(func(b map[string]any) bool { return b["benefit"] == c.benefit }, 20*time.Second)
	}
	s.payingUpStartsTheWaitingPeriod(admin)
}

// payingUpStartsTheWaitingPeriod: a new enrolee not fully paid is decided
// suspended for arrears; the import that records the payment today keeps
// payment suspended for six months from tomorrow, and the case says until when.
func (s *stack) payingUpStartsTheWaitingPeriod(admin string) {
	t := s.t
	enrolled := time.Now().In(ltc.China).AddDate(0, -1, 0).Format(time.DateOnly)
	owing := s.newWalkIn(payRegion, "employee,"+enrolled+",,,false,0,false,false,false,false")
	if decided := s.decideIn(owing, application(owing.residentID)); decided["benefit"] != "suspended" {
		t.Errorf("a new enrolee not fully paid, at the decision: %v", decided["benefit"])
	}
	today := time.Now().In(ltc.China)
	csv := enrolmentHeader + owing.residentID + ",张三," + payRegion + ",employee," + enrolled + ",," + today.Format(time.DateOnly) + ",false,0,false,false,false,false\n"
	if r := s.do("POST", "/api/v1/admin/enrolments", admin, strings.NewReader(csv), map[string]string{"Content-Type": "text/csv"}); r.body["updated"] != float64(1) {
		t.Fatalf("import: %d %s", r.status, r.raw)
	}
	ends := time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, ltc.China).AddDate(0, 6, 0)
	got := owing.waitFor(func(b map[string]any) bool {
		return strings.Contains(string(mustJSON(b["history"])), `"action":"waiting_period"`)
	}, 20*time.Second)
	var waiting map[string]any
	for _, h := range got["history"].([]any) {
		if h := h.(map[string]any); h["action"] == "waiting_period" {
			waiting = h
		}
	}
	until, _ := time.Parse(time.RFC3339, waiting["details"].(map[string]any)["until"].(string))
	if got["benefit"] != "suspended" || !until.Equal(ends) || !strings.Contains(waiting["reason"].(string), "自"+chineseDate(ends)+"起自动恢复支付") {
		t.Errorf("after paying up: benefit %v, waiting %v; want suspended until %s", got["benefit"], waiting, ends)
	}
	t.Logf("the waiting period's case: %s", owing.id)
}

// A renewal after a discharge pays: the person applied from hospital, was
// discharged, and the renewal's decision asks the case, which recorded the
// discharge, not the application (住院期间…出院后恢复).
func TestARenewalAfterDischargePays(t *testing.T) {
	renewingSoon := func(p map[string]any) { // the renewal starts 10 seconds after the decision
		periods := p["periods"].(map[string]any)
		periods["validity"] = map[string]any{"seconds": 900, "clause": "demo", "local_default": true}
		periods["renewal_lead"] = map[string]any{"seconds": 890, "clause": "demo", "local_default": true}
	}
	s := startStackWith(t, map[string]string{"LTC_POLICIES_DIR": payPolicyDir(t, renewingSoon)})
	s.payRoster()
	w := s.newWalkIn(payRegion, w0Enrolment)
	app := application(w.residentID)
	app["care_setting"] = "hospital"
	first := s.decideIn(w, app)["decision"].(map[string]any)["decided_at"]
	w.waitFor(func(b map[string]any) bool {
		return strings.Contains(string(mustJSON(b["history"])), `"action":"admission"`)
	}, 10*time.Second)
	if r := s.json("POST", "/api/v1/cases/"+w.id+"/events", w.caseworker, map[string]any{"event": "discharge", "reason": "出院"}, nil); r.body["benefit"] != "active" {
		t.Fatalf("discharge: %d %s", r.status, r.raw)
	}
	w.waitFor(func(b map[string]any) bool { return b["purpose"] == "renewal" && b["status"] == "scheduling" }, 30*time.Second)
	w.visit(w.confirmTeam())
	renewed := w.waitFor(func(b map[string]any) bool {
		d, _ := b["decision"].(map[string]any)
		return b["status"] == "valid" && d != nil && d["decided_at"] != first
	}, 60*time.Second)
	admissions := strings.Count(string(mustJSON(renewed["history"])), `"action":"admission"`)
	if renewed["benefit"] != "active" || admissions != 1 {
		t.Errorf("the renewal after discharge: benefit %v, %d admissions recorded", renewed["benefit"], admissions)
	}
	t.Logf("the renewed case: %s", w.id)
}
