package cases

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/workflows"
)

// ProposeVisit is the team's proposal of one to three visit times.
func (s *Service) ProposeVisit(ctx context.Context, a ltc.Actor, id string, req Request, slots []activities.Slot) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionProposeVisit, workflows.UpdateProposeVisit, func(a ltc.Actor, _ []ltc.Relation) any {
		return workflows.VisitProposal{Actor: a, Slots: slots}
	})
}

// ChooseVisit is the family's choice of a proposed time, and who will be
// there. Who will be there is checked before the workflow books the team: a
// text the database refuses would otherwise fail the history line of a
// booking already made.
func (s *Service) ChooseVisit(ctx context.Context, a ltc.Actor, id string, req Request, slot int, present string) (*View, error) {
	c, _, err := s.openForWorkflow(ctx, a, id, ltc.ActionChooseVisit)
	if err != nil {
		return nil, err
	}
	agent, err := s.agentOf(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if err := checkPresent(present, agent); err != nil {
		return nil, err
	}
	choice := workflows.VisitChoice{Actor: forWorkflow(a, c), Slot: slot, Present: present}
	if err := s.update(ctx, c, req.updateID(a, c.ID), workflows.UpdateChooseVisit, choice); err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// checkPresent: who will be there is clean text on one line (it is stored
// in the history and sent in text messages) and names the agent, who must
// be present at the on-site assessment (代理人须在场), unless the person
// applied for themself. The name is compared as people write it.
func checkPresent(present string, agent forms.Agent) error {
	if !ltc.CleanText(present) || strings.ContainsAny(present, "\t\r\n") {
		return ltc.Invalid([]ltc.FieldError{ltc.UncleanText("present")})
	}
	if agent.Relationship == "self" || strings.Contains(sameName(present), sameName(agent.Name)) {
		return nil
	}
	return ltc.Invalid([]ltc.FieldError{{Field: "present", Message: ltc.Text{
		Zh: "代理人须在场：请在届时在场人员中填写申请书所列代理人的姓名",
		En: "the agent must be present: name the agent of the application among those who will be there"}}})
}

// applications reads the application a case was filed with. The store of
// record (postgres) reads it for the activities; cases.Store does not name
// it, so the service asks for the same method.
type applications interface {
	CaseFacts(ctx context.Context, caseID string) (*activities.CaseFacts, error)
}

// agentOf is the agent named in the case's application.
func (s *Service) agentOf(ctx context.Context, caseID string) (forms.Agent, error) {
	store, ok := s.Store.(applications)
	if !ok {
		return forms.Agent{}, errors.New("the store does not read applications")
	}
	facts, err := store.CaseFacts(ctx, caseID)
	if err != nil {
		return forms.Agent{}, err
	}
	var app struct {
		Agent forms.Agent `json:"agent"`
	}
	if err := json.Unmarshal(facts.Application, &app); err != nil {
		return forms.Agent{}, fmt.Errorf("decode application of case %s: %w", caseID, err)
	}
	return app.Agent, nil
}

// MoveVisit asks for other times, or cancels the agreed one, with a reason.
func (s *Service) MoveVisit(ctx context.Context, a ltc.Actor, id string, req Request, reason string) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionMoveVisit, workflows.UpdateMoveVisit, func(a ltc.Actor, _ []ltc.Relation) any {
		return workflows.VisitChange{Actor: a, Reason: reason}
	})
}

// RecordMissedVisit records an agreed visit that did not take place.
func (s *Service) RecordMissedVisit(ctx context.Context, a ltc.Actor, id string, req Request, absent, reason string) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionRecordMissedVisit, workflows.UpdateMissedVisit, func(a ltc.Actor, _ []ltc.Relation) any {
		return workflows.MissedVisit{Actor: a, Absent: absent, Reason: reason}
	})
}
