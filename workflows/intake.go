package workflows

import (
	"errors"
	"strings"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
)

// loadPolicy takes the region's policy in force now: a case records the
// version each cycle ran under, and a renewal years later uses the new rules.
func (r *run) loadPolicy(ctx workflow.Context) error {
	if err := workflow.ExecuteActivity(activityCtx(ctx), acts.LoadPolicy, r.Region).Get(ctx, &r.policy); err != nil {
		return err
	}
	r.PolicyVersion = r.policy.Version
	return nil
}

// unrecorded ends a case whose application was never recorded (its transaction
// rolled back after the workflow started): there is nothing to write to.
func (r *run) unrecorded(ctx workflow.Context, err error) error {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) && appErr.Type() == ltc.ENotFound {
		workflow.GetLogger(ctx).Warn("case was never recorded; ending it", "case", r.CaseID)
		r.Status = ltc.StatusVoid
		return errStopped
	}
	return err
}

// intake runs the eligibility gates and the caseworker's acceptance, with the
// correction loop, until the case is accepted or closed.
func (r *run) intake(ctx workflow.Context) error {
	for {
		if err := r.gates(ctx); err != nil {
			return err
		}
		if err := r.transition(ctx, ltc.StatusAwaitingAcceptance, ltc.System, "received", "", nil); err != nil {
			return err
		}
		if err := r.due(ctx, workflow.Now(ctx), r.policy.Periods.Acceptance); err != nil {
			return err
		}
		awaitDecision := func() bool { return r.Status != ltc.StatusAwaitingAcceptance }
		if err := r.waitEscalating(ctx, awaitDecision, ltc.Text{Zh: "超过受理时限", En: "acceptance is overdue"}); err != nil {
			return err
		}
		if r.Status != ltc.StatusCorrection {
			return nil // accepted (refusal stops the case in its handler)
		}
		if err := r.awaitCorrection(ctx); err != nil {
			return err
		}
	}
}

// gates checks eligibility; an early application is held until the disability
// has lasted six months, then checked again, without anyone having to act.
func (r *run) gates(ctx workflow.Context) error {
	for {
		res, err := r.checkEligibility(ctx)
		if err != nil {
			return r.unrecorded(ctx, err)
		}
		if refusals := res.Eligibility.Refusals; len(refusals) > 0 {
			var reasons []string
			r.Refusals = nil
			for _, ref := range refusals {
				r.Refusals = append(r.Refusals, ref.Message)
				reasons = append(reasons, ref.Message.Zh)
			}
			return r.close(ctx, ltc.StatusIneligible, "ineligible", strings.Join(reasons, "；"), map[string]any{"refusals": refusals})
		}
		hold := res.Eligibility.HoldUntil
		if hold.IsZero() {
			r.HoldUntil = hold
			return nil
		}
		r.HoldUntil = hold
		reason := "失能状态须持续满6个月，将于 " + hold.In(ltc.China).Format("2006-01-02") + " 自动恢复办理"
		if err := r.transition(ctx, ltc.StatusOnHold, ltc.System, "held", reason, map[string]any{"until": hold}); err != nil {
			return err
		}
		r.Deadline = hold
		if _, err := r.wait(ctx, hold, func() bool { return false }); err != nil {
			return err
		}
		if err := r.record(ctx, ltc.System, "resumed", "", nil); err != nil {
			return err
		}
	}
}

// checkEligibility runs the gates and keeps what the benefit statement needs.
func (r *run) checkEligibility(ctx workflow.Context) (*activities.EligibilityResult, error) {
	var res activities.EligibilityResult
	err := workflow.ExecuteActivity(activityCtx(ctx), acts.CheckEligibility,
		activities.EligibilityInput{CaseID: r.CaseID, Region: r.Region, Version: r.policy.Version}).Get(ctx, &res)
	if err != nil {
		return nil, err
	}
	r.claimant, r.selfGrade = res.Claimant, res.SelfGrade
	return &res, nil
}

// awaitCorrection waits for the applicant's corrected application; one not
// resubmitted in time is refused for that reason.
func (r *run) awaitCorrection(ctx workflow.Context) error {
	if err := r.due(ctx, workflow.Now(ctx), r.policy.Periods.Correction); err != nil {
		return err
	}
	resubmitted, err := r.wait(ctx, r.Deadline, func() bool { return r.Status != ltc.StatusCorrection })
	if err != nil || resubmitted {
		return err
	}
	return r.close(ctx, ltc.StatusRefused, "refused", "逾期未补正，不予受理", nil)
}

// close ends the case by the system's decision.
func (r *run) close(ctx workflow.Context, to ltc.Status, action, reason string, details map[string]any) error {
	if err := r.transition(ctx, to, ltc.System, action, reason, details); err != nil {
		return err
	}
	return errStopped
}
