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
		{UpdateVoid, r.void, r.validateVoid},
		{UpdateConfirmAssignment, r.confirmAssignment, r.validateAssignmentAnswer},
		{UpdateDeclineAssignment, r.declineAssignment, r.validateAssignmentAnswer},
		{UpdateRecuse, r.recuse, r.validateRecusal},
		{UpdateSubmitAssessment, r.submitAssessment, r.validateAssessment},
		{UpdateConfirmConclusion, r.confirmConclusion, r.validateConfirmation},
		{UpdateObject, r.object, r.validateObjection},
		{UpdateCheckObjection, r.checkObjection, r.validateObjectionCheck},
		{UpdateVote, r.vote, r.validateVote},
		{UpdateProposeVisit, r.proposeVisit, r.validateVisitProposal},
		{UpdateChooseVisit, r.chooseVisit, r.validateVisitChoiceNow},
		{UpdateMoveVisit, r.moveVisit, r.validateVisitMove},
		{UpdateMissedVisit, r.missedVisit, r.validateMissedVisit},
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

// relations says how an actor stands to this case, from what the workflow
// knows (who applied, the region, the team) and what the service layer
// found (a family signed in by a phone on the case, an expert). The API's
// checks read the same permission table from what the database knows.
func (r *run) relations(a ltc.Actor, expert bool) []ltc.Relation {
	var rels []ltc.Relation
	sameRegion := a.Region != "" && a.Region == r.Region
	switch a.Role {
	case ltc.RoleApplicant:
		if a.ID == r.applicant || a.Family {
			rels = append(rels, ltc.RelApplicant)
		}
	case ltc.RoleCaseworker, ltc.RoleAdmin:
		if sameRegion {
			rels = append(rels, ltc.RelRegion)
		}
	case ltc.RoleAssessor:
		if r.member(a.ID) != nil {
			rels = append(rels, ltc.RelTeam)
		}
		if expert && sameRegion {
			rels = append(rels, ltc.RelExpert)
		}
	case ltc.RoleCommittee:
		if sameRegion {
			rels = append(rels, ltc.RelCommittee)
		}
	case ltc.RolePublic:
		rels = append(rels, ltc.RelAnyone)
	}
	return rels
}

// permit checks an action against the permission table; the refusal says
// whether the action is not the actor's or not possible in this state.
func (r *run) permit(a ltc.Actor, action ltc.Action, expert bool) error {
	rels := r.relations(a, expert)
	if ltc.Permits(a.Role, rels, action, r.Status) {
		return nil
	}
	e := ltc.NotPermitted(a.Role, rels, action, r.Status)
	if e.Code == ltc.ENotFound {
		e = ltc.Errorf(ltc.EForbidden, "您无权对此案件进行此操作", "you may not do this to this case")
	}
	return reject(e.Code, e.Message.Zh, e.Message.En)
}

func (r *run) validateAcceptance(d AcceptanceDecision) error {
	if err := r.permit(d.Actor, ltc.ActionDecideAcceptance, false); err != nil {
		return err
	}
	if !slices.Contains([]string{Accept, Return, Refuse}, d.Decision) {
		return reject(ltc.EInvalid, "受理决定须为 accept、return 或 refuse", "decision must be accept, return or refuse")
	}
	if d.Decision != Accept && d.Reason == "" {
		return reject(ltc.EInvalid, "退回补正或不予受理必须写明理由", "a return or a refusal needs its reasons")
	}
	return nil // a caseworker may act while the gates are still being checked; the handler waits for them
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
	acceptedBefore := r.AcceptedAt
	undo := func() { r.Status, r.AcceptedAt, r.stopped = ltc.StatusAwaitingAcceptance, acceptedBefore, false }
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
	return r.view(), r.commit(err, undo)
}

func (r *run) validateResubmit(req ActorRequest) error {
	return r.permit(req.Actor, ltc.ActionResubmit, false)
}

func (r *run) resubmit(ctx workflow.Context, req ActorRequest) (View, error) {
	if err := r.expect(ltc.StatusCorrection); err != nil {
		return r.view(), err
	}
	err := r.transition(ctx, ltc.StatusSubmitted, req.Actor, "resubmitted", req.Reason, nil)
	return r.view(), r.commit(err, func() { r.Status = ltc.StatusCorrection })
}

func (r *run) validateWithdraw(req ActorRequest) error {
	if err := r.permit(req.Actor, ltc.ActionWithdraw, false); err != nil {
		return err
	}
	if r.Decision != nil {
		return reject(ltc.EConflict, "已作出评估结论的案件不能撤回", "a case with a conclusion in force cannot be withdrawn")
	}
	return nil
}

