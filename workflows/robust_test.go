package workflows

import (
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
)

// A caseworker voids the application while its gates are still being
// checked: the case stays void and nothing reopens it.
func TestVoidWhileTheGatesRunStaysVoid(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.gatesTake = time.Minute
	f.at(30*time.Second, UpdateVoid, ActorRequest{Actor: caseworker, Reason: "冒用他人身份"})
	s, err := f.run(CaseInput{})
	if err != nil || s.Status != ltc.StatusVoid {
		t.Fatalf("%s %v", s.Status, err)
	}
	if got := f.actions(); !slices.Equal(got, []string{"voided"}) {
		t.Fatalf("history after the void: %v", got)
	}
}

// The database refuses to record an action (data it cannot store): the
// action is refused, the workflow's state is as before, and the case goes on.
func TestAnActionTheRecordRefusesLeavesTheCaseAsItWas(t *testing.T) {
	f := newFixture(t, "xuzhou", nil)
	f.refuseLine = func(in activities.Line) error {
		if in.Entry.Action != "objected" {
			return nil
		}
		return temporal.NewNonRetryableApplicationError("the submission holds data that cannot be stored", ltc.EInvalid, nil, ltc.Text{})
	}
	f.at(hour, UpdateDecideAcceptance, accept(caseworker))
	f.visitBy(2*hour, firstTeam, "severe")
	f.at(3*day, UpdateObject, ObjectionRequest{Actor: applicant, Reason: "异议"})
	_, err := f.run(CaseInput{})
	f.continued(err)
	if !slices.Equal(f.refused, []string{UpdateObject}) || slices.Contains(f.actions(), "reassessment_ordered") {
		t.Fatalf("refused %v, history %v", f.refused, f.actions())
	}
	f.has("published", "decided")
}
