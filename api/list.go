package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

// listCases lists the cases the caller may see, newest first, a page at a
// time: filters status, region, grade, assessor, deadline_before, q (a part of
// the name); limit (1–100, default 20) and after (the next cursor of the last page).
func (s *server) listCases(c *gin.Context) {
	s.list(c, s.Cases.List)
}

// myAssignments lists an assessor's open assignments.
func (s *server) myAssignments(c *gin.Context) {
	s.list(c, s.Cases.Assignments)
}

type lister func(ctx context.Context, a ltc.Actor, f cases.Filter) ([]cases.Summary, *cases.Cursor, error)

func (s *server) list(c *gin.Context, list lister) {
	f, err := caseFilter(c)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	page, next, err := list(c.Request.Context(), principal(c), f)
	body := gin.H{"cases": page}
	if next != nil {
		body["next"] = next.String()
	}
	s.answer(c, http.StatusOK, body, err)
}

func caseFilter(c *gin.Context) (cases.Filter, error) {
	f := cases.Filter{Status: ltc.Status(c.Query("status")), Region: c.Query("region"),
		AssessorID: c.Query("assessor"), Name: c.Query("q"), Limit: 20}
	var fields []ltc.FieldError
	bad := func(field, zh, en string) {
		fields = append(fields, ltc.FieldError{Field: field, Message: ltc.Text{Zh: zh, En: en}})
	}
	if f.Status != "" && !f.Status.Known() {
		bad("status", "未知的案件状态", "unknown status")
	}
	if len(f.Name) > 90 || len(f.AssessorID) > 64 || len(f.Region) > 64 {
		bad("q", "查询条件过长", "a filter is too long")
	}
	if v := c.Query("grade"); v != "" {
		g, err := strconv.Atoi(v)
		if err != nil || g < 0 || g > 9 {
			bad("grade", "等级须为 0–9 的整数", "grade must be a whole number 0–9")
		}
		f.Grade = &g
	}
	if v := c.Query("deadline_before"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			bad("deadline_before", "时间格式须为 RFC 3339", "deadline_before must be an RFC 3339 time")
		}
		f.DeadlineBefore = t
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			bad("limit", "每页条数须为 1–100", "limit must be 1–100")
		}
		f.Limit = n
	}
	if v := c.Query("after"); v != "" {
		cur, ok := cases.ParseCursor(v)
		if !ok {
			bad("after", "分页游标无效", "the page cursor is not valid")
		}
		f.After = cur
	}
	if len(fields) > 0 {
		return f, ltc.Invalid(fields)
	}
	return f, nil
}
