package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/ratefloor"
)

func (s *server) createCase(c *gin.Context) {
	var app forms.Application
	if err := decode(c, &app); err != nil {
		fail(c, s.Log, err)
		return
	}
	created, err := s.Cases.Submit(c.Request.Context(), principal(c), app)
	if err == nil {
		c.Header("Location", "/api/v1/cases/"+created.ID)
	}
	s.answer(c, http.StatusCreated, created, err)
}

func (s *server) getCase(c *gin.Context) {
	v, err := s.Cases.Get(c.Request.Context(), principal(c), c.Param("id"))
	s.answer(c, http.StatusOK, v, err)
}

// decisionLetter gives the letter of the conclusion in force; 404 before one exists.
func (s *server) decisionLetter(c *gin.Context) {
	l, err := s.Cases.Letter(c.Request.Context(), principal(c), c.Param("id"))
	s.answer(c, http.StatusOK, l, err)
}

type assessmentBody struct {
	forms.Form
	VisitedAt  time.Time `json:"visited_at"`
	Signatures []string  `json:"signatures"`
}

func (s *server) submitAssessment(c *gin.Context) {
	var b assessmentBody
	if !s.bind(c, &b) {
		return
	}
	v, err := s.Cases.SubmitAssessment(c.Request.Context(), principal(c), c.Param("id"), request(c), b.Form, b.VisitedAt, b.Signatures)
	s.answer(c, http.StatusOK, v, err)
}

// addEvidence streams the "file" part of a multipart upload straight to
// object storage, without buffering the file.
func (s *server) addEvidence(c *gin.Context) {
	part, err := filePart(c)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	defer part.Close()
	body := &bodyReader{r: part}
	ev, err := s.Cases.AddEvidence(c.Request.Context(), principal(c), c.Param("id"), request(c), part.FileName(), ratefloor.Reader(c.Writer, body))
	if err != nil && body.err != nil {
		// The upload broke off or is not well-formed multipart: the client's
		// error, whatever the store made of the failed read.
		err = &ltc.Error{Code: ltc.EMalformed, Err: err, Message: ltc.Text{
			Zh: "上传的文件不完整或格式有误，请重新上传", En: "the upload is incomplete or malformed; upload the file again"}}
	}
	s.answer(c, http.StatusCreated, ev, err)
}

// bodyReader remembers the first error reading the request body other than
// its end, and hands it on as errBodyBroken: a part cut off ends in
// io.ErrUnexpectedEOF, which minio-go takes for the end of the last part,
// and would store what came before as the whole file (found by
// TestLimitsAreClientErrorsOrStoredSafely: a 201 for a truncated upload).
type bodyReader struct {
	r   io.Reader
	err error
}

var errBodyBroken = errors.New("the request body broke off or is malformed")

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		if b.err == nil {
			b.err = err
		}
		return n, fmt.Errorf("%w: %v", errBodyBroken, err)
	}
	return n, err
}

// decisionPDF is the conclusion letter as a PDF, the same bytes every time.
func (s *server) decisionPDF(c *gin.Context) {
	pdf, err := s.Cases.LetterPDF(c.Request.Context(), principal(c), c.Param("id"))
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="letter.pdf"; filename*=UTF-8''%E8%AF%84%E4%BC%B0%E7%BB%93%E8%AE%BA%E4%B9%A6.pdf`)
	c.Data(http.StatusOK, "application/pdf", pdf)
}

// verifyLetter says to anyone whether a letter's code is genuine, and what it concluded.
func (s *server) verifyLetter(c *gin.Context) {
	v, err := s.Cases.VerifyLetter(c.Request.Context(), c.ClientIP(), c.Param("code"))
	s.answer(c, http.StatusOK, v, err)
}

// downloadEvidence answers with a short-lived link to one file of a case the caller may see.
func (s *server) downloadEvidence(c *gin.Context) {
	url, expires, err := s.Cases.EvidenceURL(c.Request.Context(), principal(c), c.Param("id"), c.Param("evidence"))
	s.answer(c, http.StatusOK, gin.H{"url": url, "expires_at": expires}, err)
}

func filePart(c *gin.Context) (*multipart.Part, error) {
	missing := ltc.Invalid([]ltc.FieldError{{Field: "file", Message: ltc.Text{
		Zh: "请以 multipart/form-data 上传名为 file 的文件", En: "upload the file as the multipart/form-data part named file"}}})
	if mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt != "multipart/form-data" {
		return nil, ltc.Errorf(ltc.EUnsupported, "请以 multipart/form-data 上传文件", "upload the file as multipart/form-data")
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
