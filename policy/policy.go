// Package policy holds each region's long-term care scheme as versioned data:
// who is covered, which grades qualify, the instrument, the periods of the
// lifecycle and the benefits, each with the clause of the seed text it came
// from. A new city is a new file, not a code change.
package policy

import (
	"slices"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

// Policy is one version of one region's rules.
type Policy struct {
	Region     string   `json:"region"`
	Version    string   `json:"version"`
	Supersedes string   `json:"supersedes,omitempty"` // the version this one replaces
	Name       ltc.Text `json:"name"`
	Source     string   `json:"source"`

	Schemes       []string      `json:"schemes"`
	SchemesClause string        `json:"schemes_clause"`
	Exclusions    []Exclusion   `json:"exclusions"`
	Instrument    InstrumentRef `json:"instrument"`

	QualifyingGrades []int  `json:"qualifying_grades"`
	QualifyingClause string `json:"qualifying_clause"`

	// Options no seed states: absent means off.
	SelfAssessmentGate *Basis  `json:"self_assessment_gate,omitempty"` // only self-assessed E, F, G may apply
	ReapplicationLock  *Period `json:"reapplication_lock,omitempty"`   // no new application after "not qualified"

	Stabilisation *Period        `json:"stabilisation,omitempty"` // disability lasted this long after treatment
	WaitingPeriod *WaitingPeriod `json:"waiting_period,omitempty"`
	GapCounting   *GapCounting   `json:"gap_counting,omitempty"`
	Arrears       *Basis         `json:"arrears,omitempty"`   // nothing is paid while contributions are owed
	Inpatient     *InpatientRule `json:"inpatient,omitempty"` // nothing is paid during a hospital stay

	Periods    Periods `json:"periods"`
	VisitsRule *Visits `json:"visits,omitempty"` // appointments; absent: the local default

	QualitySamplingPercent int       `json:"quality_sampling_percent"`
	QualitySamplingBasis   Basis     `json:"quality_sampling_basis"`
	Team                   Team      `json:"team"`
	Committee              Committee `json:"committee"`
	Fees                   Fees      `json:"fees"`
	BenefitStart           string    `json:"benefit_start"` // next_day or next_month
	BenefitStartBasis      Basis     `json:"benefit_start_basis"`
	Benefits               Benefits  `json:"benefits"`
}

// Basis is where a rule comes from: the seed text's own words, or, where the
// seed gives no number, a local default. The label is data so that a letter
// can show it next to every deadline and figure that comes from such a rule.
type Basis struct {
	Clause       string `json:"clause"`
	LocalDefault bool   `json:"local_default"`
}

// InstrumentRef names the instrument version a region scores with.
type InstrumentRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

// Ref is the reference in the form the instruments use.
func (r InstrumentRef) Ref() forms.Ref { return forms.Ref{ID: r.ID, Version: r.Version} }

// Exclusions a region may apply.
const (
	ExcludeStudentOrChild = "student_or_child"           // students and children are not covered
	ExcludeWorkInjuryCare = "work_injury_care_allowance" // receives the work-injury care allowance
)

// Exclusion is one group the region does not cover.
type Exclusion struct {
	Rule   string `json:"rule"`
	Clause string `json:"clause"`
}

// Periods are the deadlines and durations of the lifecycle.
type Periods struct {
	Acceptance         Period `json:"acceptance"`          // caseworker accepts, returns or refuses
	Correction         Period `json:"correction"`          // applicant resubmits after a return
	AssignmentConfirm  Period `json:"assignment_confirm"`  // assessors confirm an assignment
	Visit              Period `json:"visit"`               // the visit is done, counted from acceptance
	CommitteeAudit     Period `json:"committee_audit"`     // the committee audits a sampled case
	Publicity          Period `json:"publicity"`           // the public notice (公示)
	ApplicantObjection Period `json:"applicant_objection"` // the applicant's window after notice
	Reassessment       Period `json:"reassessment"`        // a re-assessment after an objection
	Adjudication       Period `json:"adjudication"`        // the committee rules on a dispute
	ObjectionCheck     Period `json:"objection_check"`     // a caseworker checks a public objection (核实)
	Validity           Period `json:"validity"`            // how long a conclusion stands
	RenewalLead        Period `json:"renewal_lead"`        // how long before expiry renewal starts
}

// Team is who must visit: at least Size assessors, Experts of them experts.
type Team struct {
	Size    int `json:"size"`
	Experts int `json:"experts"`
	Basis
}

// Committee is the expert committee's quorum and majority.
type Committee struct {
	Quorum   int `json:"quorum"`
	Majority int `json:"majority"`
	Basis
}

// Payers of assessment fees.
const (
	PayerFund       = "fund"
	PayerGovernment = "government"
	PayerApplicant  = "applicant"
)

// Fees says who pays the assessment and a re-assessment after an objection.
type Fees struct {
	Assessment              string `json:"assessment"`
	ReassessmentIfChanged   string `json:"reassessment_if_changed"`
	ReassessmentIfUnchanged string `json:"reassessment_if_unchanged"`
	Basis
}

// Qualifies reports whether a grade of the region's instrument qualifies for benefits.
func (p *Policy) Qualifies(grade int) bool { return slices.Contains(p.QualifyingGrades, grade) }

// CoversScheme reports whether the region covers an insurance scheme.
func (p *Policy) CoversScheme(scheme string) bool { return slices.Contains(p.Schemes, scheme) }

// Excludes reports whether the region applies an exclusion, and its clause.
func (p *Policy) Excludes(rule string) (string, bool) {
	for _, e := range p.Exclusions {
		if e.Rule == rule {
			return e.Clause, true
		}
	}
	return "", false
}
