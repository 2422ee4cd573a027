package workflows

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// CaseInput starts a case: ids only, the application itself is in PostgreSQL.
type CaseInput struct {
	CaseID string
	Region string
}

// AcceptRequest is a caseworker accepting an application (受理).
type AcceptRequest struct {
	Actor ltc.Actor
	Note  string
}

// AssessmentSubmission hands the workflow a stored assessment form by id.
type AssessmentSubmission struct {
	Actor  ltc.Actor
	FormID string
}

// State is what the case shows by query and in update answers.
type State struct {
	CaseID        string
	Status        ltc.Status
	PolicyVersion string
	Decision      *ltc.Decision
}

// caseRun is the workflow's state; only its methods change it.
type caseRun struct {
	State
	policy *policy.Policy
	seq    int // numbers history lines, so that a retried write is written once
}

var acts *activities.Activities // method values name the activities

// CaseWorkflow runs one application from receipt to decision and through its validity.
func CaseWorkflow(ctx workflow.Context, in CaseInput) (State, error) {
	r := &caseRun{State: State{CaseID: in.CaseID, Status: ltc.StatusSubmitted}}
	if err := r.register(ctx); err != nil {
		return r.State, err
	}
	if err := workflow.ExecuteActivity(activityCtx(ctx), acts.LoadPolicy, in.Region).Get(ctx, &r.policy); err != nil {
		return r.State, fmt.Errorf("load policy of %s: %w", in.Region, err)
	}
	r.PolicyVersion = r.policy.Version
	if err := r.transition(ctx, ltc.StatusAwaitingAcceptance, ltc.System, "received", ""); err != nil {
		return r.void(ctx, err)
	}
	if err := workflow.Await(ctx, func() bool { return r.Decision != nil }); err != nil {
		return r.State, err
	}
	if r.Status == ltc.StatusValid {
		if err := r.awaitExpiry(ctx); err != nil {
			return r.State, err
		}
	}
	err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
	return r.State, err
}

// activityCtx gives activities their options. Update handlers get a context derived
// from the workflow's root, not from CaseWorkflow's, so every call site uses it.
func activityCtx(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
}

func (r *caseRun) register(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (State, error) { return r.State, nil }); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateAccept, r.accept,
		workflow.UpdateHandlerOptions{Validator: r.validateAccept}); err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, UpdateSubmitAssessment, r.submitAssessment,
		workflow.UpdateHandlerOptions{Validator: r.validateAssessment})
}

// void ends a case whose application was never recorded (its transaction
// rolled back after the workflow started); there is nothing to write to.
func (r *caseRun) void(ctx workflow.Context, err error) (State, error) {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) && appErr.Type() == ltc.ENotFound {
		workflow.GetLogger(ctx).Warn("case was never recorded; ending it", "case", r.CaseID)
		r.Status = ltc.StatusVoid
		return r.State, nil
	}
	return r.State, err
}

func (r *caseRun) validateAccept(req AcceptRequest) error {
	if req.Actor.Role != ltc.RoleCaseworker {
		return reject(ltc.EForbidden, "只有经办人员可以受理申请", "only a caseworker can accept an application")
	}
	// A caseworker may act while the case is still being received; the handler waits for it.
	return r.expect(ltc.StatusSubmitted, ltc.StatusAwaitingAcceptance)
}

func (r *caseRun) accept(ctx workflow.Context, req AcceptRequest) (State, error) {
	if err := workflow.Await(ctx, func() bool { return r.Status != ltc.StatusSubmitted }); err != nil {
		return r.State, err
	}
	// Re-checked after waiting: two updates may have passed their validators together.
	if err := r.expect(ltc.StatusAwaitingAcceptance); err != nil {
		return r.State, err
	}
	err := r.transition(ctx, ltc.StatusAwaitingAssessment, req.Actor, "accepted", req.Note)
	return r.State, err
}

func (r *caseRun) validateAssessment(sub AssessmentSubmission) error {
	if sub.Actor.Role != ltc.RoleAssessor {
		return reject(ltc.EForbidden, "只有评估人员可以提交评估表", "only an assessor can submit an assessment form")
	}
	if sub.FormID == "" {
		return reject(ltc.EInvalid, "缺少评估表", "the assessment form is missing")
	}
	return r.expect(ltc.StatusAwaitingAssessment)
}

