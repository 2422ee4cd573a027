package policy

import (
	"fmt"
	"slices"

	"github.com/changhu/ltc/forms"
)

var knownExclusions = []string{ExcludeStudentOrChild, ExcludeWorkInjuryCare}

// check lists every hole and contradiction, each naming where it is.
func (p *Policy) check(catalog *forms.Catalog) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if p.Region == "" || p.Version == "" || p.Name.Zh == "" {
		add("region, version and name.zh are required")
	}
	if len(p.Schemes) == 0 {
		add("schemes: none covered")
	}
	for _, s := range p.Schemes {
		if s != "employee" && s != "resident" {
			add("schemes: %q is not employee or resident", s)
		}
	}
	for _, e := range p.Exclusions {
		if !slices.Contains(knownExclusions, e.Rule) {
			add("exclusions: unknown rule %q (known: %v)", e.Rule, knownExclusions)
		}
	}
	in, err := catalog.Get(p.Instrument.ID, p.Instrument.Version)
	if err != nil {
		add("instrument: %s@%s is not loaded", p.Instrument.ID, p.Instrument.Version)
	}
	if len(p.QualifyingGrades) == 0 {
		add("qualifying_grades: none")
	}
	p.VisitRules().check(add)
	for _, g := range p.QualifyingGrades {
		if in != nil && in.GradeName(g).Zh == "" {
			add("qualifying_grades: %d is not a grade of %s", g, p.Instrument.ID)
		}
	}
	p.checkPeriods(add)
	p.checkBases(add)
	p.checkRules(add)
	p.checkBenefits(add)
	return problems
}

// namedPeriod is a period with the name a message gives it; calendarOnly
// periods are counted in days or months, never in working days.
type namedPeriod struct {
	name         string
	period       Period
	calendarOnly bool
}

func (p *Policy) namedPeriods() []namedPeriod {
	ps := p.Periods
	out := []namedPeriod{
		{"periods.acceptance", ps.Acceptance, false}, {"periods.correction", ps.Correction, false},
		{"periods.assignment_confirm", ps.AssignmentConfirm, false}, {"periods.visit", ps.Visit, false},
		{"periods.committee_audit", ps.CommitteeAudit, false}, {"periods.publicity", ps.Publicity, false},
		{"periods.applicant_objection", ps.ApplicantObjection, false}, {"periods.reassessment", ps.Reassessment, false},
		{"periods.adjudication", ps.Adjudication, false}, {"periods.objection_check", ps.ObjectionCheck, false},
		{"periods.validity", ps.Validity, true},
		{"periods.renewal_lead", ps.RenewalLead, true},
	}
	if p.Stabilisation != nil {
		out = append(out, namedPeriod{"stabilisation", *p.Stabilisation, true})
	}
	if p.ReapplicationLock != nil {
		out = append(out, namedPeriod{"reapplication_lock", *p.ReapplicationLock, true})
	}
	return out
}

func (p *Policy) checkPeriods(add func(string, ...any)) {
	for _, n := range p.namedPeriods() {
		if n.period.units() != 1 {
			add("%s: give exactly one of working_days, days, months, seconds", n.name)
		}
		if n.calendarOnly && n.period.WorkingDays > 0 {
			add("%s: must be in days, months or seconds, not working days", n.name)
		}
	}
	if p.Periods.RenewalLead.approx() >= p.Periods.Validity.approx() {
		add("periods.renewal_lead (%s) must be shorter than periods.validity (%s)", p.Periods.RenewalLead, p.Periods.Validity)
	}
}

// checkBases: every rule names its clause, so that a letter can quote it.
func (p *Policy) checkBases(add func(string, ...any)) {
	type named struct {
		name  string
		basis *Basis
	}
	bases := []named{{"team", &p.Team.Basis}, {"committee", &p.Committee.Basis}, {"fees", &p.Fees.Basis},
		{"quality_sampling_basis", &p.QualitySamplingBasis}, {"benefit_start_basis", &p.BenefitStartBasis},
		{"self_assessment_gate", p.SelfAssessmentGate}, {"arrears", p.Arrears}}
	for _, n := range p.namedPeriods() {
		bases = append(bases, named{n.name, &n.period.Basis})
	}
	if c := p.GapCounting; c != nil {
		bases = append(bases, named{"gap_counting", &c.Basis}, named{"gap_counting.scheme_start", &c.SchemeStart.Basis},
			named{"gap_counting.incentives_not_before", &c.IncentivesNotBefore.Basis}, named{"gap_counting.constraints_from", &c.ConstraintsFrom.Basis})
	}
	if w := p.WaitingPeriod; w != nil {
		bases = append(bases, named{"waiting_period", &w.Basis})
		if w.LatePayment != nil {
			bases = append(bases, named{"waiting_period.late_payment", &w.LatePayment.Basis},
				named{"waiting_period.late_payment.due", &w.LatePayment.Due.Basis})
		}
	}
	for _, b := range bases {
		if b.basis != nil && b.basis.Clause == "" {
			add("%s: the clause is missing", b.name)
		}
	}
}
