package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"

	"github.com/gin-gonic/gin"
)

//go:embed static
var staticFiles embed.FS

var staticFS, _ = fs.Sub(staticFiles, "static")

// serveStatic serves the embedded assets: a government intranet has no CDN.
func serveStatic(c *gin.Context) {
	name := path.Clean("/" + c.Param("file"))[1:]
	data, err := fs.ReadFile(staticFS, name)
	if err != nil {
		c.Status(http.StatusNotFound)
		return
	}
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "public, max-age=300")
	c.Data(http.StatusOK, contentType(name), data)
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	}
	return "application/octet-stream"
}
