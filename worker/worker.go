// Package worker runs the case workflow, the message deliveries, the evidence
// integrity check and their activities on the task queue.
package worker

import (
	"context"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/workflows"
)

// Run polls the task queue until ctx is done.
func Run(ctx context.Context, c client.Client, acts *activities.Activities) error {
	w := sdkworker.New(c, workflows.TaskQueue, sdkworker.Options{})
	w.RegisterWorkflow(workflows.CaseWorkflow)
	w.RegisterWorkflow(workflows.DeliveryWorkflow)
	w.RegisterWorkflow(workflows.DeliveriesWorkflow)
	w.RegisterWorkflow(workflows.OutboxSweepWorkflow)
	w.RegisterWorkflow(workflows.EvidenceCheckWorkflow)
	w.RegisterActivity(acts)
	stop := make(chan any)
	go func() {
		<-ctx.Done()
		close(stop)
	}()
	return w.Run(stop)
}
