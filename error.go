// Package ltc is the domain of long-term care insurance disability assessment:
// cases, their states and the one error type every layer speaks.
// It imports nothing of Temporal, gin, pgx or MinIO.
package ltc

import (
	"errors"
	"fmt"
)

// Error codes. The API maps each to one HTTP status in one place (api/errors.go).
const (
	EMalformed    = "malformed"    // the request cannot be read (not JSON, wrong types)
	EInvalid      = "invalid"      // the input breaks a rule of the form
	ENotFound     = "not_found"    // no such thing, or not visible to the caller
	EConflict     = "conflict"     // the thing exists already, or the case is not in a state for this
	EForbidden    = "forbidden"    // the caller may not do this
	EUnauthorized = "unauthorized" // no valid credentials
	EUnavailable  = "unavailable"  // a dependency is down; the client may retry
	ETooMany      = "too_many"     // too many requests from this client; retry later
	EUnsupported  = "unsupported"  // the body is not of a type this route reads
	EInternal     = "internal"     // a bug
)

// CodeOf is the code of the ltc.Error in err's chain, or "" when there is none.
func CodeOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Text is a message for people, in Chinese (what applicants read) and English.
type Text struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// FieldError is one problem with one input field; Field is its JSON path.
type FieldError struct {
	Field   string `json:"field"`
	Message Text   `json:"message"`
}

// Error is the domain error: a code, a message safe to show to a client,
// optional field errors, and the wrapped cause, which is only ever logged.
type Error struct {
	Code    string
	Message Text
	Fields  []FieldError
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message.En, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message.En)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error with a bilingual message.
func Errorf(code, zh, en string, args ...any) *Error {
	return &Error{Code: code, Message: Text{Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)}}
}

// Invalid is an EInvalid error carrying every field problem at once.
func Invalid(fields []FieldError) *Error {
	return &Error{
		Code:    EInvalid,
		Message: Text{Zh: "提交的内容有误，请按提示修改", En: "the submission has errors; see the fields"},
		Fields:  fields,
	}
}

// Services the system stands on, named in an outage's message.
var (
	ServiceDatabase = Text{Zh: "数据库", En: "the database"}
	ServiceFiles    = Text{Zh: "文件存储", En: "file storage"}
	ServiceWorkflow = Text{Zh: "流程服务", En: "the workflow service"}
)

// Unavailable is the one error of a service being down: the client may
// retry. What failed and why are kept for the log only.
func Unavailable(service Text, what string, err error) *Error {
	return &Error{Code: EUnavailable, Err: fmt.Errorf("%s: %w", what, err), Message: Text{
		Zh: service.Zh + "暂时不可用，请稍后重试", En: service.En + " is unavailable; please retry"}}
}

// NoSuchCase is the one "not found" of a case, also said of a case the
// caller may not see, so that ids cannot be probed.
func NoSuchCase() *Error { return Errorf(ENotFound, "没有这个案件", "no such case") }
