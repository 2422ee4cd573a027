package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/workflows"
)

// The bodies of the actions. zh/en name the fields in validation messages.
type (
	acceptanceBody struct {
		Decision string `json:"decision" validate:"required,oneof=accept return refuse" zh:"受理决定" en:"decision"`
		Reason   string `json:"reason" validate:"max=500" zh:"理由" en:"reason"`
	}
	reasonBody struct {
		Reason string `json:"reason" validate:"max=500" zh:"理由" en:"reason"`
	}
	changeBody struct {
		Reason string `json:"reason" validate:"required,max=500" zh:"病情变化情况" en:"the change of condition"`
	}
	objectionBody struct {
		Reason string `json:"reason" validate:"required,max=1000" zh:"异议理由" en:"reason"`
	}
	publicObjectionBody struct {
		Reason  string `json:"reason" validate:"required,max=1000" zh:"异议理由" en:"reason"`
		Contact string `json:"contact" validate:"required,mobile" zh:"联系电话" en:"contact phone"`
	}
	voteBody struct {
		Grade  *int   `json:"grade" validate:"required,min=0,max=9" zh:"表决等级" en:"grade"`
		Reason string `json:"reason" validate:"max=500" zh:"理由" en:"reason"`
	}
	eventBody struct {
		Event  string `json:"event" validate:"required,oneof=admission discharge death status_change" zh:"事项" en:"event"`
		Reason string `json:"reason" validate:"max=500" zh:"说明" en:"reason"`
	}
)

// onCase is the shape of every action on one case: read and check the body,
// load the case if the caller may see it, do the action, answer with the case.
func onCase[T any](s *server, do func(c *gin.Context, p auth.Principal, target *ltc.Case, body T) (*ltc.Case, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		var body T
		if !s.bind(c, &body) {
			return
		}
		p := principal(c)
		target, err := s.visibleCase(c, p)
		if err != nil {
			fail(c, s.Log, err)
			return
		}
		got, err := do(c, p, target, body)
		if err != nil {
			fail(c, s.Log, err)
			return
		}
		c.JSON(http.StatusOK, s.view(c, got))
	}
}

// action is a human action that the case's workflow takes as the update that
// build makes of the body. The Idempotency-Key is the update's id: a retry counts once.
func action[T any](s *server, update string, build func(c *gin.Context, p auth.Principal, body T) (any, error)) gin.HandlerFunc {
	return onCase(s, func(c *gin.Context, p auth.Principal, target *ltc.Case, body T) (*ltc.Case, error) {
		arg, err := build(c, p, body)
		if err != nil {
			return nil, err
		}
		return s.Cases.Act(c.Request.Context(), target, c.GetHeader("Idempotency-Key"), update, arg)
	})
}

// visibleCase loads the case in the path if the caller may see it.
func (s *server) visibleCase(c *gin.Context, p auth.Principal) (*ltc.Case, error) {
	got, err := s.Cases.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		return nil, err
	}
	if err := s.canSee(c.Request.Context(), p, got); err != nil {
		return nil, err
	}
	return got, nil
}

func (s *server) actionRoutes(authed *gin.RouterGroup) {
	authed.POST("/cases/:id/acceptance", s.allow(ltc.RoleCaseworker), action(s, workflows.UpdateDecideAcceptance,
		func(_ *gin.Context, p auth.Principal, b acceptanceBody) (any, error) {
			return workflows.AcceptanceDecision{Actor: p.Actor, Decision: b.Decision, Reason: b.Reason}, nil
		}))
	authed.POST("/cases/:id/resubmission", s.allow(ltc.RoleApplicant, ltc.RoleCaseworker), action(s, workflows.UpdateResubmit, byReason))
	authed.POST("/cases/:id/withdrawal", s.allow(ltc.RoleApplicant, ltc.RoleCaseworker), action(s, workflows.UpdateWithdraw, byReason))
	authed.POST("/cases/:id/assignment/confirmation", s.allow(ltc.RoleAssessor), action(s, workflows.UpdateConfirmAssignment, byReason))
	authed.POST("/cases/:id/assignment/decline", s.allow(ltc.RoleAssessor), action(s, workflows.UpdateDeclineAssignment, byReason))
	authed.POST("/cases/:id/conclusion/confirmation", s.allow(ltc.RoleAssessor), action(s, workflows.UpdateConfirmConclusion,
		func(c *gin.Context, p auth.Principal, _ reasonBody) (any, error) {
			expert, err := s.DB.IsExpert(c.Request.Context(), p.ID)
			return workflows.ConclusionConfirmation{Actor: p.Actor, Expert: expert}, err
		}))
	authed.POST("/cases/:id/objections", s.allow(ltc.RoleApplicant, ltc.RoleCaseworker), action(s, workflows.UpdateObject,
		func(_ *gin.Context, p auth.Principal, b objectionBody) (any, error) {
			return workflows.ObjectionRequest{Actor: p.Actor, Reason: b.Reason}, nil
		}))
	authed.POST("/cases/:id/votes", s.allow(ltc.RoleCommittee), action(s, workflows.UpdateVote,
		func(_ *gin.Context, p auth.Principal, b voteBody) (any, error) {
			return workflows.VoteRequest{Actor: p.Actor, Grade: *b.Grade, Reason: b.Reason}, nil
		}))
	authed.POST("/cases/:id/significant-change", s.allow(ltc.RoleCaseworker), onCase(s, s.significantChange))
	authed.POST("/cases/:id/events", s.allow(ltc.RoleCaseworker, ltc.RoleApplicant), action(s, workflows.UpdateLifeEvent,
		func(_ *gin.Context, p auth.Principal, b eventBody) (any, error) {
			return workflows.LifeEvent{Actor: p.Actor, Event: b.Event, Reason: b.Reason}, nil
		}))
}

func byReason(_ *gin.Context, p auth.Principal, b reasonBody) (any, error) {
	return workflows.ActorRequest{Actor: p.Actor, Reason: b.Reason}, nil
}

// significantChange is a caseworker's record that the person's condition
// changed significantly: a new application may then be made within the
// re-application lock that follows a "not qualified" conclusion.
func (s *server) significantChange(c *gin.Context, p auth.Principal, target *ltc.Case, body changeBody) (*ltc.Case, error) {
	entry := ltc.HistoryEntry{At: s.Now(), Actor: p.Actor, Action: "significant_change", Status: target.Status, Reason: body.Reason}
	if err := s.DB.RecordSignificantChange(c.Request.Context(), target.ID, entry); err != nil {
		return nil, err
	}
	return s.Cases.Get(c.Request.Context(), target.ID)
}
