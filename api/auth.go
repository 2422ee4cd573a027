package api

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
)

const principalKey = "principal"

// authenticate requires a valid bearer token of someone still active: the
// token of a member of staff deactivated on the roster since is refused.
func (s *server) authenticate(c *gin.Context) {
	token, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok {
		fail(c, s.Log, ltc.Errorf(ltc.EUnauthorized, "请先登录（缺少 Bearer 凭证）", "a bearer token is required"))
		return
	}
	a, err := s.Tokens.Verify(token)
	if err == nil {
		err = s.Cases.Active(c.Request.Context(), a) // a deactivated member of staff: refused at once
	}
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	c.Set(principalKey, a)
}

// principal is who is calling: the verified token's actor, active.
func principal(c *gin.Context) ltc.Actor {
	a, _ := c.Get(principalKey)
	return a.(ltc.Actor)
}
