package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/accounts"
)

//go:embed templates
var templateFiles embed.FS

type pageTemplate = template.Template

// loadTemplates parses each page with the layout and the shared parts.
func loadTemplates() (map[string]*pageTemplate, error) {
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*pageTemplate{}
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".html")
		if base == "layout" || base == "parts" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/parts.html", name)
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", base, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// funcs are the few helpers templates need beyond the page's methods.
var funcs = template.FuncMap{
	"list": func(v ...any) []any { return v },
	"inc":  func(i int) int { return i + 1 },
}

// page is what every page shows around its content: the title, the
// language, who is signed in, and the token its forms carry.
type page struct {
	Lang    string
	Title   string
	Session *accounts.Session
	CSRF    string
	Notice  string
	Form    *form
	// Where the language switch leads (Switch).
	switchPath  string
	switchQuery url.Values
}

func (s *site) base(c *gin.Context, zh, en string) *page {
	p := &page{Lang: lang(c), Session: current(c), CSRF: s.csrfToken(c), Form: newForm(nil)}
	p.switchPath, p.switchQuery = s.switchBase(c)
	p.Title = p.T(zh, en)
	return p
}

// render writes a page; a template error is a bug, logged, with a plain page.
func (s *site) render(c *gin.Context, status int, name string, data any) {
	var buf bytes.Buffer
	t, ok := s.pages[name]
	if !ok {
		s.Log.Error("no such page template", "page", name)
		c.String(http.StatusInternalServerError, internalMessage.Zh)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.Log.Error("render page", "page", name, "err", err)
		c.String(http.StatusInternalServerError, internalMessage.Zh)
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// T picks the page's language.
func (p *page) T(zh, en string) string {
	if p.Lang == "en" {
		return en
	}
	return zh
}

// Tx is a bilingual text in the page's language.
func (p *page) Tx(t ltc.Text) string { return p.T(t.Zh, t.En) }

// SignedIn reports whether someone is signed in, and as what.
func (p *page) SignedIn(role string) bool {
	return p.Session != nil && (role == "" || string(p.Session.Actor.Role) == role)
}

// Home is where the signed-in person's work starts.
func (p *page) Home() string {
	if p.Session == nil {
		return "/"
	}
	return home(p.Session.Actor.Role)
}
