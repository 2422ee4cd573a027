package worker

import (
	"context"
	"errors"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/workflows"
)

// EnsureEvidenceCheck creates the schedule of the evidence integrity check if
// it is missing: a run every interval, none while one is under way.
func EnsureEvidenceCheck(ctx context.Context, c client.Client, every time.Duration) error {
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:      workflows.EvidenceCheckSchedule,
		Spec:    client.ScheduleSpec{Intervals: []client.ScheduleIntervalSpec{{Every: every}}},
		Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		Action: &client.ScheduleWorkflowAction{ID: "evidence-check", Workflow: workflows.EvidenceCheckWorkflow,
			Args: []any{activities.EvidenceCheckState{}}, TaskQueue: workflows.TaskQueue},
	})
	var exists *serviceerror.AlreadyExists
	if errors.Is(err, temporal.ErrScheduleAlreadyRunning) || errors.As(err, &exists) {
		return nil
	}
	return err
}
