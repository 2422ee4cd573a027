package main

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// The limits of what the API takes (issue 15, bad input), beside
// TestBadInputIsAClientError: body sizes, list limits, deep cursors, very
// long names and reasons, text that is not UTF-8, archives and polyglots as
// evidence, filenames with path parts and control characters. Each is a
// 4xx that names what is wrong, or is stored in a safe form.
func TestLimitsAreClientErrorsOrStoredSafely(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()
	w.id = s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil).body["id"].(string)
	cases := "/api/v1/cases/" + w.id
	pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\n")
	cursor := func(at time.Time) string {
		return base64.RawURLEncoding.EncodeToString([]byte(at.Format(time.RFC3339Nano) + "|" + uuid.NewString()))
	}
	longName := application(servicetestID(t))
	longName["person"].(map[string]any)["name"] = strings.Repeat("张", 100_000)
	bomb := zipBomb(t)

	for _, tc := range []struct {
		name  string
		send  func() response
		check func(r response) string // what is wrong, or ""
	}{
		{"a 10 MiB JSON body", func() response {
			return s.do("POST", cases+"/objections", w.applicant, strings.NewReader(`{"reason":"`+strings.Repeat("x", 10<<20)+`"}`), nil)
		}, status(http.StatusBadRequest, "请求内容过大")},
		{"a body just over 1 MiB with an Idempotency-Key", func() response {
			return s.do("POST", cases+"/withdrawal", w.applicant, strings.NewReader(`{"reason":"`+strings.Repeat("x", 1<<20)+`"}`), map[string]string{"Idempotency-Key": "big-" + uuid.NewString()})
		}, status(http.StatusBadRequest, "请求内容过大")},
		{"limit=1000", func() response { return s.do("GET", "/api/v1/cases?limit=1000", w.caseworker, nil, nil) }, field(http.StatusUnprocessableEntity, "limit")},
		{"limit=0", func() response { return s.do("GET", "/api/v1/cases?limit=0", w.caseworker, nil, nil) }, field(http.StatusUnprocessableEntity, "limit")},
		{"limit=-1", func() response {
			return s.do("GET", "/api/v1/assignments?limit=-1", s.token("assessor", "as-demo-1"), nil, nil)
		}, field(http.StatusUnprocessableEntity, "limit")},
		{"limit of 30 digits", func() response {
			return s.do("GET", "/api/v1/cases?limit="+strings.Repeat("9", 30), w.caseworker, nil, nil)
		}, field(http.StatusUnprocessableEntity, "limit")},
		{"a cursor deeper than every case", func() response {
			return s.do("GET", "/api/v1/cases?limit=100&after="+cursor(time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)), w.caseworker, nil, nil)
		}, func(r response) string {
			if r.status != http.StatusOK || r.body["next"] != nil || len(r.body["cases"].([]any)) != 0 {
				return fmt.Sprintf("want 200, no cases and no next: %d %.300s", r.status, r.raw)
			}
			return ""
		}},
		{"a cursor in the year 9999", func() response {
			return s.do("GET", "/api/v1/cases?limit=1&after="+cursor(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)), w.caseworker, nil, nil)
		}, func(r response) string {
			if r.status != http.StatusOK || len(r.body["cases"].([]any)) != 1 {
				return fmt.Sprintf("want 200 and the newest case: %d %.300s", r.status, r.raw)
			}
			return ""
		}},
		{"a cursor of 50,000 characters", func() response {
			return s.do("GET", "/api/v1/cases?after="+strings.Repeat("QUJD", 12_500), w.caseworker, nil, nil)
		}, field(http.StatusUnprocessableEntity, "after")},
		{"a cursor that is not base64", func() response { return s.do("GET", "/api/v1/cases?after=%2F%2F%2F", w.caseworker, nil, nil) }, field(http.StatusUnprocessableEntity, "after")},
		{"a name search of 10,000 characters", func() response {
			return s.do("GET", "/api/v1/cases?q="+strings.Repeat("张", 10_000), w.caseworker, nil, nil)
		}, field(http.StatusUnprocessableEntity, "q")},
		{"a reason of 100,000 characters", func() response {
			return s.json("POST", cases+"/withdrawal", w.applicant, map[string]any{"reason": strings.Repeat("因", 100_000)}, nil)
		}, field(http.StatusUnprocessableEntity, "reason")},
		{"a return reason of 100,000 characters", func() response {
			return s.json("POST", cases+"/acceptance", w.caseworker, map[string]any{"decision": "return", "reason": strings.Repeat("缺", 100_000)}, nil)
		}, field(http.StatusUnprocessableEntity, "reason")},
		{"a name of 100,000 characters", func() response { return s.json("POST", "/api/v1/cases", w.applicant, longName, nil) }, field(http.StatusUnprocessableEntity, "person.name")},
		{"an Idempotency-Key of 10,000 characters", func() response {
			return s.json("POST", cases+"/withdrawal", w.applicant, map[string]any{}, map[string]string{"Idempotency-Key": strings.Repeat("k", 10_000)})
		}, field(http.StatusUnprocessableEntity, "Idempotency-Key")},
		{"a body that is not UTF-8", func() response {
			return s.do("POST", cases+"/objections", w.applicant, strings.NewReader("{\"reason\":\"\xff\xfe异议\"}"), nil)
		}, status(http.StatusBadRequest, "UTF-8")},
		{"a body in GB18030", func() response {
			return s.do("POST", cases+"/objections", w.applicant, bytes.NewReader([]byte{'{', '"', 'r', 'e', 'a', 's', 'o', 'n', '"', ':', '"', 0xd2, 0xec, 0xd2, 0xe9, '"', '}'}), nil)
		}, status(http.StatusBadRequest, "UTF-8")},
		{"a gzip bomb as a JSON body", func() response {
			return s.do("POST", cases+"/objections", w.applicant, bytes.NewReader(gzipBomb(t)), map[string]string{"Content-Encoding": "gzip"})
		}, status(http.StatusBadRequest, "")},
		{"JSON nested 100,000 deep", func() response {
			return s.do("POST", cases+"/objections", w.applicant, strings.NewReader(strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000)), nil)
		}, status(http.StatusBadRequest, "")},
		{"a zip file as evidence", func() response { return s.upload(w.id, w.applicant, "材料.zip", bomb[:len(bomb)/2]) }, status(http.StatusUnprocessableEntity, "application/zip")},
		{"a zip bomb named .pdf", func() response { return s.upload(w.id, w.applicant, "病历.pdf", bomb) }, status(http.StatusUnprocessableEntity, "application/zip")},
		{"a PDF/ZIP polyglot", func() response {
			return s.upload(w.id, w.applicant, "诊断证明.pdf", append(append([]byte{}, pdf...), bomb...))
		}, stored("诊断证明.pdf", "application/pdf")},
		{"a ZIP/PDF polyglot", func() response {
			return s.upload(w.id, w.applicant, "诊断证明.pdf", append(append([]byte{}, bomb...), pdf...))
		}, status(http.StatusUnprocessableEntity, "application/zip")},
		{"an HTML page named .pdf", func() response {
			return s.upload(w.id, w.applicant, "x.pdf", []byte("<html><script>alert(1)</script></html>"))
		}, status(http.StatusUnprocessableEntity, "text/html")},
		{"filename ../../etc/passwd", func() response { return s.uploadRawName(w.id, w.applicant, "../../etc/passwd", pdf) }, stored("passwd", "application/pdf")},
		{`filename C:\Windows\evil.pdf`, func() response { return s.uploadRawName(w.id, w.applicant, `C:\Windows\evil.pdf`, pdf) }, stored("evil.pdf", "application/pdf")},
		{"filename ..", func() response { return s.uploadRawName(w.id, w.applicant, "..", pdf) }, stored("file", "application/pdf")},
		{"filename with control characters", func() response {
			return s.uploadRawName(w.id, w.applicant, "a\x01\x1b[31mb\x7f.pdf", pdf)
		}, field(http.StatusUnprocessableEntity, "file")}, // the part's header cannot be read
		{"filename with control characters, encoded", func() response {
			return s.uploadDisposition(w.id, w.applicant, `form-data; name="file"; filename*=UTF-8''a%01%1B%5B31mb%7F%E2%80%8F%0D%0A.pdf`, pdf)
		}, stored("a[31mb.pdf", "application/pdf")},
		{"filename with a tab", func() response { return s.uploadRawName(w.id, w.applicant, "a\tb.pdf", pdf) }, stored("ab.pdf", "application/pdf")},
		{"filename encoded with path parts", func() response {
			return s.uploadDisposition(w.id, w.applicant, `form-data; name="file"; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd`, pdf)
		}, stored("passwd", "application/pdf")},
		{"filename that is not UTF-8", func() response { return s.uploadRawName(w.id, w.applicant, "\xff\xfe报告.pdf", pdf) }, stored("报告.pdf", "application/pdf")},
		{"an upload cut off", func() response {
			cut := multipartFile(t, "x.pdf", append(append([]byte{}, pdf...), bytes.Repeat([]byte("病历"), 50_000)...))
			return s.do("POST", cases+"/evidence", w.applicant, bytes.NewReader(cut[:len(cut)-200]), map[string]string{"Content-Type": "multipart/form-data; boundary=limitsboundary"})
		}, status(http.StatusBadRequest, "")},
		{"a short upload cut off", func() response {
			cut := multipartFile(t, "x.pdf", pdf)
			return s.do("POST", cases+"/evidence", w.applicant, bytes.NewReader(cut[:len(cut)-30]), map[string]string{"Content-Type": "multipart/form-data; boundary=limitsboundary"})
		}, status(http.StatusBadRequest, "")},
	} {
		r := tc.send()
		if problem := tc.check(r); problem != "" {
			t.Errorf("%s: %s", tc.name, problem)
		}
		if r.status >= 400 {
			if e, _ := r.body["error"].(map[string]any); e == nil || e["message"].(map[string]any)["zh"] == "" {
				t.Errorf("%s: a refusal without a reason: %d %.300s", tc.name, r.status, r.raw)
			}
		}
	}
	if r := s.json("GET", cases, w.caseworker, nil, nil); r.status != http.StatusOK || r.body["status"] == "" {
		t.Fatalf("the case after the limits: %d %.300s", r.status, r.raw)
	}
}

