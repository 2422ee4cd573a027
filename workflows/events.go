package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
)

func (r *run) validateLifeEvent(e LifeEvent) error {
	action := ltc.ActionRecordEvent
	if e.Event == EventStatusChange {
		action = ltc.ActionReportChange
	}
	if err := r.permit(e.Actor, action, false); err != nil {
		return err
	}
	return r.eventPossible(e.Event)
}

func (r *run) eventPossible(event string) error {
	switch event {
	case EventDeath:
		if r.Status.Closed() {
			return reject(ltc.EConflict, "案件已办结", "the case is closed")
		}
	case EventAdmission:
		if r.Benefit != ltc.BenefitActive && !(r.Benefit == ltc.BenefitSuspended && !r.InHospital) {
			return reject(ltc.EConflict, "当前没有正在享受的待遇", "no benefits are being paid")
		}
	case EventDischarge:
		if !r.InHospital {
			return reject(ltc.EConflict, "没有登记住院", "no hospital admission is recorded")
		}
	case EventStatusChange:
		if r.Status != ltc.StatusValid {
			return reject(ltc.EConflict, "只有评估结论有效期内可以申请状态变化评估", "a status-change assessment is only possible while a conclusion is in force")
		}
	default:
		return reject(ltc.EInvalid, "未知事项", "unknown event")
	}
	return nil
}

func (r *run) lifeEvent(ctx workflow.Context, e LifeEvent) (View, error) {
	if err := r.eventPossible(e.Event); err != nil {
		return r.view(), err
	}
	if e.Event == EventDeath {
		benefit := r.Benefit
		if r.Benefit != ltc.BenefitNone {
			r.Benefit = ltc.BenefitStopped
		}
		err := r.stop(ctx, ltc.StatusEnded, e.Actor, "died", e.Reason)
		return r.view(), r.commit(err, func() { r.Benefit = benefit })
	}
	inHospital, changeReported, benefit := r.InHospital, r.changeReported, r.Benefit
	switch e.Event {
	case EventAdmission:
		r.InHospital = true
	case EventDischarge:
		r.InHospital = false
	case EventStatusChange:
		r.changeReported = true
	}
	r.refreshBenefit()
	err := r.record(ctx, e.Actor, e.Event, e.Reason, map[string]any{"benefit": string(r.Benefit)})
	return r.view(), r.commit(err, func() { r.InHospital, r.changeReported, r.Benefit = inHospital, changeReported, benefit })
}

// refreshBenefit derives the benefit state from the conclusion and the events.
func (r *run) refreshBenefit() {
	switch {
	case r.Decision == nil || !r.Decision.Qualifies:
		return
	case r.InHospital || r.Expired || r.InArrears || !r.WaitingUntil.IsZero():
		r.Benefit = ltc.BenefitSuspended
	default:
		r.Benefit = ltc.BenefitActive
	}
}
