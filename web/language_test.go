package web

import (
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// pagesWithoutServices are the pages mounted on nothing: enough for what is
// answered before any service is asked (switching language, a refused form,
// a page that does not exist).
func pagesWithoutServices(t *testing.T) *gin.Engine {
	t.Helper()
	gin.SetMode(gin.TestMode)
	r := gin.New()
	err := Mount(r, Deps{Secret: []byte(strings.Repeat("k", 32)), Log: slog.New(slog.DiscardHandler)}, func(c *gin.Context) {
		c.Status(http.StatusNotFound)
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func serve(r *gin.Engine, method, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	r.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

// The switch comes back to the same page with its query, and never to another site.
func TestTheLanguageSwitchKeepsThePageAndStaysOnTheSite(t *testing.T) {
	r := pagesWithoutServices(t)
	for target, want := range map[string]string{
		"/publicity?region=xuzhou&lang=en":             "/publicity?region=xuzhou",
		"/work?after=abc&lang=en&q=%E5%BC%A0&status=x": "/work?after=abc&q=%E5%BC%A0&status=x",
		"/verify?code=ABCD-EFGH-JKMN&lang=zh":          "/verify?code=ABCD-EFGH-JKMN",
		"//evil.example/?lang=en":                      "/",
		"/%5Cevil.example?lang=en":                     "/%5Cevil.example",
		"/%09/evil.example?lang=en":                    "/%09/evil.example",
	} {
		w := serve(r, http.MethodGet, target)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != want {
			t.Errorf("%s: %d to %q, want %q", target, w.Code, w.Header().Get("Location"), want)
		}
		if !strings.Contains(w.Header().Get("Set-Cookie"), langCookie+"=") {
			t.Errorf("%s: the choice is not remembered", target)
		}
	}
}

var switchLink = regexp.MustCompile(`<a href="([^"]*)" lang="en">English</a>`)

// A page shown for a POST (here: a form refused for its missing token)
// switches to a page a GET opens; a GET page switches to itself.
func TestTheLanguageSwitchOfAPageShownForAPostLeadsToAPageThatOpens(t *testing.T) {
	r := pagesWithoutServices(t)
	for method, cases := range map[string]map[string]string{
		http.MethodPost: {
			"/signin/code":                  "/signin?lang=en",
			"/signin/family":                "/signin?lang=en",
			"/staff/signin":                 "/staff/signin?lang=en",
			"/cases/c-1/decide":             "/cases/c-1?lang=en",
			"/cases/c-1/evidence":           "/cases/c-1?lang=en",
			"/cases/c-1/visit":              "/cases/c-1/visit?lang=en",
			"/admin/roster/password":        "/admin/roster?lang=en",
			"/admin/dead-letters/m-1/retry": "/admin/dead-letters?lang=en",
			"/signout":                      "/?lang=en",
			"/no/such/form":                 "/?lang=en",
		},
		http.MethodGet: {
			"/no-such-page?x=1": "/no-such-page?lang=en&x=1",
			"//evil.example/":   "/?lang=en",
		},
	} {
		for path, want := range cases {
			w := serve(r, method, path)
			m := switchLink.FindStringSubmatch(w.Body.String())
			if m == nil {
				t.Errorf("%s %s (%d): no English link", method, path, w.Code)
				continue
			}
			if got := html.UnescapeString(m[1]); got != want {
				t.Errorf("%s %s: the switch leads to %q, want %q", method, path, got, want)
			}
		}
	}
}
