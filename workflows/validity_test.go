package workflows

import (
	"testing"
	"time"

	"github.com/changhu/ltc"
)

// inForce is a renewal run's input: a severe conclusion decided a year and
// nine months ago, valid until three months from now.
func inForce(f *fixture, why ltc.Purpose) CaseInput {
	decided := start.AddDate(0, -21, 0)
	d := &ltc.Decision{Grade: 3, GradeName: "重度失能Ⅰ级", Qualifies: true, DecidedAt: decided, ValidUntil: decided.AddDate(0, 24, 0)}
	state := State{CaseID: "case-1", Region: f.policy.Region, Status: ltc.StatusValid, Benefit: ltc.BenefitActive, Cycle: 1,
		Decision: d, PastAssessors: firstTeam}
	return CaseInput{CaseID: "case-1", Region: f.policy.Region, Applicant: applicant.ID, Carry: &Carry{State: state, Seq: 20, Why: why}}
}

func TestRenewalBeforeExpiryKeepsBenefitsGoing(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	in := inForce(f, PurposeRenewal)
	f.visitBy(hour, []string{"expert-2", "assessor-2"}, "very-severe") // nobody from the first team
	_, err := f.run(in)
	next := f.continued(err)
	f.has("renewal", "assigned", "team_confirmed", "assessed", "published", "decided")
	if f.history[0].Action != "renewal" || f.entry("renewal").Details["cycle"] != float64(2) && f.entry("renewal").Details["cycle"] != 2 {
		t.Fatalf("%+v", f.history[0])
	}
	d := f.decisions[0]
	if d.Grade != 5 || !d.DecidedAt.Before(in.Carry.State.Decision.ValidUntil) {
		t.Fatalf("renewed %+v before the old expiry %s", d, in.Carry.State.Decision.ValidUntil)
	}
	for _, h := range f.history {
		if h.Action == "expired" {
			t.Fatal("benefits were suspended although the renewal came in time")
		}
	}
	if next.Carry.State.Cycle != 2 || next.Carry.State.Benefit != ltc.BenefitActive || next.Carry.Seq <= 20 {
		t.Fatalf("carried %+v", next.Carry.State)
	}
}

func TestNoRenewalSuspendsBenefitsAtExpiry(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	in := inForce(f, PurposeRenewal)
	// The team confirms but never visits; the renewal stays open and overdue.
	f.at(hour, UpdateConfirmAssignment, ActorRequest{Actor: assessor("expert-2")})
	f.at(hour+time.Minute, UpdateConfirmAssignment, ActorRequest{Actor: assessor("assessor-2")})
	f.at(100*day, UpdateLifeEvent, LifeEvent{Actor: caseworker, Event: EventDeath, Reason: "家属报告"})
	s, err := f.run(in)
	if err != nil {
		t.Fatal(err)
	}
	f.has("renewal", "team_confirmed", "overdue", "expired", "died")
	expired := f.entry("expired")
	if !expired.At.Equal(in.Carry.State.Decision.ValidUntil) || expired.Details["benefit"] != string(ltc.BenefitSuspended) {
		t.Fatalf("expired %+v, want at %s with benefits suspended", expired, in.Carry.State.Decision.ValidUntil)
	}
	if s.Status != ltc.StatusEnded || s.Benefit != ltc.BenefitStopped {
		t.Fatalf("%s %s", s.Status, s.Benefit)
	}
}

func TestHospitalAdmissionSuspendsAndDischargeResumes(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	f.at(3*day, UpdateLifeEvent, LifeEvent{Actor: caseworker, Event: EventAdmission}) // refused: no benefits yet
	f.at(60*day, UpdateLifeEvent, LifeEvent{Actor: caseworker, Event: EventAdmission, Reason: "肺炎住院"})
	f.at(61*day, UpdateLifeEvent, LifeEvent{Actor: applicant, Event: EventDischarge}) // refused: a caseworker records it
	f.at(75*day, UpdateLifeEvent, LifeEvent{Actor: caseworker, Event: EventDischarge})
	f.at(76*day, UpdateLifeEvent, LifeEvent{Actor: caseworker, Event: EventDischarge}) // refused: not in hospital
	_, err := f.run(CaseInput{})
	next := f.continued(err)
	if a := f.entry(EventAdmission); a.Details["benefit"] != string(ltc.BenefitSuspended) {
		t.Fatalf("admission %+v", a)
	}
	if d := f.entry(EventDischarge); d.Details["benefit"] != string(ltc.BenefitActive) {
		t.Fatalf("discharge %+v", d)
	}
	if len(f.refused) != 3 || next.Carry.State.InHospital || next.Carry.State.Benefit != ltc.BenefitActive {
		t.Fatalf("refused %v, carried %+v", f.refused, next.Carry.State)
	}
}

