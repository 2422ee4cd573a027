package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

func (s *site) committeeRoutes(g *gin.RouterGroup) {
	g.GET("/committee", s.committeePage)
}

type committeePage struct {
	*page
	Disputes []cases.Summary
	Audits   []cases.Summary
	Earlier  []cases.Summary
}

// committeePage lists the cases before the committee: disputes to rule on,
// the audit sample, and the cases it saw before.
func (s *site) committeePage(c *gin.Context) {
	ctx, a := c.Request.Context(), actor(c)
	lists := map[ltc.Status]*[]cases.Summary{}
	data := committeePage{page: s.base(c, "专家委员会", "Expert committee")}
	lists[ltc.StatusAdjudication], lists[ltc.StatusCommitteeAudit] = &data.Disputes, &data.Audits
	for status, into := range lists {
		list, _, err := s.Cases.List(ctx, a, cases.Filter{Status: status, Limit: 100})
		if err != nil {
			s.fail(c, err)
			return
		}
		*into = list
	}
	earlier, _, err := s.Cases.List(ctx, a, cases.Filter{Limit: 50})
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, sum := range earlier {
		if sum.Status != ltc.StatusAdjudication && sum.Status != ltc.StatusCommitteeAudit {
			data.Earlier = append(data.Earlier, sum)
		}
	}
	s.render(c, http.StatusOK, "committee", data)
}
