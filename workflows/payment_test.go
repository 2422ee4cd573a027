package workflows

import (
	"testing"

	"github.com/changhu/ltc"
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
