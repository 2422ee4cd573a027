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
	return DeliveriesWorkflow(ctx, []string{messageID})
}

// DeliveriesWorkflow delivers the messages of one history line (one a phone)
// side by side, each with its own retries and dead letter: one workflow a
// line rather than one a message halves what the texts ask of Temporal.
// Its id is its first message's.
func DeliveriesWorkflow(ctx workflow.Context, messageIDs []string) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Second, RetryPolicy: DeliveryRetries,
	})
	sent := make([]workflow.Future, len(messageIDs))
	for i, id := range messageIDs {
		sent[i] = workflow.ExecuteActivity(ctx, acts.Deliver, id)
	}
	for i, f := range sent {
		err := f.Get(ctx, nil)
		if err == nil {
			continue
		}
		dead := activities.DeadLetterInput{MessageID: messageIDs[i], Reason: err.Error()}
		if err := workflow.ExecuteActivity(activityCtx(ctx), acts.MarkDead, dead).Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
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
