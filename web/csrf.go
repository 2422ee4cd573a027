package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
)

const (
	csrfField    = "csrf"
	multipartKey = "web.multipart"
	maxFormBytes = 1 << 20
)

// csrfBinding is what a form's token is bound to: the session when signed
// in, else a random cookie of the visitor's own, set on the first page.
func (s *site) csrfBinding(c *gin.Context) string {
	if sess := current(c); sess != nil {
		return "session:" + sess.ID
	}
	if v, err := c.Cookie(anonCookie); err == nil && len(v) >= 20 {
		return "anon:" + v
	}
	if v, ok := c.Get(anonCookie); ok {
		return "anon:" + v.(string)
	}
	raw := make([]byte, 24)
	_, _ = rand.Read(raw)
	v := base64.RawURLEncoding.EncodeToString(raw)
	s.setCookie(c, anonCookie, v, 24*time.Hour)
	c.Set(anonCookie, v)
	return "anon:" + v
}

// csrfToken is the token every state-changing form carries: a keyed hash
// of the binding, which another site can neither read nor make.
func (s *site) csrfToken(c *gin.Context) string {
	mac := hmac.New(sha256.New, s.Secret)
	mac.Write([]byte("csrf\x00" + s.csrfBinding(c)))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// checkCSRF refuses a POST whose token is missing or wrong, before anything
// is done. A multipart form must send the token as its first part (the
// hidden field comes first in every form), so that the files after it are
// streamed, never held; the reader is left for the handler.
func (s *site) checkCSRF(c *gin.Context) {
	if c.Request.Method != http.MethodPost {
		return
	}
	want := s.csrfToken(c)
	got := ""
	if mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt == "multipart/form-data" {
		got = s.firstPart(c)
	} else {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBytes)
		got = c.PostForm(csrfField)
	}
	if !hmac.Equal([]byte(got), []byte(want)) {
		s.fail(c, ltc.Errorf(ltc.EForbidden, "此表单已失效或不是从本网站提交的，未保存任何内容。请返回上一页，刷新后重新提交。",
			"this form has expired or was not sent from this site; nothing was saved. Go back, reload the page and send it again."))
	}
}

func (s *site) firstPart(c *gin.Context) string {
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return ""
	}
	part, err := mr.NextPart()
	if err != nil || part.FormName() != csrfField {
		return ""
	}
	token, _ := io.ReadAll(io.LimitReader(part, 200))
	c.Set(multipartKey, mr)
	return string(token)
}

// multipartReader is the rest of a multipart form after its token.
func multipartReader(c *gin.Context) *multipart.Reader {
	v, _ := c.Get(multipartKey)
	mr, _ := v.(*multipart.Reader)
	return mr
}
