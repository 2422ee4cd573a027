package web

import (
	"net/http"
	"testing"
	"time"

	"github.com/changhu/ltc"
)

func TestYuanFromFenWithoutFloats(t *testing.T) {
	zh, en := &page{Lang: "zh"}, &page{Lang: "en"}
	for fen, want := range map[int64]string{6000: "60.00 元", 5: "0.05 元", -150: "-1.50 元", 922337203685477807: "9223372036854778.07 元"} {
		if got := zh.Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", fen, got, want)
		}
	}
	if got := en.Yuan(6000); got != "¥60.00" {
		t.Errorf("in English: %q", got)
	}
}

func TestDatesInBeijingTime(t *testing.T) {
	late := time.Date(2026, 11, 23, 16, 30, 0, 0, time.UTC) // already the 24th in Beijing
	p := &page{Lang: "zh"}
	if got := p.Date(late); got != "2026年11月24日" {
		t.Errorf("Date = %q", got)
	}
	if got := p.DateTime(late); got != "2026年11月24日 00:30" {
		t.Errorf("DateTime = %q", got)
	}
	if got := (&page{Lang: "en"}).Date(late); got != "24 Nov 2026" {
		t.Errorf("English date = %q", got)
	}
}

func TestEveryErrorCodeHasItsPageStatus(t *testing.T) {
	for code, want := range map[string]int{ltc.EMalformed: 400, ltc.EUnauthorized: 401, ltc.EForbidden: 403, ltc.ENotFound: 404,
		ltc.EConflict: 409, ltc.EInvalid: 422, ltc.ETooMany: 429, ltc.EUnsupported: 415, ltc.EUnavailable: 503, ltc.EInternal: 500} {
		if got := pageStatus(code); got != want {
			t.Errorf("pageStatus(%s) = %d, want %d", code, got, want)
		}
	}
	if pageStatus("no such code") != http.StatusInternalServerError {
		t.Error("an unknown code is not a 500")
	}
}

func TestSignInNeverSendsAnyoneAway(t *testing.T) {
	for next, want := range map[string]string{"/cases/1?x=2": "/cases/1?x=2", "//evil.example/": "/my", `/\evil.example`: "/my",
		"https://evil.example/": "/my", "": "/my", "/": "/my", "/\t/evil.example": "/my", "/\n/evil.example": "/my"} {
		if got := localPath(next, "/my"); got != want {
			t.Errorf("localPath(%q) = %q, want %q", next, got, want)
		}
	}
}

func TestTemplatesParse(t *testing.T) {
	pages, err := loadTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"home", "publicity", "objection", "guide", "verify", "signin", "staff-signin", "my", "apply",
		"case", "queue", "assignments", "visit", "committee", "roster", "enrolments", "dead-letters", "calendar", "error"} {
		if pages[name] == nil {
			t.Errorf("no page %s", name)
		}
	}
}
