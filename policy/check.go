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
		{"periods.adjudication", ps.Adjudication, false}, {"periods.validity", ps.Validity, true},
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

func (p *Policy) checkRules(add func(string, ...any)) {
	if w := p.WaitingPeriod; w != nil {
		if w.From != "day_after_full_payment" && w.From != "enrolment_start" {
			add("waiting_period.from: %q is not day_after_full_payment or enrolment_start", w.From)
		}
		if w.Fixed.units() != 1 || w.Fixed.WorkingDays > 0 {
			add("waiting_period.fixed: give exactly one of days, months, seconds")
		}
		if w.PerFurtherGapYearDays > 0 && w.Fixed.Days == 0 {
			add("waiting_period: gap-year days need fixed in days")
		}
		if w.ExemptIfEnrolledBefore != "" && parseDay(w.ExemptIfEnrolledBefore).IsZero() {
			add("waiting_period.exempt_if_enrolled_before: %q is not YYYY-MM-DD", w.ExemptIfEnrolledBefore)
		}
		checkLatePayment(w, add)
	}
	p.checkGapCounting(add)
	if w := p.WaitingPeriod; w != nil && w.From == "day_after_full_payment" && p.Arrears == nil {
		add("waiting_period.from: counting from full payment needs the arrears rule, which says what happens before it")
	}
	p.checkInpatient(add)
	if p.Team.Size < 2 || p.Team.Experts < 1 || p.Team.Experts > p.Team.Size {
		add("team: at least 2 assessors with 1 to size experts (got size %d, experts %d)", p.Team.Size, p.Team.Experts)
	}
	if c := p.Committee; c.Quorum < 1 || c.Majority*2 <= c.Quorum || c.Majority > c.Quorum {
		add("committee: majority %d must be more than half of quorum %d and at most the quorum", c.Majority, c.Quorum)
	}
	if p.QualitySamplingPercent < 0 || p.QualitySamplingPercent > 100 {
		add("quality_sampling_percent: %d is not 0–100", p.QualitySamplingPercent)
	}
	payers := []string{PayerFund, PayerGovernment, PayerApplicant}
	for _, fee := range []struct{ name, payer string }{{"assessment", p.Fees.Assessment},
		{"reassessment_if_changed", p.Fees.ReassessmentIfChanged}, {"reassessment_if_unchanged", p.Fees.ReassessmentIfUnchanged}} {
		if !slices.Contains(payers, fee.payer) {
			add("fees.%s: %q is not one of %v", fee.name, fee.payer, payers)
		}
	}
	if p.BenefitStart != "next_day" && p.BenefitStart != "next_month" {
		add("benefit_start: %q is not next_day or next_month", p.BenefitStart)
	}
}

// checkGapCounting: the rules that count gaps need the counting, and the
// counting's days must be days.
func (p *Policy) checkGapCounting(add func(string, ...any)) {
	c, w := p.GapCounting, p.WaitingPeriod
	gapBased := w != nil && (w.PerFurtherGapYearDays > 0 || w.RepaidPerYearDays > 0 || w.LongGapYears > 0)
	if w != nil && w.AfterGapOnly != gapBased || gapBased && (c == nil || w.ExemptIfEnrolledBefore != "" || w.From != "enrolment_start") {
		add("waiting_period: the gap-year days go with after_gap_only, from enrolment_start and gap_counting, without exempt_if_enrolled_before")
	}
	if c == nil {
		if len(p.Benefits.GapRatioPenalty) > 0 || p.Benefits.AnnualCap != nil {
			add("benefits: gap_ratio_penalty and annual_cap count enrolment years and need gap_counting")
		}
		return
	}
	for _, d := range []struct {
		name string
		rule DatedRule
	}{{"scheme_start", c.SchemeStart}, {"incentives_not_before", c.IncentivesNotBefore}, {"constraints_from", c.ConstraintsFrom}} {
		if parseDay(d.rule.Date).IsZero() {
			add("gap_counting.%s.date: %q is not YYYY-MM-DD", d.name, d.rule.Date)
		}
	}
}

