package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
)

// validity follows a qualifying conclusion while it is in force. Hospital
// stays suspend benefits (in the handlers); early enough before expiry, or
// when a change of condition is reported, the next assessment cycle begins
// as a new run.
func (r *run) validity(ctx workflow.Context) error {
	renewAt := r.policy.Periods.RenewalLead.Before(r.Decision.ValidUntil)
	if _, err := r.wait(ctx, renewAt, func() bool { return r.changeReported }); err != nil {
		return err
	}
	r.next = PurposeRenewal
	if r.changeReported {
		r.next = PurposeStatusChange
	}
	return nil
}

// watchExpiry suspends benefits when the conclusion in force expires before
// the renewal cycle reaches a new one; the renewal goes on.
func (r *run) watchExpiry(ctx workflow.Context) {
	old := r.Decision
	if old == nil || old.ValidUntil.IsZero() {
		return
	}
	workflow.Go(ctx, func(ctx workflow.Context) {
		renewed := func() bool { return r.Decision != old || r.stopped }
		done, err := workflow.AwaitWithTimeout(ctx, max(old.ValidUntil.Sub(workflow.Now(ctx)), 0), renewed)
		if err != nil || done {
			return
		}
		r.Expired = true
		r.refreshBenefit()
		if err := r.record(ctx, ltc.System, "expired", "评估结论有效期届满，复评尚未完成，待遇暂停", map[string]any{"benefit": string(r.Benefit)}); err != nil {
			workflow.GetLogger(ctx).Error("recording expiry failed", "case", r.CaseID, "err", err)
		}
	})
}
