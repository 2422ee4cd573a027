package notify

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
)

func TestAHistoryLineTellsTheFamilyInTheirWords(t *testing.T) {
	until := time.Date(2026, 12, 10, 0, 0, 0, 0, ltc.China)
	published := ltc.HistoryEntry{Action: "published", Details: map[string]any{"grade_name": "重度失能Ⅰ级",
		"publicity_until": until.Add(-5 * 24 * time.Hour).Format(time.RFC3339), "objection_until": until.Format(time.RFC3339)}}
	notices := NoticesFor("5c9f4b09-aaaa", published)
	if len(notices) != 1 || notices[0].Template != Published {
		t.Fatalf("%+v", notices)
	}
	text := Render(notices[0].Template, notices[0].Vars, "zh")
	if text != "评估结论为重度失能Ⅰ级，公示至2026年12月5日。如有异议，请于2026年12月10日前登录提出。" {
		t.Fatalf("%q", text)
	}
	returned := NoticesFor("5c9f4b09-aaaa", ltc.HistoryEntry{Action: "returned", Reason: "缺少诊断证明"})
	if got := Render(returned[0].Template, returned[0].Vars, "zh"); !strings.Contains(got, "5c9f4b09") || !strings.Contains(got, "缺少诊断证明") {
		t.Fatalf("%q", got)
	}
	// A line recorded before it carried the deadline says nothing rather than something half-filled.
	if n := NoticesFor("c", ltc.HistoryEntry{Action: "published", Details: map[string]any{"grade_name": "重度失能Ⅰ级"}}); n != nil {
		t.Fatalf("%+v", n)
	}
	if n := NoticesFor("c", ltc.HistoryEntry{Action: "assignment_confirmed"}); n != nil {
		t.Fatalf("an internal step told to the family: %+v", n)
	}
}

func TestEveryTemplateHasBothLanguagesAndNoLooseVars(t *testing.T) {
	for id, text := range Templates {
		if text.Zh == "" || text.En == "" {
			t.Errorf("%s lacks a language", id)
		}
		if strings.Count(text.Zh, "{") != strings.Count(text.En, "{") {
			t.Errorf("%s: the languages take different vars", id)
		}
	}
}

// The gateway is asked to send by template id and vars, signed, under the
// message's id; a refusal is final and an outage is retried.
func TestTheGatewayIsAskedByTemplateAndItsAnswersAreClassified(t *testing.T) {
	var got gatewayRequest
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&got)
		if r.Header.Get("X-Signature") == "" {
			t.Error("an unsigned request")
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	g := &Gateway{URL: srv.URL, Key: "k", Signature: "长护险"}
	m := Message{ID: "m-1", Phone: "13800138000", Template: SignInCode, Vars: map[string]string{"code": "123456"}}
	if err := g.Send(context.Background(), m); err != nil || got.RequestID != "m-1" || got.Template != SignInCode || got.Vars["code"] != "123456" {
		t.Fatalf("%v %+v", err, got)
	}
	for answer, code := range map[int]string{400: ltc.EInvalid, 500: ltc.EUnavailable, 429: ltc.EUnavailable} {
		status = answer
		if err := g.Send(context.Background(), m); ltc.CodeOf(err) != code {
			t.Errorf("a gateway answering %d: %v, want %s", answer, err, code)
		}
	}
}
