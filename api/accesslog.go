package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

// withClient hands the client's address to the service, for the access log.
func withClient(c *gin.Context) {
	c.Request = c.Request.WithContext(cases.WithClient(c.Request.Context(), c.ClientIP()))
}

// accessLog is a page of the region's access log, newest first: filters
// case and actor; limit (1–200, default 50) and after (the next cursor).
func (s *server) accessLog(c *gin.Context) {
	f := cases.AccessFilter{CaseID: c.Query("case"), ActorID: c.Query("actor"), After: c.Query("after")}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			fail(c, s.Log, ltc.Invalid([]ltc.FieldError{{Field: "limit", Message: ltc.Text{Zh: "每页条数须为 1–200", En: "limit must be 1–200"}}}))
			return
		}
		f.Limit = n
	}
	lines, next, err := s.Cases.AccessLog(c.Request.Context(), principal(c), f)
	body := gin.H{"lines": lines}
	if next != "" {
		body["next"] = next
	}
	s.answer(c, http.StatusOK, body, err)
}
