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
	"github.com/changhu/ltc/policy"
	"github.com/changhu/ltc/postgres"
)

// Activities holds what the activities need. The worker registers one value.
type Activities struct {
	DB       *postgres.DB
	Catalog  *forms.Catalog
	Policies *policy.Registry
	Calendar CalendarSource
}

// CalendarSource gives the working-day calendar in force.
type CalendarSource interface {
	Current(context.Context) (*calendar.Calendar, error)
}

// LoadPolicy returns the region's policy in force; the workflow keeps the
// snapshot, so a cycle runs to its end under the version it started with.
func (a *Activities) LoadPolicy(ctx context.Context, region string) (*policy.Policy, error) {
	p, err := a.Policies.Latest(region)
	return p, final(err)
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
		if err := a.DB.SetDeadline(ctx, in.CaseID, end); err != nil {
			return time.Time{}, final(err)
		}
	}
	if in.Period.WorkingDays > 0 && !cal.Knows(end.In(ltc.China).Year()) {
		activity.GetLogger(ctx).Warn("deadline falls in a year with no holiday calendar loaded; only weekends counted",
			"year", end.In(ltc.China).Year())
	}
	return end, nil
}

// TransitionInput is a history line, with the status it leaves the case in;
// Seq orders the lines of one case.
type TransitionInput struct {
	CaseID  string
	Key     string
	Seq     int
	Entry   ltc.HistoryEntry
	Benefit ltc.Benefit
}

// Transition records a status and its history line; the key makes a retry a no-op.
func (a *Activities) Transition(ctx context.Context, in TransitionInput) error {
	return final(a.DB.Transition(ctx, in.CaseID, in.Key, in.Seq, in.Entry, in.Benefit))
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
	f, err := a.DB.SubmittedForm(ctx, in.FormID)
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
	if err := a.DB.RecordScore(ctx, in.FormID, scored, activity.GetInfo(ctx).StartedTime); err != nil {
		return nil, err
	}
	instrument, err := a.Catalog.Get(in.Instrument.ID, in.Instrument.Version)
	if err != nil {
		return nil, final(err)
	}
	return &ScoreResult{Assessment: scored, GradeNames: instrument.Grades}, nil
}

// DecisionInput is a conclusion with its history line, and what its benefit
// statement is computed from.
type DecisionInput struct {
	CaseID   string
	Policy   *policy.Policy
	Claimant policy.Claimant
	Key      string
	Seq      int
	Decision ltc.Decision
	Entry    ltc.HistoryEntry
	Benefit  ltc.Benefit
}

// RecordDecision computes the benefit statement under the cycle's policy and
// stores it with the conclusion.
func (a *Activities) RecordDecision(ctx context.Context, in DecisionInput) error {
	c := in.Claimant
	c.Grade = in.Decision.Grade
	statement, err := json.Marshal(in.Policy.Statement(c, in.Decision.BenefitsFrom, nil))
	if err != nil {
		return fmt.Errorf("encode benefit statement: %w", err)
	}
	in.Decision.Statement = statement
	return final(a.DB.RecordDecision(ctx, in.CaseID, in.Policy.Version, in.Key, in.Seq, in.Decision, in.Entry, in.Benefit))
}

// final makes domain errors that no retry can fix non-retryable, keeping the
// code as the error type and the bilingual message as details; everything
// else (a database restart, a network fault) is retried.
func final(err error) error {
	var e *ltc.Error
	if err == nil || !errors.As(err, &e) || e.Code == ltc.EUnavailable || e.Code == ltc.EInternal {
		return err
	}
	return temporal.NewApplicationErrorWithOptions(e.Message.En, e.Code, temporal.ApplicationErrorOptions{
		NonRetryable: true, Details: []any{e.Message}, Cause: e.Err,
	})
}
