package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
)

// pageStatus is the one place an error code becomes a page's HTTP status.
func pageStatus(code string) int {
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

var internalMessage = ltc.Text{Zh: "系统出了问题，已记录下来。请稍后再试，或拨打经办机构电话。",
	En: "something went wrong on our side and has been logged; please try again later"}

// asError is err as a domain error; anything else is a bug, shown as such.
func asError(err error) *ltc.Error {
	var e *ltc.Error
	if errors.As(err, &e) {
		return e
	}
	return &ltc.Error{Code: ltc.EInternal, Message: internalMessage, Err: err}
}

// fail renders the error page for err: its message in plain words, never
// its cause, which is logged (by route, never with personal data).
func (s *site) fail(c *gin.Context, err error) {
	e := asError(err)
	status := pageStatus(e.Code)
	switch {
	case status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests:
		c.Header("Retry-After", "60")
		s.Log.Warn("page refused for now", "route", c.FullPath(), "status", status, "err", err)
	case status >= 500:
		s.Log.Error("page failed", "route", c.FullPath(), "status", status, "err", err)
	}
	msg := e.Message
	if e.Code == ltc.EInternal {
		msg = internalMessage
	}
	p := s.base(c, "出错了", "Something went wrong")
	if status == http.StatusNotFound {
		p.Title = p.T("没有找到", "Not found")
	}
	s.render(c, status, "error", struct {
		*page
		Status  int
		Message ltc.Text
		Fields  []ltc.FieldError
	}{p, status, msg, e.Fields})
	c.Abort()
}
