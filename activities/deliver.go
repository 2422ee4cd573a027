package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/changhu/ltc/notify"
)

// Channel delivers a message: an SMS gateway, or the development sink. It
// must send a message id once, however often it is asked.
type Channel interface {
	Send(ctx context.Context, m notify.Message) error
}

// Deliveries starts the delivery of messages once they are kept. Starting
// is best effort: the outbox sweep starts what was missed.
type Deliveries interface {
	Start(ctx context.Context, messageIDs ...string)
}

// Deliver sends one kept message and marks it delivered. A retry after a
// crash between the two sends the same id again, which the channel counts once.
func (a *Activities) Deliver(ctx context.Context, messageID string) error {
	m, delivered, err := a.Store.OutboxMessage(ctx, messageID)
	if err != nil || delivered {
		return final(err)
	}
	if err := a.Channel.Send(ctx, m); err != nil {
		return final(err)
	}
	return final(a.Store.MarkDelivered(ctx, messageID, time.Now()))
}

// DeadLetterInput is a message that exhausted its retries, and why.
type DeadLetterInput struct {
	MessageID string
	Reason    string
	Attempts  int
}

// MarkDead keeps a message that could not be delivered for an administrator.
func (a *Activities) MarkDead(ctx context.Context, in DeadLetterInput) error {
	activity.GetLogger(ctx).Warn("message not delivered", "message", in.MessageID, "attempts", in.Attempts)
	return final(a.Store.MarkDead(ctx, in.MessageID, in.Reason, in.Attempts, time.Now()))
}

// StartPending starts the delivery of messages kept more than a minute ago
// and not delivered: their start was lost (a process stopped after writing them).
func (a *Activities) StartPending(ctx context.Context) (int, error) {
	ids, err := a.Store.PendingMessages(ctx, time.Now().Add(-time.Minute), 500)
	if err != nil {
		return 0, final(err)
	}
	a.Deliveries.Start(ctx, ids...)
	return len(ids), nil
}
