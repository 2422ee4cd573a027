// Package activities does the case workflow's I/O: every activity is
// idempotent, so that a retry after a crash writes nothing twice.
package activities

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
	"github.com/changhu/ltc/postgres"
)

// Activities holds what the activities need. The worker registers one value.
type Activities struct {
	DB       *postgres.DB
	Catalog  *forms.Catalog
	Policies *policy.Registry
}

// LoadPolicy returns the region's policy; the workflow keeps the snapshot, so
// a case runs to its end under the policy version it started with.
func (a *Activities) LoadPolicy(ctx context.Context, region string) (*policy.Policy, error) {
	p, err := a.Policies.Get(region)
	return p, final(err)
}

// TransitionInput is a status change with the history line explaining it.
type TransitionInput struct {
	CaseID string
	Key    string
	Entry  ltc.HistoryEntry
}

// Transition records a status change; the key makes a retry a no-op.
func (a *Activities) Transition(ctx context.Context, in TransitionInput) error {
	return final(a.DB.Transition(ctx, in.CaseID, in.Key, in.Entry))
}

// ScoreInput names a stored form and the instrument the region requires.
type ScoreInput struct {
	CaseID     string
	FormID     string
	Instrument forms.Ref
}

// ScoreAssessment scores a stored form with the region's instrument and
// records the result; scoring is deterministic, so a retry records the same.
func (a *Activities) ScoreAssessment(ctx context.Context, in ScoreInput) (*forms.Assessment, error) {
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
	return scored, nil
}

// DecisionInput is a conclusion with its history line.
type DecisionInput struct {
	CaseID        string
	PolicyVersion string
	Key           string
	Decision      ltc.Decision
	Entry         ltc.HistoryEntry
}

// RecordDecision stores the conclusion.
func (a *Activities) RecordDecision(ctx context.Context, in DecisionInput) error {
	err := a.DB.RecordDecision(ctx, in.CaseID, in.PolicyVersion, in.Key, in.Decision, in.Entry)
	return final(err)
}

// final makes domain errors that no retry can fix non-retryable, keeping the
// code as the error type and the bilingual message as details; everything
// else (a database restart, a network fault) is retried.
func final(err error) error {
	var e *ltc.Error
	if err == nil || !errors.As(err, &e) || e.Code == ltc.EUnavailable || e.Code == ltc.EInternal {
		return err
	}
	return temporal.NewApplicationErrorWithOptions(fmt.Sprint(e.Message.En), e.Code, temporal.ApplicationErrorOptions{
		NonRetryable: true, Details: []any{e.Message}, Cause: e.Err,
	})
}
