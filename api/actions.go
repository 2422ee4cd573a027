package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/cases"
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
	requiredReasonBody struct {
		Reason string `json:"reason" validate:"required,max=500" zh:"理由" en:"reason"`
	}
	objectionBody struct {
		Reason string `json:"reason" validate:"required,max=1000" zh:"异议理由" en:"reason"`
	}
	voteBody struct {
		Grade  *int   `json:"grade" validate:"required,min=0,max=9" zh:"表决等级" en:"grade"`
		Reason string `json:"reason" validate:"max=500" zh:"理由" en:"reason"`
	}
	eventBody struct {
		Event  string `json:"event" validate:"required,oneof=admission discharge death status_change" zh:"事项" en:"event"`
		Reason string `json:"reason" validate:"max=500" zh:"说明" en:"reason"`
	}
	conflictBody struct {
		AssessorID string `json:"assessor_id" validate:"max=64" zh:"评估人员" en:"assessor"`
		Reason     string `json:"reason" validate:"required,max=500" zh:"回避理由" en:"reason"`
	}
	visitSlot struct {
		Start time.Time `json:"start" validate:"required" zh:"开始时间" en:"start"`
		End   time.Time `json:"end" validate:"required,gtfield=Start" zh:"结束时间" en:"end"`
	}
	visitProposalBody struct {
		Slots []visitSlot `json:"slots" validate:"required,min=1,max=3,dive" zh:"上门时间" en:"visit times"`
	}
	visitChoiceBody struct {
		Slot    *int   `json:"slot" validate:"required,min=0,max=2" zh:"所选时间" en:"chosen time"`
		Present string `json:"present" validate:"required,min=2,max=30" zh:"在场的家属或代理人" en:"who will be there"`
	}
	missedVisitBody struct {
		Absent string `json:"absent" validate:"required,oneof=family assessor" zh:"未到方" en:"who was absent"`
		Reason string `json:"reason" validate:"required,max=500" zh:"情况说明" en:"what happened"`
	}
	objectionCheckBody struct {
		ObjectionID   string `json:"objection_id" validate:"required,uuid" zh:"异议编号" en:"objection"`
		Substantiated *bool  `json:"substantiated" validate:"required" zh:"核实结论" en:"finding"`
		Reason        string `json:"reason" validate:"required,max=1000" zh:"核实情况" en:"findings"`
	}
)

// onCase is the shape of every action on one case: bind the body, call the
// service with who is calling, the case and the request, answer with the case.
func onCase[T any](s *server, do func(c *gin.Context, a ltc.Actor, id string, req cases.Request, body T) (*cases.View, error)) gin.HandlerFunc {
	return func(c *gin.Context) {
		var body T
		if !s.bind(c, &body) {
			return
		}
		v, err := do(c, principal(c), c.Param("id"), request(c), body)
		s.answer(c, http.StatusOK, v, err)
	}
}

func (s *server) actionRoutes(g *gin.RouterGroup) {
	svc := s.Cases
	g.POST("/cases/:id/acceptance", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b acceptanceBody) (*cases.View, error) {
		return svc.DecideAcceptance(c.Request.Context(), a, id, req, b.Decision, b.Reason)
	}))
	g.POST("/cases/:id/resubmission", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b reasonBody) (*cases.View, error) {
		return svc.Resubmit(c.Request.Context(), a, id, req, b.Reason)
	}))
	g.POST("/cases/:id/withdrawal", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b reasonBody) (*cases.View, error) {
		return svc.Withdraw(c.Request.Context(), a, id, req, b.Reason)
	}))
	g.POST("/cases/:id/void", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b requiredReasonBody) (*cases.View, error) {
		return svc.Void(c.Request.Context(), a, id, req, b.Reason)
	}))
	g.POST("/cases/:id/assignment/confirmation", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, _ reasonBody) (*cases.View, error) {
		return svc.ConfirmAssignment(c.Request.Context(), a, id, req)
	}))
	g.POST("/cases/:id/assignment/decline", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b reasonBody) (*cases.View, error) {
		return svc.DeclineAssignment(c.Request.Context(), a, id, req, b.Reason)
	}))
	g.POST("/cases/:id/conflicts", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b conflictBody) (*cases.View, error) {
		return svc.DeclareConflict(c.Request.Context(), a, id, req, b.AssessorID, b.Reason)
	}))
	g.POST("/cases/:id/conclusion/confirmation", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, _ reasonBody) (*cases.View, error) {
		return svc.ConfirmConclusion(c.Request.Context(), a, id, req)
	}))
	g.POST("/cases/:id/objections", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b objectionBody) (*cases.View, error) {
		return svc.Object(c.Request.Context(), a, id, req, b.Reason)
	}))
	g.POST("/cases/:id/objection-checks", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b objectionCheckBody) (*cases.View, error) {
		return svc.CheckObjection(c.Request.Context(), a, id, req, b.ObjectionID, *b.Substantiated, b.Reason)
	}))
	g.POST("/cases/:id/votes", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b voteBody) (*cases.View, error) {
		return svc.Vote(c.Request.Context(), a, id, req, *b.Grade, b.Reason)
	}))
	g.POST("/cases/:id/events", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b eventBody) (*cases.View, error) {
		return svc.RecordEvent(c.Request.Context(), a, id, req, b.Event, b.Reason)
	}))
	g.POST("/cases/:id/visit/proposal", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b visitProposalBody) (*cases.View, error) {
		slots := make([]activities.Slot, len(b.Slots))
		for i, sl := range b.Slots {
			slots[i] = activities.Slot{Start: sl.Start, End: sl.End}
		}
		return svc.ProposeVisit(c.Request.Context(), a, id, req, slots)
	}))
	g.POST("/cases/:id/visit/choice", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b visitChoiceBody) (*cases.View, error) {
		return svc.ChooseVisit(c.Request.Context(), a, id, req, *b.Slot, b.Present)
	}))
	g.POST("/cases/:id/visit/move", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b requiredReasonBody) (*cases.View, error) {
		return svc.MoveVisit(c.Request.Context(), a, id, req, b.Reason)
	}))
	g.POST("/cases/:id/visit/missed", onCase(s, func(c *gin.Context, a ltc.Actor, id string, req cases.Request, b missedVisitBody) (*cases.View, error) {
		return svc.RecordMissedVisit(c.Request.Context(), a, id, req, b.Absent, b.Reason)
	}))
	g.POST("/cases/:id/significant-change", onCase(s, func(c *gin.Context, a ltc.Actor, id string, _ cases.Request, b requiredReasonBody) (*cases.View, error) {
		return svc.RecordSignificantChange(c.Request.Context(), a, id, b.Reason)
	}))
}
