package workflows

import (
	"slices"

	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
)

func (r *run) register(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (View, error) { return r.view(), nil }); err != nil {
		return err
	}
	updates := []struct {
		name      string
		handler   any
		validator any
	}{
		{UpdateDecideAcceptance, r.decideAcceptance, r.validateAcceptance},
		{UpdateResubmit, r.resubmit, r.validateResubmit},
		{UpdateWithdraw, r.withdraw, r.validateWithdraw},
		{UpdateConfirmAssignment, r.confirmAssignment, r.validateAssignmentAnswer},
		{UpdateDeclineAssignment, r.declineAssignment, r.validateAssignmentAnswer},
		{UpdateSubmitAssessment, r.submitAssessment, r.validateAssessment},
		{UpdateConfirmConclusion, r.confirmConclusion, r.validateConfirmation},
		{UpdateObject, r.object, r.validateObjection},
		{UpdateVote, r.vote, r.validateVote},
		{UpdateLifeEvent, r.lifeEvent, r.validateLifeEvent},
	}
	for _, u := range updates {
		if err := workflow.SetUpdateHandlerWithOptions(ctx, u.name, u.handler,
			workflow.UpdateHandlerOptions{Validator: u.validator}); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) validateAcceptance(d AcceptanceDecision) error {
	if d.Actor.Role != ltc.RoleCaseworker {
		return reject(ltc.EForbidden, "只有经办人员可以受理申请", "only a caseworker can decide on an application")
	}
	if !slices.Contains([]string{Accept, Return, Refuse}, d.Decision) {
		return reject(ltc.EInvalid, "受理决定须为 accept、return 或 refuse", "decision must be accept, return or refuse")
	}
	if d.Decision != Accept && d.Reason == "" {
		return reject(ltc.EInvalid, "退回补正或不予受理必须写明理由", "a return or a refusal needs its reasons")
	}
	// A caseworker may act while the gates are still being checked; the handler waits for them.
	return r.expect(ltc.StatusSubmitted, ltc.StatusAwaitingAcceptance)
}

func (r *run) decideAcceptance(ctx workflow.Context, d AcceptanceDecision) (View, error) {
	if err := workflow.Await(ctx, func() bool { return r.Status != ltc.StatusSubmitted }); err != nil {
		return r.view(), err
	}
	// Re-checked after waiting: two decisions may have passed their validators together.
	if err := r.expect(ltc.StatusAwaitingAcceptance); err != nil {
		return r.view(), err
	}
	var err error
	switch d.Decision {
	case Accept:
		r.AcceptedAt = workflow.Now(ctx)
		err = r.transition(ctx, ltc.StatusScheduling, d.Actor, "accepted", d.Reason, nil)
	case Return:
		err = r.transition(ctx, ltc.StatusCorrection, d.Actor, "returned", d.Reason, nil)
	case Refuse:
		r.stopped = true
		err = r.transition(ctx, ltc.StatusRefused, d.Actor, "refused", d.Reason, nil)
	}
	return r.view(), err
}

func (r *run) isApplicant(a ltc.Actor) bool {
	return (a.Role == ltc.RoleApplicant && a.ID == r.applicant) || a.Role == ltc.RoleCaseworker
}

func (r *run) validateResubmit(req ActorRequest) error {
	if !r.isApplicant(req.Actor) {
		return reject(ltc.EForbidden, "只有申请人或经办人员可以重新提交", "only the applicant or a caseworker can resubmit")
	}
	return r.expect(ltc.StatusCorrection)
}

func (r *run) resubmit(ctx workflow.Context, req ActorRequest) (View, error) {
	if err := r.expect(ltc.StatusCorrection); err != nil {
		return r.view(), err
	}
	return r.view(), r.transition(ctx, ltc.StatusSubmitted, req.Actor, "resubmitted", req.Reason, nil)
}

func (r *run) validateWithdraw(req ActorRequest) error {
	if !r.isApplicant(req.Actor) {
		return reject(ltc.EForbidden, "只有申请人可以撤回申请", "only the applicant can withdraw")
	}
	if r.Decision != nil || r.Status.Closed() {
		return reject(ltc.EConflict, "已作出评估结论或已办结的案件不能撤回", "a case with a conclusion, or closed, cannot be withdrawn")
	}
	return nil
}

