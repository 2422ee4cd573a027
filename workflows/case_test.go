package workflows

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/policy"
)

const (
	hour = time.Hour
	day  = 24 * time.Hour
)

var firstTeam = []string{"expert-1", "assessor-1"}

func TestHappyPathToDecisionThenRenewal(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	_, err := f.run(CaseInput{})
	next := f.continued(err)

	f.has("received", "accepted", "assigned", "assignment_confirmed", "assignment_confirmed", "team_confirmed",
		"assessed", "conclusion_confirmed", "conclusion_confirmed", "published", "decided")
	d := f.decisions[0]
	if d.Grade != 3 || d.GradeName != "重度失能Ⅰ级" || !d.Qualifies || !d.ValidUntil.Equal(d.DecidedAt.AddDate(0, 24, 0)) {
		t.Fatalf("decision %+v", d)
	}
	// Publicity: 5 working days; the applicant's window: 15 days. The decision waits for both.
	published := f.entry("published").At
	if got := d.DecidedAt.Sub(published); got != 15*day {
		t.Errorf("decided %s after publication, want 15 days", got)
	}
	if !d.BenefitsFrom.Equal(time.Date(2026, 12, 10, 0, 0, 0, 0, ltc.China)) {
		t.Errorf("benefits from %s", d.BenefitsFrom)
	}
	if c := f.decided[0]; c.Region != "xuzhou" || c.Claimant.Scheme != "employee" {
		t.Errorf("the statement is not computed from the region's policy and the claimant: %+v", c.Claimant)
	}
	// Renewal begins 90 days before expiry, as a new run carrying the case.
	if next.Carry.Why != PurposeRenewal || next.Carry.State.Decision.Grade != 3 || next.Carry.State.Benefit != ltc.BenefitActive ||
		!slices.Equal(next.Carry.State.PastAssessors, firstTeam) || next.Carry.Seq != len(f.history) {
		t.Fatalf("carried %+v", next.Carry)
	}
}

func TestEarlyApplicationIsHeldSixMonthsThenResumes(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	holdUntil := start.AddDate(0, 2, 0)
	f.eligibility = []activities.EligibilityResult{{Eligibility: policy.Eligibility{HoldUntil: holdUntil}}, {}}
	f.at(2*30*day+5*day, UpdateWithdraw, ActorRequest{Actor: applicant, Reason: "test ends here"})
	s, err := f.run(CaseInput{})
	if err != nil {
		t.Fatal(err)
	}
	f.has("held", "resumed", "received", "withdrawn")
	held := f.entry("held")
	if held.Status != ltc.StatusOnHold || held.Reason == "" || f.entry("resumed").At.Before(holdUntil) {
		t.Fatalf("held %+v resumed %+v", held, f.entry("resumed"))
	}
	if s.Status != ltc.StatusWithdrawn || f.checks != 2 {
		t.Fatalf("status %s after %d checks", s.Status, f.checks)
	}
}

func TestWaitingPeriodRefusal(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	until := start.AddDate(0, 3, 0)
	f.eligibility = []activities.EligibilityResult{{Eligibility: policy.Eligibility{Refusals: []policy.Reason{{
		Code: "waiting_period", Until: until, Message: ltc.Text{Zh: "尚在待遇等待期内，2027-02-23 起方可申请", En: "waiting period"}}}}}}
	s, err := f.run(CaseInput{})
	if err != nil || s.Status != ltc.StatusIneligible || len(s.Refusals) != 1 {
		t.Fatalf("%+v %v", s, err)
	}
	if e := f.entry("ineligible"); e.Reason != "尚在待遇等待期内，2027-02-23 起方可申请" {
		t.Fatalf("the applicant is not told when: %+v", e)
	}
}

func TestCorrectionLoop(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, AcceptanceDecision{Actor: caseworker, Decision: Return, Reason: "缺少诊断证明"})
	f.at(2*hour, UpdateDecideAcceptance, AcceptanceDecision{Actor: caseworker, Decision: Return}) // refused: no reason
	f.at(3*day, UpdateResubmit, ActorRequest{Actor: ltc.Actor{ID: "someone-else", Role: ltc.RoleApplicant}})
	f.at(4*day, UpdateResubmit, ActorRequest{Actor: applicant, Reason: "已补充诊断证明"})
	f.at(5*day, UpdateDecideAcceptance, accept(caseworker))
	f.at(6*day, UpdateWithdraw, ActorRequest{Actor: applicant})
	s, _ := f.run(CaseInput{})
	f.has("received", "returned", "resubmitted", "received", "accepted", "withdrawn")
	if s.Status != ltc.StatusWithdrawn || f.checks != 2 || !slices.Equal(f.refused, []string{UpdateDecideAcceptance, UpdateResubmit}) {
		t.Fatalf("status %s, %d checks, refused %v", s.Status, f.checks, f.refused)
	}
}

