package web

import (
	"github.com/gin-gonic/gin"
)

// pageHeaders: no inline script or style anywhere (every script and style is
// a file under /static/), evidence previews only from the file store, never
// framed, never sniffed, never cached (pages carry personal data).
func (s *site) pageHeaders(c *gin.Context) {
	files := s.FilesOrigin
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: "+files+
		"; media-src "+files+"; frame-src "+files+"; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
}