func (r *run) withdraw(ctx workflow.Context, req ActorRequest) (View, error) {
	if r.Decision != nil || r.Status.Closed() {
		return r.view(), reject(ltc.EConflict, "已作出评估结论或已办结的案件不能撤回", "a case with a conclusion, or closed, cannot be withdrawn")
	}
	return r.view(), r.stop(ctx, ltc.StatusWithdrawn, req.Actor, "withdrawn", req.Reason)
}

func (r *run) validateVoid(req ActorRequest) error {
	if err := r.permit(req.Actor, ltc.ActionVoid, false); err != nil {
		return err
	}
	if req.Reason == "" {
		return reject(ltc.EInvalid, "请写明作废理由", "give the reason for voiding the application")
	}
	return nil
}

// void closes an application made in someone else's name; the person may then apply.
func (r *run) void(ctx workflow.Context, req ActorRequest) (View, error) {
	if r.Status.Closed() {
		return r.view(), r.expect()
	}
	return r.view(), r.stop(ctx, ltc.StatusVoid, req.Actor, "voided", req.Reason)
}

// stop closes the case at a person's request: every wait of the lifecycle returns.
func (r *run) stop(ctx workflow.Context, to ltc.Status, by ltc.Actor, action, reason string) error {
	from, deadline := r.Status, r.Deadline
	r.stopped = true
	err := r.transition(ctx, to, by, action, reason, nil)
	return r.commit(err, func() { r.stopped, r.Status, r.Deadline = false, from, deadline })
}

func (r *run) validateAssignmentAnswer(req ActorRequest) error {
	if err := r.permit(req.Actor, ltc.ActionAnswerAssignment, false); err != nil {
		return err
	}
	if r.member(req.Actor.ID).Confirmed {
		return reject(ltc.EConflict, "您已确认此派单", "you have already confirmed this assignment")
	}
	return nil
}

func (r *run) confirmAssignment(ctx workflow.Context, req ActorRequest) (View, error) {
	m := r.member(req.Actor.ID)
	if m == nil || m.Confirmed || r.Status != ltc.StatusScheduling {
		return r.view(), r.expect()
	}
	m.Confirmed = true
	err := r.record(ctx, req.Actor, "assignment_confirmed", "", nil)
	return r.view(), r.commit(err, func() {
		if m := r.member(req.Actor.ID); m != nil {
			m.Confirmed = false
		}
	})
}

func (r *run) declineAssignment(ctx workflow.Context, req ActorRequest) (View, error) {
	if m := r.member(req.Actor.ID); m == nil || m.Confirmed || r.Status != ltc.StatusScheduling {
		return r.view(), r.expect()
	}
	return r.view(), r.leave(ctx, req.Actor, req.Actor.ID, "assignment_declined", req.Reason)
}

// leave takes an assessor off the team; the lifecycle completes it again.
func (r *run) leave(ctx workflow.Context, by ltc.Actor, assessor, action, reason string) error {
	team, declined, status := r.Team, r.declined, r.Status
	r.Team = slices.DeleteFunc(slices.Clone(r.Team), func(m Member) bool { return m.ID == assessor })
	r.declined = append(slices.Clone(r.declined), assessor)
	details := map[string]any{"assessor": assessor}
	var err error
	if r.Appointment != nil && r.Status == ltc.StatusAwaitingVisit {
		if err := r.cancelAppointment(ctx); err != nil { // the new team agrees its own time
			return err
		}
	}
	if r.Status == ltc.StatusAwaitingVisit {
		err = r.transition(ctx, ltc.StatusScheduling, by, action, reason, details) // the team must be completed before the visit
	} else {
		err = r.record(ctx, by, action, reason, details)
	}
	return r.commit(err, func() { r.Team, r.declined, r.Status = team, declined, status })
}

func (r *run) validateRecusal(rc Recusal) error {
	action := ltc.ActionRecordConflict
	if rc.Actor.Role == ltc.RoleAssessor {
		action = ltc.ActionDeclareConflict
		rc.AssessorID = rc.Actor.ID
	}
	if err := r.permit(rc.Actor, action, false); err != nil {
		return err
	}
	if r.rev < revChecked {
		return reject(ltc.EConflict, "此案件按旧版流程办理，请由评估机构调整人员", "this case runs an older lifecycle; ask the institution to change the team")
	}
	if r.member(rc.AssessorID) == nil || (r.Status != ltc.StatusScheduling && r.Status != ltc.StatusAwaitingVisit) {
		return reject(ltc.EConflict, "该评估人员不在本次现场评估的小组中", "the assessor is not on the team of a visit to come")
	}
	return nil
}

