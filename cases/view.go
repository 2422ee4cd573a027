package cases

import (
	"context"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/workflows"
)

// View is a case as a person sees it: its status in words, what is pending,
// for whom and by when, and the personal data only for those who may see it.
type View struct {
	*ltc.Case
	StatusLabel    ltc.Text            `json:"status_label"`
	PendingActions []workflows.Pending `json:"pending_actions"`
	Deadline       *time.Time          `json:"deadline,omitempty"`
	Overdue        bool                `json:"overdue,omitempty"`
	May            []ltc.Action        `json:"may"` // what the viewer may do now
	Appointment    *Appointment        `json:"appointment,omitempty"`
}

// actionsShown are the actions a page offers, in the order it offers them.
var actionsShown = []ltc.Action{ltc.ActionAddEvidence, ltc.ActionDecideAcceptance, ltc.ActionResubmit, ltc.ActionWithdraw,
	ltc.ActionVoid, ltc.ActionAnswerAssignment, ltc.ActionDeclareConflict, ltc.ActionRecordConflict,
	ltc.ActionProposeVisit, ltc.ActionChooseVisit, ltc.ActionMoveVisit, ltc.ActionRecordMissedVisit, ltc.ActionSubmitAssessment,
	ltc.ActionConfirmConclusion, ltc.ActionObject, ltc.ActionCheckObjection, ltc.ActionVote, ltc.ActionRecordEvent,
	ltc.ActionReportChange, ltc.ActionRecordSignificantChange}

// view is the case as the actor sees it; personal data shown unmasked is
// logged in the access log first (and not shown if the line cannot be written).
func (s *Service) view(ctx context.Context, a ltc.Actor, c *ltc.Case, rels []ltc.Relation) (*View, error) {
	v := &View{Case: c, StatusLabel: c.Status.LabelFor(c.Purpose), PendingActions: []workflows.Pending{}, May: []ltc.Action{}}
	personal := ltc.Permits(a.Role, rels, ltc.ActionViewPersonal, c.Status)
	if !personal {
		c.PersonName, c.ResidentID = ltc.MaskName(c.PersonName), forms.ResidentID(c.ResidentID).Masked()
	} else if err := s.logAccess(ctx, a, c.Region, c.ID, ReadCase, ""); err != nil {
		return nil, err
	}
	for _, action := range actionsShown {
		if ltc.Permits(a.Role, rels, action, c.Status) {
			v.May = append(v.May, action)
		}
	}
	if c.Status.Closed() {
		return v, nil
	}
	state, err := s.state(ctx, c)
	if err != nil {
		s.Log.Warn("case state unavailable", "case", c.ID, "err", err)
		return v, nil
	}
	v.PendingActions, v.Overdue = state.Pending, state.Overdue
	if c.Status == ltc.StatusAwaitingVisit {
		v.Appointment, v.May = appointmentOf(state.Appointment, personal), visitStepNow(v.May, state.Appointment)
	}
	if !state.Deadline.IsZero() {
		v.Deadline = &state.Deadline
	}
	return v, nil
}
