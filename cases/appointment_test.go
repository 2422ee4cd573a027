package cases

import (
	"slices"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/workflows"
)

// At the visit step the table permits the whole visit; the case offers only
// the step its appointment is at.
func TestTheVisitStepOffersWhatTheAppointmentAllows(t *testing.T) {
	slot := activities.Slot{Start: time.Date(2026, 11, 25, 9, 0, 0, 0, ltc.China), End: time.Date(2026, 11, 25, 10, 0, 0, 0, ltc.China)}
	team := []ltc.Action{ltc.ActionProposeVisit, ltc.ActionMoveVisit, ltc.ActionRecordMissedVisit, ltc.ActionSubmitAssessment}
	family := []ltc.Action{ltc.ActionAddEvidence, ltc.ActionChooseVisit, ltc.ActionMoveVisit}
	for _, c := range []struct {
		name string
		may  []ltc.Action
		at   *workflows.Appointment
		want []ltc.Action
	}{
		{"team, nothing offered", team, &workflows.Appointment{}, []ltc.Action{ltc.ActionProposeVisit}},
		{"team, times offered", team, &workflows.Appointment{Proposed: []activities.Slot{slot}}, []ltc.Action{ltc.ActionProposeVisit, ltc.ActionMoveVisit}},
		{"team, agreed", team, &workflows.Appointment{Proposed: []activities.Slot{slot}, Chosen: &slot},
			[]ltc.Action{ltc.ActionMoveVisit, ltc.ActionRecordMissedVisit, ltc.ActionSubmitAssessment}},
		{"family, nothing offered", family, &workflows.Appointment{}, []ltc.Action{ltc.ActionAddEvidence}},
		{"family, times offered", family, &workflows.Appointment{Proposed: []activities.Slot{slot}},
			[]ltc.Action{ltc.ActionAddEvidence, ltc.ActionChooseVisit, ltc.ActionMoveVisit}},
		{"family, agreed", family, &workflows.Appointment{Proposed: []activities.Slot{slot}, Chosen: &slot},
			[]ltc.Action{ltc.ActionAddEvidence, ltc.ActionMoveVisit}},
		{"a case of the lifecycle before appointments", team, nil, team},
	} {
		if got := visitStepNow(slices.Clone(c.may), c.at); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// Who will be there is a name: masked for those who may not see names.
func TestThePersonAtTheVisitIsMaskedLikeAnyName(t *testing.T) {
	at := &workflows.Appointment{Present: "张小三"}
	if got := appointmentOf(at, true).Present; got != "张小三" {
		t.Errorf("shown to the family: %q", got)
	}
	if got := appointmentOf(at, false).Present; got == "张小三" || got != ltc.MaskName("张小三") {
		t.Errorf("shown to others: %q", got)
	}
}
