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
	who, selfGrade, err := a.person(ctx, in.CaseID)
	if err != nil {
		return nil, err
	}
	now := activity.GetInfo(ctx).StartedTime
	return &EligibilityResult{Eligibility: p.Check(who, now), Claimant: p.ClaimantOf(who, now), SelfGrade: selfGrade}, nil
}

// Payment is what bars or suspends payment of benefits now: arrears, a
// hospital stay, and the end of a waiting period still running (zero if none).
type Payment struct {
	InArrears         bool
	Inpatient         bool
	WaitingPeriodEnds time.Time
}

// paymentOf is what the gates found of payment.
func paymentOf(e policy.Eligibility) Payment {
	return Payment{InArrears: e.InArrears, Inpatient: e.Inpatient, WaitingPeriodEnds: e.WaitingPeriodEnds}
}

// CheckPayment reads the insurance records again: arrears suspend payment
// while they last (欠费期间待遇不予支付), and a payment that makes a new
// enrolee starts a waiting period (6个月后方可给付).
func (a *Activities) CheckPayment(ctx context.Context, in EligibilityInput) (*Payment, error) {
	p, err := a.Policies.Version(in.Region, in.Version)
	if err != nil {
		return nil, final(err)
	}
	who, _, err := a.person(ctx, in.CaseID)
	if err != nil {
		return nil, err
	}
	e := p.Check(who, activity.GetInfo(ctx).StartedTime)
	pay := paymentOf(e)
	return &pay, nil
}

// uncommittedTries is how often a case not found is read before it counts
// as never recorded: about half a minute of the activities' backoff.
const uncommittedTries = 6

// caseFacts reads what eligibility needs of a case. A case's workflow starts
// inside the transaction that records its application, so its first read
// may come before the commit: not found is retried a while before it is final.
func (a *Activities) caseFacts(ctx context.Context, caseID string) (*CaseFacts, error) {
	facts, err := a.Store.CaseFacts(ctx, caseID)
	if ltc.CodeOf(err) == ltc.ENotFound && activity.GetInfo(ctx).Attempt < uncommittedTries {
		return nil, fmt.Errorf("case %s not committed yet, to be read again: %w", caseID, err)
	}
	return facts, final(err)
}

// person is the applicant as the policy sees them: the application and the
// insurance records of the region.
func (a *Activities) person(ctx context.Context, caseID string) (policy.Person, string, error) {
	facts, err := a.caseFacts(ctx, caseID)
	if err != nil {
		return policy.Person{}, "", err
	}
	var app forms.Application
	if err := json.Unmarshal(facts.Application, &app); err != nil {
		return policy.Person{}, "", fmt.Errorf("decode application of case %s: %w", caseID, err)
	}
	enrolments, records, err := a.Store.PersonRecords(ctx, facts.ResidentID, app.Region)
	if err != nil {
		return policy.Person{}, "", final(err)
	}
	onset, _ := time.ParseInLocation(time.DateOnly, app.OnsetDate, ltc.China)
	return policy.Person{
		Scheme: app.Scheme, InHospital: app.CareSetting == "hospital", BirthDate: forms.ResidentID(facts.ResidentID).BirthDate(),
		Student: records.Student, MedicalAid: records.MedicalAid, SevereDisability: records.SevereDisability,
		WorkInjuryCareAllowance: records.WorkInjuryCareAllowance, OnsetDate: onset, Enrolments: enrolments,
		BackPaidYears: records.BackPaidYears, LastNotQualified: facts.LastNotQualified,
		SignificantChange: !facts.SignificantChange.IsZero() && facts.SignificantChange.After(facts.LastNotQualified),
	}, facts.SelfGrade, nil
}
