package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/ratefloor"
)

// uploadEvidence streams each file of the form straight to the case's
// evidence (object storage), never holding a file in memory.
func (s *site) uploadEvidence(c *gin.Context) {
	mr := multipartReader(c)
	if mr == nil {
		s.fail(c, ltc.Errorf(ltc.EUnsupported, "请通过案件页面上传文件", "upload files from the case page"))
		return
	}
	next, stored := "", 0
	for {
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		if part.FileName() == "" {
			if part.FormName() == "next" {
				buf := make([]byte, 200)
				n, _ := part.Read(buf)
				next = string(buf[:n])
			}
			continue
		}
		if _, err := s.Cases.AddEvidence(c.Request.Context(), actor(c), c.Param("id"), cases.Request{}, part.FileName(), ratefloor.Reader(c.Writer, part)); err != nil {
			s.actionFailed(c, "evidence", err)
			return
		}
		stored++
	}
	if stored == 0 {
		s.actionFailed(c, "evidence", invalidField("evidence.file", "请先选择或拍摄要上传的文件", "choose or take a photo first"))
		return
	}
	next = localPath(next, "/cases/"+c.Param("id"))
	c.Redirect(http.StatusSeeOther, next+separator(next)+"done=uploaded")
}
