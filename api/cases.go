package api

import (
	"mime"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/workflows"
)

// caseView is a case as the API shows it: with its status in words and what
// is pending, for whom (from the workflow, while the case is open).
type caseView struct {
	*ltc.Case
	StatusLabel    ltc.Text            `json:"status_label"`
	PendingActions []workflows.Pending `json:"pending_actions"`
	Deadline       *time.Time          `json:"deadline,omitempty"`
	Overdue        bool                `json:"overdue,omitempty"`
}

func (s *server) view(c *gin.Context, got *ltc.Case) caseView {
	v := caseView{Case: got, StatusLabel: got.Status.Label(), PendingActions: []workflows.Pending{}}
	if got.Status.Closed() {
		return v
	}
	state, err := s.Cases.State(c.Request.Context(), got)
	if err != nil {
		s.Log.Warn("case state unavailable", "case", got.ID, "err", err)
		return v
	}
	v.PendingActions, v.Overdue = state.Pending, state.Overdue
	if !state.Deadline.IsZero() {
		v.Deadline = &state.Deadline
	}
	return v
}

func (s *server) createCase(c *gin.Context) {
	var app forms.Application
	if err := decode(c, &app); err != nil {
		fail(c, s.Log, err)
		return
	}
	p := principal(c)
	region := "" // applicants apply anywhere they are insured; caseworkers in their own region
	if p.Role == ltc.RoleCaseworker {
		region = p.Region
	}
	created, err := s.Cases.Submit(c.Request.Context(), p.Actor, region, app)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	c.Header("Location", "/api/v1/cases/"+created.ID)
	c.JSON(http.StatusCreated, s.view(c, created))
}

func (s *server) getCase(c *gin.Context) {
	got, err := s.visibleCase(c, principal(c))
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	c.JSON(http.StatusOK, s.view(c, got))
}

type assessmentRequest struct {
	forms.Form
	VisitedAt  time.Time `json:"visited_at"`
	Signatures []string  `json:"signatures"`
}

func (s *server) submitAssessment(c *gin.Context, p auth.Principal, target *ltc.Case, req assessmentRequest) (*ltc.Case, error) {
	if req.VisitedAt.IsZero() || req.VisitedAt.After(time.Now().Add(5*time.Minute)) {
		return nil, ltc.Invalid([]ltc.FieldError{{Field: "visited_at", Message: ltc.Text{
			Zh: "请填写现场评估时间（RFC 3339 格式，不能晚于现在）", En: "visited_at is required (RFC 3339) and cannot be in the future"}}})
	}
	return s.Cases.SubmitAssessment(c.Request.Context(), p.Actor, target, c.GetHeader("Idempotency-Key"), req.Form, req.VisitedAt, req.Signatures)
}

// addEvidence streams the "file" part of a multipart upload straight to
// object storage, without buffering the file.
func (s *server) addEvidence(c *gin.Context) {
	p := principal(c)
	target, err := s.visibleCase(c, p)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	part, err := filePart(c)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	defer part.Close()
	ev, err := s.Cases.AddEvidence(c.Request.Context(), p.Actor, target, part.FileName(), part, c.GetHeader("Idempotency-Key"))
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	c.JSON(http.StatusCreated, ev)
}

func filePart(c *gin.Context) (*multipart.Part, error) {
	missing := ltc.Invalid([]ltc.FieldError{{Field: "file", Message: ltc.Text{
		Zh: "请以 multipart/form-data 上传名为 file 的文件", En: "upload the file as the multipart/form-data part named file"}}})
	if mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt != "multipart/form-data" {
		return nil, missing
	}
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, missing
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, missing
		}
		if part.FormName() == "file" && part.FileName() != "" {
			return part, nil
		}
		part.Close()
	}
}