func (r *caseRun) submitAssessment(ctx workflow.Context, sub AssessmentSubmission) (State, error) {
	if err := r.validateAssessment(sub); err != nil {
		return r.State, err
	}
	previous := r.Status
	r.Status = ltc.StatusAssessing // a second submission now waits its turn and is refused
	var scored forms.Assessment
	err := workflow.ExecuteActivity(activityCtx(ctx), acts.ScoreAssessment, activities.ScoreInput{
		CaseID: r.CaseID, FormID: sub.FormID, Instrument: r.policy.Instrument.Ref(),
	}).Get(ctx, &scored)
	if err != nil {
		r.Status = previous
		return r.State, err
	}
	return r.State, r.decide(ctx, sub.Actor, &scored)
}

// decide turns a scored assessment into the conclusion under the region's policy.
func (r *caseRun) decide(ctx workflow.Context, by ltc.Actor, a *forms.Assessment) error {
	now := workflow.Now(ctx)
	d := ltc.Decision{
		Grade: a.Grade, GradeName: a.GradeName, Instrument: a.ID, InstrumentVersion: a.Version,
		Qualifies: r.policy.Qualifies(a.Grade), DecidedAt: now,
	}
	status := ltc.StatusNotQualified
	if d.Qualifies {
		status = ltc.StatusValid
		d.ValidUntil = r.policy.Periods.Validity.End(now, nil).In(ltc.China).Format(time.DateOnly)
	}
	entry := r.entry(ctx, status, by, "decided", "")
	entry.Details = map[string]any{"grade": d.Grade, "grade_name": d.GradeName, "qualifies": d.Qualifies, "valid_until": d.ValidUntil}
	err := workflow.ExecuteActivity(activityCtx(ctx), acts.RecordDecision, activities.DecisionInput{
		CaseID: r.CaseID, PolicyVersion: r.policy.Version, Key: r.nextKey(), Decision: d, Entry: entry,
	}).Get(ctx, nil)
	if err != nil {
		return err
	}
	r.Decision, r.Status = &d, status
	return r.upsertSearch(ctx)
}

// awaitExpiry waits out the validity; renewal comes with the full lifecycle.
func (r *caseRun) awaitExpiry(ctx workflow.Context) error {
	end := r.policy.Periods.Validity.End(r.Decision.DecidedAt, nil)
	if err := workflow.Sleep(ctx, end.Sub(workflow.Now(ctx))); err != nil {
		return err
	}
	return r.transition(ctx, ltc.StatusExpired, ltc.System, "expired", "有效期届满，未进行到期复评")
}

func (r *caseRun) expect(allowed ...ltc.Status) error {
	if !slices.Contains(allowed, r.Status) {
		return reject(ltc.EConflict,
			fmt.Sprintf("案件当前状态为「%s」，不能进行此操作", r.Status.Label().Zh),
			fmt.Sprintf("this action is not possible while the case is in the state: %s", r.Status.Label().En))
	}
	return nil
}

// transition records a status change with its history line, then applies it.
func (r *caseRun) transition(ctx workflow.Context, to ltc.Status, by ltc.Actor, action, reason string) error {
	err := workflow.ExecuteActivity(activityCtx(ctx), acts.Transition, activities.TransitionInput{
		CaseID: r.CaseID, Key: r.nextKey(), Entry: r.entry(ctx, to, by, action, reason),
	}).Get(ctx, nil)
	if err != nil {
		return err
	}
	r.Status = to
	return r.upsertSearch(ctx)
}

func (r *caseRun) entry(ctx workflow.Context, to ltc.Status, by ltc.Actor, action, reason string) ltc.HistoryEntry {
	return ltc.HistoryEntry{At: workflow.Now(ctx), Actor: by, Action: action, Status: to, Reason: reason}
}

func (r *caseRun) nextKey() string {
	r.seq++
	return fmt.Sprintf("wf-%d", r.seq)
}

func (r *caseRun) upsertSearch(ctx workflow.Context) error {
	updates := []temporal.SearchAttributeUpdate{SearchStatus.ValueSet(string(r.Status))}
	if r.Decision != nil {
		updates = append(updates, SearchGrade.ValueSet(int64(r.Decision.Grade)))
		if r.Decision.ValidUntil != "" {
			updates = append(updates, SearchValidUntil.ValueSet(r.policy.Periods.Validity.End(r.Decision.DecidedAt, nil)))
		}
	}
	return workflow.UpsertTypedSearchAttributes(ctx, updates...)
}