func TestDeathEndsTheCase(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	f.at(200*day, UpdateLifeEvent, LifeEvent{Actor: caseworker, Event: EventDeath, Reason: "民政部门死亡信息比对"})
	s, err := f.run(CaseInput{})
	if err != nil || s.Status != ltc.StatusEnded || s.Benefit != ltc.BenefitStopped || f.actions()[len(f.history)-1] != "died" {
		t.Fatalf("%+v %v %v", s, err, f.actions())
	}
}

func TestWithdrawalBeforeDecisionOnly(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.at(2*hour, UpdateWithdraw, ActorRequest{Actor: ltc.Actor{ID: "ap-2", Role: ltc.RoleApplicant}}) // refused: not theirs
	f.at(3*hour, UpdateWithdraw, ActorRequest{Actor: applicant, Reason: "家属决定暂不申请"})
	s, err := f.run(CaseInput{})
	if err != nil || s.Status != ltc.StatusWithdrawn || len(f.refused) != 1 || f.entry("withdrawn").Reason != "家属决定暂不申请" {
		t.Fatalf("%s %v %v", s.Status, err, f.refused)
	}
}

func TestStatusChangeReportStartsAReassessment(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	f.at(100*day, UpdateLifeEvent, LifeEvent{Actor: applicant, Event: EventStatusChange, Reason: "病情加重"})
	_, err := f.run(CaseInput{})
	next := f.continued(err)
	if next.Carry.Why != PurposeStatusChange || f.entry(EventStatusChange).At.Sub(start) != 100*day {
		t.Fatalf("%+v", next.Carry)
	}
}

func TestTwoCyclesBackToBack(t *testing.T) {
	// Cycle 1: application to decision, then renewal begins as a new run.
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	_, err := f.run(CaseInput{})
	second := f.continued(err)
	first := f.decisions[0]
	renewalBegins := f.env.Now()

	// Cycle 2 resumes from what the first carried: its history numbering goes
	// on, the first team is recused, and the conclusion stays in force meanwhile.
	g := newFixture(t, "xuzhou", nil)
	g.startAt(renewalBegins)
	g.visitBy(hour, []string{"expert-2", "assessor-2"}, "mild")
	for i, m := range []string{"cm-1", "cm-2", "cm-3"} { // a self-assessment of F found mild goes to the committee
		g.at(3*day+time.Duration(i)*hour, UpdateVote, VoteRequest{Actor: committee(m), Grade: 1})
	}
	s, err := g.run(second)
	if err != nil {
		t.Fatal(err)
	}
	g.has("renewal", "assigned", "assessed", "sampled", "audit_upheld", "notified", "decided")
	if g.assigned[0][0] == "expert-1" || g.assigned[0][1] == "assessor-1" {
		t.Fatalf("the first team assessed again: %v", g.assigned)
	}
	if g.history[0].Action != "renewal" || len(f.history) != second.Carry.Seq {
		t.Fatalf("history numbering does not go on: %d lines, carried seq %d", len(f.history), second.Carry.Seq)
	}
	// Recovered below the qualifying grade: benefits stop (经评估恢复生活自理能力的，停止享受).
	if s.Status != ltc.StatusNotQualified || s.Benefit != ltc.BenefitStopped || s.Cycle != 2 || !s.Decision.DecidedAt.After(first.DecidedAt) {
		t.Fatalf("cycle 2 state %+v", s)
	}
}
