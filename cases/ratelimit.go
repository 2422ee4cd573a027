package cases

import (
	"context"
	"time"

	"github.com/changhu/ltc"
)

// limit counts one hit on a bucket in the current window, in the database,
// so that the limit holds across every API process; past the limit it is a
// refusal the client may retry later.
func (s *Service) limit(ctx context.Context, bucket string, window time.Duration, max int) error {
	n, err := s.Store.CountHit(ctx, bucket, window, s.Now())
	if err != nil {
		return err
	}
	if n > max {
		return &ltc.Error{Code: ltc.ETooMany, Message: ltc.Text{
			Zh: "操作过于频繁，请稍后再试", En: "too many requests; please try again later"}}
	}
	return nil
}
