package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

func (s *site) caseworkerRoutes(g *gin.RouterGroup) {
	g.GET("/work", s.workQueue)
	g.GET("/work/apply", s.applyPage)
	g.POST("/work/apply", s.apply)
}

type queuePage struct {
	*page
	Overdue []cases.Summary
	Cases   []cases.Summary
	Next    string
	Query   string
}

// pageSize is how many cases a queue page shows.
const pageSize = 25

// workQueue is the caseworker's region: overdue cases first (on the first
// page), then every case matching the filters, newest first, a page at a time
// on the service's keyset cursor.
func (s *site) workQueue(c *gin.Context) {
	p := s.base(c, "工作台", "Work queue")
	p.Form = newForm(c.Request.URL.Query())
	f, err := queueFilter(c)
	if err != nil {
		p.Form.withError(asError(err))
		s.render(c, http.StatusUnprocessableEntity, "queue", queuePage{page: p})
		return
	}
	data := queuePage{page: p}
	ctx, a := c.Request.Context(), actor(c)
	if f.After == nil {
		overdue := f
		overdue.DeadlineBefore, overdue.OpenOnly, overdue.Limit = s.Now(), true, 50
		if data.Overdue, _, err = s.Cases.List(ctx, a, overdue); err != nil {
			s.fail(c, err)
			return
		}
	}
	list, next, err := s.Cases.List(ctx, a, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	data.Cases = list
	if next != nil {
		q := c.Request.URL.Query()
		q.Set("after", next.String())
		data.Next = "/work?" + q.Encode()
	}
	s.render(c, http.StatusOK, "queue", data)
}

// queueFilter reads the queue's filters, each wrong one named beside its field.
func queueFilter(c *gin.Context) (cases.Filter, error) {
	f := cases.Filter{Status: ltc.Status(c.Query("status")), Name: strings.TrimSpace(c.Query("q")), Limit: pageSize}
	var fields []ltc.FieldError
	bad := func(field, zh, en string) {
		fields = append(fields, ltc.FieldError{Field: field, Message: ltc.Text{Zh: zh, En: en}})
	}
	if f.Status != "" && !f.Status.Known() {
		bad("status", "未知的案件状态", "unknown status")
	}
	if len(f.Name) > 90 {
		bad("q", "姓名太长", "the name is too long")
	}
	if v := c.Query("grade"); v != "" {
		g, err := strconv.Atoi(v)
		if err != nil || g < 0 || g > 9 {
			bad("grade", "等级须为 0–9", "grade must be 0–9")
		}
		f.Grade = &g
	}
	if v := c.Query("deadline"); v != "" {
		day, err := time.ParseInLocation(time.DateOnly, v, ltc.China)
		if err != nil {
			bad("deadline", "请选择日期", "choose a date")
		}
		f.DeadlineBefore = day.AddDate(0, 0, 1) // due on or before that day
	}
	if v := c.Query("after"); v != "" {
		cur, ok := cases.ParseCursor(v)
		if !ok {
			bad("after", "翻页位置无效，请从第一页开始", "the page position is not valid; start from the first page")
		}
		f.After = cur
	}
	if len(fields) > 0 {
		return f, ltc.Invalid(fields)
	}
	return f, nil
}
