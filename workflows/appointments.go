package workflows

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/policy"
)

// Visits by appointment (lifecycle version 2): the team proposes one to
// three times within the visit deadline, the family chooses one (or asks for
// others), the choice books the whole team, a reminder goes out the day
// before; either side may move it, and a missed visit is recorded, with one
// new appointment before the region's rule applies.

const (
	minVisit = 30 * time.Minute
	maxVisit = 4 * time.Hour
)

func (r *run) appointmentsOn() error {
	if r.rev < revAppointments || r.Appointment == nil {
		return reject(ltc.EConflict, "此案件按旧版流程办理，不需预约", "this case runs an older lifecycle, without appointments")
	}
	return nil
}

func (r *run) validateVisitProposal(p VisitProposal) error {
	if err := r.permit(p.Actor, ltc.ActionProposeVisit, false); err != nil {
		return err
	}
	if err := r.appointmentsOn(); err != nil {
		return err
	}
	if len(p.Slots) < 1 || len(p.Slots) > 3 {
		return reject(ltc.EInvalid, "请提出一至三个上门评估时间", "propose one to three visit times")
	}
	for _, s := range p.Slots {
		if d := s.End.Sub(s.Start); d < minVisit || d > maxVisit {
			return reject(ltc.EInvalid, "每个时段须为30分钟至4小时", "each time must last 30 minutes to 4 hours")
		}
	}
	if r.Appointment.Chosen != nil {
		return reject(ltc.EConflict, "已约定上门时间，如需更改请先改约", "a visit time is agreed; move it first")
	}
	return nil
}

// proposeVisit checks the times against the region's visit hours, the
// calendar, the deadline and the team's other visits, then offers them.
func (r *run) proposeVisit(ctx workflow.Context, p VisitProposal) (View, error) {
	if err := r.validateVisitProposal(p); err != nil {
		return r.view(), err
	}
	from, period := r.visitPeriod(ctx)
	check := activities.SlotsInput{CaseID: r.CaseID, Region: r.Region, Version: r.policy.Version, Team: r.teamIDs(),
		Slots: p.Slots, NotBefore: workflow.Now(ctx), VisitFrom: from, VisitPeriod: period}
	if err := workflow.ExecuteActivity(activityCtx(ctx), acts.CheckSlots, check).Get(ctx, nil); err != nil {
		return r.view(), refusal(err)
	}
	before := r.Appointment.Proposed
	r.Appointment.Proposed = p.Slots
	err := r.record(ctx, p.Actor, "appointment_proposed", "", map[string]any{"slots": slotsText(p.Slots)})
	return r.view(), r.commit(err, func() { r.Appointment.Proposed = before })
}

func (r *run) validateVisitChoice(c VisitChoice) error {
	if err := r.permit(c.Actor, ltc.ActionChooseVisit, false); err != nil {
		return err
	}
	if err := r.appointmentsOn(); err != nil {
		return err
	}
	if r.Appointment.Chosen != nil || c.Slot < 0 || c.Slot >= len(r.Appointment.Proposed) {
		return reject(ltc.EConflict, "请从评估人员提出的时间中选择", "choose one of the proposed times")
	}
	if n := len([]rune(strings.TrimSpace(c.Present))); n < 2 || n > 30 {
		return reject(ltc.EInvalid, "请填写届时在场的家属或代理人姓名", "name the family member or agent who will be there")
	}
	return nil
}

// validateVisitChoiceNow also refuses a time that has begun. Only the
// validator asks: it does not run again when a case's history is replayed.
func (r *run) validateVisitChoiceNow(ctx workflow.Context, c VisitChoice) error {
	if err := r.validateVisitChoice(c); err != nil {
		return err
	}
	if !r.Appointment.Proposed[c.Slot].Start.After(workflow.Now(ctx)) {
		return reject(ltc.EConflict, "这个时间已过，请评估人员另提时间", "this time has passed; ask the team for other times")
	}
	return nil
}

