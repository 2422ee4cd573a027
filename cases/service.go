// Package cases is the service layer: every use case of a case, whether it
// is reached by the JSON API or by a page, goes through it. It asks the
// permission table (ltc.Permissions) who may do what, keeps records through
// Store and files through Files, and hands human actions to the case's
// workflow as Temporal Updates. HTTP code binds, calls and answers.
package cases

import (
	"context"
	"io"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/calendar"
	"github.com/changhu/ltc/evidence"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// Service acts on cases.
type Service struct {
	Store     Store
	Files     Files
	Temporal  client.Client
	Validator *forms.Validator
	Catalog   *forms.Catalog
	Policies  *policy.Registry
	Log       *slog.Logger
	Now       func() time.Time
	// UpdateTimeout is how long a person waits for the workflow to take an
	// action before being told to retry (503 with Retry-After).
	UpdateTimeout time.Duration
	// FamilyID names the family account of a phone number: the family of
	// the person and of the agent see the case, whoever filed it.
	FamilyID func(phone string) string
	// Calendar counts the working days of a letter's review period.
	Calendar interface {
		Current(ctx context.Context) (*calendar.Calendar, error)
	}
	// LetterKey makes letters' verification codes, which nobody can guess;
	// VerifyURL is where the public checks one.
	LetterKey []byte
	VerifyURL string
	// Deliveries starts the delivery of kept messages (a retried dead letter).
	Deliveries interface {
		Start(ctx context.Context, messageIDs ...string)
	}
}

// Files is the object storage of evidence (implemented by evidence).
type Files interface {
	Put(ctx context.Context, key string, r io.Reader, maxSize int64) (evidence.Stored, error)
	Get(ctx context.Context, key, versionID string, maxSize int64) ([]byte, error)
	Remove(ctx context.Context, key, versionID string) error
	PresignGet(ctx context.Context, key, versionID, filename string, ttl time.Duration) (string, error)
	PresignInline(ctx context.Context, key, versionID, contentType string, ttl time.Duration) (string, error)
}

func (s *Service) updateTimeout() time.Duration {
	if s.UpdateTimeout > 0 {
		return s.UpdateTimeout
	}
	return 10 * time.Second
}

// Get returns a case the actor may see.
func (s *Service) Get(ctx context.Context, a ltc.Actor, id string) (*View, error) {
	c, rels, err := s.open(ctx, a, id, ltc.ActionView)
	if err != nil {
		return nil, err
	}
	return s.view(ctx, a, c, rels)
}