func (r *run) withdraw(ctx workflow.Context, req ActorRequest) (View, error) {
	if err := r.validateWithdraw(req); err != nil {
		return r.view(), err
	}
	r.stopped = true
	return r.view(), r.transition(ctx, ltc.StatusWithdrawn, req.Actor, "withdrawn", req.Reason, nil)
}

func (r *run) validateAssignmentAnswer(req ActorRequest) error {
	if req.Actor.Role != ltc.RoleAssessor || r.member(req.Actor.ID) == nil {
		return reject(ltc.EForbidden, "您不在本案的评估小组中", "you are not on this case's team")
	}
	if r.member(req.Actor.ID).Confirmed {
		return reject(ltc.EConflict, "您已确认此派单", "you have already confirmed this assignment")
	}
	return r.expect(ltc.StatusScheduling)
}

func (r *run) confirmAssignment(ctx workflow.Context, req ActorRequest) (View, error) {
	if err := r.validateAssignmentAnswer(req); err != nil {
		return r.view(), err
	}
	r.member(req.Actor.ID).Confirmed = true
	return r.view(), r.record(ctx, req.Actor, "assignment_confirmed", "", nil)
}

func (r *run) declineAssignment(ctx workflow.Context, req ActorRequest) (View, error) {
	if err := r.validateAssignmentAnswer(req); err != nil {
		return r.view(), err
	}
	r.Team = slices.DeleteFunc(r.Team, func(m Member) bool { return m.ID == req.Actor.ID })
	r.declined = append(r.declined, req.Actor.ID)
	return r.view(), r.record(ctx, req.Actor, "assignment_declined", req.Reason, nil)
}

func (r *run) validateAssessment(sub AssessmentSubmission) error {
	if sub.Actor.Role != ltc.RoleAssessor || r.member(sub.Actor.ID) == nil {
		return reject(ltc.EForbidden, "只有本案评估小组成员可以提交评估表", "only a member of this case's team can submit the form")
	}
	if sub.FormID == "" {
		return reject(ltc.EInvalid, "缺少评估表", "the assessment form is missing")
	}
	signed := slices.Sorted(slices.Values(sub.Signatures))
	if !slices.Equal(slices.Compact(signed), slices.Sorted(slices.Values(r.teamIDs()))) {
		return reject(ltc.EInvalid, "评估表须由评估小组全体成员签名", "every member of the team must sign the form")
	}
	return r.expect(ltc.StatusAwaitingVisit)
}

func (r *run) submitAssessment(ctx workflow.Context, sub AssessmentSubmission) (View, error) {
	if err := r.validateAssessment(sub); err != nil {
		return r.view(), err
	}
	r.Status = ltc.StatusAssessing // a second submission is now refused
	proposed, err := r.score(ctx, sub)
	if err != nil {
		r.Status = ltc.StatusAwaitingVisit
		return r.view(), err
	}
	r.Proposed, r.Confirmations = proposed, nil
	details := map[string]any{"grade": proposed.Grade, "grade_name": proposed.GradeName, "form_id": sub.FormID, "signatures": sub.Signatures}
	return r.view(), r.transition(ctx, ltc.StatusConfirming, sub.Actor, "assessed", "", details)
}

func (r *run) validateConfirmation(c ConclusionConfirmation) error {
	if c.Actor.Role != ltc.RoleAssessor || !c.Expert {
		return reject(ltc.EForbidden, "只有评估专家可以确认评估结论", "only an assessment expert can confirm a conclusion")
	}
	if slices.Contains(r.Confirmations, c.Actor.ID) {
		return reject(ltc.EConflict, "您已确认过此结论", "you have already confirmed this conclusion")
	}
	return r.expect(ltc.StatusConfirming)
}

func (r *run) confirmConclusion(ctx workflow.Context, c ConclusionConfirmation) (View, error) {
	if err := r.validateConfirmation(c); err != nil {
		return r.view(), err
	}
	r.Confirmations = append(r.Confirmations, c.Actor.ID)
	return r.view(), r.record(ctx, c.Actor, "conclusion_confirmed", "", nil)
}

