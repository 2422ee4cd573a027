package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// EligibilityInput asks for the gates of a case under a region's policy version.
type EligibilityInput struct {
	CaseID  string
	Region  string
	Version string
}

// EligibilityResult is the gates' answer and what the benefit statement needs.
type EligibilityResult struct {
	Eligibility policy.Eligibility
	Claimant    policy.Claimant
	SelfGrade   string
}

// CheckEligibility reads the application and the insurance records and runs
// the region's gates, as of the time the activity runs.
func (a *Activities) CheckEligibility(ctx context.Context, in EligibilityInput) (*EligibilityResult, error) {
	p, err := a.Policies.Version(in.Region, in.Version)
	if err != nil {
		return nil, final(err)
	}
	facts, err := a.Store.CaseFacts(ctx, in.CaseID)
	if err != nil {
		return nil, final(err)
	}
	var app forms.Application
	if err := json.Unmarshal(facts.Application, &app); err != nil {
		return nil, fmt.Errorf("decode application of case %s: %w", in.CaseID, err)
	}
	enrolments, records, err := a.Store.PersonRecords(ctx, facts.ResidentID, app.Region)
	if err != nil {
		return nil, final(err)
	}
	now := activity.GetInfo(ctx).StartedTime
	onset, _ := time.ParseInLocation(time.DateOnly, app.OnsetDate, ltc.China)
	birth := forms.ResidentID(facts.ResidentID).BirthDate()
	who := policy.Person{
		Scheme: app.Scheme, CareSetting: app.CareSetting, BirthDate: birth, Student: records.Student,
		WorkInjuryCareAllowance: records.WorkInjuryCareAllowance, OnsetDate: onset, Enrolments: enrolments,
		BackPaidYears: records.BackPaidYears, LastNotQualified: facts.LastNotQualified,
		SignificantChange: !facts.SignificantChange.IsZero() && facts.SignificantChange.After(facts.LastNotQualified),
	}
	continuous, gaps := p.History(who, now)
	claimant := policy.Claimant{Scheme: app.Scheme, ContinuousYears: continuous, GapYears: gaps, FirstYear: gaps > 0}
	groups := []struct {
		name string
		in   bool
	}{
		{"student", records.Student}, {"child", birth.AddDate(18, 0, 0).After(now)},
		{"medical_aid", records.MedicalAid}, {"severe_disability", records.SevereDisability},
	}
	for _, g := range groups {
		if g.in {
			claimant.Groups = append(claimant.Groups, g.name)
		}
	}
	return &EligibilityResult{Eligibility: p.Check(who, now), Claimant: claimant, SelfGrade: facts.SelfGrade}, nil
}