// chooseVisit books the chosen time for the whole team; a time taken
// meanwhile by another visit is withdrawn from the offer and refused.
func (r *run) chooseVisit(ctx workflow.Context, c VisitChoice) (View, error) {
	if err := r.validateVisitChoice(c); err != nil {
		return r.view(), err
	}
	a := r.Appointment
	slot := a.Proposed[c.Slot]
	booking := fmt.Sprintf("visit-%s-%d-%d", r.CaseID, r.Cycle, a.Gen+1)
	var address string
	err := workflow.ExecuteActivity(activityCtx(ctx), acts.BookVisit,
		activities.BookInput{CaseID: r.CaseID, Booking: booking, Team: r.teamIDs(), Slot: slot}).Get(ctx, &address)
	if err != nil {
		if ltcCode(err) == ltc.EConflict {
			a.Proposed = append(a.Proposed[:c.Slot:c.Slot], a.Proposed[c.Slot+1:]...)
		}
		return r.view(), refusal(err)
	}
	a.Chosen, a.Booking, a.Present, a.Address, a.Gen = &slot, booking, strings.TrimSpace(c.Present), address, a.Gen+1
	details := map[string]any{"when": slotText(slot), "address": address, "present": a.Present}
	if err := r.record(ctx, c.Actor, "appointment_confirmed", "", details); err != nil {
		return r.view(), err
	}
	r.remind(ctx, a.Gen)
	return r.view(), nil
}

// remind tells the family the day before the visit, unless it changed
// meanwhile; a visit agreed less than a day ahead needs no reminder.
func (r *run) remind(ctx workflow.Context, gen int) {
	slot, present := *r.Appointment.Chosen, r.Appointment.Present
	remindAt := slot.Start.Add(-24 * time.Hour)
	if !remindAt.After(workflow.Now(ctx)) {
		return
	}
	workflow.Go(ctx, func(ctx workflow.Context) {
		changed := func() bool { return r.stopped || r.Appointment == nil || r.Appointment.Gen != gen }
		if _, err := workflow.AwaitWithTimeout(ctx, remindAt.Sub(workflow.Now(ctx)), changed); err != nil || changed() {
			return
		}
		if err := r.record(ctx, ltc.System, "appointment_reminded", "", map[string]any{"when": slotText(slot), "present": present}); err != nil {
			workflow.GetLogger(ctx).Error("visit reminder not recorded", "case", r.CaseID, "err", err)
		}
	})
}

func (r *run) validateVisitMove(m VisitChange) error {
	if err := r.permit(m.Actor, ltc.ActionMoveVisit, false); err != nil {
		return err
	}
	if err := r.appointmentsOn(); err != nil {
		return err
	}
	if strings.TrimSpace(m.Reason) == "" {
		return reject(ltc.EInvalid, "请写明改约的原因", "give the reason")
	}
	if r.Appointment.Chosen == nil && len(r.Appointment.Proposed) == 0 {
		return reject(ltc.EConflict, "尚未提出上门时间", "no visit time is proposed yet")
	}
	return nil
}

// moveVisit cancels the agreed time (or declines the times offered): the
// team proposes again.
func (r *run) moveVisit(ctx workflow.Context, m VisitChange) (View, error) {
	if err := r.validateVisitMove(m); err != nil {
		return r.view(), err
	}
	if err := r.cancelAppointment(ctx); err != nil {
		return r.view(), err
	}
	return r.view(), r.record(ctx, m.Actor, "appointment_moved", m.Reason, nil)
}

// releaseVisit frees the team once the visit took place: the rest of the
// booked time is theirs again.
func (r *run) releaseVisit(ctx workflow.Context) error {
	if r.Appointment == nil || r.Appointment.Booking == "" {
		return nil
	}
	booking := r.Appointment.Booking
	r.Appointment.Booking = ""
	return workflow.ExecuteActivity(activityCtx(ctx), acts.CancelVisit, booking).Get(ctx, nil)
}

