package cases

import (
	"context"
	"errors"
	"testing"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/workflows"
)

// disputeStore is a case before the committee of its region.
type disputeStore struct{ Store }

func (disputeStore) GetCase(_ context.Context, id string) (*ltc.Case, error) {
	return &ltc.Case{ID: id, WorkflowID: "case-p1", Region: "demo", Committee: true, Status: ltc.StatusAdjudication}, nil
}

// A vote needs its reason, in the API as on the pages: one without is
// refused on the field reason before it reaches the workflow, and only
// after the check of who may vote.
func TestAVoteNeedsItsReason(t *testing.T) {
	member := ltc.Actor{ID: "cm-1", Role: ltc.RoleCommittee, Region: "demo"}
	const id = "5c9f4b09-4c1e-4a57-9d2b-1f0e8a6b3c21"
	for _, reason := range []string{"", " \t\n"} {
		updates := &workflowUpdates{}
		s := &Service{Store: disputeStore{}, Temporal: updates}
		_, err := s.Vote(context.Background(), member, id, Request{}, 3, reason)
		var e *ltc.Error
		if !errors.As(err, &e) || e.Code != ltc.EInvalid || len(e.Fields) != 1 || e.Fields[0].Field != "reason" ||
			e.Fields[0].Message.Zh != "请填写表决理由" || e.Fields[0].Message.En == "" {
			t.Errorf("a vote with reason %q: %v, want a field error on reason", reason, err)
		}
		if len(updates.got) != 0 {
			t.Errorf("a vote with reason %q reached the workflow: %+v", reason, updates.got)
		}
	}

	updates := &workflowUpdates{}
	s := &Service{Store: disputeStore{}, Temporal: updates}
	_, _ = s.Vote(context.Background(), member, id, Request{}, 3, "护理记录与评估表一致")
	if want := (workflows.VoteRequest{Actor: member, Grade: 3, Reason: "护理记录与评估表一致"}); len(updates.got) != 1 || updates.got[0] != want {
		t.Errorf("the workflow got %+v, want %+v", updates.got, want)
	}

	elsewhere := ltc.Actor{ID: "cm-9", Role: ltc.RoleCommittee, Region: "xuzhou"}
	if _, err := s.Vote(context.Background(), elsewhere, id, Request{}, 3, ""); ltc.CodeOf(err) != ltc.ENotFound {
		t.Errorf("a member of another region's committee: %v, want the case not found", err)
	}
}