func (r *run) validateObjection(o ObjectionRequest) error {
	if o.Reason == "" {
		return reject(ltc.EInvalid, "请写明异议理由", "give the reasons for the objection")
	}
	if o.Public {
		if r.Status != ltc.StatusPublicity || r.publicityEnded {
			return reject(ltc.EConflict, "不在公示期内", "the publicity period is not open")
		}
		return nil
	}
	if !r.isApplicant(o.Actor) {
		return reject(ltc.EForbidden, "只有申请人可以对结论提出异议", "only the applicant can object as the applicant")
	}
	if r.applicantWindowEnded {
		return reject(ltc.EConflict, "申请人异议期已过", "the applicant's objection window has closed")
	}
	return r.expect(ltc.StatusPublicity, ltc.StatusNotice)
}

func (r *run) object(ctx workflow.Context, o ObjectionRequest) (View, error) {
	if err := r.validateObjection(o); err != nil {
		return r.view(), err
	}
	r.Objections = append(r.Objections, Objection{From: o.Actor, Public: o.Public, Reason: o.Reason, At: workflow.Now(ctx)})
	return r.view(), r.record(ctx, o.Actor, "objected", o.Reason, map[string]any{"public": o.Public})
}

func (r *run) validateVote(v VoteRequest) error {
	if v.Actor.Role != ltc.RoleCommittee {
		return reject(ltc.EForbidden, "只有专家委员会委员可以表决", "only committee members vote")
	}
	if slices.ContainsFunc(r.Votes, func(x Vote) bool { return x.Member == v.Actor.ID }) {
		return reject(ltc.EConflict, "您已投票", "you have already voted")
	}
	if !slices.Contains(r.Candidates, v.Grade) {
		return reject(ltc.EInvalid, "表决等级须为待裁决的等级之一", "the vote must be for one of the grades before the committee")
	}
	return r.expect(ltc.StatusCommitteeAudit, ltc.StatusAdjudication)
}

func (r *run) vote(ctx workflow.Context, v VoteRequest) (View, error) {
	if err := r.validateVote(v); err != nil {
		return r.view(), err
	}
	r.Votes = append(r.Votes, Vote{Member: v.Actor.ID, Grade: v.Grade, Reason: v.Reason})
	return r.view(), r.record(ctx, v.Actor, "voted", v.Reason, map[string]any{"grade": v.Grade})
}

func (r *run) validateLifeEvent(e LifeEvent) error {
	if e.Actor.Role != ltc.RoleCaseworker && !(e.Event == EventStatusChange && r.isApplicant(e.Actor)) {
		return reject(ltc.EForbidden, "只有经办人员可以登记此事项", "only a caseworker can record this event")
	}
	if r.Status.Closed() {
		return reject(ltc.EConflict, "案件已办结", "the case is closed")
	}
	switch e.Event {
	case EventDeath:
		return nil
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
	if err := r.validateLifeEvent(e); err != nil {
		return r.view(), err
	}
	switch e.Event {
	case EventDeath:
		r.stopped = true
		if r.Benefit != ltc.BenefitNone {
			r.Benefit = ltc.BenefitStopped
		}
		return r.view(), r.transition(ctx, ltc.StatusEnded, e.Actor, "died", e.Reason, nil)
	case EventAdmission:
		r.InHospital = true
	case EventDischarge:
		r.InHospital = false
	case EventStatusChange:
		r.changeReported = true
	}
	r.refreshBenefit()
	return r.view(), r.record(ctx, e.Actor, e.Event, e.Reason, map[string]any{"benefit": string(r.Benefit)})
}

// refreshBenefit derives the benefit state from the conclusion and the events.
func (r *run) refreshBenefit() {
	switch {
	case r.Decision == nil || !r.Decision.Qualifies:
		return
	case r.InHospital || r.Expired:
		r.Benefit = ltc.BenefitSuspended
	default:
		r.Benefit = ltc.BenefitActive
	}
}
