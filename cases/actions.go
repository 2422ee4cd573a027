package cases

import (
	"context"

	"github.com/google/uuid"
	"slices"
	"strings"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/workflows"
)

// act checks the permission table, hands the action to the case's workflow
// (which checks it again against its own state) and returns the case after.
func (s *Service) act(ctx context.Context, a ltc.Actor, id string, req Request, action ltc.Action, update string, arg func(a ltc.Actor, rels []ltc.Relation) any) (*View, error) {
	c, rels, err := s.openForWorkflow(ctx, a, id, action)
	if err != nil {
		return nil, err
	}
	if err := s.update(ctx, c, req.updateID(a, c.ID), update, arg(forWorkflow(a, c), rels)); err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// forWorkflow is the actor as the case's workflow must know them.
func forWorkflow(a ltc.Actor, c *ltc.Case) ltc.Actor {
	a.Family = a.Role == ltc.RoleApplicant && a.ID != c.ApplicantID && slices.Contains(c.Family, a.ID)
	return a
}

func byActor(reason string) func(ltc.Actor, []ltc.Relation) any {
	return func(a ltc.Actor, _ []ltc.Relation) any { return workflows.ActorRequest{Actor: a, Reason: reason} }
}

// DecideAcceptance is a caseworker's decision on an application (受理).
func (s *Service) DecideAcceptance(ctx context.Context, a ltc.Actor, id string, req Request, decision, reason string) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionDecideAcceptance, workflows.UpdateDecideAcceptance, func(a ltc.Actor, _ []ltc.Relation) any {
		return workflows.AcceptanceDecision{Actor: a, Decision: decision, Reason: reason}
	})
}

// Resubmit sends a corrected application back to the caseworker (补正).
func (s *Service) Resubmit(ctx context.Context, a ltc.Actor, id string, req Request, reason string) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionResubmit, workflows.UpdateResubmit, byActor(reason))
}

// Withdraw withdraws an application before its decision.
func (s *Service) Withdraw(ctx context.Context, a ltc.Actor, id string, req Request, reason string) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionWithdraw, workflows.UpdateWithdraw, byActor(reason))
}

// Void closes an application made in someone else's name, which frees the
// person to apply.
func (s *Service) Void(ctx context.Context, a ltc.Actor, id string, req Request, reason string) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionVoid, workflows.UpdateVoid, byActor(reason))
}

// ConfirmAssignment is an assessor taking their place on the team.
func (s *Service) ConfirmAssignment(ctx context.Context, a ltc.Actor, id string, req Request) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionAnswerAssignment, workflows.UpdateConfirmAssignment, byActor(""))
}

// DeclineAssignment is an assessor declining, with a reason; someone else is assigned.
func (s *Service) DeclineAssignment(ctx context.Context, a ltc.Actor, id string, req Request, reason string) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionAnswerAssignment, workflows.UpdateDeclineAssignment, byActor(reason))
}

// SubmitAssessment stores the visit's form and hands it to the workflow,
// which scores it with the region's instrument: the grade is never typed in.
func (s *Service) SubmitAssessment(ctx context.Context, a ltc.Actor, id string, req Request, f forms.Form, visitedAt time.Time, signatures []string) (*View, error) {
	c, _, err := s.openForWorkflow(ctx, a, id, ltc.ActionSubmitAssessment)
	if err != nil {
		return nil, err
	}
	if visitedAt.IsZero() || visitedAt.After(s.Now().Add(5*time.Minute)) {
		return nil, ltc.Invalid([]ltc.FieldError{{Field: "visited_at", Message: ltc.Text{
			Zh: "请填写现场评估时间（RFC 3339 格式，不能晚于现在）", En: "visited_at is required (RFC 3339) and cannot be in the future"}}})
	}
	if _, err := s.Catalog.ScoreAssessment(f); err != nil {
		return nil, err
	}
	formID := newID()
	if req.Key != "" {
		formID = uuid.NewSHA1(formKeys, []byte(req.updateID(a, c.ID))).String() // a retry stores the same form
	}
	if err := s.Store.SaveSubmittedForm(ctx, forms.Submitted{ID: formID, CaseID: c.ID, AssessorID: a.ID, Form: f, VisitedAt: visitedAt}); err != nil {
		return nil, err
	}
	sub := workflows.AssessmentSubmission{Actor: a, FormID: formID, Signatures: signatures}
	if err := s.update(ctx, c, req.updateID(a, c.ID), workflows.UpdateSubmitAssessment, sub); err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// formKeys is the namespace of form ids derived from idempotency keys.
var formKeys = uuid.MustParse("0c5e3f86-58a3-4b2e-9d5c-7f1e2a6b9c40")

// ConfirmConclusion is an assessment expert of the region confirming a conclusion.
func (s *Service) ConfirmConclusion(ctx context.Context, a ltc.Actor, id string, req Request) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionConfirmConclusion, workflows.UpdateConfirmConclusion, func(a ltc.Actor, rels []ltc.Relation) any {
		return workflows.ConclusionConfirmation{Actor: a, Expert: slices.Contains(rels, ltc.RelExpert)}
	})
}

