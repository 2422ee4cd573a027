package workflows

import (
	"slices"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
)

// The team proposes, the family asks for other times, the team proposes
// again, the family chooses; a reminder goes out the day before; the team
// visits.
func TestAVisitIsAgreedRemindedAndMade(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	for i, id := range firstTeam {
		f.at(2*hour+time.Duration(i)*time.Minute, UpdateConfirmAssignment, ActorRequest{Actor: assessor(id)})
	}
	visit := activities.Slot{Start: start.Add(3*day + hour), End: start.Add(3*day + 2*hour)} // Thursday 10:00–11:00
	early := activities.Slot{Start: start.Add(day + hour), End: start.Add(day + 2*hour)}
	f.at(3*hour, UpdateSubmitAssessment, AssessmentSubmission{Actor: assessor("expert-1"), FormID: "severe", Signatures: firstTeam}) // refused: no time agreed
	f.at(4*hour, UpdateProposeVisit, VisitProposal{Actor: assessor("expert-1"), Slots: []activities.Slot{early}})
	f.at(5*hour, UpdateMoveVisit, VisitChange{Actor: applicant, Reason: "明天要去医院复查"})
	f.at(6*hour, UpdateProposeVisit, VisitProposal{Actor: assessor("assessor-1"), Slots: []activities.Slot{early, visit}})
	f.at(7*hour, UpdateChooseVisit, VisitChoice{Actor: applicant, Slot: 1, Present: "张小三"})
	f.at(3*day+3*hour, UpdateSubmitAssessment, AssessmentSubmission{Actor: assessor("expert-1"), FormID: "severe", Signatures: firstTeam})
	f.at(3*day+4*hour, UpdateConfirmConclusion, ConclusionConfirmation{Actor: assessor("expert-9"), Expert: true})
	f.at(3*day+5*hour, UpdateConfirmConclusion, ConclusionConfirmation{Actor: assessor("expert-8"), Expert: true})
	_, err := f.run(CaseInput{})
	f.continued(err)
	f.has("team_confirmed", "appointment_proposed", "appointment_moved", "appointment_proposed", "appointment_confirmed",
		"appointment_reminded", "assessed", "decided")
	if got := f.entry("appointment_reminded").At; !got.Equal(visit.Start.Add(-24 * time.Hour)) {
		t.Errorf("reminded at %s, want a day before %s", got, visit.Start)
	}
	confirmed := f.entry("appointment_confirmed")
	if confirmed.Details["when"] != "2026年11月26日 10:00–11:00" || confirmed.Details["present"] != "张小三" || confirmed.Details["address"] == "" {
		t.Errorf("confirmed %+v", confirmed.Details)
	}
	if !slices.Equal(f.refused, []string{UpdateSubmitAssessment}) || len(f.bookings) != 1 {
		t.Fatalf("refused %v, bookings %v", f.refused, f.bookings)
	}
}

// Two families choose times at once and the team is booked for one: the
// other's choice is refused and that time is no longer offered.
func TestATimeTakenMeanwhileIsRefusedAndWithdrawn(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.bookingRefused = reject(ltc.EConflict, "评估人员在该时段已有其他上门评估", "an assessor has another visit at that time")
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	for i, id := range firstTeam {
		f.at(2*hour+time.Duration(i)*time.Minute, UpdateConfirmAssignment, ActorRequest{Actor: assessor(id)})
	}
	a := activities.Slot{Start: start.Add(day + hour), End: start.Add(day + 2*hour)}
	b := activities.Slot{Start: start.Add(2*day + hour), End: start.Add(2*day + 2*hour)}
	f.at(3*hour, UpdateProposeVisit, VisitProposal{Actor: assessor("expert-1"), Slots: []activities.Slot{a, b}})
	f.at(4*hour, UpdateChooseVisit, VisitChoice{Actor: applicant, Slot: 0, Present: "张小三"})
	f.at(5*hour, UpdateWithdraw, ActorRequest{Actor: applicant})
	s, _ := f.run(CaseInput{})
	if !slices.Equal(f.refused, []string{UpdateChooseVisit}) || slices.Contains(f.actions(), "appointment_confirmed") {
		t.Fatalf("refused %v, history %v", f.refused, f.actions())
	}
	if got := s.Appointment.Proposed; len(got) != 1 || !got[0].Start.Equal(b.Start) {
		t.Fatalf("still offered %+v", got)
	}
}

