package notify

import (
	"context"

	"github.com/google/uuid"
)

// Outbox takes messages that are no history line's, such as sign-in codes:
// kept first, then delivered like every other message.
type Outbox struct {
	Store interface {
		EnqueueMessage(ctx context.Context, m Message) error
	}
	Deliveries interface {
		Start(ctx context.Context, messageIDs ...string)
	}
}

// SendCode sends a one-time sign-in code to a phone.
func (o *Outbox) SendCode(ctx context.Context, phone, code string) error {
	m := Message{ID: uuid.NewString(), Phone: phone, Template: SignInCode, Vars: map[string]string{"code": code}}
	if err := o.Store.EnqueueMessage(ctx, m); err != nil {
		return err
	}
	o.Deliveries.Start(ctx, m.ID)
	return nil
}
