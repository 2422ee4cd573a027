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

// EligibilityInput asks for the gates of a case under a policy.
type EligibilityInput struct {
	CaseID string
	Policy *policy.Policy
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
	facts, err := a.DB.CaseFacts(ctx, in.CaseID)
	if err != nil {
		return nil, final(err)
	}
	var app forms.Application
	if err := json.Unmarshal(facts.Application, &app); err != nil {
		return nil, fmt.Errorf("decode application of case %s: %w", in.CaseID, err)
	}
	enrolments, records, err := a.DB.PersonRecords(ctx, facts.ResidentID, app.Region)
	if err != nil {
		return nil, err
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
	return &EligibilityResult{Eligibility: in.Policy.Check(who, now), Claimant: in.Policy.ClaimantOf(who, now), SelfGrade: facts.SelfGrade}, nil
}
