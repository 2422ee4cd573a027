// Package activities does the case workflow's I/O: every activity is
// idempotent, so that a retry after a crash writes nothing twice.
package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/calendar"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/notify"
	"github.com/changhu/ltc/policy"
)

// Activities holds what the activities need. The worker registers one value.
type Activities struct {
	Store      Store
	Catalog    *forms.Catalog
	Policies   Policies
	Calendar   CalendarSource
	Channel    Channel    // where messages to families go
	Deliveries Deliveries // starts their delivery

	EvidenceRows EvidenceRows // the periodic integrity check's reads and findings
	Objects      Objects      // and the stored objects it re-hashes
}

// CalendarSource gives the working-day calendar in force.
type CalendarSource interface {
	Current(context.Context) (*calendar.Calendar, error)
}

// DeadlineInput is a period that starts at From; with CaseID set, the end is
// recorded as the deadline of the case's step under way.
type DeadlineInput struct {
	From   time.Time
	Period policy.Period
	CaseID string
}

// Deadline is when a period ends, counted on the working-day calendar.
func (a *Activities) Deadline(ctx context.Context, in DeadlineInput) (time.Time, error) {
	cal, err := a.Calendar.Current(ctx)
	if err != nil {
		return time.Time{}, err
	}
	end := in.Period.End(in.From, cal)
	if in.CaseID != "" {
		if err := a.Store.SetDeadline(ctx, in.CaseID, end); err != nil {
			return time.Time{}, final(err)
		}
	}
	if in.Period.WorkingDays > 0 && !cal.Knows(end.In(ltc.China).Year()) {
		activity.GetLogger(ctx).Warn("deadline falls in a year with no holiday calendar loaded; only weekends counted",
			"year", end.In(ltc.China).Year())
	}
	return end, nil
}

// TransitionInput is a history line, with the state it leaves the case in.
type TransitionInput = Line

// Transition records a status and its history line, with the messages it
// sends the family; the key makes a retry a no-op.
func (a *Activities) Transition(ctx context.Context, in TransitionInput) error {
	messages, err := a.Store.Transition(ctx, in, notify.NoticesFor(in.CaseID, in.Entry))
	if err != nil {
		return final(err)
	}
	a.Deliveries.Start(ctx, messages...)
	return nil
}

// ScoreInput names a stored form and the instrument the region requires.
type ScoreInput struct {
	CaseID     string
	FormID     string
	Instrument forms.Ref
}

// ScoreResult is the scored form and the names of the instrument's grades.
type ScoreResult struct {
	Assessment *forms.Assessment
	GradeNames []forms.GradeName
}

// ScoreAssessment scores a stored form with the region's instrument and
// records the result; scoring is deterministic, so a retry records the same.
func (a *Activities) ScoreAssessment(ctx context.Context, in ScoreInput) (*ScoreResult, error) {
	f, err := a.Store.SubmittedForm(ctx, in.FormID)
	if err != nil {
		return nil, final(err)
	}
	if f.CaseID != in.CaseID {
		return nil, final(ltc.Errorf(ltc.EInvalid, "评估表不属于此案件", "the form belongs to another case"))
	}
	if f.Form.Instrument != in.Instrument.ID {
		return nil, final(ltc.Errorf(ltc.EInvalid, "本地区使用评估量表 %s", "this region uses instrument %s", in.Instrument.ID))
	}
	f.Form.Version = in.Instrument.Version
	scored, err := a.Catalog.ScoreAssessment(f.Form)
	if err != nil {
		return nil, final(err)
	}
	if err := a.Store.RecordScore(ctx, in.FormID, scored, activity.GetInfo(ctx).StartedTime); err != nil {
		return nil, final(err)
	}
	instrument, err := a.Catalog.Get(in.Instrument.ID, in.Instrument.Version)
	if err != nil {
		return nil, final(err)
	}
	return &ScoreResult{Assessment: scored, GradeNames: instrument.Grades}, nil
}

// DecisionInput is a conclusion with its history line. The benefit
// statement is computed under the cycle's policy version. Runs from lifecycle
// version 1 on leave the validity and the benefit start to the activity
// (Dates); from version 2 on, the payment too (Payment): the benefit start
// waits for the end of a waiting period, and BenefitsSince is when benefits
// began before a renewal, so that a first year is counted once. From version
// 4 on, a decision after the first says whether the person is in hospital
// now (InHospital), which the case's admissions and discharges know; nil:
// the application's place of care.
type DecisionInput struct {
	CaseID        string
	Region        string
	Version       string
	Claimant      policy.Claimant
	Key           string
	Seq           int
	Decision      ltc.Decision
	Entry         ltc.HistoryEntry
	Benefit       ltc.Benefit
	Purpose       ltc.Purpose
	Dates         bool
	Payment       bool
	BenefitsSince time.Time
	InHospital    *bool
}

