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
		MedicalAid: records.MedicalAid, SevereDisability: records.SevereDisability,
		WorkInjuryCareAllowance: records.WorkInjuryCareAllowance, OnsetDate: onset, Enrolments: enrolments,
		BackPaidYears: records.BackPaidYears, LastNotQualified: facts.LastNotQualified,
		SignificantChange: !facts.SignificantChange.IsZero() && facts.SignificantChange.After(facts.LastNotQualified),
	}
	return &EligibilityResult{Eligibility: p.Check(who, now), Claimant: p.ClaimantOf(who, now), SelfGrade: facts.SelfGrade}, nil
}
