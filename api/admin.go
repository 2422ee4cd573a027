package api

import (
	"io"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/calendar"
	"github.com/changhu/ltc/enrolment"
	"github.com/changhu/ltc/postgres"
)

// maxCSVBytes bounds an enrolment import (200,000 rows fit well within it).
const maxCSVBytes = 64 << 20

// importEnrolments takes the insurance records as CSV (text/csv body), checks
// every row and answers with what was inserted, updated, unchanged and refused
// (line, field and reason). Importing the same file again changes nothing.
func (s *server) importEnrolments(c *gin.Context) {
	body := io.LimitReader(c.Request.Body, maxCSVBytes)
	records, refused, err := enrolment.Parse(body, s.Policies.Known, s.Now())
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	report, err := s.DB.ImportEnrolments(c.Request.Context(), records)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	report.Rows = len(records) + countLines(refused)
	report.Refused = append([]enrolment.RowError{}, refused...)
	s.Log.Info("enrolments imported", "by", principal(c).ID, "report", report.String())
	c.JSON(http.StatusOK, report)
}

// countLines counts the distinct lines among row errors (a row may have several).
func countLines(errs []enrolment.RowError) int {
	n, last := 0, 0
	for _, e := range errs {
		if e.Line != last {
			n, last = n+1, e.Line
		}
	}
	return n
}

// saveCalendar loads one year's holidays and make-up working days (调休), as
// the State Council publishes them; deadlines count on it from the next minute.
func (s *server) saveCalendar(c *gin.Context) {
	var y calendar.Year
	if err := decode(c, &y); err != nil {
		fail(c, s.Log, err)
		return
	}
	if strconv.Itoa(y.Year) != c.Param("year") {
		fail(c, s.Log, ltc.Invalid([]ltc.FieldError{{Field: "year", Message: ltc.Text{Zh: "年份与地址不一致", En: "the year does not match the path"}}}))
		return
	}
	if err := calendar.New().Load(y); err != nil {
		fail(c, s.Log, &ltc.Error{Code: ltc.EInvalid, Err: err, Fields: []ltc.FieldError{{Field: "holidays",
			Message: ltc.Text{Zh: "日历有误：" + err.Error(), En: "the calendar is wrong: " + err.Error()}}},
			Message: ltc.Text{Zh: "日历有误", En: "the calendar is wrong"}})
		return
	}
	if err := s.DB.SaveCalendarYear(c.Request.Context(), y, principal(c).ID); err != nil {
		fail(c, s.Log, err)
		return
	}
	c.JSON(http.StatusOK, y)
}

type rosterBody struct {
	Institutions []struct {
		ID     string `json:"id" validate:"required,max=64" zh:"机构编号" en:"institution id"`
		Name   string `json:"name" validate:"required,max=100" zh:"机构名称" en:"institution name"`
		Region string `json:"region" validate:"required,region" zh:"地区" en:"region"`
	} `json:"institutions" validate:"dive"`
	Staff []struct {
		ID            string `json:"id" validate:"required,max=64" zh:"人员编号" en:"staff id"`
		Role          string `json:"role" validate:"required,oneof=caseworker assessor committee admin" zh:"角色" en:"role"`
		Name          string `json:"name" validate:"required,max=30" zh:"姓名" en:"name"`
		Region        string `json:"region" validate:"required,region" zh:"地区" en:"region"`
		InstitutionID string `json:"institution_id" validate:"max=64" zh:"所属机构" en:"institution"`
		IsExpert      bool   `json:"is_expert"`
		CareProvider  string `json:"care_provider" validate:"max=100" zh:"任职照护机构" en:"care provider"`
	} `json:"staff" validate:"dive"`
}

// saveRoster adds or updates assessment institutions and staff of the caller's region.
func (s *server) saveRoster(c *gin.Context) {
	var b rosterBody
	if !s.bind(c, &b) {
		return
	}
	region := principal(c).Region
	var (
		institutions []postgres.Institution
		staff        []postgres.Staff
		regions      []string
	)
	for _, in := range b.Institutions {
		institutions = append(institutions, postgres.Institution{ID: in.ID, Name: in.Name, Region: in.Region})
		regions = append(regions, in.Region)
	}
	for _, st := range b.Staff {
		staff = append(staff, postgres.Staff{ID: st.ID, Role: st.Role, Name: st.Name, Region: st.Region,
			InstitutionID: st.InstitutionID, IsExpert: st.IsExpert, CareProvider: st.CareProvider})
		regions = append(regions, st.Region)
	}
	if slices.ContainsFunc(regions, func(r string) bool { return r != region }) {
		fail(c, s.Log, ltc.Errorf(ltc.EForbidden, "只能维护本地区的名册", "you may only manage your own region's roster"))
		return
	}
	if err := s.DB.UpsertRoster(c.Request.Context(), institutions, staff); err != nil {
		fail(c, s.Log, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"institutions": len(institutions), "staff": len(staff)})
}
