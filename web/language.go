package web

import (
	"maps"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// language switches with ?lang=en or ?lang=zh on any page, remembered in a
// cookie; Chinese is the default. The page comes back with the rest of its
// query (the region, the code, the queue's filters and cursor), and only
// ever a path of this site: a request for //elsewhere must not send the
// browser there.
func (s *site) language(c *gin.Context) {
	switch want := c.Query("lang"); want {
	case "en", "zh":
		s.setCookie(c, langCookie, want, 365*24*time.Hour)
		q := c.Request.URL.Query()
		q.Del("lang")
		target := c.Request.URL.EscapedPath()
		if len(q) > 0 {
			target += "?" + q.Encode()
		}
		c.Redirect(http.StatusSeeOther, localPath(target, "/"))
		c.Abort()
	}
}

func lang(c *gin.Context) string {
	if v, err := c.Cookie(langCookie); err == nil && v == "en" {
		return "en"
	}
	return "zh"
}

// switchBase is the address a page's language switch starts from: the page
// itself for a GET. A page shown for a POST (a form that came back, a
// refusal) has an address a GET cannot open, so the switch leads to the
// nearest page above it: /signin for /signin/code, /cases/{id} for
// /cases/{id}/decide.
func (s *site) switchBase(c *gin.Context) (string, url.Values) {
	r := c.Request
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return r.URL.EscapedPath(), r.URL.Query()
	}
	return s.pageAbove(r.URL.EscapedPath()), url.Values{}
}

// pageAbove is the nearest of path and its parents that a GET opens.
func (s *site) pageAbove(path string) string {
	for p := path; strings.HasPrefix(p, "/") && p != "/"; p = p[:strings.LastIndex(p, "/")] {
		if s.opensOnGET(p) {
			return p
		}
	}
	return "/"
}

func (s *site) opensOnGET(path string) bool {
	for _, pattern := range s.getPages {
		if matchRoute(pattern, path) {
			return true
		}
	}
	return false
}

// matchRoute reports whether a path fits a route pattern such as /cases/:id.
func matchRoute(pattern, path string) bool {
	want, got := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i, w := range want {
		if w != got[i] && !(strings.HasPrefix(w, ":") && got[i] != "") {
			return false
		}
	}
	return true
}

// getPages are the route patterns of the pages a GET opens (not the API's,
// nor assets).
func getPages(routes gin.RoutesInfo) []string {
	var out []string
	for _, r := range routes {
		if r.Method == http.MethodGet && !strings.HasPrefix(r.Path, "/api/") && !strings.Contains(r.Path, "*") {
			out = append(out, r.Path)
		}
	}
	return out
}

// Switch is the address of this page in the other language.
func (p *page) Switch() string {
	want := "en"
	if p.Lang == "en" {
		want = "zh"
	}
	q := url.Values{}
	maps.Copy(q, p.switchQuery)
	q.Set("lang", want)
	return localPath(p.switchPath+"?"+q.Encode(), "/?lang="+want)
}
