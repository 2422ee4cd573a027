package workflows

import (
	"errors"

	"go.temporal.io/sdk/temporal"

	"github.com/changhu/ltc"
)

// reject is an update refusal the API turns back into an ltc.Error: the
// error type is the ltc code and the details carry the bilingual message.
func reject(code, zh, en string) error {
	return temporal.NewApplicationErrorWithOptions(en, code, temporal.ApplicationErrorOptions{
		NonRetryable: true, Details: []any{ltc.Text{Zh: zh, En: en}},
	})
}

// AsDomainError turns a refusal from the workflow back into an ltc.Error; it
// returns nil when err is not one.
func AsDomainError(err error) *ltc.Error {
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) {
		return nil
	}
	var msg ltc.Text
	if appErr.HasDetails() && appErr.Details(&msg) == nil {
		return &ltc.Error{Code: appErr.Type(), Message: msg, Err: err}
	}
	return nil
}

// ltcCode is the ltc error code an activity failed with, or "".
func ltcCode(err error) string {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		return appErr.Type()
	}
	return ""
}
