package activities

import (
	"context"
	"slices"
	"time"

	"github.com/changhu/ltc/policy"
)

// Policies gives every loaded version of every region's policy.
type Policies interface {
	Latest(region string) (*policy.Policy, error)
	Version(region, version string) (*policy.Policy, error)
}

// Rules is what the workflow itself needs of a region's policy: its periods,
// team, committee and grades. The rest (eligibility, benefits) stays in the
// activities, which load the policy by region and version. The JSON names
// are the policy's, so that runs recorded with a whole policy still read.
type Rules struct {
	Region                 string               `json:"region"`
	Version                string               `json:"version"`
	Instrument             policy.InstrumentRef `json:"instrument"`
	QualifyingGrades       []int                `json:"qualifying_grades"`
	Periods                policy.Periods       `json:"periods"`
	QualitySamplingPercent int                  `json:"quality_sampling_percent"`
	Team                   policy.Team          `json:"team"`
	Committee              policy.Committee     `json:"committee"`
	Fees                   policy.Fees          `json:"fees"`
	BenefitStart           string               `json:"benefit_start"`
	Visits                 policy.Visits        `json:"visit_rules"`
}

// Qualifies reports whether a grade qualifies for benefits.
func (r *Rules) Qualifies(grade int) bool { return slices.Contains(r.QualifyingGrades, grade) }

// RulesOf is the workflow's view of a policy.
func RulesOf(p *policy.Policy) *Rules {
	return &Rules{Region: p.Region, Version: p.Version, Instrument: p.Instrument, QualifyingGrades: p.QualifyingGrades,
		Periods: p.Periods, QualitySamplingPercent: p.QualitySamplingPercent, Team: p.Team, Committee: p.Committee,
		Fees: p.Fees, BenefitStart: p.BenefitStart, Visits: p.VisitRules()}
}

// LoadPolicy returns the rules of the region's policy in force now; the
// workflow keeps them, so a cycle runs to its end under the version it
// started with.
func (a *Activities) LoadPolicy(ctx context.Context, region string) (*Rules, error) {
	p, err := a.Policies.Latest(region)
	if err != nil {
		return nil, final(err)
	}
	return RulesOf(p), nil
}

// VisitRules are the region's visit rules.
func (r *Rules) VisitRules() policy.Visits { return r.Visits }

// BenefitsStart is the first day benefits are paid for a decision at t, as
// runs before lifecycle version 1 computed it in the workflow itself.
func (r *Rules) BenefitsStart(t time.Time) time.Time {
	p := policy.Policy{BenefitStart: r.BenefitStart}
	return p.BenefitsStart(t)
}
