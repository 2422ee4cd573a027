package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/google/uuid"
)

// contract checks every exchange of the integration suite against
// api/openapi.yaml, so that a client generated from the document works with
// the server as it really answers.
type contract struct {
	*openAPI
	checked atomic.Int64
}

// openAPI is the document as the checks use it: its routes, and the Error
// schema for answers on routes it does not have.
type openAPI struct {
	router      routers.Router
	errorSchema *openapi3.Schema
}

// loadOpenAPI loads the document once for the whole run.
var loadOpenAPI = sync.OnceValues(func() (*openAPI, error) {
	// kin-openapi knows the uuid format but checks it only once defined.
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562))
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("../../api/openapi.yaml")
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("openapi.yaml is not valid OpenAPI: %w", err)
	}
	doc.Servers = nil // each stack listens on a port of its own
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &openAPI{router: router, errorSchema: doc.Components.Schemas["Error"].Value}, nil
})

func newContract(t testing.TB) *contract {
	doc, err := loadOpenAPI()
	if err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	c := &contract{openAPI: doc}
	t.Cleanup(func() { t.Logf("%d answers checked against openapi.yaml", c.checked.Load()) })
	return c
}

// check fails the test when an answer does not match the document.
func (c *contract) check(t testing.TB, req *http.Request, sent []byte, status int, header http.Header, raw []byte) {
	t.Helper()
	if err := c.verify(req, sent, status, header, raw); err != nil {
		t.Errorf("openapi.yaml: %v", err)
	}
}

// verify checks one exchange. A request the document refuses may be sent on
// purpose (bad input), so it only has to be refused as the client's error;
// its answer, like every answer, must match the document.
func (c *contract) verify(req *http.Request, sent []byte, status int, header http.Header, raw []byte) error {
	c.checked.Add(1)
	req = req.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(sent))
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return c.verifyUnrouted(req, status, header, raw)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: bearerPresent, SchemaValidationOptions: brief}}
	if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil && (status < 400 || status >= 500) {
		return fmt.Errorf("%s %s → %d, not a 4xx, yet the document refuses the request: %v", req.Method, route.Path, status, err)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, SchemaValidationOptions: brief}}
	out.SetBodyBytes(raw)
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		return fmt.Errorf("%s %s → %d: %v", req.Method, route.Path, status, err)
	}
	return nil
}

// brief: a failure names the path to the value and the reason, without the
// schema and the value, which for a case run to hundreds of lines.
var brief = []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()}

// verifyUnrouted: a path or method the document does not have is answered
// with a 404 or 405, under /api/ in the one error shape (outside it, the
// pages answer with a page).
func (c *contract) verifyUnrouted(req *http.Request, status int, header http.Header, raw []byte) error {
	where := fmt.Sprintf("%s %s (not in the document) → %d", req.Method, req.URL.Path, status)
	if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
		return fmt.Errorf("%s, want 404 or 405", where)
	}
	if !strings.HasPrefix(req.URL.Path, "/api/") {
		return nil
	}
	var body any
	if mt, _, _ := mime.ParseMediaType(header.Get("Content-Type")); mt != "application/json" {
		return fmt.Errorf("%s: Content-Type %q", where, header.Get("Content-Type"))
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		return fmt.Errorf("%s: %v", where, err)
	}
	if err := c.errorSchema.VisitJSON(body, openapi3.DisableSchemaErrorDetails(), openapi3.VisitAsResponse()); err != nil {
		return fmt.Errorf("%s: not an Error: %v", where, err)
	}
	return nil
}

// bearerPresent stands for the server's token check: the document only
// says that a bearer token is required.
func bearerPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if !strings.HasPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ") {
		return errors.New("no bearer token")
	}
	return nil
}

// readAll keeps a request body, which the client consumes, for the check.
func readAll(body io.Reader) []byte {
	if body == nil {
		return nil
	}
	data, _ := io.ReadAll(body)
	return data
}

// TestTheContractRefusesDrift: the check fails on answers that drifted from
// the document, and on a request the document refuses that the server took.
func TestTheContractRefusesDrift(t *testing.T) {
	c := newContract(t)
	tooMany := `{"error":{"status":429,"code":"too_many","message":{"zh":"稍后","en":"later"}}}`
	objection := `{"reason":"x","contact":"13700137000"}`
	cases := []struct {
		name, method, path, sent string
		status                   int
		header                   http.Header
		raw                      string
		ok                       bool
	}{
		{"as documented", "GET", "/healthz", "", 200, nil, `{"status":"ok"}`, true},
		{"a renamed field", "GET", "/healthz", "", 200, nil, `{"state":"ok"}`, false},
		{"an undocumented status", "GET", "/healthz", "", 404, nil, tooMany, false},
		{"429 with Retry-After", "POST", "/api/v1/publicity/" + uuid.NewString() + "/objections", objection, 429, http.Header{"Retry-After": {"60"}}, tooMany, true},
		{"429 without Retry-After", "POST", "/api/v1/publicity/" + uuid.NewString() + "/objections", objection, 429, nil, tooMany, false},
		{"an unrouted 404 as an Error", "GET", "/api/v1/metrics", "", 404, nil, tooMany, true},
		{"an unrouted 404 otherwise", "GET", "/api/v1/metrics", "", 404, nil, `{"message":"no"}`, false},
		{"a refused request taken", "POST", "/api/v1/publicity/" + uuid.NewString() + "/objections", `{"reason":"x"}`, 202, nil,
			`{"received":true,"message":{"zh":"收到","en":"received"}}`, false},
	}
	for _, tc := range cases {
		req, _ := http.NewRequest(tc.method, "http://127.0.0.1:1"+tc.path, nil)
		req.Header.Set("Content-Type", "application/json")
		header := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
		for k, v := range tc.header {
			header[k] = v
		}
		err := c.verify(req, []byte(tc.sent), tc.status, header, []byte(tc.raw))
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// TestPublicAnswersMatchTheDocument calls the routes the case walks never
// call, so that their answers are checked against the document too.
func TestPublicAnswersMatchTheDocument(t *testing.T) {
	s := startStack(t, "serve")
	selfAssessment := application("")["self_assessment"]
	for _, call := range []struct {
		method, path string
		body         any
		want         int
	}{
		{"GET", "/healthz", nil, http.StatusOK},
		{"GET", "/readyz", nil, http.StatusOK},
		{"GET", "/openapi.yaml", nil, http.StatusOK},
		{"GET", "/api/v1/instruments", nil, http.StatusOK},
		{"GET", "/api/v1/regions", nil, http.StatusOK},
		{"GET", "/api/v1/publicity?region=demo", nil, http.StatusOK},
		{"POST", "/api/v1/instruments/national-2021/score", severeForm, http.StatusOK},
		{"POST", "/api/v1/instruments/self-assessment/score", selfAssessment, http.StatusOK},
		{"POST", "/api/v1/instruments/national-2021/score", map[string]any{"items": map[string]any{"eating": 7}}, http.StatusUnprocessableEntity},
		{"DELETE", "/api/v1/cases", nil, http.StatusMethodNotAllowed},
	} {
		if r := s.json(call.method, call.path, "", call.body, nil); r.status != call.want {
			t.Errorf("%s %s: %d, want %d: %.300s", call.method, call.path, r.status, call.want, r.raw)
		}
	}
}