func checkLatePayment(w *WaitingPeriod, add func(string, ...any)) {
	late := w.LatePayment
	if late == nil {
		return
	}
	if w.From != "day_after_full_payment" {
		add("waiting_period.late_payment: a late payer's period starts the day after payment, so from must be day_after_full_payment")
	}
	if late.Due.units() != 1 || late.Due.WorkingDays > 0 {
		add("waiting_period.late_payment.due: give exactly one of days, months, seconds")
	}
}

func (p *Policy) checkInpatient(add func(string, ...any)) {
	in := p.Inpatient
	if in == nil {
		return
	}
	if in.Clause == "" || (len(in.InHospitalCareForms) > 0) != (in.InHospitalClause != "") {
		add("inpatient: the clause is required, and in_hospital_clause with in_hospital_care_forms")
	}
	for _, form := range in.InHospitalCareForms {
		if !slices.ContainsFunc(p.Benefits.Lines, func(l BenefitLine) bool { return l.CareForm == form }) {
			add("inpatient.in_hospital_care_forms: %q is not the care form of a benefit line", form)
		}
	}
}

func (p *Policy) checkBenefits(add func(string, ...any)) {
	b := p.Benefits
	if len(b.Lines) == 0 && b.Note == nil {
		add("benefits: no lines and no note saying where the figures are")
	}
	for i, l := range b.Lines {
		where := fmt.Sprintf("benefits.lines[%d] (%s)", i, l.CareForm)
		for _, g := range l.Grades {
			if !p.Qualifies(g) {
				add("%s: grade %d does not qualify in this region", where, g)
			}
		}
		for _, s := range l.Schemes {
			if !p.CoversScheme(s) {
				add("%s: scheme %q is not covered", where, s)
			}
		}
		if len(l.Grades) == 0 || len(l.Schemes) == 0 {
			add("%s: grades and schemes are required", where)
		}
		if l.Unit != PerDay && l.Unit != PerMonth && l.Unit != OfCost {
			add("%s: unit %q is not day, month or cost", where, l.Unit)
		}
		if (l.Unit == OfCost) != (l.AmountFen == 0) {
			add("%s: a cost share has no amount; a daily or monthly line needs one", where)
		}
		if l.FundPercent < 0 || l.FundPercent > 100 || l.Clause == "" {
			add("%s: fund_percent must be 0–100 and the clause named", where)
		}
		if hasZh, hasEn := l.Condition.Zh != "", l.Condition.En != ""; hasZh != hasEn || hasZh != (l.ConditionClause != "") {
			add("%s: a condition needs zh, en and condition_clause", where)
		}
	}
	if a := b.AnnualCap; a != nil && (a.IncomePercent < 1 || a.IncomePercent > 100 || a.HomePercent < 1 || a.HomePercent > 100 ||
		a.Clause == "" || a.BonusClause == "" || a.GapClause == "") {
		add("benefits.annual_cap: income_percent and home_percent are 1–100, and every clause is named")
	}
	for i, pen := range b.GapRatioPenalty {
		if pen.Clause == "" || pen.Points < 0 || pen.Points > 100 {
			add("benefits.gap_ratio_penalty[%d]: points are 0–100 and the clause is named", i)
		}
	}
	for i, b := range b.FundBonuses {
		for _, g := range b.Groups {
			if !slices.Contains(knownGroups, g) {
				add("benefits.fund_bonuses[%d]: unknown group %q (known: %v)", i, g, knownGroups)
			}
		}
	}
	p.checkCoverage(add)
}

// checkCoverage: every qualifying grade and scheme must have a benefit line,
// or the region must say (note) where its figures are.
func (p *Policy) checkCoverage(add func(string, ...any)) {
	if p.Benefits.Note != nil {
		return
	}
	for _, g := range p.QualifyingGrades {
		for _, s := range p.Schemes {
			if !slices.ContainsFunc(p.Benefits.Lines, func(l BenefitLine) bool {
				return slices.Contains(l.Grades, g) && slices.Contains(l.Schemes, s)
			}) {
				add("benefits: grade %d under scheme %s qualifies but has no benefit line", g, s)
			}
		}
	}
}
