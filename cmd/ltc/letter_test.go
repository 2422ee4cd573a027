package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/changhu/ltc"
)

// checkLetterPDF reads the letter of a decided case as a person would: the
// PDF's text names the grade, the validity and the review deadline in
// Chinese, the same bytes come back the second time and match the hash kept,
// and its code is verified by anyone, the person masked.
func (s *stack) checkLetterPDF(w *walk) {
	t := s.t
	first := s.do("GET", "/api/v1/cases/"+w.id+"/decision.pdf", w.applicant, nil, nil)
	if first.status != http.StatusOK || first.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("decision.pdf: %d %.200s", first.status, first.raw)
	}
	again := s.do("GET", "/api/v1/cases/"+w.id+"/decision.pdf", w.caseworker, nil, nil)
	if !bytes.Equal(first.raw, again.raw) {
		t.Fatal("the letter came back with other bytes")
	}
	if r := s.do("GET", "/api/v1/cases/"+w.id+"/decision.pdf", s.token("applicant", "ap-stranger"), nil, nil); r.status != http.StatusNotFound {
		t.Fatalf("a stranger got the letter: %d", r.status)
	}
	text := pdfText(t, first.raw)
	if dir := os.Getenv("LTC_LETTER_OUT"); dir != "" { // to look at it: pdftoppm -png
		_ = os.WriteFile(filepath.Join(dir, "letter-over-http.pdf"), first.raw, 0o644)
	}
	decided := s.json("GET", "/api/v1/cases/"+w.id, w.applicant, nil, nil).body["decision"].(map[string]any)
	validUntil, _ := time.Parse(time.RFC3339Nano, decided["valid_until"].(string))
	for _, want := range []string{"重度失能Ⅰ级", "评估结论书", "复核", chineseDate(validUntil.Add(-time.Nanosecond)), w.residentID[:4] + "**********" + w.residentID[14:]} {
		if !strings.Contains(text, want) && !strings.Contains(strings.ReplaceAll(text, " ", ""), want) {
			t.Errorf("the letter's text lacks %q", want)
		}
	}
	if strings.Contains(text, w.residentID) {
		t.Error("the letter prints the whole ID number")
	}
	code := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`).FindString(text)
	sum := sha256.Sum256(first.raw)
	if stored := s.letterHash(code); stored != hex.EncodeToString(sum[:]) {
		t.Fatalf("kept hash %q, the bytes hash %x (code %q)", stored, sum, code)
	}
	verified := s.json("GET", "/api/v1/letters/"+code, "", nil, nil)
	if verified.status != http.StatusOK || verified.body["grade_name"] != "重度失能Ⅰ级" || verified.body["name"] != "张*" {
		t.Fatalf("verify %s: %d %s", code, verified.status, verified.raw)
	}
	if r := s.json("GET", "/api/v1/letters/ABCD-EFGH-JKMN", "", nil, nil); r.status != http.StatusNotFound {
		t.Fatalf("an unknown code: %d", r.status)
	}
}

func (s *stack) letterHash(code string) string {
	conn, err := pgx.Connect(context.Background(), loadConfig(s.getenv).DatabaseURL)
	if err != nil {
		s.t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var sum string
	if err := conn.QueryRow(context.Background(), `SELECT sha256 FROM letters WHERE code = $1`, code).Scan(&sum); err != nil {
		s.t.Fatalf("the letter %q is not kept: %v", code, err)
	}
	return sum
}

// pdfText is what pdftotext reads of a PDF, as a person's screen reader would.
func pdfText(t interface {
	Fatalf(string, ...any)
	TempDir() string
}, pdf []byte) string {
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatalf("%v", err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils, installed by scripts/services.sh): %v", err)
	}
	return string(out)
}

func chineseDate(t time.Time) string { return t.In(ltc.China).Format("2006年1月2日") }

// checkWaitingInLetter reads the letters of a case decided within a waiting
// period: the JSON letter's payment names it with its end and clause, in
// Chinese and English, and the PDF says from which day benefits are paid.
func (s *stack) checkWaitingInLetter(w *walk, from time.Time) {
	t := s.t
	l := s.json("GET", "/api/v1/cases/"+w.id+"/decision", w.applicant, nil, nil)
	payment, _ := l.body["payment"].([]any)
	if l.status != http.StatusOK || len(payment) != 1 {
		t.Fatalf("the JSON letter's payment: %d %s", l.status, l.raw)
	}
	p := payment[0].(map[string]any)
	message := p["message"].(map[string]any)
	if p["code"] != "waiting_period" || p["until"] != from.Format(time.DateOnly) || p["clause"] == "" ||
		!strings.Contains(message["zh"].(string), "自"+chineseDate(from)+"起方可给付待遇") ||
		!strings.Contains(message["en"].(string), "benefits can be paid from "+from.Format(time.DateOnly)) {
		t.Errorf("the JSON letter's waiting period: %v", p)
	}
	pdf := s.do("GET", "/api/v1/cases/"+w.id+"/decision.pdf", w.applicant, nil, nil)
	if text := strings.Join(strings.Fields(pdfText(t, pdf.raw)), ""); !strings.Contains(text, "自"+chineseDate(from)+"起方可给付待遇") {
		t.Errorf("the PDF letter does not say from when benefits are paid; its text:\n%s", text)
	}
}
