package activities

import (
	"context"
	"errors"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/changhu/ltc"
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
// A failed try is counted, with why in words an administrator can act on.
func (a *Activities) Deliver(ctx context.Context, messageID string) error {
	m, delivered, err := a.Store.OutboxMessage(ctx, messageID)
	if err != nil || delivered {
		return final(err)
	}
	if err := a.Channel.Send(ctx, m); err != nil {
		if recErr := a.Store.RecordFailure(ctx, messageID, failureReason(err)); recErr != nil {
			activity.GetLogger(ctx).Warn("failed delivery not counted", "message", messageID, "err", recErr)
		}
		return final(err)
	}
	return final(a.Store.MarkDelivered(ctx, messageID, time.Now()))
}

func failureReason(err error) string {
	var e *ltc.Error
	if errors.As(err, &e) && e.Message.Zh != "" {
		return e.Message.Zh
	}
	return "发送失败"
}

// DeadLetterInput is a message that exhausted its retries, and why (for the log).
type DeadLetterInput struct {
	MessageID string
	Reason    string
}

// MarkDead keeps a message that could not be delivered for an administrator,
// with the reason its last failed try recorded.
func (a *Activities) MarkDead(ctx context.Context, in DeadLetterInput) error {
	activity.GetLogger(ctx).Warn("message not delivered", "message", in.MessageID, "reason", in.Reason)
	return final(a.Store.MarkDead(ctx, in.MessageID, "多次发送均未成功", time.Now()))
}

// StartPending starts the delivery of messages kept more than a minute ago
// and not delivered: their start was lost (a process stopped after writing them).
func (a *Activities) StartPending(ctx context.Context) (int, error) {
	ids, err := a.Store.PendingMessages(ctx, time.Now().Add(-time.Minute), 500)
	if err != nil {
		return 0, final(err)
	}
	for _, id := range ids { // each apart: a lost start is no line's any more
		a.Deliveries.Start(ctx, id)
	}
	return len(ids), nil
}
