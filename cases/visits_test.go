package cases

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"go.temporal.io/sdk/client"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/workflows"
)

// visitStore is a case at the visit step whose application names an agent.
type visitStore struct {
	Store // only what choosing a visit reads
	app   forms.Application
}

func (s *visitStore) GetCase(_ context.Context, id string) (*ltc.Case, error) {
	return &ltc.Case{ID: id, WorkflowID: "case-p1", Family: []string{"family-1"}, Status: ltc.StatusAwaitingVisit}, nil
}

func (s *visitStore) CaseFacts(context.Context, string) (*activities.CaseFacts, error) {
	raw, err := json.Marshal(s.app)
	return &activities.CaseFacts{Application: raw}, err
}

// workflowUpdates keeps what reached the case's workflow, and answers no
// further: what a choice leads to is the workflow's tests' business.
type workflowUpdates struct {
	client.Client
	got []any
}

func (w *workflowUpdates) UpdateWorkflow(_ context.Context, o client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error) {
	w.got = append(w.got, o.Args...)
	return nil, errors.New("not answered in this test")
}

// Who will be there is refused before the workflow books the team when the
// text cannot be stored or sent, or when the agent of the application is
// not among them; the agent named as people write names is there.
func TestWhoWillBeAtTheVisitMustIncludeTheAgent(t *testing.T) {
	agent := forms.Agent{Name: "阿依古丽·买买提", Relationship: "child", Phone: "13800138001"}
	for _, c := range []struct {
		name, present string
		agent         forms.Agent
		refused       string // the Chinese message on field present, or "" when it reaches the workflow
	}{
		{"the agent and a neighbour", "阿依古丽•买买提、邻居王芳", agent, ""},
		{"the agent with her relation", "女儿 阿依古丽·买买提", agent, ""},
		{"someone else only", "邻居王芳", agent, "代理人须在场：请在届时在场人员中填写申请书所列代理人的姓名"},
		{"the agent's first name only", "阿依古丽", agent, "代理人须在场：请在届时在场人员中填写申请书所列代理人的姓名"},
		{"a person who applied for themself", "本人及保姆", forms.Agent{Name: "张三", Relationship: "self"}, ""},
		{"an application without an agent", "张小三", forms.Agent{}, ""},
		{"a NUL, from a page", "阿依古丽·买买提\x00", agent, ltc.UncleanText("present").Message.Zh},
		{"a right-to-left override", "阿依古丽·买买提\u202e", agent, ltc.UncleanText("present").Message.Zh},
		{"two lines, in a text message", "阿依古丽·买买提\n另约", agent, ltc.UncleanText("present").Message.Zh},
	} {
		updates := &workflowUpdates{}
		s := &Service{Store: &visitStore{app: forms.Application{Agent: c.agent}}, Temporal: updates}
		family := ltc.Actor{ID: "family-1", Role: ltc.RoleApplicant}
		_, err := s.ChooseVisit(context.Background(), family, "5c9f4b09-4c1e-4a57-9d2b-1f0e8a6b3c21", Request{}, 0, c.present)
		if c.refused == "" {
			// The family signed in by a phone on the case, which someone else filed.
			asFamily := ltc.Actor{ID: family.ID, Role: family.Role, Family: true}
			want := workflows.VisitChoice{Actor: asFamily, Slot: 0, Present: c.present}
			if len(updates.got) != 1 || updates.got[0] != want {
				t.Errorf("%s: %v; the workflow got %+v", c.name, err, updates.got)
			}
			continue
		}
		var e *ltc.Error
		if !errors.As(err, &e) || e.Code != ltc.EInvalid || len(e.Fields) != 1 || e.Fields[0].Field != "present" ||
			e.Fields[0].Message.Zh != c.refused || e.Fields[0].Message.En == "" {
			t.Errorf("%s: %v, want %q on present", c.name, err, c.refused)
		}
		if len(updates.got) != 0 {
			t.Errorf("%s: reached the workflow: %+v", c.name, updates.got)
		}
	}
}