func status(want int, says string) func(response) string {
	return func(r response) string {
		if r.status != want || !strings.Contains(string(r.raw), says) {
			return fmt.Sprintf("want %d saying %q: %d %.300s", want, says, r.status, r.raw)
		}
		return ""
	}
}

func field(want int, name string) func(response) string {
	return func(r response) string {
		if r.status != want || !strings.Contains(string(r.raw), `"field":"`+name+`"`) {
			return fmt.Sprintf("want %d naming %s: %d %.300s", want, name, r.status, r.raw)
		}
		return ""
	}
}

// stored: the file is kept, under a safe name, as the type its bytes are.
func stored(filename, contentType string) func(response) string {
	return func(r response) string {
		name, _ := r.body["filename"].(string)
		if r.status != http.StatusCreated || name != filename || r.body["content_type"] != contentType || !utf8.ValidString(name) {
			return fmt.Sprintf("want 201 as %q (%s): %d %.300s", filename, contentType, r.status, r.raw)
		}
		return ""
	}
}

// zipBomb is a zip of 64 MiB of zeros in a few tens of kilobytes.
func zipBomb(t *testing.T) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	f, err := zw.Create("zeros.bin")
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range 64 {
		f.Write(zeros)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gzipBomb is 64 MiB of a JSON-looking text gzipped.
func gzipBomb(t *testing.T) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(`{"reason":"`))
	spaces := bytes.Repeat([]byte(" "), 1<<20)
	for range 64 {
		zw.Write(spaces)
	}
	zw.Write([]byte(`"}`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// uploadDisposition uploads a file with the part's Content-Disposition as given.
func (s *stack) uploadDisposition(caseID, token, disposition string, content []byte) response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", disposition)
	part, _ := mw.CreatePart(h)
	part.Write(content)
	mw.Close()
	return s.do("POST", "/api/v1/cases/"+caseID+"/evidence", token, &body, map[string]string{"Content-Type": mw.FormDataContentType()})
}

// multipartFile is an upload's body with the boundary limitsboundary.
func multipartFile(t *testing.T, filename string, content []byte) []byte {
	var b bytes.Buffer
	b.WriteString("--limitsboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n" +
		"Content-Type: application/octet-stream\r\n\r\n")
	b.Write(content)
	b.WriteString("\r\n--limitsboundary--\r\n")
	return b.Bytes()
}
