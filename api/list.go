package api

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/postgres"
)

// listCases lists the cases the caller may see, newest first, a page at a
// time: filters status, region, grade, assessor, deadline_before, q (a part of
// the name); limit (1–100, default 20) and after (the next cursor of the last page).
func (s *server) listCases(c *gin.Context) {
	f, err := caseFilter(c)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	s.list(c, f)
}

// myAssignments lists an assessor's open assignments.
func (s *server) myAssignments(c *gin.Context) {
	f, err := caseFilter(c)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	f.OpenOnly = true
	s.list(c, f)
}

func (s *server) list(c *gin.Context, f postgres.CaseFilter) {
	p := principal(c)
	scope(p, &f)
	list, next, err := s.DB.ListCases(c.Request.Context(), f)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	if p.Role == ltc.RoleCommittee {
		for i := range list {
			list[i].Name = ltc.MaskName(list[i].Name)
		}
	}
	body := gin.H{"cases": list}
	if next != nil {
		body["next"] = encodeCursor(*next)
	}
	c.JSON(http.StatusOK, body)
}

// scope restricts a list to what the caller may see, whatever the query asked.
func scope(p auth.Principal, f *postgres.CaseFilter) {
	switch p.Role {
	case ltc.RoleApplicant:
		f.ApplicantID = p.ID
	case ltc.RoleCaseworker, ltc.RoleAdmin:
		f.Region = p.Region
	case ltc.RoleAssessor:
		f.AssessorID = p.ID
	case ltc.RoleCommittee:
		f.Region, f.CommitteeOnly = p.Region, true
	default:
		f.ApplicantID = "\x00" // nobody
	}
}

func caseFilter(c *gin.Context) (postgres.CaseFilter, error) {
	f := postgres.CaseFilter{Status: ltc.Status(c.Query("status")), Region: c.Query("region"),
		AssessorID: c.Query("assessor"), Name: c.Query("q"), Limit: 20}
	var fields []ltc.FieldError
	bad := func(field, zh, en string) {
		fields = append(fields, ltc.FieldError{Field: field, Message: ltc.Text{Zh: zh, En: en}})
	}
	if f.Status != "" && !f.Status.Known() {
		bad("status", "未知的案件状态", "unknown status")
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
		cur, ok := decodeCursor(v)
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

func encodeCursor(c postgres.Cursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.CreatedAt.Format(time.RFC3339Nano) + "|" + c.ID))
}

func decodeCursor(s string) (*postgres.Cursor, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	at, id, ok := strings.Cut(string(raw), "|")
	t, err := time.Parse(time.RFC3339Nano, at)
	if !ok || err != nil || len(id) != 36 {
		return nil, false
	}
	return &postgres.Cursor{CreatedAt: t, ID: id}, true
}