// cancelAppointment frees the team's booking and clears the agreement.
func (r *run) cancelAppointment(ctx workflow.Context) error {
	a := r.Appointment
	if a.Booking != "" {
		if err := workflow.ExecuteActivity(activityCtx(ctx), acts.CancelVisit, a.Booking).Get(ctx, nil); err != nil {
			return err
		}
	}
	a.Proposed, a.Chosen, a.Booking, a.Gen = nil, nil, "", a.Gen+1
	return nil
}

func (r *run) validateMissedVisit(m MissedVisit) error {
	if err := r.permit(m.Actor, ltc.ActionRecordMissedVisit, false); err != nil {
		return err
	}
	if err := r.appointmentsOn(); err != nil {
		return err
	}
	if m.Absent != AbsentFamily && m.Absent != AbsentAssessor {
		return reject(ltc.EInvalid, "请说明是家属还是评估人员未到", "say whether the family or the assessors were absent")
	}
	if strings.TrimSpace(m.Reason) == "" || r.Appointment.Chosen == nil {
		return reject(ltc.EConflict, "没有已约定的上门时间，或未写明情况", "there is no agreed visit, or no account of what happened")
	}
	return nil
}

// missedVisit records a visit that did not take place. A first absence of
// either side leads to a new appointment; the family's second follows the
// region's rule, and the assessors' second brings another team.
func (r *run) missedVisit(ctx workflow.Context, m MissedVisit) (View, error) {
	if err := r.validateMissedVisit(m); err != nil {
		return r.view(), err
	}
	if workflow.Now(ctx).Before(r.Appointment.Chosen.Start) {
		return r.view(), reject(ltc.EConflict, "约定的上门时间尚未到", "the agreed time has not come yet")
	}
	a := r.Appointment
	if m.Absent == AbsentFamily {
		a.FamilyAbsent++
	} else {
		a.AssessorAbsent++
	}
	if err := r.cancelAppointment(ctx); err != nil {
		return r.view(), err
	}
	details := map[string]any{"absent": m.Absent, "family_absent": a.FamilyAbsent, "assessor_absent": a.AssessorAbsent}
	if err := r.record(ctx, m.Actor, "visit_missed", m.Reason, details); err != nil {
		return r.view(), err
	}
	return r.view(), r.afterMissed(ctx, m)
}

func (r *run) afterMissed(ctx workflow.Context, m MissedVisit) error {
	a, rule := r.Appointment, r.policy.VisitRules()
	switch {
	case a.FamilyAbsent >= 2 && rule.FamilyAbsentTwice == policy.AbsentTwiceClose:
		return r.stop(ctx, ltc.StatusRefused, ltc.System, "refused", "两次未在约定的上门评估时间在场，终止本次申请（"+rule.Clause+"）")
	case a.FamilyAbsent >= 2:
		r.Overdue = true
		return r.record(ctx, ltc.System, "overdue", "家属两次未在约定时间在场，请经办人员联系处理（"+rule.Clause+"）", nil)
	case a.AssessorAbsent >= 2:
		team := r.teamIDs()
		r.Team, r.declined, a.AssessorAbsent = nil, append(r.declined, team...), 0
		return r.transition(ctx, ltc.StatusScheduling, ltc.System, "team_replaced", "评估人员两次未按约定上门，更换评估小组", map[string]any{"team": team})
	}
	return nil
}

// refusal is an activity's refusal as the update's answer.
func refusal(err error) error {
	if e := AsDomainError(err); e != nil {
		return reject(e.Code, e.Message.Zh, e.Message.En)
	}
	return err
}

func slotText(s activities.Slot) string {
	start, end := s.Start.In(ltc.China), s.End.In(ltc.China)
	return start.Format("2006年1月2日 15:04") + "–" + end.Format("15:04")
}

func slotsText(slots []activities.Slot) string {
	texts := make([]string, len(slots))
	for i, s := range slots {
		texts[i] = fmt.Sprintf("（%d）%s", i+1, slotText(s))
	}
	return strings.Join(texts, "；")
}