func TestCorrectionNotResubmittedInTimeIsRefused(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, AcceptanceDecision{Actor: caseworker, Decision: Return, Reason: "缺少诊断证明"})
	s, _ := f.run(CaseInput{})
	if s.Status != ltc.StatusRefused || f.entry("refused").Reason != "逾期未补正，不予受理" {
		t.Fatalf("%+v", f.history)
	}
	// 20 working days from Monday 23 Nov 2026: the period is over on Tuesday 22 Dec.
	if got := f.entry("refused").At; !got.Equal(time.Date(2026, 12, 22, 0, 0, 0, 0, ltc.China)) {
		t.Errorf("refused at %s", got)
	}
}

func TestRefusedApplicationIsClosed(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, AcceptanceDecision{Actor: caseworker, Decision: Refuse, Reason: "非本统筹区参保人员"})
	s, _ := f.run(CaseInput{})
	if s.Status != ltc.StatusRefused || f.entry("refused").Reason != "非本统筹区参保人员" || len(f.history) != 2 {
		t.Fatalf("%s %v", s.Status, f.actions())
	}
}

func TestAcceptanceOverdueIsEscalatedNotForgotten(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(10*day, UpdateDecideAcceptance, accept(caseworker)) // 5 working days ended on 1 Dec
	f.at(11*day, UpdateWithdraw, ActorRequest{Actor: applicant})
	f.run(CaseInput{})
	f.has("received", "overdue", "accepted", "withdrawn")
	if got := f.entry("overdue").At; !got.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, ltc.China)) {
		t.Errorf("escalated at %s", got)
	}
}

func TestUnconfirmedAssignmentIsReassigned(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.at(2*hour, UpdateConfirmAssignment, ActorRequest{Actor: assessor("expert-1")})  // assessor-1 never answers
	f.at(5*day, UpdateConfirmAssignment, ActorRequest{Actor: assessor("assessor-1")}) // too late: replaced
	f.at(6*day, UpdateConfirmAssignment, ActorRequest{Actor: assessor("expert-2")})
	f.at(7*day, UpdateWithdraw, ActorRequest{Actor: applicant})
	f.run(CaseInput{})
	f.has("assigned", "assignment_confirmed", "assignment_expired", "assigned", "assignment_confirmed", "team_confirmed", "withdrawn")
	// expert-1 stays; assessor-1, who never answered, is replaced; the late answer is refused.
	if len(f.assigned) != 2 || !slices.Equal(f.assigned[1], []string{"expert-1", "expert-2"}) || !slices.Equal(f.refused, []string{UpdateConfirmAssignment}) {
		t.Fatalf("assignments %v refused %v", f.assigned, f.refused)
	}
	if e := f.entry("assignment_expired"); fmt.Sprint(e.Details["assessors"]) != "[assessor-1]" {
		t.Fatalf("%+v", e)
	}
}

func TestDeclinedAssignmentIsReplacedAtOnce(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.at(2*hour, UpdateDeclineAssignment, ActorRequest{Actor: assessor("assessor-1"), Reason: "与申请人为亲属，申请回避"})
	f.at(3*hour, UpdateWithdraw, ActorRequest{Actor: applicant})
	f.run(CaseInput{})
	if len(f.assigned) != 2 || slices.Contains(f.assigned[1], "assessor-1") || f.entry("assigned").At.After(start.Add(3*hour)) {
		t.Fatalf("assignments %v", f.assigned)
	}
}

func TestVisitOverdueIsEscalated(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour+20*day, firstTeam, "severe") // confirmations come late too, but within their own deadline
	f.at(2*hour, UpdateConfirmAssignment, ActorRequest{Actor: assessor("expert-1")})
	f.at(2*hour+time.Minute, UpdateConfirmAssignment, ActorRequest{Actor: assessor("assessor-1")})
	_, err := f.run(CaseInput{})
	f.continued(err)
	f.has("team_confirmed", "overdue", "assessed", "decided")
	// 10 working days from acceptance on Monday 23 Nov 2026: over at the start of Tuesday 8 Dec.
	if e := f.entry("overdue"); e.Status != ltc.StatusAwaitingVisit || !e.At.Equal(time.Date(2026, 12, 8, 0, 0, 0, 0, ltc.China)) {
		t.Fatalf("%+v", e)
	}
}

