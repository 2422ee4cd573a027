package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
)

// followEnrolment re-reads the insurance records whenever an import changed
// them: arrears suspend payment while they last and paying up resumes it,
// or starts a waiting period when it makes a new enrolee.
func (r *run) followEnrolment(ctx workflow.Context) {
	changed := workflow.GetSignalChannel(ctx, SignalEnrolmentChanged)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			changed.Receive(ctx, nil)
			if r.Decision == nil || !r.Decision.Qualifies || r.Status.Closed() {
				continue
			}
			if err := r.recheckPayment(ctx); err != nil {
				workflow.GetLogger(ctx).Error("payment not re-checked", "case", r.CaseID, "err", err)
			}
		}
	})
}

func (r *run) recheckPayment(ctx workflow.Context) error {
	var p activities.Payment
	in := activities.EligibilityInput{CaseID: r.CaseID, Region: r.Region, Version: r.policy.Version}
	if err := workflow.ExecuteActivity(activityCtx(ctx), acts.CheckPayment, in).Get(ctx, &p); err != nil {
		return err
	}
	if r.rev < revPaidUp {
		return r.setArrears(ctx, p.InArrears)
	}
	// The waiting period first: paying up that starts one does not resume payment.
	waiting := r.waitingSinceDecision(p.WaitingPeriodEnds)
	started := !waiting.Equal(r.WaitingUntil)
	r.WaitingUntil = waiting
	if err := r.setArrears(ctx, p.InArrears); err != nil || !started {
		return err
	}
	return r.recordWaiting(ctx)
}

// waitingSinceDecision is the end of a waiting period the decision did not
// wait for (its first day paid is earlier), zero if none: Xuzhou's 6 months
// from the day after a payment that made a new enrolee.
func (r *run) waitingSinceDecision(ends time.Time) time.Time {
	if ends.After(r.Decision.BenefitsFrom) {
		return ends
	}
	return time.Time{}
}

// recordWaiting records a waiting period that began, or ended (zero), and
// follows one that began to its end.
func (r *run) recordWaiting(ctx workflow.Context) error {
	r.refreshBenefit()
	details := map[string]any{"benefit": string(r.Benefit)}
	if r.WaitingUntil.IsZero() {
		return r.record(ctx, ltc.System, "waiting_period_ended", "待遇等待期已结束"+resumedIf(r.Benefit), details)
	}
	r.watchWaiting(ctx)
	details["until"] = r.WaitingUntil
	return r.record(ctx, ltc.System, "waiting_period", "按缴费记录视为新参保人员：待遇等待期至"+chineseDay(r.WaitingUntil.AddDate(0, 0, -1))+
		"届满，其间暂停支付待遇，自"+chineseDay(r.WaitingUntil)+"起自动恢复支付", details)
}

func chineseDay(t time.Time) string { return t.In(ltc.China).Format("2006年1月2日") }

// watchWaiting ends the waiting period by itself at midnight after its last
// day, unless a decision or a corrected record took its place first.
func (r *run) watchWaiting(ctx workflow.Context) {
	until := r.WaitingUntil
	if until.IsZero() {
		return
	}
	workflow.Go(ctx, func(ctx workflow.Context) {
		replaced := func() bool { return !r.WaitingUntil.Equal(until) || r.stopped }
		done, err := workflow.AwaitWithTimeout(ctx, max(until.Sub(workflow.Now(ctx)), 0), replaced)
		if err != nil || done {
			return
		}
		r.WaitingUntil = time.Time{}
		if err := r.recordWaiting(ctx); err != nil {
			workflow.GetLogger(ctx).Error("recording the end of a waiting period failed", "case", r.CaseID, "err", err)
		}
	})
}

// resumedIf says payment resumes, when nothing else still suspends it.
func resumedIf(b ltc.Benefit) string {
	if b == ltc.BenefitActive {
		return "，待遇恢复支付"
	}
	return "，待遇仍因其他原因暂停"
}

// setArrears records a change of arrears and what it does to payment.
func (r *run) setArrears(ctx workflow.Context, inArrears bool) error {
	if inArrears == r.InArrears {
		return nil
	}
	r.InArrears = inArrears
	r.refreshBenefit()
	action, reason := "arrears_cleared", "已补足缴费，待遇恢复支付"
	if r.rev >= revPaidUp {
		reason = "已补足缴费" + resumedIf(r.Benefit)
	}
	if inArrears {
		action, reason = "arrears", "参保缴费欠费，欠费期间待遇不予支付"
	}
	return r.record(ctx, ltc.System, action, reason, map[string]any{"benefit": string(r.Benefit)})
}

// afterDecision applies what the records say of payment at the decision: a
// stay in hospital at application, or arrears, suspend it from the start.
func (r *run) afterDecision(ctx workflow.Context, p activities.Payment) error {
	if !r.Decision.Qualifies {
		return nil
	}
	if r.BenefitsSince.IsZero() {
		r.BenefitsSince = r.Decision.BenefitsFrom
	}
	if p.Inpatient && !r.InHospital {
		r.InHospital = true
		r.refreshBenefit()
		if err := r.record(ctx, ltc.System, EventAdmission, "申请时在医院住院治疗，住院期间待遇暂停，出院登记后恢复", map[string]any{"benefit": string(r.Benefit)}); err != nil {
			return err
		}
	}
	return r.setArrears(ctx, p.InArrears)
}
