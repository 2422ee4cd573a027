package main

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
	"time"
)

// FuzzCaseBodies sends fuzzed bodies, seeded from the tests' own, to every
// body-taking route of one case of the real stack, as each role: every
// answer is below 500 and the case can still be read. `make test` runs it
// over its seeds; `make fuzz-api` fuzzes it for real (each fuzz worker
// starts a stack of its own).
func FuzzCaseBodies(f *testing.F) {
	s := startStack(f)
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	if created.status != http.StatusCreated {
		f.Fatalf("create: %d %s", created.status, created.raw)
	}
	w.id = created.body["id"].(string)
	tokens := []string{w.applicant, w.caseworker, s.token("assessor", "as-demo-1"), s.token("assessor", "as-demo-2"),
		s.token("committee", "cm-demo-1"), s.token("admin", "ad-demo-1"), s.token("national", "na-demo-1"), ""}
	routes := caseBodyRoutes(w.id)
	for i, r := range routes {
		for _, b := range fuzzSeedBodies {
			f.Add(uint8(i), r.role, []byte(b))
		}
	}
	for _, b := range fuzzUploadSeeds() {
		f.Add(uint8(len(routes)), uint8(0), b)
	}
	f.Fuzz(func(t *testing.T, route, role uint8, body []byte) {
		token := tokens[int(role)%len(tokens)]
		var status int
		var raw []byte
		what := ""
		if r := int(route) % (len(routes) + 1); r == len(routes) {
			what = "upload"
			status, raw = rawRequest(t, s.base, "POST", "/api/v1/cases/"+w.id+"/evidence", token, "multipart/form-data; boundary=fuzzboundary", body)
		} else {
			what = routes[r].method + " " + routes[r].path
			status, raw = rawRequest(t, s.base, routes[r].method, routes[r].path, token, "application/json", body)
		}
		if status >= 500 {
			t.Fatalf("%s as %d, body %q: %d %.500s", what, int(role)%len(tokens), body, status, raw)
		}
		if got, raw := rawRequest(t, s.base, "GET", "/api/v1/cases/"+w.id, w.caseworker, "", nil); got != http.StatusOK {
			t.Fatalf("after %s %q the case cannot be read: %d %.300s", what, body, got, raw)
		}
	})
}

// caseRoute is a route with a body, and the token (by index) of whom it is for.
type caseRoute struct {
	method, path string
	role         uint8
}

// The tokens, by index: the applicant, the caseworker, an expert assessor,
// an assessor, the committee, the administrator, the national
// administration, and the public (none).
const (
	asApplicant uint8 = iota
	asCaseworker
	asExpert
	asAssessor
	asCommittee
	asAdmin
	asNational
	asPublic
)

// caseBodyRoutes are the routes with a JSON body on one case, the public
// objection to it, and the codec's.
func caseBodyRoutes(id string) []caseRoute {
	c := "/api/v1/cases/" + id
	return []caseRoute{
		{"PUT", c + "/assessment", asAssessor}, {"POST", c + "/acceptance", asCaseworker}, {"POST", c + "/resubmission", asApplicant},
		{"POST", c + "/withdrawal", asApplicant}, {"POST", c + "/void", asCaseworker}, {"POST", c + "/assignment/confirmation", asAssessor},
		{"POST", c + "/assignment/decline", asAssessor}, {"POST", c + "/conflicts", asCaseworker},
		{"POST", c + "/conclusion/confirmation", asExpert}, {"POST", c + "/objections", asApplicant},
		{"POST", c + "/objection-checks", asCaseworker}, {"POST", c + "/votes", asCommittee}, {"POST", c + "/events", asCaseworker},
		{"POST", c + "/visit/proposal", asAssessor}, {"POST", c + "/visit/choice", asApplicant}, {"POST", c + "/visit/move", asApplicant},
		{"POST", c + "/visit/missed", asCaseworker}, {"POST", c + "/significant-change", asCaseworker},
		{"POST", "/api/v1/publicity/" + id + "/objections", asPublic},
		{"POST", "/api/v1/codec/decode", asAdmin}, {"POST", "/api/v1/codec/encode", asAdmin}, // Temporal's remote codec
	}
}

// fuzzSeedBodies are bodies the integration tests send, and a few broken ones.
var fuzzSeedBodies = []string{
	`{"decision":"return","reason":"缺少诊断证明"}`, `{"decision":"accept"}`, `{"reason":"已补充"}`, `{}`,
	`{"reason":"冒用他人身份申请，家属来电核实"}`, `{"reason":"生活能自理","contact":"13700137000"}`,
	`{"assessor_id":"as-demo-2","reason":"亲属关系"}`, `{"grade":3,"reason":"同意"}`, `{"event":"admission","reason":"住院"}`,
	`{"slot":0,"present":"张小三"}`, `{"absent":"family","reason":"家中无人"}`,
	`{"objection_id":"5b0e6a43-93a1-4c55-8d4f-0d5f2f6d0c11","substantiated":false,"reason":"不属实"}`,
	`{"slots":[{"start":"2030-06-02T09:00:00+08:00","end":"2030-06-02T10:00:00+08:00"}]}`,
	`{"instrument":"national-2021","items":{"eating":5},"visited_at":"2026-01-01T09:00:00+08:00","signatures":["as-demo-1"]}`,
	`{"payloads":[{"metadata":{"encoding":"YmluYXJ5L2VuY3J5cHRlZA=="},"data":"AAAA"}]}`,
	`{"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg=="},"data":"eyJhIjoxfQ=="}]}`,
	`{"reason":"x"} trailing`, `{"reason":"缺少\u0000诊断证明"}`, `[{}]`, `{"grade":1e400}`, `{"slots":null}`,
}

func fuzzUploadSeeds() [][]byte {
	part := func(filename string, content []byte, close bool) []byte {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		_ = mw.SetBoundary("fuzzboundary")
		w, _ := mw.CreateFormFile("file", filename)
		w.Write(content)
		if close {
			mw.Close()
		}
		return b.Bytes()
	}
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("病历 "), 300)...)
	return [][]byte{part("病历.pdf", pdf, true), part("cut.pdf", pdf, false), part("a.zip", []byte("PK\x03\x04"), true),
		[]byte("--fuzzboundary\r\n\r\n")}
}

// rawRequest sends a body as it is, without the contract check (a fuzzed
// body the document refuses may well be accepted by a lenient server).
func rawRequest(t testing.TB, base, method, path, token, contentType string, body []byte) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	client := http.Client{Timeout: 60 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, raw
}
