package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc/activities"
)

// DeliveryRetries is how a message is retried: soon, then less and less
// often, for about a quarter of an hour; then it is a dead letter.
var DeliveryRetries = &temporal.RetryPolicy{
	InitialInterval:    2 * time.Second,
	BackoffCoefficient: 2,
	MaximumInterval:    5 * time.Minute,
	MaximumAttempts:    8,
}

// DeliveryWorkflow delivers one kept message with retries and backoff, and
// keeps it as a dead letter when they are spent. Its id is the message's, so
// a message has one delivery at a time.
func DeliveryWorkflow(ctx workflow.Context, messageID string) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Second, RetryPolicy: DeliveryRetries,
	})
	err := workflow.ExecuteActivity(ctx, acts.Deliver, messageID).Get(ctx, nil)
	if err == nil {
		return nil
	}
	dead := activities.DeadLetterInput{MessageID: messageID, Reason: err.Error()}
	return workflow.ExecuteActivity(activityCtx(ctx), acts.MarkDead, dead).Get(ctx, nil)
}

// DeliveryWorkflowID is the workflow id of a message's delivery.
func DeliveryWorkflowID(messageID string) string { return "notify-" + messageID }

// OutboxSweepWorkflow starts the deliveries whose start was lost; a
// Schedule runs it every minute.
func OutboxSweepWorkflow(ctx workflow.Context) (int, error) {
	var started int
	err := workflow.ExecuteActivity(activityCtx(ctx), acts.StartPending).Get(ctx, &started)
	return started, err
}