// The family is absent twice from an agreed visit: the application ends
// (the local default rule, labelled in the region's policy).
func TestTheFamilyAbsentTwiceEndsTheApplication(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	for i, id := range firstTeam {
		f.at(2*hour+time.Duration(i)*time.Minute, UpdateConfirmAssignment, ActorRequest{Actor: assessor(id)})
	}
	f.agree(3*hour, "expert-1", day+hour)
	f.at(day+90*time.Minute, UpdateMissedVisit, MissedVisit{Actor: assessor("expert-1"), Absent: AbsentFamily, Reason: "按约上门，家中无人"})
	f.agree(day+3*hour, "expert-1", 2*day+hour)
	f.at(2*day+90*time.Minute, UpdateMissedVisit, MissedVisit{Actor: assessor("expert-1"), Absent: AbsentFamily, Reason: "再次上门，家中无人"})
	s, err := f.run(CaseInput{})
	if err != nil || s.Status != ltc.StatusRefused {
		t.Fatalf("%s %v", s.Status, err)
	}
	f.has("appointment_confirmed", "visit_missed", "appointment_confirmed", "visit_missed", "refused")
	if len(f.cancelled) != 2 {
		t.Fatalf("bookings freed: %v", f.cancelled)
	}
}

// The assessors miss two agreed visits: another team is assigned, nobody
// of the first.
func TestAssessorsAbsentTwiceAreReplaced(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	for i, id := range firstTeam {
		f.at(2*hour+time.Duration(i)*time.Minute, UpdateConfirmAssignment, ActorRequest{Actor: assessor(id)})
	}
	f.agree(3*hour, "expert-1", day+hour)
	f.at(day+90*time.Minute, UpdateMissedVisit, MissedVisit{Actor: caseworker, Absent: AbsentAssessor, Reason: "评估人员未按约上门"})
	f.agree(day+3*hour, "expert-1", 2*day+hour)
	f.at(2*day+90*time.Minute, UpdateMissedVisit, MissedVisit{Actor: caseworker, Absent: AbsentAssessor, Reason: "评估人员再次未按约上门"})
	f.at(2*day+2*hour, UpdateWithdraw, ActorRequest{Actor: applicant})
	f.run(CaseInput{})
	f.has("visit_missed", "visit_missed", "team_replaced", "assigned")
	if len(f.assigned) != 2 || slices.ContainsFunc(f.assigned[1], func(id string) bool { return slices.Contains(firstTeam, id) }) {
		t.Fatalf("assignments %v", f.assigned)
	}
}

// A time offered but not chosen before it begins can no longer be chosen:
// the family asks for others.
func TestATimeThatHasBegunCannotBeChosen(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	for i, id := range firstTeam {
		f.at(2*hour+time.Duration(i)*time.Minute, UpdateConfirmAssignment, ActorRequest{Actor: assessor(id)})
	}
	past := activities.Slot{Start: start.Add(day + hour), End: start.Add(day + 2*hour)}
	f.at(3*hour, UpdateProposeVisit, VisitProposal{Actor: assessor("expert-1"), Slots: []activities.Slot{past}})
	f.at(day+90*time.Minute, UpdateChooseVisit, VisitChoice{Actor: applicant, Slot: 0, Present: "张小三"})
	f.at(day+2*hour, UpdateWithdraw, ActorRequest{Actor: applicant})
	f.run(CaseInput{})
	if !slices.Equal(f.refused, []string{UpdateChooseVisit}) || len(f.bookings) != 0 {
		t.Fatalf("refused %v, bookings %v", f.refused, f.bookings)
	}
}
