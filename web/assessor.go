package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/forms"
)

func (s *site) assessorRoutes(g *gin.RouterGroup) {
	g.GET("/assignments", s.assignments)
	g.GET("/cases/:id/visit", s.visitPage)
	g.POST("/cases/:id/visit", s.submitVisit)
}

type assignmentsPage struct {
	*page
	Assigned   []cases.Summary
	Confirming []cases.Summary
	Key        string
}

// assignments are the assessor's open assignments and, for an expert, the
// conclusions of the region waiting for experts' confirmation.
func (s *site) assignments(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	mine, _, err := s.Cases.Assignments(ctx, a, cases.Filter{Limit: 100})
	if err != nil {
		s.fail(c, err)
		return
	}
	confirming, _, err := s.Cases.List(ctx, a, cases.Filter{Status: ltc.StatusConfirming, Limit: 100})
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.base(c, "我的评估任务", "My assignments")
	p.Notice = doneNotice(p, c.Query("done"))
	s.render(c, http.StatusOK, "assignments", assignmentsPage{p, mine, confirming, uuid.NewString()})
}

type visitPage struct {
	*page
	Case       *cases.View
	Instrument *forms.Instrument
	Data       string // the instrument as JSON, for the live score in the browser
	Team       []string
	Key        string
}

func (s *site) visitPage(c *gin.Context) {
	p := s.base(c, "上门评估表", "Visit form")
	p.Form.Values.Set("visited_at", s.Now().In(ltc.China).Format("2006-01-02T15:04"))
	s.showVisit(c, http.StatusOK, p)
}

func (s *site) showVisit(c *gin.Context, status int, p *page) {
	v, err := s.Cases.Get(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if !slices.Contains(v.May, ltc.ActionSubmitAssessment) {
		s.fail(c, &ltc.Error{Code: ltc.EConflict, Message: ltc.Text{Zh: "案件当前状态为「" + v.StatusLabel.Zh + "」，不能填写上门评估表",
			En: "the visit form cannot be filled while the case is: " + v.StatusLabel.En}})
		return
	}
	in, err := s.instrumentFor(v.Region)
	if err != nil {
		s.fail(c, err)
		return
	}
	raw, err := json.Marshal(in)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.Title = p.T("上门评估表：", "Visit form: ") + v.PersonName
	s.render(c, status, "visit", visitPage{page: p, Case: v, Instrument: in, Data: string(raw), Team: team(v), Key: uuid.NewString()})
}

// instrumentFor is the instrument version the region scores with.
func (s *site) instrumentFor(region string) (*forms.Instrument, error) {
	pol, err := s.Policies.Latest(region)
	if err != nil {
		return nil, err
	}
	return s.Catalog.Get(pol.Instrument.ID, pol.Instrument.Version)
}

// team is the assessors the visit waits for, who sign the form.
func team(v *cases.View) []string {
	for _, p := range v.PendingActions {
		if p.Role == ltc.RoleAssessor && len(p.Who) > 0 {
			return p.Who
		}
	}
	return nil
}

// submitVisit hands the form to the service, which scores it again: the
// score shown in the browser is a help, the server's is the one that counts.
func (s *site) submitVisit(c *gin.Context) {
	p := s.base(c, "上门评估表", "Visit form")
	p.Form = newForm(c.Request.PostForm)
	form, visitedAt, err := s.visitForm(c)
	if err == nil {
		req := cases.Request{Key: c.PostForm("key"), Scope: "POST /cases/:id/visit"}
		_, err = s.Cases.SubmitAssessment(c.Request.Context(), actor(c), c.Param("id"), req, form, visitedAt, c.PostFormArray("signatures"))
	}
	if err != nil {
		e := asError(err)
		if e.Code == ltc.EInvalid || e.Code == ltc.EConflict || e.Code == ltc.EForbidden || e.Code == ltc.EUnavailable {
			p.Form.withError(e)
			s.showVisit(c, pageStatus(e.Code), p)
			return
		}
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/cases/"+c.Param("id")+"?done=assessed&draft=sent")
}

// visitForm reads the items (named items.<code>, as the service names its
// field errors), the visit time in Beijing time, and the instrument.
func (s *site) visitForm(c *gin.Context) (forms.Form, time.Time, error) {
	if fields := uncleanFields(c.Request.PostForm); len(fields) > 0 {
		return forms.Form{}, time.Time{}, ltc.Invalid(fields)
	}
	v, err := s.Cases.Get(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		return forms.Form{}, time.Time{}, err
	}
	in, err := s.instrumentFor(v.Region)
	if err != nil {
		return forms.Form{}, time.Time{}, err
	}
	f := forms.Form{Instrument: in.ID, Version: in.Version, Items: map[string]json.RawMessage{}}
	for _, d := range in.Dimensions {
		for _, it := range d.Items {
			if answer := strings.TrimSpace(c.PostForm("items." + it.Code)); answer != "" {
				f.Items[it.Code] = points(answer)
			}
		}
	}
	visitedAt, err := time.ParseInLocation("2006-01-02T15:04", c.PostForm("visited_at"), ltc.China)
	if err != nil {
		return forms.Form{}, time.Time{}, invalidField("visited_at", "请填写上门评估的日期和时间", "enter the date and time of the visit")
	}
	return f, visitedAt, nil
}

// points is an answer as the scorer reads it: a number, or the text as
// typed, which the scorer then refuses beside its item.
func points(answer string) json.RawMessage {
	if _, err := strconv.Atoi(answer); err == nil {
		return json.RawMessage(answer)
	}
	return json.RawMessage(strconv.Quote(answer))
}
