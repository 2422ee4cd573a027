package policy

import (
	"slices"
	"time"

	"github.com/changhu/ltc"
)

// Query is what `ltc policy explain` asks: a person applying on a day and,
// to see what it would pay, a conclusion.
type Query struct {
	Person     Person
	On         time.Time     // the day of the application: eligibility is checked on it
	Conclusion *Conclusion   // nil: eligibility only; payment and benefits are as of its day
	Income     *IncomeFigure // the figure the cap needs, nil until published
}

// Conclusion is a grade decided on a day.
type Conclusion struct {
	Grade int
	On    time.Time
}

// Explanation is what the policy makes of a query, every rule with its clause.
type Explanation struct {
	Region            string          `json:"region"`
	PolicyVersion     string          `json:"policy_version"`
	Date              Day             `json:"date"` // of the application
	CanApply          bool            `json:"can_apply"`
	Refusals          []Finding       `json:"refusals"`
	HoldUntil         Day             `json:"hold_until"`
	WaitingPeriodEnds Day             `json:"waiting_period_ends"`
	InArrears         bool            `json:"in_arrears"`
	Inpatient         bool            `json:"inpatient"`
	Payment           []Finding       `json:"payment"` // what makes payment wait, or suspends it
	Grade             *int            `json:"grade"`
	Qualifies         *bool           `json:"qualifies"`
	BenefitsFrom      Day             `json:"benefits_from"`
	FundSharePercent  map[string]int  `json:"fund_share_percent"`
	ReductionUntil    Day             `json:"reduction_until,omitzero"`
	AnnualCapFen      *int64          `json:"annual_cap_fen"`
	HomeCapFen        *int64          `json:"home_cap_fen"`
	CapNote           *ltc.Text       `json:"cap_note,omitempty"`
	CapClauses        []string        `json:"cap_clauses,omitempty"`
	Lines             []StatementLine `json:"lines"`
	Note              *ltc.Text       `json:"note,omitempty"`
	Rules             Rules           `json:"rules"`
}

// Finding is a Reason with its day written as a day.
type Finding struct {
	Code    string   `json:"code"`
	Message ltc.Text `json:"message"`
	Basis
	Related []Basis `json:"related,omitempty"`
	Until   Day     `json:"until,omitzero"`
}

// Labelled reports whether a rule behind the finding is a local default,
// which a letter labels next to it.
func (f Finding) Labelled() bool {
	return f.Basis.LocalDefault || slices.ContainsFunc(f.Related, func(b Basis) bool { return b.LocalDefault })
}

// Clauses are the clauses behind the finding, its own first.
func (f Finding) Clauses() []string {
	out := []string{f.Clause}
	for _, b := range f.Related {
		out = append(out, b.Clause)
	}
	return out
}

// Rules are the version's rules of the process, each with its clause and
// label, for the deadlines a letter shows.
type Rules struct {
	Periods            Periods         `json:"periods"`
	Stabilisation      *Period         `json:"stabilisation"`
	ReapplicationLock  *Period         `json:"reapplication_lock"`
	SelfAssessmentGate *Basis          `json:"self_assessment_gate"`
	Fees               Fees            `json:"fees"`
	BenefitStart       string          `json:"benefit_start"`
	BenefitStartBasis  Basis           `json:"benefit_start_basis"`
	Team               Team            `json:"team"`
	Committee          Committee       `json:"committee"`
	QualitySampling    QualitySampling `json:"quality_sampling"`
}

// QualitySampling is the share of conclusions the committee audits.
type QualitySampling struct {
	Percent int `json:"percent"`
	Basis
}

// Explain answers a query with the functions the workflow's activities
// call: whether the person can apply by Check on the day of the
// application, and what a conclusion pays by Award on the day it is decided,
// as the decision activity records it.
func (p *Policy) Explain(q Query) Explanation {
	e := p.Check(q.Person, q.On)
	out := Explanation{Region: p.Region, PolicyVersion: p.Version, Date: Day(q.On), CanApply: len(e.Refusals) == 0,
		Refusals: findings(e.Refusals), HoldUntil: Day(e.HoldUntil),
		FundSharePercent: map[string]int{}, Lines: []StatementLine{}, Rules: Rules{Periods: p.Periods,
			Stabilisation: p.Stabilisation, ReapplicationLock: p.ReapplicationLock, SelfAssessmentGate: p.SelfAssessmentGate,
			Fees: p.Fees, BenefitStart: p.BenefitStart, BenefitStartBasis: p.BenefitStartBasis, Team: p.Team, Committee: p.Committee,
			QualitySampling: QualitySampling{Percent: p.QualitySamplingPercent, Basis: p.QualitySamplingBasis}}}
	out.payment(e)
	if q.Conclusion == nil {
		return out
	}
	qualifies := p.Qualifies(q.Conclusion.Grade)
	out.Grade, out.Qualifies = &q.Conclusion.Grade, &qualifies
	if !out.CanApply {
		return out
	}
	// The figure is the one given (the statement checks its area and year),
	// so Award, which fails only where the figures cannot be read, cannot fail.
	given := func(int) (*IncomeFigure, error) { return q.Income, nil }
	a, _ := p.Award(q.Person, q.Conclusion.Grade, q.Conclusion.On, time.Time{}, given)
	out.payment(a.Eligibility)
	if !qualifies {
		return out
	}
	s := a.Statement
	out.BenefitsFrom, out.FundSharePercent, out.ReductionUntil = s.BenefitsFrom, s.FundShares, s.ReductionUntil
	out.AnnualCapFen, out.HomeCapFen, out.CapNote, out.CapClauses = s.AnnualCapFen, s.HomeCapFen, s.CapNote, s.CapClauses
	out.Lines, out.Note = s.Lines, s.Note
	return out
}

// payment is what bars or suspends payment: on the day of the application,
// or of the conclusion when one is asked about.
func (x *Explanation) payment(e Eligibility) {
	x.WaitingPeriodEnds, x.InArrears, x.Inpatient, x.Payment = Day(e.WaitingPeriodEnds), e.InArrears, e.Inpatient, findings(e.Payment)
}

func findings(reasons []Reason) []Finding {
	out := make([]Finding, len(reasons))
	for i, r := range reasons {
		out[i] = Finding{Code: r.Code, Message: r.Message, Basis: r.Basis, Related: r.Related, Until: Day(r.Until)}
	}
	return out
}
