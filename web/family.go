package web

import (
	"io"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
	"github.com/changhu/ltc/ratefloor"
)

func (s *site) familyRoutes(g *gin.RouterGroup) {
	g.GET("/my", s.myCases)
	g.GET("/apply", s.applyPage)
	g.POST("/apply", s.apply)
}

type myCasesPage struct {
	*page
	Cases []cases.Summary
}

// myCases lists every case the family sees: a person managing several
// relatives sees each of their cases.
func (s *site) myCases(c *gin.Context) {
	list, _, err := s.Cases.List(c.Request.Context(), actor(c), cases.Filter{Limit: 100})
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.base(c, "我的申请", "My applications")
	s.render(c, http.StatusOK, "my", myCasesPage{p, list})
}

type applyPage struct {
	*page
	Action        string
	Regions       []*policy.Policy
	Questions     []question
	Relationships any
	Caseworker    bool
}

func (s *site) applyForm(c *gin.Context, values url.Values) applyPage {
	p := s.base(c, "申请长期护理失能评估", "Apply for a long-term care assessment")
	p.Form = newForm(values)
	a := actor(c)
	regions := s.Policies.Regions()
	if a.Role == ltc.RoleCaseworker {
		p.Title = p.T("代为登记纸质申请", "File a paper application")
		if own, err := s.Policies.Latest(a.Region); err == nil {
			regions = []*policy.Policy{own}
		}
	}
	if values == nil && len(regions) > 0 {
		p.Form.Values.Set("region", regions[0].Region)
	}
	return applyPage{page: p, Action: c.Request.URL.Path, Regions: regions, Questions: questions(s.selfActivities()),
		Relationships: relationships, Caseworker: a.Role == ltc.RoleCaseworker}
}

func (s *site) selfActivities() []forms.Activity {
	in, err := s.Catalog.Get("self-assessment", "")
	if err != nil {
		return nil
	}
	return in.Activities
}

func (s *site) applyPage(c *gin.Context) {
	s.render(c, http.StatusOK, "apply", s.applyForm(c, nil))
}

// apply records the application, then streams the photos and documents
// that follow it in the form straight to the case's evidence. If the
// application has errors, the form comes back with them beside each field
// and everything typed kept (a chosen file cannot be kept by a browser).
func (s *site) apply(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	mr := multipartReader(c)
	if mr == nil {
		s.fail(c, ltc.Errorf(ltc.EUnsupported, "请通过申请页面提交", "send the application from its page"))
		return
	}
	values := url.Values{}
	var created *cases.View
	var failed, uploadErr error
	submit := func() {
		app, err := applicationFrom(values, s.selfActivities())
		if err == nil {
			created, err = s.Cases.Submit(ctx, a, app)
		}
		failed = err
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		if part.FileName() == "" {
			value, _ := io.ReadAll(io.LimitReader(part, 8<<10))
			values.Add(part.FormName(), string(value))
			continue
		}
		if created == nil && failed == nil {
			submit()
		}
		if failed != nil || uploadErr != nil {
			continue // the rest of the body is not stored
		}
		_, uploadErr = s.Cases.AddEvidence(ctx, a, created.ID, cases.Request{}, part.FileName(), ratefloor.Reader(c.Writer, part))
	}
	if created == nil && failed == nil {
		submit()
	}
	if failed != nil {
		page := s.applyForm(c, values)
		s.formFailed(c, failed, "apply", page, page.page)
		return
	}
	done := "submitted"
	if uploadErr != nil {
		s.Log.Warn("upload with the application failed", "case", created.ID, "err", uploadErr)
		done = "submitted-upload-failed"
	}
	c.Redirect(http.StatusSeeOther, "/cases/"+created.ID+"?done="+done)
}
