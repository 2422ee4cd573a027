package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// language switches with ?lang=en or ?lang=zh on any page, remembered in a
// cookie; Chinese is the default.
func (s *site) language(c *gin.Context) {
	switch want := c.Query("lang"); want {
	case "en", "zh":
		s.setCookie(c, langCookie, want, 365*24*time.Hour)
		q := c.Request.URL.Query()
		q.Del("lang")
		target := c.Request.URL.Path
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
		c.Redirect(http.StatusSeeOther, target)
		c.Abort()
	}
}

func lang(c *gin.Context) string {
	if v, err := c.Cookie(langCookie); err == nil && v == "en" {
		return "en"
	}
	return "zh"
}
