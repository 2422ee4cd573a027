package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// The instrument routes need no services: they are forms/ over HTTP.
func newInstrumentsAPI(t *testing.T) http.Handler {
	catalog := forms.MustShipped()
	policies, err := policy.Load(catalog, "")
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Deps{Catalog: catalog, Policies: policies, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return h.API
}

func call(h http.Handler, method, path, body string) (int, map[string]any) {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	var out map[string]any
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out
}

func TestListInstrumentsGivesWhatAFormNeeds(t *testing.T) {
	status, body := call(newInstrumentsAPI(t), "GET", "/api/v1/instruments", "")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	byID := map[string]map[string]any{}
	for _, in := range body["instruments"].([]any) {
		m := in.(map[string]any)
		byID[m["id"].(string)] = m
	}
	national := byID["national-2021"]
	adl := national["dimensions"].([]any)[0].(map[string]any)
	walking := adl["items"].([]any)[6].(map[string]any)
	if walking["code"] != "walking" || walking["name"].(map[string]any)["zh"] != "平地行走" || len(walking["points"].([]any)) != 4 {
		t.Errorf("walking item: %v", walking)
	}
	self := byID["self-assessment"]
	if len(self["activities"].([]any)) != 6 || byID["barthel"] == nil {
		t.Errorf("instruments: %v", body)
	}
}

func TestScoreOverHTTP(t *testing.T) {
	h := newInstrumentsAPI(t)
	status, body := call(h, "POST", "/api/v1/instruments/self-assessment/score",
		`{"items":{"eating":"dependent","continence":"dependent","bathing":"dependent","dressing":"dependent","toileting":"independent","transfer":"independent"}}`)
	if status != http.StatusOK || body["grade"] != "F" || body["may_apply"] != true {
		t.Fatalf("%d %v", status, body)
	}
	status, body = call(h, "POST", "/api/v1/instruments/barthel/score", `{"items":{"eating":7}}`)
	e := body["error"].(map[string]any)
	if status != http.StatusUnprocessableEntity || e["code"] != "invalid" || len(e["fields"].([]any)) != 10 {
		t.Fatalf("%d %v", status, body)
	}
	status, body = call(h, "POST", "/api/v1/instruments/nope/score", `{"items":{}}`)
	if status != http.StatusUnprocessableEntity || body["error"].(map[string]any)["fields"].([]any)[0].(map[string]any)["field"] != "instrument" {
		t.Fatalf("unknown instrument: %d %v", status, body)
	}
	if status, _ := call(h, "POST", "/api/v1/instruments/barthel/score", `{"items":`); status != http.StatusBadRequest {
		t.Fatalf("malformed: %d", status)
	}
}

func TestUnknownRoutesAndMethodsAnswerInTheErrorShape(t *testing.T) {
	h := newInstrumentsAPI(t)
	for _, tc := range []struct {
		method, path string
		status       int
		code         string
	}{
		{"GET", "/api/v1/nothing", http.StatusNotFound, "not_found"},
		{"DELETE", "/api/v1/instruments", http.StatusMethodNotAllowed, "method_not_allowed"},
		{"GET", "/api/v1/cases", http.StatusUnauthorized, "unauthorized"},
	} {
		status, body := call(h, tc.method, tc.path, "")
		e, _ := body["error"].(map[string]any)
		if status != tc.status || e == nil || e["code"] != tc.code || e["message"].(map[string]any)["zh"] == "" {
			t.Errorf("%s %s: %d %v", tc.method, tc.path, status, body)
		}
	}
}
