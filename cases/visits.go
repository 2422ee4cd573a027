package cases

import (
	"context"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/workflows"
)

// ProposeVisit is the team's proposal of one to three visit times.
func (s *Service) ProposeVisit(ctx context.Context, a ltc.Actor, id string, req Request, slots []activities.Slot) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionProposeVisit, workflows.UpdateProposeVisit, func([]ltc.Relation) any {
		return workflows.VisitProposal{Actor: a, Slots: slots}
	})
}

// ChooseVisit is the family's choice of a proposed time, and who will be there.
func (s *Service) ChooseVisit(ctx context.Context, a ltc.Actor, id string, req Request, slot int, present string) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionChooseVisit, workflows.UpdateChooseVisit, func([]ltc.Relation) any {
		return workflows.VisitChoice{Actor: a, Slot: slot, Present: present}
	})
}

// MoveVisit asks for other times, or cancels the agreed one, with a reason.
func (s *Service) MoveVisit(ctx context.Context, a ltc.Actor, id string, req Request, reason string) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionMoveVisit, workflows.UpdateMoveVisit, func([]ltc.Relation) any {
		return workflows.VisitChange{Actor: a, Reason: reason}
	})
}

// RecordMissedVisit records an agreed visit that did not take place.
func (s *Service) RecordMissedVisit(ctx context.Context, a ltc.Actor, id string, req Request, absent, reason string) (*View, error) {
	return s.act(ctx, a, id, req, ltc.ActionRecordMissedVisit, workflows.UpdateMissedVisit, func([]ltc.Relation) any {
		return workflows.MissedVisit{Actor: a, Absent: absent, Reason: reason}
	})
}
