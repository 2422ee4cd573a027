package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/changhu/ltc/payload"
	"github.com/changhu/ltc/workflows"
)

// wirePayloads is Temporal's Payloads as the codec protocol sends them
// (protobuf JSON: bytes in base64).
type wirePayloads struct {
	Payloads []wirePayload `json:"payloads"`
}

type wirePayload struct {
	Metadata map[string][]byte `json:"metadata,omitempty"`
	Data     []byte            `json:"data,omitempty"`
}

const uiOrigin = "http://127.0.0.1:58233"

// A caseworker reads a case and downloads a file; the region's
// administrator sees both lines with the caseworker's id, an administrator
// of another region sees none; the codec decrypts a payload for an
// administrator only, and the decode is a line of the log too.
func TestAccessLog(t *testing.T) {
	s := startStackWith(t, map[string]string{"LTC_CODEC_CORS_ORIGIN": uiOrigin})
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	w.id = created.body["id"].(string)
	up := s.upload(w.id, w.applicant, "病历.pdf", []byte("%PDF-1.4\n病历\n"))
	if up.status != http.StatusCreated {
		t.Fatalf("upload: %d %s", up.status, up.raw)
	}
	evidenceID := up.body["id"].(string)
	if r := s.json("GET", "/api/v1/cases/"+w.id, w.caseworker, nil, nil); r.status != http.StatusOK || r.body["person_name"] != "张三" {
		t.Fatalf("the caseworker reads the case: %d %s", r.status, r.raw)
	}
	if r := s.json("GET", "/api/v1/cases/"+w.id+"/evidence/"+evidenceID, w.caseworker, nil, nil); r.status != http.StatusOK {
		t.Fatalf("the caseworker's download link: %d %s", r.status, r.raw)
	}

	admin := s.token("admin", "ad-demo-1")
	log := s.json("GET", "/api/v1/admin/access-log?case="+w.id+"&actor=cw-demo-1", admin, nil, nil)
	lines := accessLines(t, log)
	if len(lines) != 2 || lines[0]["what"] != "evidence" || lines[0]["detail"] != evidenceID || lines[1]["what"] != "case" {
		t.Fatalf("the caseworker's reads, newest first: %s", log.raw)
	}
	for _, l := range lines {
		if l["actor_id"] != "cw-demo-1" || l["actor_role"] != "caseworker" || l["case_id"] != w.id || l["client_addr"] != "127.0.0.1" {
			t.Errorf("line: %v", l)
		}
	}
	if strings.Contains(string(log.raw), "张三") || strings.Contains(string(log.raw), w.residentID) {
		t.Errorf("the log holds personal data: %s", log.raw)
	}
	first := s.json("GET", "/api/v1/admin/access-log?case="+w.id+"&actor=cw-demo-1&limit=1", admin, nil, nil)
	next, _ := first.body["next"].(string)
	second := s.json("GET", "/api/v1/admin/access-log?case="+w.id+"&actor=cw-demo-1&limit=1&after="+next, admin, nil, nil)
	if len(accessLines(t, first)) != 1 || next == "" || len(accessLines(t, second)) != 1 || accessLines(t, second)[0]["what"] != "case" {
		t.Fatalf("pages: %s / %s", first.raw, second.raw)
	}
	elsewhere := s.tokenIn("admin", "ad-xuzhou-1", "xuzhou")
	if other := s.json("GET", "/api/v1/admin/access-log?case="+w.id, elsewhere, nil, nil); len(accessLines(t, other)) != 0 {
		t.Fatalf("an administrator of another region sees the lines: %s", other.raw)
	}
	for who, token := range map[string]string{"caseworker": w.caseworker, "national": s.token("national", "na-demo-1")} {
		if r := s.json("GET", "/api/v1/admin/access-log", token, nil, nil); r.status != http.StatusForbidden {
			t.Errorf("the access log for a %s: %d", who, r.status)
		}
	}
	if r := s.json("GET", "/api/v1/admin/access-log?case=nonsense", admin, nil, nil); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a case filter that is no id: %d", r.status)
	}

	// The codec: a payload our codec encrypted comes back clear for an administrator only.
	cfg := loadConfig(s.getenv)
	codec, err := payload.NewCodec(cfg.PayloadKey)
	if err != nil {
		t.Fatal(err)
	}
	p, err := codec.DataConverter().ToPayload(workflows.CaseInput{CaseID: w.id, Region: "demo", Applicant: "ap-x"})
	if err != nil || bytes.Contains(p.Data, []byte(w.id)) {
		t.Fatalf("encrypt: %v", err)
	}
	body := mustJSON(wirePayloads{Payloads: []wirePayload{{Metadata: p.Metadata, Data: p.Data}}})
	headers := map[string]string{"X-Namespace": cfg.TemporalNamespace, "Origin": uiOrigin}
	decoded := s.do("POST", "/api/v1/codec/decode", admin, bytes.NewReader(body), headers)
	var clear wirePayloads
	if decoded.status != http.StatusOK || json.Unmarshal(decoded.raw, &clear) != nil || len(clear.Payloads) != 1 ||
		string(clear.Payloads[0].Metadata["encoding"]) != "json/plain" || !bytes.Contains(clear.Payloads[0].Data, []byte(`"CaseID":"`+w.id+`"`)) {
		t.Fatalf("decode: %d %s", decoded.status, decoded.raw)
	}
	if got := decoded.header.Get("Access-Control-Allow-Origin"); got != uiOrigin {
		t.Errorf("CORS origin on the answer: %q", got)
	}
	if r := s.do("POST", "/api/v1/codec/decode", "", bytes.NewReader(body), headers); r.status != http.StatusUnauthorized {
		t.Errorf("decode without a token: %d", r.status)
	}
	if r := s.do("POST", "/api/v1/codec/decode", w.caseworker, bytes.NewReader(body), headers); r.status != http.StatusForbidden {
		t.Errorf("decode for a caseworker: %d", r.status)
	}
	if r := s.do("POST", "/api/v1/codec/decode", admin, bytes.NewReader(body), map[string]string{"X-Namespace": "someone-else"}); r.status != http.StatusNotFound {
		t.Errorf("decode for another namespace: %d", r.status)
	}
	if r := s.do("POST", "/api/v1/codec/decode", admin, strings.NewReader(`{"payloads": 3}`), nil); r.status != http.StatusBadRequest {
		t.Errorf("a body that is not Payloads: %d", r.status)
	}
	preflight := s.do("OPTIONS", "/api/v1/codec/decode", "", nil, map[string]string{"Origin": uiOrigin,
		"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type,x-namespace"})
	if preflight.status != http.StatusNoContent || preflight.header.Get("Access-Control-Allow-Origin") != uiOrigin ||
		!strings.Contains(preflight.header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight: %d %v", preflight.status, preflight.header)
	}
	if r := s.do("OPTIONS", "/api/v1/codec/decode", "", nil, map[string]string{"Origin": "http://evil.example"}); r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("another origin allowed: %v", r.header)
	}
	plain := mustJSON(wirePayloads{Payloads: []wirePayload{{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(`"信号"`)}}})
	var encoded wirePayloads
	if r := s.do("POST", "/api/v1/codec/encode", admin, bytes.NewReader(plain), headers); r.status != http.StatusOK ||
		json.Unmarshal(r.raw, &encoded) != nil || len(encoded.Payloads) != 1 || string(encoded.Payloads[0].Metadata["encoding"]) != "binary/encrypted" {
		t.Errorf("encode: %d %s", r.status, r.raw)
	}

	codecLines := accessLines(t, s.json("GET", "/api/v1/admin/access-log?case="+w.id+"&actor=ad-demo-1", admin, nil, nil))
	found := false
	for _, l := range codecLines {
		found = found || (l["what"] == "codec" && l["actor_role"] == "admin" && l["detail"] == "1 payloads")
	}
	if !found {
		t.Fatalf("no codec line in %v", codecLines)
	}
}

