package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/accounts"
)

// Cookies: the session id, the anonymous visitor's CSRF binding, the language.
const (
	sessionCookie = "ltc_session"
	anonCookie    = "ltc_anon"
	langCookie    = "ltc_lang"
	sessionKey    = "web.session"
)

// session reads the session cookie; an ended or expired session, or one of a
// member of staff deactivated since (cases.Active, asked on every request),
// is forgotten, and the page goes on as for someone not signed in: a page
// that needs a session sends them to the sign-in page.
func (s *site) session(c *gin.Context) {
	id, err := c.Cookie(sessionCookie)
	if err != nil || id == "" {
		return
	}
	sess, err := s.Accounts.Session(c.Request.Context(), id)
	if err == nil {
		if err = s.Cases.Active(c.Request.Context(), sess.Actor); ltc.CodeOf(err) == ltc.EUnauthorized {
			// deactivated since signing in: the session ends on the server too
			if err := s.Accounts.SignOut(c.Request.Context(), id); err != nil {
				s.fail(c, err)
				return
			}
		}
	}
	switch {
	case err == nil:
		c.Set(sessionKey, sess)
	case ltc.CodeOf(err) == ltc.EUnauthorized:
		s.setCookie(c, sessionCookie, "", -1)
	default:
		s.fail(c, err)
	}
}

// current is the signed-in person's session, or nil.
func current(c *gin.Context) *accounts.Session {
	v, _ := c.Get(sessionKey)
	sess, _ := v.(*accounts.Session)
	return sess
}

// actor is who is signed in; the routes that call it require a session.
func actor(c *gin.Context) ltc.Actor { return current(c).Actor }

// require lets through people signed in with one of the roles; others go to
// the sign-in page for the role, and come back after signing in.
func (s *site) require(roles ...ltc.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		sess := current(c)
		if sess == nil {
			signIn := "/staff/signin"
			if slices.Contains(roles, ltc.RoleApplicant) && len(roles) == 1 {
				signIn = "/signin"
			}
			c.Redirect(http.StatusSeeOther, signIn+"?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
			return
		}
		if !slices.Contains(roles, sess.Actor.Role) {
			s.fail(c, ltc.Errorf(ltc.EForbidden, "您当前登录的身份不能打开此页面", "this page is not for the role you signed in with"))
		}
	}
}

// setCookie sets a cookie for maxAge; a negative maxAge deletes it (Max-Age=0:
// -1ns in whole seconds would be 0, a cookie kept until the browser closes).
func (s *site) setCookie(c *gin.Context, name, value string, maxAge time.Duration) {
	seconds := int(maxAge.Seconds())
	if maxAge < 0 {
		seconds = -1
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: seconds,
		HttpOnly: true, Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// startSession sets the cookie of a new session.
func (s *site) startSession(c *gin.Context, sess *accounts.Session) {
	s.setCookie(c, sessionCookie, sess.ID, time.Until(sess.ExpiresAt))
}

// localPath is next if it is a path of this site, else the fallback: a
// sign-in or a language switch never sends anyone to another site. Browsers
// read \ as / and drop tabs and line breaks from an address, so /\x and
// /<tab>/x would both be //x, another site.
func localPath(next, fallback string) string {
	if len(next) > 1 && next[0] == '/' && next[1] != '/' && next[1] != '\\' && !strings.ContainsFunc(next, unicode.IsControl) {
		return next
	}
	return fallback
}

// home is where a role starts.
func home(role ltc.Role) string {
	switch role {
	case ltc.RoleApplicant:
		return "/my"
	case ltc.RoleCaseworker:
		return "/work"
	case ltc.RoleAssessor:
		return "/assignments"
	case ltc.RoleCommittee:
		return "/committee"
	case ltc.RoleAdmin:
		return "/admin/roster"
	case ltc.RoleNational:
		return "/national/calendar"
	}
	return "/"
}
