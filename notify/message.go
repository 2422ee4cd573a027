package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/changhu/ltc"
)

// Message is one text to one phone, as the outbox keeps it. Its ID is the
// gateway's idempotency key: a delivery retried after a crash is sent under
// the same id and counted once.
type Message struct {
	ID       string
	CaseID   string
	Phone    string
	Template string
	Vars     map[string]string
}

// Gateway sends by an SMS gateway's HTTP API: a signed JSON request naming
// the approved template and its vars, never the text itself.
type Gateway struct {
	URL       string // the gateway's send endpoint
	Key       string // HMAC-SHA256 key the gateway checks the signature with
	Signature string // the SMS signature (签名) registered with the gateway, e.g. 长护险
	Client    *http.Client
}

type gatewayRequest struct {
	RequestID string            `json:"request_id"` // the gateway sends each id once
	Phone     string            `json:"phone"`
	Sign      string            `json:"sign_name"`
	Template  string            `json:"template"`
	Vars      map[string]string `json:"vars"`
}

// Send posts the message; a 4xx answer is a refusal no retry mends, anything
// else that is not 2xx is retried.
func (g *Gateway) Send(ctx context.Context, m Message) error {
	body, err := json.Marshal(gatewayRequest{RequestID: m.ID, Phone: m.Phone, Sign: g.Signature, Template: m.Template, Vars: m.Vars})
	if err != nil {
		return fmt.Errorf("encode gateway request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("gateway request: %w", err)
	}
	mac := hmac.New(sha256.New, []byte(g.Key))
	mac.Write(body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature", hex.EncodeToString(mac.Sum(nil)))
	client := g.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return &ltc.Error{Code: ltc.EUnavailable, Err: fmt.Errorf("sms gateway: %w", err), Message: unreachable}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode < 300:
		return nil
	case resp.StatusCode < 500 && resp.StatusCode != http.StatusTooManyRequests:
		return ltc.Errorf(ltc.EInvalid, "短信网关拒绝了此短信（%d）", "the SMS gateway refused the message (%d)", resp.StatusCode)
	}
	return &ltc.Error{Code: ltc.EUnavailable, Err: fmt.Errorf("sms gateway answered %d", resp.StatusCode), Message: unreachable}
}

var unreachable = ltc.Text{Zh: "短信网关暂时不可用", En: "the SMS gateway is unavailable"}

// DevSink keeps messages where the development outbox page shows them,
// rendered, with the phone's last four digits only; sign-in codes go to the
// log too, with no part of the phone number.
type DevSink struct {
	Store interface {
		SaveDevMessage(ctx context.Context, d DevMessage) error
	}
	Log *slog.Logger
}

// DevMessage is a message as the development outbox page shows it.
type DevMessage struct {
	MessageID string    `json:"message_id"`
	PhoneTail string    `json:"phone_tail"`
	Template  string    `json:"template"`
	Text      ltc.Text  `json:"text"`
	At        time.Time `json:"at"`
}

// Send keeps the message once, whatever the retries.
func (d *DevSink) Send(ctx context.Context, m Message) error {
	if m.Template == SignInCode && d.Log != nil {
		d.Log.Warn("development sign-in code", "message", m.ID, "code", m.Vars["code"])
	}
	return d.Store.SaveDevMessage(ctx, DevMessage{MessageID: m.ID, PhoneTail: tail(m.Phone), Template: m.Template,
		Text: ltc.Text{Zh: Render(m.Template, m.Vars, "zh"), En: Render(m.Template, m.Vars, "en")}, At: time.Now()})
}

func tail(phone string) string {
	if len(phone) < 4 {
		return strings.Repeat("*", len(phone))
	}
	return "*******" + phone[len(phone)-4:]
}