func TestSampledToCommitteeWhichChangesTheGrade(t *testing.T) {
	f := newFixture(t, "xuzhou", func(p *policy.Policy) { p.QualitySamplingPercent = 100 })
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	f.at(3*day, UpdateVote, VoteRequest{Actor: committee("cm-1"), Grade: 4})
	f.at(3*day+hour, UpdateVote, VoteRequest{Actor: committee("cm-1"), Grade: 4}) // refused: voted already
	f.at(3*day+2*hour, UpdateVote, VoteRequest{Actor: committee("cm-2"), Grade: 3})
	f.at(3*day+3*hour, UpdateVote, VoteRequest{Actor: committee("cm-3"), Grade: 4})
	_, err := f.run(CaseInput{})
	f.continued(err)
	f.has("assessed", "sampled", "voted", "voted", "voted", "audit_changed", "published", "decided")
	if f.decisions[0].Grade != 4 || f.decisions[0].GradeName != "重度失能Ⅱ级" || !slices.Equal(f.refused, []string{UpdateVote}) {
		t.Fatalf("decision %+v, refused %v", f.decisions[0], f.refused)
	}
}

func TestInconsistentFormGoesToCommitteeWhichUpholds(t *testing.T) {
	f := newFixture(t, "xuzhou", nil) // sampling 0%, but the self-assessment said F and the visit found grade 1
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "mild")
	for i, m := range []string{"cm-1", "cm-2", "cm-3"} {
		f.at(3*day+time.Duration(i)*hour, UpdateVote, VoteRequest{Actor: committee(m), Grade: 1})
	}
	s, err := f.run(CaseInput{})
	if err != nil {
		t.Fatal(err)
	}
	f.has("sampled", "audit_upheld", "notified", "decided")
	if s.Status != ltc.StatusNotQualified || f.decisions[0].Qualifies {
		t.Fatalf("%s %+v", s.Status, f.decisions[0])
	}
}

func TestPublicObjectionReassessedByDisjointTeamAndCommitteeChanges(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	public := ltc.Actor{ID: "public", Role: ltc.RolePublic}
	f.at(3*day, UpdateObject, ObjectionRequest{Actor: public, Public: true, Reason: "邻居反映其可自行上下楼"}) // refused: not recorded
	f.at(3*day+hour, UpdateObject, ObjectionRequest{Actor: public, Public: true, Reason: "邻居反映其可自行上下楼", ObjectionID: "obj-1"})
	f.at(3*day+2*hour, UpdateCheckObjection, ObjectionCheck{Actor: applicant, ObjectionID: "obj-1", Substantiated: true, Reason: "x"}) // refused: not a caseworker
	f.at(4*day, UpdateCheckObjection, ObjectionCheck{Actor: caseworker, ObjectionID: "obj-1", Substantiated: true, Reason: "电话核实属实"})
	f.visitBy(5*day, []string{"expert-2", "assessor-2"}, "very-severe")
	for i, m := range []string{"cm-1", "cm-2", "cm-3"} {
		f.at(7*day+time.Duration(i)*hour, UpdateVote, VoteRequest{Actor: committee(m), Grade: 5})
	}
	_, err := f.run(CaseInput{})
	next := f.continued(err)
	f.has("published", "objected", "objection_checked", "reassessment_ordered", "assigned", "team_confirmed", "assessed",
		"adjudication_opened", "adjudicated", "decided")
	if len(f.assigned) != 2 || slices.ContainsFunc(f.assigned[1], func(id string) bool { return slices.Contains(firstTeam, id) }) {
		t.Fatalf("the re-assessment team overlaps the first: %v", f.assigned)
	}
	if d := f.decisions[0]; d.Grade != 5 || f.entry("adjudicated").Details["reassessment_paid_by"] != "fund" {
		t.Fatalf("%+v %+v", d, f.entry("adjudicated"))
	}
	if got := next.Carry.State.PastAssessors; len(got) != 4 {
		t.Fatalf("past assessors %v", got)
	}
	if !slices.Equal(f.refused, []string{UpdateObject, UpdateCheckObjection}) {
		t.Fatalf("refused %v", f.refused)
	}
	if e := f.entry("objected"); strings.Contains(fmt.Sprint(e), "138") || e.Details["objection_id"] != "obj-1" {
		t.Fatalf("objection line %+v", e)
	}
}

func TestUnsubstantiatedPublicObjectionOrdersNothing(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	public := ltc.Actor{ID: "public", Role: ltc.RolePublic}
	f.at(3*day, UpdateObject, ObjectionRequest{Actor: public, Public: true, Reason: "听说其生活能自理", ObjectionID: "obj-1"})
	f.at(4*day, UpdateCheckObjection, ObjectionCheck{Actor: caseworker, ObjectionID: "obj-1", Substantiated: false, Reason: "经入户核实，异议不成立"})
	_, err := f.run(CaseInput{})
	f.continued(err)
	f.has("published", "objected", "objection_checked", "decided")
	if slices.Contains(f.actions(), "reassessment_ordered") || f.decisions[0].Grade != 3 {
		t.Fatalf("%v %+v", f.actions(), f.decisions[0])
	}
}