// DecisionResult is the conclusion as recorded, and what bars its payment now.
type DecisionResult struct {
	ltc.Decision
	Payment
}

// RecordDecision stores the conclusion with its benefit statement, and
// returns it as recorded.
func (a *Activities) RecordDecision(ctx context.Context, in DecisionInput) (*DecisionResult, error) {
	p, err := a.Policies.Version(in.Region, in.Version)
	if err != nil {
		return nil, final(err)
	}
	res := &DecisionResult{Decision: in.Decision}
	d := &res.Decision
	if in.Payment {
		award, err := a.award(ctx, p, in)
		if err != nil {
			return nil, err
		}
		e := award.Eligibility
		res.Payment = paymentOf(e)
		d.ValidUntil, d.BenefitsFrom = award.ValidUntil, time.Time(award.Statement.BenefitsFrom)
		if d.Qualifies && (e.InArrears || e.Inpatient) { // recorded so from the start: nothing is paid meanwhile
			in.Benefit = ltc.BenefitSuspended
			if in.Entry.Details != nil {
				in.Entry.Details["benefit"] = string(ltc.BenefitSuspended)
			}
		}
		if d.Statement, err = json.Marshal(award.Statement); err != nil {
			return nil, fmt.Errorf("encode benefit statement: %w", err)
		}
	} else if err := a.statementOnly(ctx, p, in, d); err != nil {
		return nil, err
	}
	if in.Entry.Details == nil {
		in.Entry.Details = map[string]any{}
	}
	in.Entry.Details["valid_until"], in.Entry.Details["benefits_from"] = d.ValidUntil, d.BenefitsFrom
	line := Line{CaseID: in.CaseID, Key: in.Key, Seq: in.Seq, Entry: in.Entry, Benefit: in.Benefit, Purpose: in.Purpose}
	messages, err := a.Store.RecordDecision(ctx, p.Version, *d, line, notify.NoticesFor(in.CaseID, in.Entry))
	if err != nil {
		return nil, final(err)
	}
	a.Deliveries.Start(ctx, messages...)
	return res, nil
}

// award is the decision's payment and statement from the person's records
// on the day of the decision, as `ltc policy explain` computes them.
func (a *Activities) award(ctx context.Context, p *policy.Policy, in DecisionInput) (policy.Award, error) {
	who, _, err := a.person(ctx, in.CaseID)
	if err != nil {
		return policy.Award{}, err
	}
	if in.InHospital != nil {
		who.InHospital = *in.InHospital
	}
	award, err := p.Award(who, in.Decision.Grade, in.Decision.DecidedAt, in.BenefitsSince, func(year int) (*policy.IncomeFigure, error) {
		return a.Store.IncomeFigure(ctx, in.Region, year)
	})
	return award, final(err)
}

// statementOnly is the statement of runs before lifecycle version 2, from
// the claimant the workflow kept at the gates; from version 1 on the
// activity also computes the validity and the usual first day.
func (a *Activities) statementOnly(ctx context.Context, p *policy.Policy, in DecisionInput, d *ltc.Decision) error {
	if in.Dates && d.Qualifies {
		d.ValidUntil, d.BenefitsFrom = p.Periods.Validity.End(d.DecidedAt, nil), p.BenefitsStart(d.DecidedAt)
	}
	c := in.Claimant
	c.Grade = d.Grade
	income, err := a.Store.IncomeFigure(ctx, in.Region, d.BenefitsFrom.In(ltc.China).Year()-1)
	if err != nil {
		return final(err)
	}
	if d.Statement, err = json.Marshal(p.Statement(c, d.BenefitsFrom, income)); err != nil {
		return fmt.Errorf("encode benefit statement: %w", err)
	}
	return nil
}

// final makes errors that no retry can fix non-retryable (domain refusals,
// and data the database refuses), keeping the code as the error type and the
// bilingual message as details; everything else (a database restart, a
// network fault) is retried.
func final(err error) error {
	var e *ltc.Error
	if err == nil || !errors.As(err, &e) || e.Code == ltc.EUnavailable || e.Code == ltc.EInternal {
		return err
	}
	return temporal.NewApplicationErrorWithOptions(e.Message.En, e.Code, temporal.ApplicationErrorOptions{
		NonRetryable: true, Details: []any{e.Message}, Cause: e.Err,
	})
}
