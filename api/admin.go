package api

import (
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/calendar"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/policy"
)

// maxCSVBytes bounds an enrolment import (200,000 rows fit well within it).
const maxCSVBytes = 64 << 20

// importEnrolments takes the insurance records as CSV (text/csv body) and
// answers with what was inserted, updated, unchanged and refused.
func (s *server) importEnrolments(c *gin.Context) {
	report, err := s.Cases.ImportEnrolments(c.Request.Context(), principal(c), io.LimitReader(c.Request.Body, maxCSVBytes))
	s.answer(c, http.StatusOK, report, err)
}

// saveCalendar loads one year's holidays and make-up working days (调休).
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
	s.answer(c, http.StatusOK, y, s.Cases.SaveCalendar(c.Request.Context(), principal(c), y))
}

type incomeFigureBody struct {
	Fen    int64  `json:"fen" validate:"required,min=1,max=100000000" zh:"人均可支配收入（分）" en:"per-capita income (fen)"`
	Source string `json:"source" validate:"required,max=200" zh:"数据来源" en:"source"`
}

// saveIncomeFigure records the per-capita disposable income the region
// published for a year (Jilin's annual cap is a share of it).
func (s *server) saveIncomeFigure(c *gin.Context) {
	var b incomeFigureBody
	if !s.bind(c, &b) {
		return
	}
	year, err := strconv.Atoi(c.Param("year"))
	if err != nil || year < 2000 || year > 2100 {
		fail(c, s.Log, ltc.Invalid([]ltc.FieldError{{Field: "year", Message: ltc.Text{Zh: "年份无效", En: "not a year"}}}))
		return
	}
	f := policy.IncomeFigure{Year: year, Fen: b.Fen, Source: b.Source}
	s.answer(c, http.StatusOK, f, s.Cases.SaveIncomeFigure(c.Request.Context(), principal(c), f))
}

// deadLetters lists the region's messages that could not be delivered.
func (s *server) deadLetters(c *gin.Context) {
	list, err := s.Cases.DeadLetters(c.Request.Context(), principal(c))
	s.answer(c, http.StatusOK, gin.H{"dead_letters": list}, err)
}

// retryDeadLetter sends a dead letter again.
func (s *server) retryDeadLetter(c *gin.Context) {
	err := s.Cases.RetryDeadLetter(c.Request.Context(), principal(c), c.Param("message"))
	s.answer(c, http.StatusAccepted, gin.H{"retrying": true}, err)
}

type rosterBody struct {
	Institutions []struct {
		ID     string `json:"id" validate:"required,max=64" zh:"机构编号" en:"institution id"`
		Name   string `json:"name" validate:"required,max=100" zh:"机构名称" en:"institution name"`
		Region string `json:"region" validate:"required,region" zh:"地区" en:"region"`
	} `json:"institutions" validate:"max=1000,dive"`
	Staff []struct {
		ID            string `json:"id" validate:"required,max=64" zh:"人员编号" en:"staff id"`
		Role          string `json:"role" validate:"required,oneof=caseworker assessor committee admin" zh:"角色" en:"role"`
		Name          string `json:"name" validate:"required,max=30" zh:"姓名" en:"name"`
		Region        string `json:"region" validate:"required,region" zh:"地区" en:"region"`
		InstitutionID string `json:"institution_id" validate:"max=64" zh:"所属机构" en:"institution"`
		IsExpert      bool   `json:"is_expert"`
		CareProvider  string `json:"care_provider" validate:"max=100" zh:"任职照护机构" en:"care provider"`
		// Active false deactivates the member (their tokens and sessions stop
		// working at once), true takes them back; left out, it is unchanged.
		Active *bool `json:"active"`
	} `json:"staff" validate:"max=5000,dive"`
}

// saveRoster adds or updates assessment institutions and staff of the
// caller's region, and deactivates ("active": false) or takes back staff.
func (s *server) saveRoster(c *gin.Context) {
	var b rosterBody
	if !s.bind(c, &b) {
		return
	}
	var institutions []cases.Institution
	var staff []cases.Staff
	active := map[string]bool{}
	for _, in := range b.Institutions {
		institutions = append(institutions, cases.Institution{ID: in.ID, Name: in.Name, Region: in.Region})
	}
	for _, st := range b.Staff {
		staff = append(staff, cases.Staff{ID: st.ID, Role: st.Role, Name: st.Name, Region: st.Region,
			InstitutionID: st.InstitutionID, IsExpert: st.IsExpert, CareProvider: st.CareProvider})
		if st.Active != nil {
			active[st.ID] = *st.Active
		}
	}
	err := s.Cases.SaveRosterActive(c.Request.Context(), principal(c), institutions, staff, active)
	s.answer(c, http.StatusOK, gin.H{"institutions": len(institutions), "staff": len(staff)}, err)
}