func accessLines(t *testing.T, r response) []map[string]any {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("access log: %d %s", r.status, r.raw)
	}
	var out []map[string]any
	for _, l := range r.body["lines"].([]any) {
		out = append(out, l.(map[string]any))
	}
	return out
}

// On the pages: a caseworker opens a case (its documents previewed inline)
// and the region's administrator finds both reads on the access log page.
func TestAccessLogPage(t *testing.T) {
	s := startStack(t)
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	w.id = created.body["id"].(string)
	if up := s.upload(w.id, w.applicant, "病历.pdf", []byte("%PDF-1.4\n病历\n")); up.status != http.StatusCreated {
		t.Fatalf("upload: %d %s", up.status, up.raw)
	}
	b := newBrowser(t)
	caseworker := b.person(s, "caseworker", desktop)
	caseworker.signInStaff("cw-demo-1")
	caseworker.open("/cases/" + w.id)
	admin := b.person(s, "admin", desktop)
	admin.signInStaff("ad-demo-1")
	admin.open("/admin/access-log?case=" + w.id + "&actor=cw-demo-1")
	got := admin.text("main")
	if !strings.Contains(got, "cw-demo-1") || !strings.Contains(got, "查看案件个人信息") || !strings.Contains(got, "查看或下载材料") {
		t.Fatalf("the access log page: %s", got)
	}
	if strings.Contains(got, "张三") {
		t.Fatalf("the access log page shows a name: %s", got)
	}
}
