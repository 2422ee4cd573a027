package web

import (
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/policy"
)

func (s *site) publicRoutes(g *gin.RouterGroup) {
	g.GET("/", s.homePage)
	g.GET("/publicity", s.publicityPage)
	g.GET("/publicity/:id/objection", s.objectionPage)
	g.POST("/publicity/:id/objection", s.objectPublicly)
	g.GET("/guide", s.guidePage)
	g.GET("/verify", s.verifyPage)
}

func (s *site) homePage(c *gin.Context) {
	p := s.base(c, "长期护理保险失能评估", "Long-term care disability assessment")
	s.render(c, http.StatusOK, "home", p)
}

// region is the region a public page is about: the one asked for, else the first.
func (s *site) region(c *gin.Context) *policy.Policy {
	if p, err := s.Policies.Latest(c.Query("region")); err == nil {
		return p
	}
	if p, err := s.Policies.Latest("demo"); err == nil {
		return p
	}
	return s.Policies.Regions()[0]
}

type publicityPage struct {
	*page
	Region  *policy.Policy
	Regions []*policy.Policy
	Entries []cases.PublicEntry
}

func (s *site) publicityPage(c *gin.Context) {
	region := s.region(c)
	list, err := s.Cases.PublicityList(c.Request.Context(), region.Region)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.base(c, "评估结论公示", "Publicity of assessment conclusions")
	s.render(c, http.StatusOK, "publicity", publicityPage{p, region, s.Policies.Regions(), list})
}

type objectionPage struct {
	*page
	CaseID string
	Sent   bool
}

func (s *site) objectionPage(c *gin.Context) {
	p := s.base(c, "对公示结论提出异议", "Object to a published conclusion")
	s.render(c, http.StatusOK, "objection", objectionPage{page: p, CaseID: c.Param("id")})
}

var mobile = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// objectPublicly takes anyone's objection during publicity, with a phone
// number to be reached at; a caseworker checks it (核实) before anything follows.
func (s *site) objectPublicly(c *gin.Context) {
	p := s.base(c, "对公示结论提出异议", "Object to a published conclusion")
	p.Form = newForm(c.Request.PostForm)
	contact, reason := strings.TrimSpace(c.PostForm("contact")), strings.TrimSpace(c.PostForm("reason"))
	var fields []ltc.FieldError
	if !mobile.MatchString(contact) {
		fields = append(fields, ltc.FieldError{Field: "contact", Message: ltc.Text{Zh: "请填写11位手机号码，以便经办人员联系您核实", En: "enter an 11-digit mobile number so that a caseworker can reach you"}})
	}
	if reason == "" || utf8.RuneCountInString(reason) > 1000 || !ltc.CleanText(reason) {
		fields = append(fields, ltc.FieldError{Field: "reason", Message: ltc.Text{Zh: "请写明异议理由（1000字以内）", En: "say why you object (at most 1000 characters)"}})
	}
	err := error(nil)
	if len(fields) > 0 {
		err = ltc.Invalid(fields)
	} else {
		err = s.Cases.ObjectPublicly(c.Request.Context(), c.ClientIP(), c.Param("id"), reason, contact)
	}
	if err != nil {
		e := asError(err)
		if e.Code != ltc.EInvalid {
			s.fail(c, err)
			return
		}
		p.Form.withError(e, "contact", "reason")
		s.render(c, http.StatusUnprocessableEntity, "objection", objectionPage{page: p, CaseID: c.Param("id")})
		return
	}
	p.Title = p.T("异议已收到", "Objection received")
	s.render(c, http.StatusOK, "objection", objectionPage{page: p, CaseID: c.Param("id"), Sent: true})
}

type guidePage struct {
	*page
	Region     *policy.Policy
	Regions    []*policy.Policy
	GradeNames map[int]ltc.Text
}

// guidePage explains from the region's policy who may apply, what to
// prepare and what happens next, each rule with its clause.
func (s *site) guidePage(c *gin.Context) {
	region := s.region(c)
	names := map[int]ltc.Text{}
	if in, err := s.Catalog.Get(region.Instrument.ID, region.Instrument.Version); err == nil {
		for _, g := range in.Grades {
			names[g.Grade] = g.Name
		}
	}
	p := s.base(c, "申请须知", "How to apply")
	s.render(c, http.StatusOK, "guide", guidePage{p, region, s.Policies.Regions(), names})
}

// verifyPage checks a conclusion letter by the code printed on it: the
// masked person, the grade and the validity, or that no such letter exists.
func (s *site) verifyPage(c *gin.Context) {
	p := s.base(c, "核验评估结论书", "Verify a conclusion letter")
	data := verification{page: p, Code: strings.TrimSpace(c.Query("code"))}
	if data.Code != "" {
		letter, err := s.Cases.VerifyLetter(c.Request.Context(), c.ClientIP(), data.Code)
		switch ltc.CodeOf(err) {
		case "":
			data.Letter = letter
		case ltc.ENotFound, ltc.ETooMany:
			data.Problem = asError(err).Message
		default:
			s.fail(c, err)
			return
		}
	}
	s.render(c, http.StatusOK, "verify", data)
}

type verification struct {
	*page
	Code    string
	Letter  *cases.VerifiedLetter
	Problem ltc.Text
}
