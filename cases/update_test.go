package cases

import (
	"context"
	"io"
	"log/slog"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/changhu/ltc"
)

// server answers updates as a busy Temporal server may: the first ones are
// lost (not found) while the case still runs.
type server struct {
	client.Client
	lose    int
	status  enumspb.WorkflowExecutionStatus
	updates []string
}

func (s *server) UpdateWorkflow(_ context.Context, o client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error) {
	s.updates = append(s.updates, o.UpdateID)
	if len(s.updates) <= s.lose {
		return nil, serviceerror.NewNotFound("update not found")
	}
	return answered{}, nil
}

func (s *server) DescribeWorkflowExecution(context.Context, string, string) (*workflowservice.DescribeWorkflowExecutionResponse, error) {
	return &workflowservice.DescribeWorkflowExecutionResponse{WorkflowExecutionInfo: &workflowpb.WorkflowExecutionInfo{Status: s.status}}, nil
}

type answered struct{ client.WorkflowUpdateHandle }

func (answered) Get(context.Context, any) error { return nil }

func TestALostUpdateIsAskedAgainUnderTheSameID(t *testing.T) {
	srv := &server{lose: 2, status: enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING}
	s := &Service{Temporal: srv, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := s.update(context.Background(), &ltc.Case{ID: "c1", WorkflowID: "case-1"}, "u1", "accept", nil); err != nil {
		t.Fatalf("the action failed: %v", err)
	}
	if len(srv.updates) != 3 || srv.updates[0] != "u1" || srv.updates[2] != "u1" {
		t.Fatalf("updates sent: %v", srv.updates)
	}
}

func TestAnUpdateToAnEndedCaseSaysSo(t *testing.T) {
	srv := &server{lose: 1, status: enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED}
	s := &Service{Temporal: srv, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	err := s.update(context.Background(), &ltc.Case{ID: "c1", WorkflowID: "case-1"}, "u1", "accept", nil)
	if ltc.CodeOf(err) != ltc.EConflict || len(srv.updates) != 1 {
		t.Fatalf("%v after %d updates", err, len(srv.updates))
	}
}
