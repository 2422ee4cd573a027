package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

var acts *activities.Activities // method values name the activities

// errStopped unwinds the lifecycle when the case was withdrawn or the person died.
var errStopped = errors.New("case stopped")

// run is one run of the case workflow; only its methods change the state.
type run struct {
	State
	rev                  workflow.Version // the lifecycle version this run follows (lifecycleChange)
	applicant            string           // the actor id of whoever applied
	policy               *activities.Rules
	seq                  int         // numbers history lines, so that a retried write is written once
	stopped              bool        // closed by a person (withdrawn, refused, died): every wait returns
	next                 ltc.Purpose // the purpose of the next cycle, when this run continues as new
	claimant             policy.Claimant
	selfGrade            string
	grades               []forms.GradeName // of the region's instrument, in order
	declined             []string
	publicityEnded       bool
	applicantWindowEnded bool
	changeReported       bool
}

// activityCtx gives activities their options. Update handlers get a context
// derived from the workflow's root, not from the main function's, so every
// call site uses it.
func activityCtx(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		// Short: activities are single database writes; a crashed worker's task is retried soon.
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
}

// transition changes the status at once, so that a concurrent handler or timer
// sees it, then records it with the history line that explains it.
func (r *run) transition(ctx workflow.Context, to ltc.Status, by ltc.Actor, action, reason string, details map[string]any) error {
	if r.stopped && !to.Closed() && r.rev >= revChecked {
		return errStopped // closed by a person while this step was being prepared: it never reopens
	}
	r.Status, r.Overdue = to, false
	if to.Closed() {
		r.Deadline = time.Time{}
	}
	if err := r.record(ctx, by, action, reason, details); err != nil {
		return err
	}
	return r.upsertSearch(ctx)
}

// record appends a history line without changing the status.
func (r *run) record(ctx workflow.Context, by ltc.Actor, action, reason string, details map[string]any) error {
	r.seq++
	entry := ltc.HistoryEntry{At: workflow.Now(ctx), Actor: by, Action: action, Status: r.Status, Reason: reason, Details: details}
	line := activities.Line{CaseID: r.CaseID, Key: keyOf(r.seq), Seq: r.seq, Entry: entry, Benefit: r.Benefit}
	if r.rev >= revChecked {
		line.Purpose = r.Purpose
	}
	return workflow.ExecuteActivity(activityCtx(ctx), acts.Transition, line).Get(ctx, nil)
}

// commit records what a handler did. If the record is refused (data the
// database will not store), undo puts the state back and the action is
// refused: the workflow and the record of the case never disagree.
func (r *run) commit(err error, undo func()) error {
	if err != nil && ltcCode(err) != "" {
		undo()
	}
	return err
}

// keyOf is a history line's idempotency key; seq carries across runs.
func keyOf(seq int) string { return fmt.Sprintf("wf-%d", seq) }

// due sets the deadline of the step under way, counted on the region's calendar.
func (r *run) due(ctx workflow.Context, from time.Time, p policy.Period) error {
	end, err := r.endOf(ctx, activities.DeadlineInput{From: from, Period: p, CaseID: r.CaseID})
	if err != nil {
		return err
	}
	r.Deadline, r.Overdue = end, false
	return r.upsertSearch(ctx)
}

// deadline computes when a period starting at from ends, on the calendar.
func (r *run) deadline(ctx workflow.Context, from time.Time, p policy.Period) (time.Time, error) {
	return r.endOf(ctx, activities.DeadlineInput{From: from, Period: p})
}

func (r *run) endOf(ctx workflow.Context, in activities.DeadlineInput) (time.Time, error) {
	var end time.Time
	err := workflow.ExecuteActivity(activityCtx(ctx), acts.Deadline, in).Get(ctx, &end)
	return end, err
}

// wait blocks until cond holds, the case is stopped, or the deadline passes;
// it reports whether cond held. Handlers change the state before they record
// the action, so once cond holds the running handlers finish first: the
// action's own history line comes before what the lifecycle does next.
func (r *run) wait(ctx workflow.Context, until time.Time, cond func() bool) (bool, error) {
	_, err := workflow.AwaitWithTimeout(ctx, max(until.Sub(workflow.Now(ctx)), 0), func() bool { return r.stopped || cond() })
	if err == nil && !r.stopped && cond() {
		err = workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
	}
	if err != nil {
		return false, err
	}
	if r.stopped {
		return false, errStopped
	}
	return cond(), nil
}

// waitEscalating waits for cond; when the deadline passes first, the step is
// escalated (recorded, flagged for caseworkers) and the wait goes on: an
// overdue step is never forgotten.
func (r *run) waitEscalating(ctx workflow.Context, cond func() bool, what ltc.Text) error {
	met, err := r.wait(ctx, r.Deadline, cond)
	if err != nil || met {
		return err
	}
	r.Overdue = true
	if err := r.record(ctx, ltc.System, "overdue", what.Zh, map[string]any{"step": string(r.Status), "deadline": r.Deadline}); err != nil {
		return err
	}
	if err := r.upsertSearch(ctx); err != nil {
		return err
	}
	_, err = r.wait(ctx, workflow.Now(ctx).Add(100*365*24*time.Hour), cond)
	return err
}

func (r *run) upsertSearch(ctx workflow.Context) error {
	updates := []temporal.SearchAttributeUpdate{SearchStatus.ValueSet(string(r.Status))}
	if r.Deadline.IsZero() {
		updates = append(updates, SearchNextDeadline.ValueUnset())
	} else {
		updates = append(updates, SearchNextDeadline.ValueSet(r.Deadline))
	}
	if r.Decision != nil {
		updates = append(updates, SearchGrade.ValueSet(int64(r.Decision.Grade)))
		if !r.Decision.ValidUntil.IsZero() {
			updates = append(updates, SearchValidUntil.ValueSet(r.Decision.ValidUntil))
		}
	}
	return workflow.UpsertTypedSearchAttributes(ctx, updates...)
}

func (r *run) expect(allowed ...ltc.Status) error {
	for _, s := range allowed {
		if r.Status == s {
			return nil
		}
	}
	return reject(ltc.EConflict,
		fmt.Sprintf("案件当前状态为「%s」，不能进行此操作", r.Status.Label().Zh),
		fmt.Sprintf("this action is not possible while the case is in the state: %s", r.Status.Label().En))
}
