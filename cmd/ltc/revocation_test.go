package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// pagesClient signs in to the pages over plain HTTP, following no
// redirect, so that a test sees where a page sends the person.
type pagesClient struct {
	s      *stack
	client *http.Client
}

func newPagesClient(s *stack) *pagesClient {
	return &pagesClient{s: s, client: &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get opens a page with the cookies given, and answers its status, where it
// redirects to, its body and the cookies it set.
func (p *pagesClient) get(path string, cookies ...*http.Cookie) (int, string, string, []*http.Cookie) {
	return p.send("GET", path, nil, cookies...)
}

func (p *pagesClient) send(method, path string, form url.Values, cookies ...*http.Cookie) (int, string, string, []*http.Cookie) {
	p.s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, p.s.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		p.s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(raw), resp.Cookies()
}

// csrf is the CSRF token of a page's forms (csrfInput is the queue
// benchmark's).
func (p *pagesClient) csrf(page string) string {
	p.s.t.Helper()
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		p.s.t.Fatalf("no CSRF token on the page: %.300s", page)
	}
	return m[1]
}

func cookieNamed(cookies []*http.Cookie, name string) *http.Cookie {
	for _, c := range cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// signInStaff signs a member of staff in with a password on the sign-in
// page, and answers the session cookie, or nil and the page's status when
// the sign-in is refused.
func (p *pagesClient) signInStaff(account, password string) (*http.Cookie, int) {
	p.s.t.Helper()
	status, _, page, cookies := p.get("/staff/signin")
	anon := cookieNamed(cookies, anonCookieName)
	if status != http.StatusOK || anon == nil {
		p.s.t.Fatalf("the sign-in page: %d, cookies %v", status, cookies)
	}
	form := url.Values{"csrf": {p.csrf(page)}, "account": {account}, "password": {password}, "next": {""}}
	status, _, _, cookies = p.send("POST", "/staff/signin", form, anon)
	if status != http.StatusSeeOther {
		return nil, status
	}
	session := cookieNamed(cookies, sessionCookieName)
	if session == nil || session.Value == "" {
		p.s.t.Fatalf("signed in without a session cookie: %v", cookies)
	}
	return session, status
}

const (
	anonCookieName    = "ltc_anon"
	sessionCookieName = "ltc_session"
)

// A member of staff deactivated on the roster is refused at once: their
// bearer token gets a 401 saying so, their page session sends them to the
// sign-in page, and their password signs them in no more; taken back, the
// token works again (a session ended stays ended). A member whose role the
// roster changes is refused with the token of the old role.
func TestDeactivatedStaffAreRefusedAtOnce(t *testing.T) {
	s := startStack(t)
	id := fmt.Sprintf("cw-demo-rv%d", time.Now().UnixNano()%1_000_000_000)
	admin := s.token("admin", "ad-demo-1")
	roster := func(role, active string) response {
		t.Helper()
		body := fmt.Sprintf(`{"staff":[{"id":%q,"role":%q,"name":"经办员（停用测试）","region":"demo"%s}]}`, id, role, active)
		return s.do("PUT", "/api/v1/admin/roster", admin, strings.NewReader(body), nil)
	}
	if r := roster("caseworker", ""); r.status != http.StatusOK {
		t.Fatalf("roster: %d %s", r.status, r.raw)
	}
	// Left deactivated, so that the assessor this member becomes is never
	// drawn for another test's team.
	t.Cleanup(func() { roster("assessor", `,"active":false`) })
	token := s.token("caseworker", id)
	if r := s.do("GET", "/api/v1/cases", token, nil, nil); r.status != http.StatusOK {
		t.Fatalf("an active caseworker's list: %d %s", r.status, r.raw)
	}
	s.givePassword(id)
	p := newPagesClient(s)
	session, status := p.signInStaff(id, demoPassword)
	if session == nil {
		t.Fatalf("an active caseworker's sign-in: %d", status)
	}
	if status, where, _, _ := p.get("/work", session); status != http.StatusOK {
		t.Fatalf("an active caseworker's queue: %d → %s", status, where)
	}

	if r := roster("caseworker", `,"active":false`); r.status != http.StatusOK {
		t.Fatalf("deactivate: %d %s", r.status, r.raw)
	}
	r := s.do("GET", "/api/v1/cases", token, nil, nil)
	var msg map[string]any
	if e, ok := r.body["error"].(map[string]any); ok {
		msg, _ = e["message"].(map[string]any)
	}
	if r.status != http.StatusUnauthorized || !strings.Contains(fmt.Sprint(msg["zh"]), "停用") || !strings.Contains(fmt.Sprint(msg["en"]), "deactivated") {
		t.Fatalf("a deactivated caseworker's token: %d %s", r.status, r.raw)
	}
	if status, where, _, _ := p.get("/work", session); status != http.StatusSeeOther || !strings.HasPrefix(where, "/staff/signin") {
		t.Fatalf("a deactivated caseworker's session: %d → %q, not the sign-in page", status, where)
	}
	if again, status := p.signInStaff(id, demoPassword); again != nil || status == http.StatusSeeOther {
		t.Fatalf("a deactivated caseworker signed in again: %d", status)
	}
	if r := roster("caseworker", ""); r.status != http.StatusOK {
		t.Fatalf("roster again: %d %s", r.status, r.raw)
	}
	if r := s.do("GET", "/api/v1/cases", token, nil, nil); r.status != http.StatusUnauthorized {
		t.Fatalf("a roster sent again without active took the member back: %d %s", r.status, r.raw)
	}

	if r := roster("caseworker", `,"active":true`); r.status != http.StatusOK {
		t.Fatalf("take back: %d %s", r.status, r.raw)
	}
	if r := s.do("GET", "/api/v1/cases", token, nil, nil); r.status != http.StatusOK {
		t.Fatalf("a caseworker taken back: %d %s", r.status, r.raw)
	}
	if status, where, _, _ := p.get("/work", session); status != http.StatusSeeOther || !strings.HasPrefix(where, "/staff/signin") {
		t.Fatalf("the session ended by the deactivation came back: %d → %q", status, where)
	}

	// A change of role on the roster ends nothing by itself: each request
	// checks the member against the roster.
	session, status = p.signInStaff(id, demoPassword)
	if session == nil {
		t.Fatalf("the caseworker taken back signs in: %d", status)
	}
	if r := roster("assessor", ""); r.status != http.StatusOK {
		t.Fatalf("change of role: %d %s", r.status, r.raw)
	}
	if r := s.do("GET", "/api/v1/cases", token, nil, nil); r.status != http.StatusUnauthorized {
		t.Fatalf("a caseworker's token of someone now an assessor: %d %s", r.status, r.raw)
	}
	if status, where, _, _ := p.get("/work", session); status != http.StatusSeeOther || !strings.HasPrefix(where, "/staff/signin") {
		t.Fatalf("a caseworker's session of someone now an assessor: %d → %q, not the sign-in page", status, where)
	}
	if r := s.do("GET", "/api/v1/assignments", s.token("assessor", id), nil, nil); r.status != http.StatusOK {
		t.Fatalf("the new role's token: %d %s", r.status, r.raw)
	}

	// On the roster page: deactivate, and take back by adding again.
	adminSession, status := p.signInStaff("ad-demo-1", demoPassword)
	if adminSession == nil {
		t.Fatalf("the administrator's sign-in: %d", status)
	}
	assessor := s.token("assessor", id)
	listed := func() bool {
		t.Helper()
		status, where, page, _ := p.get("/admin/roster", adminSession)
		if status != http.StatusOK {
			t.Fatalf("the roster page: %d → %s", status, where)
		}
		return strings.Contains(page, ">"+id+"<")
	}
	_, _, page, _ := p.get("/admin/roster", adminSession)
	csrf := p.csrf(page) // bound to the session: every form of it
	if !listed() {
		t.Fatal("the member is not on the roster page")
	}
	status, where, _, _ := p.send("POST", "/admin/roster/deactivate", url.Values{"csrf": {csrf}, "deactivate.staff": {id}}, adminSession)
	if status != http.StatusSeeOther || where != "/admin/roster?done=deactivated" {
		t.Fatalf("deactivate on the page: %d → %q", status, where)
	}
	if r := s.do("GET", "/api/v1/assignments", assessor, nil, nil); r.status != http.StatusUnauthorized {
		t.Fatalf("deactivated on the page, the token still works: %d %s", r.status, r.raw)
	}
	if listed() {
		t.Fatal("a deactivated member is still listed on the roster page")
	}
	status, _, page, _ = p.send("POST", "/admin/roster/deactivate", url.Values{"csrf": {csrf}, "deactivate.staff": {"ad-demo-1"}}, adminSession)
	if status != http.StatusUnprocessableEntity || !strings.Contains(page, "不能停用自己的账号") {
		t.Fatalf("the administrator deactivated themselves on the page: %d", status)
	}
	form := url.Values{"csrf": {csrf}, "staff.id": {id}, "staff.name": {"经办员（停用测试）"}, "staff.role": {"assessor"}}
	if status, where, _, _ := p.send("POST", "/admin/roster", form, adminSession); status != http.StatusSeeOther || where != "/admin/roster?done=staff" {
		t.Fatalf("add again on the page: %d → %q", status, where)
	}
	if r := s.do("GET", "/api/v1/assignments", assessor, nil, nil); r.status != http.StatusOK || !listed() {
		t.Fatalf("added again on the page, still refused or not listed: %d %s", r.status, r.raw)
	}

	self := `{"staff":[{"id":"ad-demo-1","role":"admin","name":"医保局管理员","region":"demo","active":false}]}`
	if r := s.do("PUT", "/api/v1/admin/roster", admin, strings.NewReader(self), nil); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("an administrator deactivated themselves: %d %s", r.status, r.raw)
	}
	if r := s.do("GET", "/api/v1/admin/dead-letters", admin, nil, nil); r.status != http.StatusOK {
		t.Fatalf("the administrator after refusing to deactivate themselves: %d %s", r.status, r.raw)
	}
}

// Signing out ends the session on the server: the old cookie, replayed,
// signs nobody in.
func TestSignOutEndsTheSession(t *testing.T) {
	s := startStack(t)
	p := newPagesClient(s)
	session, status := p.signInStaff("cw-demo-1", demoPassword)
	if session == nil {
		t.Fatalf("sign-in: %d", status)
	}
	status, where, page, _ := p.get("/work", session)
	if status != http.StatusOK {
		t.Fatalf("the queue: %d → %s", status, where)
	}
	copied := *session
	status, where, _, cookies := p.send("POST", "/signout", url.Values{"csrf": {p.csrf(page)}}, session)
	if status != http.StatusSeeOther || where != "/" {
		t.Fatalf("sign-out: %d → %q", status, where)
	}
	if c := cookieNamed(cookies, sessionCookieName); c == nil || c.MaxAge >= 0 {
		t.Fatalf("sign-out did not clear the cookie: %v", cookies)
	}
	if status, where, _, _ := p.get("/work", &copied); status != http.StatusSeeOther || !strings.HasPrefix(where, "/staff/signin") {
		t.Fatalf("the old cookie replayed after signing out: %d → %q, not the sign-in page", status, where)
	}
}
