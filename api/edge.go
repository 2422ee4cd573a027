package api

import (
	"net/url"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
)

// securityHeaders: answers are data, never pages to frame, sniff or cache;
// they carry personal data, so no cache keeps them.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("Cache-Control", "no-store")
}

// cleanQuery refuses a query whose names or values cannot be stored or
// searched (NUL, control characters, invalid UTF-8): 422 naming each.
func (s *server) cleanQuery(c *gin.Context) {
	q, err := url.ParseQuery(c.Request.URL.RawQuery)
	if err != nil {
		fail(c, s.Log, ltc.Errorf(ltc.EMalformed, "查询参数格式有误", "the query string is malformed"))
		return
	}
	var fields []ltc.FieldError
	for name, values := range q {
		for _, v := range append([]string{name}, values...) {
			if !ltc.CleanText(v) {
				fields = append(fields, ltc.UncleanText(ltc.Filename(name)))
				break
			}
		}
	}
	if len(fields) > 0 {
		sort.Slice(fields, func(i, j int) bool { return fields[i].Field < fields[j].Field })
		fail(c, s.Log, ltc.Invalid(fields))
	}
}
