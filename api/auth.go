package api

import (
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/auth"
)

const principalKey = "principal"

// authenticate requires a valid bearer token.
func (s *server) authenticate(c *gin.Context) {
	token, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok {
		fail(c, s.Log, ltc.Errorf(ltc.EUnauthorized, "请先登录（缺少 Bearer 凭证）", "a bearer token is required"))
		return
	}
	p, err := s.Tokens.Verify(token)
	if err != nil {
		fail(c, s.Log, err)
		return
	}
	c.Set(principalKey, p)
}

// allow admits only the given roles.
func (s *server) allow(roles ...ltc.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !slices.Contains(roles, principal(c).Role) {
			fail(c, s.Log, ltc.Errorf(ltc.EForbidden, "当前角色无权进行此操作", "your role may not do this"))
		}
	}
}

func principal(c *gin.Context) auth.Principal {
	p, _ := c.Get(principalKey)
	return p.(auth.Principal)
}
