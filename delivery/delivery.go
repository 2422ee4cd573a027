// Package delivery starts the Temporal workflows that deliver messages to
// families, and keeps the outbox sweep on its schedule.
package delivery

import (
	"context"
	"errors"
	"log/slog"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/changhu/ltc/workflows"
)

// Starter starts deliveries on Temporal.
type Starter struct {
	Client client.Client
	Log    *slog.Logger
}

// Start starts the delivery of messages sent together (the phones of one
// history line) as one workflow, unless it is under way. A failure is
// logged, not returned: the sweep starts each message a minute later.
func (s *Starter) Start(ctx context.Context, messageIDs ...string) {
	if len(messageIDs) == 0 {
		return
	}
	_, err := s.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: workflows.DeliveryWorkflowID(messageIDs[0]), TaskQueue: workflows.TaskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, workflows.DeliveriesWorkflow, messageIDs)
	if err != nil {
		s.Log.Warn("delivery not started; the sweep will start it", "messages", messageIDs, "err", err)
	}
}

// SweepSchedule is the id of the outbox sweep's schedule.
const SweepSchedule = "ltc-outbox-sweep"

// EnsureSweep creates the schedule of the outbox sweep if it is missing.
func EnsureSweep(ctx context.Context, c client.Client, every time.Duration) error {
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:      SweepSchedule,
		Spec:    client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: every}}},
		Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		Action: &client.ScheduleWorkflowAction{ID: "outbox-sweep", Workflow: workflows.OutboxSweepWorkflow,
			TaskQueue: workflows.TaskQueue, WorkflowRunTimeout: time.Minute,
			RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 1}},
	})
	var exists *serviceerror.AlreadyExists
	if errors.Is(err, temporal.ErrScheduleAlreadyRunning) || errors.As(err, &exists) {
		return nil
	}
	return err
}
