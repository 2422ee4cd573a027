// Package web is the pages people use, by role, served by the same process
// and gin engine as the API. Handlers bind the form, call the service layer
// (cases, accounts) in process and render html/template; they never query
// the database or call the API over HTTP. Every asset is embedded.
package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/accounts"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// Deps is what the pages stand on.
type Deps struct {
	Cases    *cases.Service
	Accounts *accounts.Service
	Catalog  *forms.Catalog
	Policies *policy.Registry
	Log      *slog.Logger
	Now      func() time.Time
	// Secret keys the forms' CSRF tokens (at least 32 bytes).
	Secret []byte
	// FilesOrigin is where evidence previews come from (MinIO's presigned
	// links, e.g. http://127.0.0.1:59000): the pages' CSP allows it in frames,
	// images and media, and nothing else from outside.
	FilesOrigin string
	// SecureCookies marks cookies Secure: set it when served over TLS.
	SecureCookies bool
}

type site struct {
	Deps
	pages map[string]*pageTemplate
	// getPages are the patterns of the pages a GET opens, known once every
	// route is added: a page shown for a POST switches language to one of them.
	getPages []string
}

// Mount adds the pages and their assets to the API's engine; apiNotFound
// keeps answering unknown /api/ routes in the API's own error shape.
func Mount(r *gin.Engine, d Deps, apiNotFound gin.HandlerFunc) error {
	if len(d.Secret) < 32 {
		return fmt.Errorf("web: the secret must be at least 32 bytes")
	}
	pages, err := loadTemplates()
	if err != nil {
		return err
	}
	s := &site{Deps: d, pages: pages}
	r.GET("/static/*file", serveStatic)
	r.GET("/favicon.ico", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, "/static/favicon.svg") })
	g := r.Group("", s.pageHeaders, s.language, s.session, s.checkCSRF, withClient)
	s.publicRoutes(g)
	s.signInRoutes(g)
	s.familyRoutes(g.Group("", s.require(ltc.RoleApplicant)))
	s.caseRoutes(g.Group("", s.require(ltc.RoleApplicant, ltc.RoleCaseworker, ltc.RoleAdmin, ltc.RoleAssessor, ltc.RoleCommittee)))
	s.caseworkerRoutes(g.Group("", s.require(ltc.RoleCaseworker)))
	s.assessorRoutes(g.Group("", s.require(ltc.RoleAssessor)))
	s.committeeRoutes(g.Group("", s.require(ltc.RoleCommittee)))
	s.adminRoutes(g.Group("", s.require(ltc.RoleAdmin)))
	s.nationalRoutes(g.Group("", s.require(ltc.RoleNational)))
	s.getPages = getPages(r.Routes())
	r.NoRoute(func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			apiNotFound(c)
			return
		}
		s.pageHeaders(c)
		s.language(c)
		s.session(c)
		s.fail(c, ltc.Errorf(ltc.ENotFound, "没有找到这个页面", "there is no such page"))
	})
	return nil
}
