package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/notify"
)

type deadLettersPage struct {
	*page
	Letters []cases.DeadLetter
}

// deadLettersPage lists the messages of the region that could not be
// delivered, each to be sent again once the cause is fixed.
func (s *site) deadLettersPage(c *gin.Context) {
	p := s.base(c, "未送达的通知", "Undelivered messages")
	if c.Query("done") == "retry" {
		p.Notice = p.T("已重新发送。", "Sent again.")
	}
	letters, err := s.Cases.DeadLetters(c.Request.Context(), actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "dead-letters", deadLettersPage{p, letters})
}

func (s *site) retryDeadLetter(c *gin.Context) {
	if err := s.Cases.RetryDeadLetter(c.Request.Context(), actor(c), c.Param("message")); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/dead-letters?done=retry")
}

// TemplateText is a message template's text, for a person to recognise it.
func (p *page) TemplateText(id string) string {
	if t, ok := notify.Templates[id]; ok {
		return p.Tx(t)
	}
	return id
}