func TestUncheckedPublicObjectionHoldsTheDecisionAndIsEscalated(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	public := ltc.Actor{ID: "public", Role: ltc.RolePublic}
	f.at(3*day, UpdateObject, ObjectionRequest{Actor: public, Public: true, Reason: "听说其生活能自理", ObjectionID: "obj-1"})
	f.at(30*day, UpdateCheckObjection, ObjectionCheck{Actor: caseworker, ObjectionID: "obj-1", Substantiated: false, Reason: "核实不成立"})
	_, err := f.run(CaseInput{})
	f.continued(err)
	f.has("published", "objected", "overdue", "objection_checked", "decided")
	// The applicant's window (15 days from publication on Wednesday 25 Nov) ends on 10 Dec;
	// the check is then due within 3 working days: over at the start of Tuesday 15 Dec.
	if got := f.entry("overdue").At; !got.Equal(time.Date(2026, 12, 15, 0, 0, 0, 0, ltc.China)) {
		t.Errorf("escalated at %s", got)
	}
	if got := f.decisions[0].DecidedAt; !got.Equal(start.Add(30 * day)) {
		t.Errorf("decided at %s, want when the check came", got)
	}
}

func TestCommitteeUpholdsAfterReassessment(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	f.at(3*day, UpdateObject, ObjectionRequest{Actor: applicant, Reason: "认为等级评定偏低"})
	f.visitBy(4*day, []string{"expert-2", "assessor-2"}, "very-severe")
	f.at(6*day, UpdateVote, VoteRequest{Actor: committee("cm-1"), Grade: 3})
	f.at(6*day+hour, UpdateVote, VoteRequest{Actor: committee("cm-2"), Grade: 4}) // refused: not a grade before it
	f.at(6*day+2*hour, UpdateVote, VoteRequest{Actor: committee("cm-2"), Grade: 5})
	f.at(6*day+3*hour, UpdateVote, VoteRequest{Actor: committee("cm-3"), Grade: 3})
	_, err := f.run(CaseInput{})
	f.continued(err)
	if d := f.decisions[0]; d.Grade != 3 || f.entry("adjudicated").Details["reassessment_paid_by"] != "fund" { // Xuzhou: 评定费用从长护险基金列支
		t.Fatalf("%+v", d)
	}
}

func TestApplicantObjectsToANoticeOfNotQualifying(t *testing.T) {
	f := newFixture(t, "taicang", nil) // only severe qualifies
	f.eligibility[0].SelfGrade = "C"   // consistent with a mild finding: no audit
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "mild")
	public := ltc.Actor{ID: "public", Role: ltc.RolePublic}
	f.at(3*day, UpdateObject, ObjectionRequest{Actor: public, Public: true, Reason: "x", ObjectionID: "obj-1"}) // refused: nothing is published
	f.at(10*day, UpdateObject, ObjectionRequest{Actor: applicant, Reason: "老人夜间需要照护"})
	f.visitBy(11*day, []string{"expert-2", "assessor-2"}, "severe")
	for i, m := range []string{"cm-1", "cm-2", "cm-3"} {
		f.at(13*day+time.Duration(i)*hour, UpdateVote, VoteRequest{Actor: committee(m), Grade: 3})
	}
	_, err := f.run(CaseInput{})
	f.continued(err)
	f.has("notified", "objected", "reassessment_ordered", "adjudicated", "decided")
	if d := f.decisions[0]; d.Grade != 3 || !d.Qualifies || !slices.Equal(f.refused, []string{UpdateObject}) {
		t.Fatalf("%+v refused %v", d, f.refused)
	}
}

func TestObjectionAfterTheWindowIsRefused(t *testing.T) {
	// The applicant's window (2 days here) closes while publicity (5 working days) still runs.
	f := newFixture(t, "xuzhou", func(p *policy.Policy) { p.Periods.ApplicantObjection = policy.Period{Days: 2} })
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	f.at(3*day+6*hour, UpdateObject, ObjectionRequest{Actor: applicant, Reason: "too late"})
	_, err := f.run(CaseInput{})
	f.continued(err)
	published := f.entry("published").At
	if !slices.Equal(f.refused, []string{UpdateObject}) || slices.Contains(f.actions(), "objected") {
		t.Fatalf("refused %v, history %v", f.refused, f.actions())
	}
	if start.Add(3*day+6*hour).Sub(published) <= 2*day {
		t.Fatalf("the objection was sent within the window: published %s", published)
	}
}
