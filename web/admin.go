package web

import (
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

func (s *site) adminRoutes(g *gin.RouterGroup) {
	g.GET("/admin/roster", s.rosterPage)
	g.POST("/admin/roster", s.saveStaff)
	g.POST("/admin/roster/password", s.setPassword)
	g.POST("/admin/roster/deactivate", s.deactivateStaff)
	g.GET("/admin/enrolments", s.enrolmentsPage)
	g.POST("/admin/enrolments", s.importEnrolments)
	g.GET("/admin/dead-letters", s.deadLettersPage)
	g.POST("/admin/dead-letters/:message/retry", s.retryDeadLetter)
	g.GET("/admin/access-log", s.accessLogPage)
}

type rosterPage struct {
	*page
	Institutions []cases.Institution
	Staff        []cases.Staff
}

func (s *site) rosterPage(c *gin.Context) {
	p := s.base(c, "名册与账号", "Roster and accounts")
	p.Notice = rosterNotice(p, c.Query("done"))
	s.showRoster(c, http.StatusOK, p)
}

func (s *site) showRoster(c *gin.Context, status int, p *page) {
	institutions, staff, err := s.Cases.Roster(c.Request.Context(), actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "roster", rosterPage{p, institutions, staff})
}

func rosterNotice(p *page, done string) string {
	switch done {
	case "staff":
		return p.T("名册已保存。", "The roster is saved.")
	case "password":
		return p.T("密码已设置，请当面或电话告知本人。", "The password is set; tell the person in person or by phone.")
	case "deactivated":
		return p.T("已停用：此人的登录和凭证立即失效。再次添加即可恢复。", "Deactivated: their sign-in and tokens stop working at once. Add them again to take them back.")
	}
	return ""
}

// saveStaff adds or changes one member of staff of the administrator's
// region, taking back one deactivated before.
func (s *site) saveStaff(c *gin.Context) {
	get := func(name string) string { return strings.TrimSpace(c.PostForm(name)) }
	st := cases.Staff{ID: get("staff.id"), Role: get("staff.role"), Name: get("staff.name"), Region: actor(c).Region,
		InstitutionID: get("staff.institution"), IsExpert: get("staff.expert") == "yes"}
	err := checkStaff(st)
	if err == nil {
		// adding a member deactivated before takes them back
		err = s.Cases.SaveRosterActive(c.Request.Context(), actor(c), nil, []cases.Staff{st}, map[string]bool{st.ID: true})
	}
	if err != nil {
		s.rosterFailed(c, "staff", err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/roster?done=staff")
}

func checkStaff(st cases.Staff) error {
	var fields []ltc.FieldError
	bad := func(field, zh, en string) {
		fields = append(fields, ltc.FieldError{Field: field, Message: ltc.Text{Zh: zh, En: en}})
	}
	if st.ID == "" || len(st.ID) > 64 || !ltc.CleanText(st.ID) {
		bad("staff.id", "请填写工号（64个字符以内）", "enter a staff id (at most 64 characters)")
	}
	if st.Name == "" || len([]rune(st.Name)) > 30 || !ltc.CleanText(st.Name) {
		bad("staff.name", "请填写姓名（30字以内）", "enter a name (at most 30 characters)")
	}
	switch st.Role {
	case "caseworker", "assessor", "committee", "admin":
	default:
		bad("staff.role", "请选择角色", "choose a role")
	}
	if len(fields) > 0 {
		return ltc.Invalid(fields)
	}
	return nil
}

// deactivateStaff deactivates a member of staff: their page sessions and
// bearer tokens stop working at once, and their password signs them in no more.
func (s *site) deactivateStaff(c *gin.Context) {
	err := s.Cases.SetActive(c.Request.Context(), actor(c), c.PostForm("deactivate.staff"), false)
	if err != nil {
		if e := asError(err); e.Code == ltc.EInvalid {
			for i := range e.Fields {
				e.Fields[i].Field = "deactivate.staff"
			}
		}
		s.rosterFailed(c, "deactivate", err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/roster?done=deactivated")
}

// setPassword sets a staff member's password ("set a password" on the roster).
func (s *site) setPassword(c *gin.Context) {
	err := s.Accounts.SetPassword(c.Request.Context(), actor(c), c.PostForm("password.staff"), c.PostForm("password.password"))
	if err != nil {
		if e := asError(err); e.Code == ltc.EInvalid {
			for i := range e.Fields {
				e.Fields[i].Field = "password." + e.Fields[i].Field
			}
		}
		s.rosterFailed(c, "password", err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/roster?done=password")
}

func (s *site) rosterFailed(c *gin.Context, form string, err error) {
	e := asError(err)
	if e.Code != ltc.EInvalid && e.Code != ltc.EForbidden && e.Code != ltc.ENotFound && e.Code != ltc.EConflict {
		s.fail(c, err)
		return
	}
	p := s.base(c, "名册与账号", "Roster and accounts")
	values := c.Request.PostForm
	values.Del("password.password")
	p.Form = newForm(values).withError(e)
	p.Form.Failed = form
	s.showRoster(c, pageStatus(e.Code), p)
}

type enrolmentsPage struct {
	*page
	Report *cases.ImportReport
}

func (s *site) enrolmentsPage(c *gin.Context) {
	s.render(c, http.StatusOK, "enrolments", enrolmentsPage{page: s.base(c, "导入参保登记", "Import insurance records")})
}

// importEnrolments streams the uploaded CSV to the import and shows its report.
func (s *site) importEnrolments(c *gin.Context) {
	p := s.base(c, "导入参保登记", "Import insurance records")
	mr := multipartReader(c)
	var report *cases.ImportReport
	err := error(ltc.Invalid([]ltc.FieldError{{Field: "file", Message: ltc.Text{Zh: "请选择要导入的 CSV 文件", En: "choose the CSV file to import"}}}))
	for mr != nil {
		part, perr := mr.NextPart()
		if perr != nil {
			break
		}
		if part.FormName() == "file" && part.FileName() != "" {
			report, err = s.Cases.ImportEnrolments(c.Request.Context(), actor(c), io.LimitReader(part, 64<<20))
			break
		}
	}
	if err != nil {
		s.formFailed(c, err, "enrolments", enrolmentsPage{page: p}, p, "file")
		return
	}
	p.Notice = p.T("导入完成，结果如下。", "Imported; the report is below.")
	s.render(c, http.StatusOK, "enrolments", enrolmentsPage{p, report})
}
