package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
)

// httpStatus is the one place an error code becomes an HTTP status.
func httpStatus(code string) int {
	switch code {
	case ltc.EMalformed:
		return http.StatusBadRequest
	case ltc.EUnauthorized:
		return http.StatusUnauthorized
	case ltc.EForbidden:
		return http.StatusForbidden
	case ltc.ENotFound:
		return http.StatusNotFound
	case ltc.EConflict:
		return http.StatusConflict
	case ltc.EInvalid:
		return http.StatusUnprocessableEntity
	case ltc.EUnavailable:
		return http.StatusServiceUnavailable
	case ltc.ETooMany:
		return http.StatusTooManyRequests
	case ltc.EUnsupported:
		return http.StatusUnsupportedMediaType
	}
	return http.StatusInternalServerError
}

// errorBody is the one shape of every failure.
type errorBody struct {
	Error errorPayload `json:"error"`
}

type errorPayload struct {
	Status  int              `json:"status"`
	Code    string           `json:"code"`
	Message ltc.Text         `json:"message"`
	Fields  []ltc.FieldError `json:"fields,omitempty"`
}

var internalMessage = ltc.Text{Zh: "系统内部错误，已记录，请稍后重试", En: "internal error; it has been logged"}

// fail answers with err's code and client-safe message; the cause is logged,
// never sent.
func fail(c *gin.Context, log *slog.Logger, err error) {
	var e *ltc.Error
	if !errors.As(err, &e) {
		e = &ltc.Error{Code: ltc.EInternal, Message: internalMessage, Err: err}
	}
	status := httpStatus(e.Code)
	switch {
	case status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests:
		c.Header("Retry-After", retryAfter(status))
		log.Warn("request refused for now", "method", c.Request.Method, "route", c.FullPath(), "status", status, "err", err)
	case status >= 500:
		log.Error("request failed", "method", c.Request.Method, "route", c.FullPath(), "status", status, "err", err)
	}
	msg := e.Message
	if e.Code == ltc.EInternal {
		msg = internalMessage
	}
	c.AbortWithStatusJSON(status, errorBody{Error: errorPayload{Status: status, Code: e.Code, Message: msg, Fields: e.Fields}})
}

// retryAfter is how many seconds a client waits before trying again: an
// outage is short, a rate limit's window longer.
func retryAfter(status int) string {
	if status == http.StatusTooManyRequests {
		return "60"
	}
	return "5"
}