// Object is the applicant's objection to a conclusion (异议), made by the
// family or recorded for them by a caseworker.
func (s *Service) Object(ctx context.Context, a ltc.Actor, id string, req Request, reason string) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionObject, workflows.UpdateObject, func(a ltc.Actor, _ []ltc.Relation) any {
		return workflows.ObjectionRequest{Actor: a, Reason: reason}
	})
}

// Vote is a committee member's vote for a grade, with its reason, which the
// case's history keeps beside the vote. The reason is required here, for the
// API and the pages alike, after the permission check (someone who may not
// vote is told so first), and not in the workflow's validator: changing what
// it accepts would need a new lifecycle version.
func (s *Service) Vote(ctx context.Context, a ltc.Actor, id string, req Request, grade int, reason string) (*View, error) {
	c, _, err := s.openForWorkflow(ctx, a, id, ltc.ActionVote)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(reason) == "" {
		return nil, ltc.Invalid([]ltc.FieldError{{Field: "reason", Message: ltc.Text{
			Zh: "请填写表决理由", En: "give the reason for your vote"}}})
	}
	vote := workflows.VoteRequest{Actor: forWorkflow(a, c), Grade: grade, Reason: reason}
	if err := s.update(ctx, c, req.updateID(a, c.ID), workflows.UpdateVote, vote); err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// RecordEvent records a hospital admission, a discharge or a death
// (caseworkers), or a change of condition that calls for a new assessment.
func (s *Service) RecordEvent(ctx context.Context, a ltc.Actor, id string, req Request, event, reason string) (*View, error) {
	action := ltc.ActionRecordEvent
	if event == workflows.EventStatusChange {
		action = ltc.ActionReportChange
	}
	return s.act(ctx, a, id, req, action, workflows.UpdateLifeEvent, func(a ltc.Actor, _ []ltc.Relation) any {
		return workflows.LifeEvent{Actor: a, Event: event, Reason: reason}
	})
}

// CheckObjection is a caseworker's finding on a public objection (核实):
// only a substantiated one orders a re-assessment.
func (s *Service) CheckObjection(ctx context.Context, a ltc.Actor, id string, req Request, objectionID string, substantiated bool, reason string) (*View, error) {
	v, err := s.act(ctx, a, id, req, ltc.ActionCheckObjection, workflows.UpdateCheckObjection, func(a ltc.Actor, _ []ltc.Relation) any {
		return workflows.ObjectionCheck{Actor: a, ObjectionID: objectionID, Substantiated: substantiated, Reason: reason}
	})
	if err != nil {
		return nil, err
	}
	finding := workflows.FindingUnsubstantiated
	if substantiated {
		finding = workflows.FindingSubstantiated
	}
	return v, s.Store.RecordObjectionFinding(ctx, objectionID, finding, s.Now())
}

// RecordSignificantChange is a caseworker's record that the condition changed
// significantly, which lifts the re-application lock after "not qualified".
func (s *Service) RecordSignificantChange(ctx context.Context, a ltc.Actor, id, reason string) (*View, error) {
	c, _, err := s.open(ctx, a, id, ltc.ActionRecordSignificantChange)
	if err != nil {
		return nil, err
	}
	entry := ltc.HistoryEntry{At: s.Now(), Actor: a, Action: "significant_change", Status: c.Status, Reason: reason}
	if err := s.Store.RecordSignificantChange(ctx, c.ID, entry); err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// DeclareConflict records a conflict of interest (回避) of an assessor with
// the person: declared by the assessor, or recorded by a caseworker. The
// assessor may never assess this person, and leaves the team under way.
func (s *Service) DeclareConflict(ctx context.Context, a ltc.Actor, id string, req Request, assessorID, reason string) (*View, error) {
	action := ltc.ActionRecordConflict
	if a.Role == ltc.RoleAssessor {
		action, assessorID = ltc.ActionDeclareConflict, a.ID
	}
	c, _, err := s.open(ctx, a, id, action)
	if err != nil {
		return nil, err
	}
	entry := ltc.HistoryEntry{At: s.Now(), Actor: a, Action: "conflict_recorded", Status: c.Status, Reason: reason,
		Details: map[string]any{"assessor": assessorID}}
	if err := s.Store.RecordRecusal(ctx, Recusal{StaffID: assessorID, CaseID: c.ID, Reason: reason, RecordedBy: a}, entry); err != nil {
		return nil, err
	}
	current, _, err := s.Store.Assignment(ctx, c.ID, assessorID)
	if err != nil || !current {
		return s.Get(ctx, a, id)
	}
	recuse := workflows.Recusal{Actor: a, AssessorID: assessorID, Reason: reason}
	if err := s.update(ctx, c, req.updateID(a, c.ID), workflows.UpdateRecuse, recuse); err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}
