package cases

import (
	"slices"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/workflows"
)

// Appointment is the visit being agreed: the times the team offers, the one
// the family chose and who will be there.
type Appointment struct {
	Proposed []VisitSlot `json:"proposed"`
	Chosen   *VisitSlot  `json:"chosen,omitempty"`
	Present  string      `json:"present,omitempty"`
}

// VisitSlot is one visit time.
type VisitSlot struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

func appointmentOf(a *workflows.Appointment, personal bool) *Appointment {
	if a == nil {
		return nil
	}
	out := &Appointment{Proposed: []VisitSlot{}, Present: a.Present}
	for _, s := range a.Proposed {
		out.Proposed = append(out.Proposed, VisitSlot{Start: s.Start, End: s.End})
	}
	if a.Chosen != nil {
		out.Chosen = &VisitSlot{Start: a.Chosen.Start, End: a.Chosen.End}
	}
	if !personal {
		out.Present = ltc.MaskName(out.Present)
	}
	return out
}

// visitStepNow narrows what the table permits at the visit step to what the
// appointment allows now: the team proposes until a time is chosen, the
// family chooses among the times offered, and the form and a missed visit
// wait for an agreed time.
func visitStepNow(may []ltc.Action, a *workflows.Appointment) []ltc.Action {
	if a == nil {
		return may
	}
	agreed, offered := a.Chosen != nil, len(a.Proposed) > 0
	return slices.DeleteFunc(may, func(action ltc.Action) bool {
		switch action {
		case ltc.ActionProposeVisit:
			return agreed
		case ltc.ActionChooseVisit:
			return agreed || !offered
		case ltc.ActionMoveVisit:
			return !agreed && !offered
		case ltc.ActionSubmitAssessment, ltc.ActionRecordMissedVisit:
			return !agreed
		}
		return false
	})
}