// recuse takes an assessor with a conflict of interest off the team.
func (r *run) recuse(ctx workflow.Context, rc Recusal) (View, error) {
	if rc.Actor.Role == ltc.RoleAssessor {
		rc.AssessorID = rc.Actor.ID
	}
	if r.member(rc.AssessorID) == nil || (r.Status != ltc.StatusScheduling && r.Status != ltc.StatusAwaitingVisit) {
		return r.view(), r.expect(ltc.StatusScheduling, ltc.StatusAwaitingVisit)
	}
	return r.view(), r.leave(ctx, rc.Actor, rc.AssessorID, "recused", rc.Reason)
}

func (r *run) validateAssessment(sub AssessmentSubmission) error {
	if err := r.permit(sub.Actor, ltc.ActionSubmitAssessment, false); err != nil {
		return err
	}
	if sub.FormID == "" {
		return reject(ltc.EInvalid, "缺少评估表", "the assessment form is missing")
	}
	if r.Appointment != nil && r.Appointment.Chosen == nil {
		return reject(ltc.EConflict, "尚未与家属约定上门评估时间", "no visit time has been agreed with the family")
	}
	signed := slices.Sorted(slices.Values(sub.Signatures))
	if !slices.Equal(slices.Compact(signed), slices.Sorted(slices.Values(r.teamIDs()))) {
		return reject(ltc.EInvalid, "评估表须由评估小组全体成员签名", "every member of the team must sign the form")
	}
	return nil
}

func (r *run) submitAssessment(ctx workflow.Context, sub AssessmentSubmission) (View, error) {
	if err := r.expect(ltc.StatusAwaitingVisit); err != nil {
		return r.view(), err
	}
	r.Status = ltc.StatusAssessing // a second submission is now refused
	proposed, err := r.score(ctx, sub)
	if err != nil {
		r.Status = ltc.StatusAwaitingVisit
		return r.view(), err
	}
	previous, confirmations := r.Proposed, r.Confirmations
	r.Proposed, r.Confirmations = proposed, nil
	details := map[string]any{"grade": proposed.Grade, "grade_name": proposed.GradeName, "form_id": sub.FormID, "signatures": sub.Signatures}
	err = r.transition(ctx, ltc.StatusConfirming, sub.Actor, "assessed", "", details)
	if err = r.commit(err, func() { r.Status, r.Proposed, r.Confirmations = ltc.StatusAwaitingVisit, previous, confirmations }); err != nil {
		return r.view(), err
	}
	return r.view(), r.releaseVisit(ctx)
}

func (r *run) validateConfirmation(c ConclusionConfirmation) error {
	if err := r.permit(c.Actor, ltc.ActionConfirmConclusion, c.Expert); err != nil {
		return err
	}
	if slices.Contains(r.Confirmations, c.Actor.ID) {
		return reject(ltc.EConflict, "您已确认过此结论", "you have already confirmed this conclusion")
	}
	return nil
}

func (r *run) confirmConclusion(ctx workflow.Context, c ConclusionConfirmation) (View, error) {
	if slices.Contains(r.Confirmations, c.Actor.ID) || r.Status != ltc.StatusConfirming {
		return r.view(), r.expect()
	}
	confirmations := r.Confirmations
	r.Confirmations = append(slices.Clone(r.Confirmations), c.Actor.ID)
	err := r.record(ctx, c.Actor, "conclusion_confirmed", "", nil)
	return r.view(), r.commit(err, func() { r.Confirmations = confirmations })
}

func (r *run) validateVote(v VoteRequest) error {
	if err := r.permit(v.Actor, ltc.ActionVote, false); err != nil {
		return err
	}
	if slices.ContainsFunc(r.Votes, func(x Vote) bool { return x.Member == v.Actor.ID }) {
		return reject(ltc.EConflict, "您已投票", "you have already voted")
	}
	if !slices.Contains(r.Candidates, v.Grade) {
		return reject(ltc.EInvalid, "表决等级须为待裁决的等级之一", "the vote must be for one of the grades before the committee")
	}
	return nil
}

func (r *run) vote(ctx workflow.Context, v VoteRequest) (View, error) {
	if slices.ContainsFunc(r.Votes, func(x Vote) bool { return x.Member == v.Actor.ID }) {
		return r.view(), reject(ltc.EConflict, "您已投票", "you have already voted")
	}
	if err := r.expect(ltc.StatusCommitteeAudit, ltc.StatusAdjudication); err != nil {
		return r.view(), err
	}
	votes := r.Votes
	r.Votes = append(slices.Clone(r.Votes), Vote{Member: v.Actor.ID, Grade: v.Grade, Reason: v.Reason})
	err := r.record(ctx, v.Actor, "voted", v.Reason, map[string]any{"grade": v.Grade})
	return r.view(), r.commit(err, func() { r.Votes = votes })
}
