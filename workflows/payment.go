package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
)

// followEnrolment re-reads the insurance records whenever an import changed
// them: arrears suspend payment while they last and paying up resumes it.
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
	return r.setArrears(ctx, p.InArrears)
}

// setArrears records a change of arrears and what it does to payment.
func (r *run) setArrears(ctx workflow.Context, inArrears bool) error {
	if inArrears == r.InArrears {
		return nil
	}
	r.InArrears = inArrears
	r.refreshBenefit()
	action, reason := "arrears_cleared", "已补足缴费，待遇恢复支付"
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
