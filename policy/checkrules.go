package policy

import "slices"

func (p *Policy) checkRules(add func(string, ...any)) {
	p.checkWaitingPeriod(add)
	p.checkGapCounting(add)
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

func (p *Policy) checkWaitingPeriod(add func(string, ...any)) {
	w := p.WaitingPeriod
	if w == nil {
		return
	}
	if w.From != "day_after_full_payment" && w.From != "enrolment_start" {
		add("waiting_period.from: %q is not day_after_full_payment or enrolment_start", w.From)
	}
	if w.From == "day_after_full_payment" && p.Arrears == nil {
		add("waiting_period.from: counting from full payment needs the arrears rule, which says what happens before it")
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

// checkGapCounting: the rules that count gaps need the counting, and its
// dates must be dates.
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
