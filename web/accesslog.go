package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

// withClient hands the client's address to the service, for the access log.
func withClient(c *gin.Context) {
	c.Request = c.Request.WithContext(cases.WithClient(c.Request.Context(), c.ClientIP()))
}

type accessLogPage struct {
	*page
	Lines []cases.Access
	Next  string
}

// accessLogPage is the region's access log for its administrator: who read
// which case's personal data or evidence, newest first, by case or by reader.
func (s *site) accessLogPage(c *gin.Context) {
	p := s.base(c, "个人信息访问记录", "Access log")
	p.Form = newForm(c.Request.URL.Query())
	f := cases.AccessFilter{CaseID: strings.TrimSpace(c.Query("case")), ActorID: strings.TrimSpace(c.Query("actor")),
		After: c.Query("after"), Limit: 50}
	lines, next, err := s.Cases.AccessLog(c.Request.Context(), actor(c), f)
	var e *ltc.Error
	if errors.As(err, &e) && e.Code == ltc.EInvalid {
		p.Form.withError(e)
		s.render(c, http.StatusUnprocessableEntity, "access-log", accessLogPage{page: p})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	data := accessLogPage{page: p, Lines: lines}
	if next != "" {
		q := c.Request.URL.Query()
		q.Set("after", next)
		data.Next = "/admin/access-log?" + q.Encode()
	}
	s.render(c, http.StatusOK, "access-log", data)
}

// AccessWhat names what a line of the access log says was read.
func (p *page) AccessWhat(what string) string {
	switch what {
	case cases.ReadCase:
		return p.T("查看案件个人信息", "case with personal data")
	case cases.ReadEvidence:
		return p.T("查看或下载材料", "evidence viewed or downloaded")
	case cases.ReadLetter:
		return p.T("下载结论书", "conclusion letter (PDF)")
	case cases.ReadCodec:
		return p.T("解密流程数据", "workflow payloads decrypted")
	}
	return what
}
