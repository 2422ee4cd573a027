package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/calendar"
)

func (s *site) nationalRoutes(g *gin.RouterGroup) {
	g.GET("/national/calendar", s.calendarPage)
	g.POST("/national/calendar", s.saveCalendar)
}

func (s *site) calendarPage(c *gin.Context) {
	p := s.base(c, "全国节假日安排", "National holiday calendar")
	if c.Query("done") == "saved" {
		p.Notice = p.T("节假日安排已保存，各地期限从现在起按新日历计算。", "Saved: every deadline counts on it from now.")
	}
	s.render(c, http.StatusOK, "calendar", p)
}

// saveCalendar reads a year's holidays and make-up working days (调休) as
// the State Council publishes them, one per line.
func (s *site) saveCalendar(c *gin.Context) {
	p := s.base(c, "全国节假日安排", "National holiday calendar")
	p.Form = newForm(c.Request.PostForm)
	y, err := calendarFrom(c)
	if err == nil {
		err = s.Cases.SaveCalendar(c.Request.Context(), actor(c), y)
	}
	if err != nil {
		s.formFailed(c, err, "calendar", p, p, "year", "holidays", "working_weekends")
		return
	}
	c.Redirect(http.StatusSeeOther, "/national/calendar?done=saved")
}

// calendarFrom reads "2026-10-01,2026-10-07,国庆节" lines of holidays and
// "2026-09-27,国庆节调休" lines of working weekends.
func calendarFrom(c *gin.Context) (calendar.Year, error) {
	year, err := strconv.Atoi(strings.TrimSpace(c.PostForm("year")))
	if err != nil {
		return calendar.Year{}, invalidField("year", "请填写年份，如 2027", "enter a year, e.g. 2027")
	}
	y := calendar.Year{Year: year, Source: strings.TrimSpace(c.PostForm("source"))}
	var fields []ltc.FieldError
	for i, line := range lines(c.PostForm("holidays")) {
		parts := strings.SplitN(line, ",", 3)
		if len(parts) != 3 {
			fields = append(fields, lineError("holidays", i))
			continue
		}
		y.Holidays = append(y.Holidays, calendar.Holiday{From: parts[0], To: parts[1], Name: parts[2]})
	}
	for i, line := range lines(c.PostForm("working_weekends")) {
		parts := strings.SplitN(line, ",", 2)
		if len(parts) != 2 {
			fields = append(fields, lineError("working_weekends", i))
			continue
		}
		y.WorkingWeekends = append(y.WorkingWeekends, calendar.Workday{Day: parts[0], Name: parts[1]})
	}
	if len(fields) > 0 {
		return y, ltc.Invalid(fields)
	}
	return y, nil
}

func lines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func lineError(field string, i int) ltc.FieldError {
	n := strconv.Itoa(i + 1)
	return ltc.FieldError{Field: field, Message: ltc.Text{Zh: "第 " + n + " 行格式不对", En: "line " + n + " is not in the right form"}}
}
