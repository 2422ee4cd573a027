package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/accounts"
)

func (s *site) signInRoutes(g *gin.RouterGroup) {
	g.GET("/signin", s.familySignInPage)
	g.POST("/signin/code", s.sendCode)
	g.POST("/signin/family", s.familySignIn)
	g.GET("/staff/signin", s.staffSignInPage)
	g.POST("/staff/signin", s.staffSignIn)
	g.POST("/signout", s.signOut)
}

type signInPage struct {
	*page
	Next     string
	CodeSent bool
}

func (s *site) signInPage(c *gin.Context, zh, en string) signInPage {
	p := s.base(c, zh, en)
	if c.Request.Method == http.MethodPost {
		p.Form = newForm(c.Request.PostForm)
	}
	next := c.Query("next")
	if c.Request.Method == http.MethodPost {
		next = c.PostForm("next")
	}
	return signInPage{page: p, Next: localPath(next, "")}
}

func (s *site) familySignInPage(c *gin.Context) {
	s.render(c, http.StatusOK, "signin", s.signInPage(c, "家属 / 申请人登录", "Sign in with your phone"))
}

func (s *site) sendCode(c *gin.Context) {
	p := s.signInPage(c, "家属 / 申请人登录", "Sign in with your phone")
	phone := strings.TrimSpace(c.PostForm("phone"))
	if err := s.Accounts.SendCode(c.Request.Context(), c.ClientIP(), phone); err != nil {
		s.formFailed(c, err, "signin", p, p.page, "phone")
		return
	}
	p.CodeSent = true
	p.Notice = p.T("验证码已发送到 "+maskPhone(phone)+"，5分钟内有效。", "A code was sent to "+maskPhone(phone)+"; it is valid for 5 minutes.")
	s.render(c, http.StatusOK, "signin", p)
}

func (s *site) familySignIn(c *gin.Context) {
	p := s.signInPage(c, "家属 / 申请人登录", "Sign in with your phone")
	p.CodeSent = true
	sess, err := s.Accounts.SignInFamily(c.Request.Context(), c.ClientIP(), strings.TrimSpace(c.PostForm("phone")), strings.TrimSpace(c.PostForm("code")))
	if err != nil {
		s.formFailed(c, err, "signin", p, p.page, "phone", "code")
		return
	}
	s.signedIn(c, sess, p.Next)
}

func (s *site) staffSignInPage(c *gin.Context) {
	s.render(c, http.StatusOK, "staff-signin", s.signInPage(c, "工作人员登录", "Staff sign-in"))
}

func (s *site) staffSignIn(c *gin.Context) {
	p := s.signInPage(c, "工作人员登录", "Staff sign-in")
	p.Form.Values.Del("password") // never sent back to the page
	sess, err := s.Accounts.SignInStaff(c.Request.Context(), c.ClientIP(), strings.TrimSpace(c.PostForm("account")), c.PostForm("password"))
	if err != nil {
		if e := asError(err); e.Code == ltc.EUnauthorized {
			err = &ltc.Error{Code: ltc.EInvalid, Message: e.Message, Fields: []ltc.FieldError{{Field: "password", Message: e.Message}}}
		}
		s.formFailed(c, err, "staff-signin", p, p.page, "account", "password")
		return
	}
	s.signedIn(c, sess, p.Next)
}

func (s *site) signedIn(c *gin.Context, sess *accounts.Session, next string) {
	s.startSession(c, sess)
	c.Redirect(http.StatusSeeOther, localPath(next, home(sess.Actor.Role)))
}

// signOut ends the session on the server, not only in the browser.
func (s *site) signOut(c *gin.Context) {
	if sess := current(c); sess != nil {
		if err := s.Accounts.SignOut(c.Request.Context(), sess.ID); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.setCookie(c, sessionCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/")
}

// formFailed shows a form again with err's messages beside its fields; an
// error that is no fault of the form (an outage, a refusal) gets its own page.
func (s *site) formFailed(c *gin.Context, err error, name string, data any, p *page, fields ...string) {
	e := asError(err)
	switch e.Code {
	case ltc.EInvalid, ltc.ETooMany, ltc.EConflict, ltc.EMalformed:
	default:
		s.fail(c, err)
		return
	}
	p.Form.withError(e, fields...)
	if e.Code == ltc.ETooMany {
		c.Header("Retry-After", "600")
	}
	s.render(c, pageStatus(e.Code), name, data)
}

// maskPhone shows a number as 138****8000.
func maskPhone(phone string) string {
	if len(phone) != 11 {
		return "***"
	}
	return phone[:3] + "****" + phone[7:]
}
