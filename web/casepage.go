package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

func (s *site) caseRoutes(g *gin.RouterGroup) {
	g.GET("/cases/:id", s.casePage)
	g.POST("/cases/:id/evidence", s.uploadEvidence)
	g.GET("/cases/:id/letter.pdf", s.letterPDF)
	for _, a := range pageActions() {
		g.POST("/cases/:id/"+a.path, s.caseAction(a))
	}
}

type casePage struct {
	*page
	Case        *cases.View
	Previews    map[string]string
	Assessments []cases.Assessment
	Items       []forms.Item
	Grades      []forms.GradeName
	Objections  []cases.PublicObjection
	Statement   *policy.Statement
	Key         string // the forms' idempotency key: a second click is the same request
	DraftSent   bool   // the visit form reached the server: its draft on the device can go
}

// casePage shows a case to whoever may see it: what it is waiting for, the
// decision and benefit, the history in words, the documents, and the
// actions the permission table lets this person take now.
func (s *site) casePage(c *gin.Context) {
	p := s.base(c, "案件", "Case")
	p.Notice = doneNotice(p, c.Query("done"))
	s.showCase(c, http.StatusOK, p)
}

func (s *site) showCase(c *gin.Context, status int, p *page) {
	data, err := s.loadCase(c, p)
	if err != nil {
		s.fail(c, err)
		return
	}
	data.DraftSent = c.Query("draft") == "sent"
	s.render(c, status, "case", data)
}

func (s *site) loadCase(c *gin.Context, p *page) (*casePage, error) {
	ctx, a, id := c.Request.Context(), actor(c), c.Param("id")
	v, err := s.Cases.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	p.Title = v.PersonName + p.T(" 的评估申请", "'s application")
	data := &casePage{page: p, Case: v, Key: uuid.NewString()}
	if len(v.Evidence) > 0 {
		if data.Previews, err = s.Cases.EvidencePreviews(ctx, a, id); err != nil {
			return nil, err
		}
	}
	if a.Role != ltc.RoleApplicant && hasLine(v, "assessed") {
		if data.Assessments, err = s.Cases.Assessments(ctx, a, id); err != nil {
			return nil, err
		}
		data.Items, data.Grades = s.instrumentOf(data.Assessments)
	}
	if slices.Contains(v.May, ltc.ActionCheckObjection) {
		if data.Objections, err = s.Cases.PublicObjections(ctx, a, id); err != nil {
			return nil, err
		}
	}
	if v.Decision != nil && len(v.Decision.Statement) > 0 {
		var st policy.Statement
		if json.Unmarshal(v.Decision.Statement, &st) == nil {
			data.Statement = &st
		}
	}
	return data, nil
}

func hasLine(v *cases.View, action string) bool {
	return slices.ContainsFunc(v.History, func(e ltc.HistoryEntry) bool { return e.Action == action })
}

// instrumentOf is the items and grades of the instrument the forms were scored with.
func (s *site) instrumentOf(list []cases.Assessment) ([]forms.Item, []forms.GradeName) {
	if len(list) == 0 {
		return nil, nil
	}
	in, err := s.Catalog.Get(list[0].Instrument, list[0].Version)
	if err != nil {
		return nil, nil
	}
	var items []forms.Item
	for _, d := range in.Dimensions {
		items = append(items, d.Items...)
	}
	return items, in.Grades
}

// May reports whether the viewer may take an action now.
func (d *casePage) May(action string) bool { return slices.Contains(d.Case.May, ltc.Action(action)) }

// Differs reports whether the assessments disagree on an item.
func (d *casePage) Differs(item string) bool {
	for _, a := range d.Assessments[1:] {
		if a.Items[item] != d.Assessments[0].Items[item] {
			return true
		}
	}
	return false
}

// Kind is how a file is previewed: image, video, pdf, or a link.
func (d *casePage) Kind(contentType string) string {
	switch {
	case strings.HasPrefix(contentType, "image/"):
		return "image"
	case strings.HasPrefix(contentType, "video/"):
		return "video"
	case contentType == "application/pdf":
		return "pdf"
	}
	return "file"
}

// Size says a file's size in words.
func (d *casePage) Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// letterPDF is the conclusion letter to open, save or print: the same bytes
// the API gives.
func (s *site) letterPDF(c *gin.Context) {
	pdf, err := s.Cases.LetterPDF(c.Request.Context(), actor(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="letter.pdf"; filename*=UTF-8''%E8%AF%84%E4%BC%B0%E7%BB%93%E8%AE%BA%E4%B9%A6.pdf`)
	c.Data(http.StatusOK, "application/pdf", pdf)
}
