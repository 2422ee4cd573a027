package cases

import (
	"context"
	"time"

	"github.com/changhu/ltc"
)

// RequestKey names one request a person may send again: who, what (method
// and route), on which case, under which Idempotency-Key. The same key used
// for another action, or by another person, is another request.
type RequestKey struct {
	ActorID string
	Scope   string
	CaseID  string
	Key     string
}

// StoredResponse is the first answer to a request with a key. Status is 0
// while that first request is still being answered.
type StoredResponse struct {
	RequestHash string
	Status      int
	Body        []byte
}

// How long a duplicate waits for the first request's answer, and how often it looks.
const (
	duplicateWait = 30 * time.Second
	duplicatePoll = 100 * time.Millisecond
)

// BeginRequest claims a key for a request whose body hashes to hash (empty
// when the body is streamed and not hashed). It returns nil when this
// request goes ahead, or the first answer to send again: a concurrent
// duplicate waits for it. A key reused with another body is a conflict.
func (s *Service) BeginRequest(ctx context.Context, k RequestKey, hash string) (*StoredResponse, error) {
	give := time.Now().Add(duplicateWait)
	for {
		prior, err := s.Store.BeginRequest(ctx, k, hash, s.Now())
		if err != nil || prior == nil {
			return nil, err
		}
		if prior.RequestHash != hash {
			return nil, ltc.Errorf(ltc.EConflict, "该 Idempotency-Key 已用于另一个请求", "this Idempotency-Key was used for a different request")
		}
		if prior.Status != 0 {
			return prior, nil
		}
		if time.Now().After(give) {
			return nil, ltc.Errorf(ltc.EUnavailable, "相同的请求仍在处理中，请稍后重试", "the same request is still being processed; retry shortly")
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(duplicatePoll):
		}
	}
}

// FinishRequest keeps the answer for the request's retries. An answer of the
// server's own failure (5xx) is not kept: the retry goes ahead again.
func (s *Service) FinishRequest(ctx context.Context, k RequestKey, r StoredResponse) error {
	if r.Status >= 500 {
		return s.Store.AbandonRequest(ctx, k)
	}
	return s.Store.FinishRequest(ctx, k, r)
}
