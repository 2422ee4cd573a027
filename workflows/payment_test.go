package workflows

import (
	"slices"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
)

// An applicant in hospital at application is assessed and decided; payment
// waits for the discharge (住院期间不得同时享受).
func TestAnInpatientIsAssessedAndPaidAfterDischarge(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.payment.Inpatient = true
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	f.at(40*day, UpdateLifeEvent, LifeEvent{Actor: caseworker, Event: EventDischarge, Reason: "出院"})
	_, err := f.run(CaseInput{})
	next := f.continued(err)
	f.has("decided", EventAdmission, EventDischarge)
	if a := f.entry(EventAdmission); a.Details["benefit"] != string(ltc.BenefitSuspended) {
		t.Fatalf("admission %+v", a)
	}
	if next.Carry.State.Benefit != ltc.BenefitActive || next.Carry.State.BenefitsSince.IsZero() {
		t.Fatalf("carried %+v", next.Carry.State)
	}
}

// Arrears found at the decision suspend payment; an import that records the
// payment reaches the case and payment resumes.
func TestArrearsSuspendPaymentUntilPaid(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.payment.InArrears = true
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	f.env.RegisterDelayedCallback(func() {
		f.payment.InArrears = false
		f.env.SignalWorkflow(SignalEnrolmentChanged, nil)
	}, 30*day)
	_, err := f.run(CaseInput{})
	next := f.continued(err)
	f.has("decided", "arrears", "arrears_cleared")
	if f.entry("arrears").Details["benefit"] != string(ltc.BenefitSuspended) || f.entry("arrears_cleared").Details["benefit"] != string(ltc.BenefitActive) {
		t.Fatalf("%+v / %+v", f.entry("arrears"), f.entry("arrears_cleared"))
	}
	if next.Carry.State.InArrears {
		t.Fatal("arrears carried after payment")
	}
}

// pay has an import record what the records say of payment after d.
func (f *fixture) pay(d time.Duration, p activities.Payment) {
	f.env.RegisterDelayedCallback(func() {
		f.payment = p
		f.env.SignalWorkflow(SignalEnrolmentChanged, nil)
	}, d)
}

// A new enrolee not fully paid at the decision is suspended for arrears;
// the payment, imported on 2026-12-23, makes 6 months of waiting from the
// next day (新参保人员…6个月后方可给付): payment stays suspended until
// 2027-06-24 and then resumes by itself, at midnight.
func TestPayingUpStartsTheWaitingPeriodAndPaymentResumesAtItsEnd(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.payment.InArrears = true
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	ends := time.Date(2027, 6, 24, 0, 0, 0, 0, ltc.China)
	f.pay(30*day, activities.Payment{WaitingPeriodEnds: ends})
	_, err := f.run(CaseInput{})
	next := f.continued(err)
	f.has("decided", "arrears", "arrears_cleared", "waiting_period", "waiting_period_ended")
	cleared, waiting, ended := f.entry("arrears_cleared"), f.entry("waiting_period"), f.entry("waiting_period_ended")
	if !cleared.At.Equal(start.Add(30*day)) || cleared.Details["benefit"] != string(ltc.BenefitSuspended) || cleared.Reason != "已补足缴费，待遇仍因其他原因暂停" {
		t.Errorf("paid up: %+v", cleared)
	}
	if waiting.Details["benefit"] != string(ltc.BenefitSuspended) || waiting.Details["until"] != ends.Format(time.RFC3339) ||
		waiting.Reason != "按缴费记录视为新参保人员：待遇等待期至2027年6月23日届满，其间暂停支付待遇，自2027年6月24日起自动恢复支付" {
		t.Errorf("the waiting period: %+v", waiting)
	}
	if !ended.At.Equal(ends) || ended.Details["benefit"] != string(ltc.BenefitActive) || ended.Reason != "待遇等待期已结束，待遇恢复支付" {
		t.Errorf("its end: %+v", ended)
	}
	if s := next.Carry.State; s.Benefit != ltc.BenefitActive || !s.WaitingUntil.IsZero() || s.InArrears {
		t.Errorf("carried %+v", s)
	}
}

// A waiting period the decision already waited for (its first day paid is
// the period's end) is not a new one when an import reads it again.
func TestAWaitingPeriodTheDecisionWaitedForIsNotStartedAgain(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	ends := time.Date(2027, 3, 1, 0, 0, 0, 0, ltc.China)
	f.payment.WaitingPeriodEnds = ends
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	f.pay(30*day, activities.Payment{WaitingPeriodEnds: ends})
	_, err := f.run(CaseInput{})
	f.continued(err)
	if d := f.decisions[0]; !d.BenefitsFrom.Equal(ends) || slices.Contains(f.actions(), "waiting_period") {
		t.Fatalf("benefits from %s; history %v", d.BenefitsFrom, f.actions())
	}
}

// A renewal after a discharge pays: the application said hospital, but the
// case recorded the discharge, and a later decision asks the case, not the
// application (a person still in hospital stays suspended, admitted once).
func TestARenewalAfterDischargePays(t *testing.T) {
	for _, inHospital := range []bool{false, true} {
		f := newFixture(t, "xuzhou", nil)
		f.payment.Inpatient = true // the application's place of care: hospital
		in := inForce(f, PurposeRenewal)
		in.Carry.State.InHospital = inHospital
		in.Carry.State.Benefit = map[bool]ltc.Benefit{false: ltc.BenefitActive, true: ltc.BenefitSuspended}[inHospital]
		f.visitBy(hour, []string{"expert-2", "assessor-2"}, "severe")
		_, err := f.run(in)
		next := f.continued(err)
		want := map[bool]ltc.Benefit{false: ltc.BenefitActive, true: ltc.BenefitSuspended}[inHospital]
		if got := f.decided[0].InHospital; got == nil || *got != inHospital {
			t.Errorf("in hospital %v: the decision was asked %v", inHospital, got)
		}
		if slices.Contains(f.actions(), EventAdmission) || next.Carry.State.Benefit != want || next.Carry.State.InHospital != inHospital {
			t.Errorf("in hospital %v: history %v, carried %s, in hospital %v", inHospital, f.actions(), next.Carry.State.Benefit, next.Carry.State.InHospital)
		}
	}
}

// The first decision has nothing but the application to go by.
func TestTheFirstDecisionReadsThePlaceOfCareOfTheApplication(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	_, err := f.run(CaseInput{})
	f.continued(err)
	if f.decided[0].InHospital != nil {
		t.Fatalf("the first decision was told %v", *f.decided[0].InHospital)
	}
}

// The family's notice of publicity says until when they may object.
func TestThePublishedLineCarriesTheObjectionDeadline(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	_, err := f.run(CaseInput{})
	f.continued(err)
	published := f.entry("published")
	until, ok := published.Details["objection_until"].(string)
	if !ok || until == "" || published.Details["publicity_until"] == nil {
		t.Fatalf("published %+v", published.Details)
	}
}
