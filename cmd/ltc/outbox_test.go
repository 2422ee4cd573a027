package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// gateway is an SMS gateway as the outbox meets it: it sends each request
// id once, as real gateways keep an idempotency key, and answers as told.
type gateway struct {
	mu       sync.Mutex
	requests map[string]int                // by message id
	phoneOf  map[string]string             // message id → phone
	sent     map[string]string             // message id → phone, once sent
	answer   func(phone string, n int) int // the status to answer the n-th request for a phone
	onFirst  func()                        // called at the very first request, before answering
	once     sync.Once
}

func newGateway(t *testing.T, answer func(phone string, n int) int) (*gateway, string) {
	g := &gateway{requests: map[string]int{}, phoneOf: map[string]string{}, sent: map[string]string{}, answer: answer, onFirst: func() {}}
	srv := httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(srv.Close)
	return g, srv.URL
}

func (g *gateway) serve(w http.ResponseWriter, r *http.Request) {
	var req struct {
		RequestID string `json:"request_id"`
		Phone     string `json:"phone"`
	}
	_ = json.NewDecoder(r.Body).Decode(&req)
	g.once.Do(g.onFirst)
	g.mu.Lock()
	g.requests[req.RequestID]++
	g.phoneOf[req.RequestID] = req.Phone
	byPhone := 0
	for id, n := range g.requests {
		if g.phoneOf[id] == req.Phone {
			byPhone += n
		}
	}
	status := g.answer(req.Phone, byPhone)
	if status == http.StatusOK {
		g.sent[req.RequestID] = req.Phone
	}
	g.mu.Unlock()
	w.WriteHeader(status)
}

// count is the requests and the sends for messages to these phones: the
// worker also delivers other tests' cases, which run on in the background.
func (g *gateway) count(phones ...string) (requests, sent int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for id, n := range g.requests {
		if slices.Contains(phones, g.phoneOf[id]) {
			requests += n
		}
	}
	for _, phone := range g.sent {
		if slices.Contains(phones, phone) {
			sent++
		}
	}
	return requests, sent
}

// ownPhones are a person's and an agent's phones used by no other test.
func ownPhones() (person, agent string) {
	n := uuid.New().ID() % 100_000_000
	return fmt.Sprintf("137%08d", n), fmt.Sprintf("135%08d", n)
}

// withPhones is an application whose person and agent have these phones.
func withPhones(residentID, person, agent string) map[string]any {
	app := application(residentID)
	app["person"].(map[string]any)["phone"], app["agent"].(map[string]any)["phone"] = person, agent
	return app
}

// outboxState is how many of a case's messages are delivered and dead.
func (s *stack) outboxState(caseID string) (delivered, dead int) {
	conn, err := pgx.Connect(context.Background(), loadConfig(s.getenv).DatabaseURL)
	if err != nil {
		s.t.Fatal(err)
	}
	defer conn.Close(context.Background())
	err = conn.QueryRow(context.Background(), `SELECT count(delivered_at), count(dead_at) FROM outbox WHERE case_id = $1`, caseID).Scan(&delivered, &dead)
	if err != nil {
		s.t.Fatal(err)
	}
	return delivered, dead
}

func (s *stack) waitOutbox(caseID string, cond func(delivered, dead int) bool, timeout time.Duration) {
	s.t.Helper()
	end := time.Now().Add(timeout)
	for time.Now().Before(end) {
		if cond(s.outboxState(caseID)) {
			return
		}
		time.Sleep(300 * time.Millisecond)
	}
	d, x := s.outboxState(caseID)
	s.t.Fatalf("outbox of case %s: %d delivered, %d dead", caseID, d, x)
}

// The person's gateway fails three times, then delivers once; the agent's
// refuses the message, which becomes a dead letter that an administrator
// sees and sends again once the gateway takes it.
func TestTheOutboxRetriesDeliversOnceAndKeepsDeadLetters(t *testing.T) {
	person, agent := ownPhones()
	var fixed atomic.Bool
	g, url := newGateway(t, func(phone string, n int) int {
		switch {
		case phone == person && n <= 3:
			return http.StatusInternalServerError
		case phone == agent && !fixed.Load():
			return http.StatusBadRequest
		}
		return http.StatusOK
	})
	s := startStackWith(t, map[string]string{"LTC_SMS_URL": url, "LTC_SMS_KEY": "test"})
	w := s.newWalk()
	w.id = s.json("POST", "/api/v1/cases", w.applicant, withPhones(w.residentID, person, agent), nil).body["id"].(string)
	// "received": one message to each phone.
	s.waitOutbox(w.id, func(delivered, dead int) bool { return delivered == 1 && dead == 1 }, 60*time.Second)
	if requests, sent := g.count(person, agent); requests != 5 || sent != 1 {
		t.Fatalf("the gateway had %d requests and sent %d, want 4+1 and 1", requests, sent)
	}
	admin := s.token("admin", "ad-demo-1")
	list := s.json("GET", "/api/v1/admin/dead-letters", admin, nil, nil)
	letters := list.body["dead_letters"].([]any)
	first := letters[0].(map[string]any)
	if first["phone_tail"] != "*******"+agent[7:] || first["template"] != "received" || strings.Contains(string(list.raw), agent) ||
		first["attempts"] != 1.0 || first["last_error"] != "短信网关拒绝了此短信（400）" {
		t.Fatalf("dead letters: %s", list.raw)
	}
	fixed.Store(true)
	if first["id"] == nil {
		t.Fatalf("a dead letter without an id: %s", list.raw)
	}
	// The administrator sends it again from the page.
	page := newBrowser(t).person(s, "admin", desktop)
	page.signInStaff("ad-demo-1")
	page.open("/admin/dead-letters")
	if got := page.text("main"); !strings.Contains(got, "申请已收到") || !strings.Contains(got, "短信网关拒绝了此短信（400）") ||
		!strings.Contains(got, agent[7:]) || strings.Contains(got, agent) {
		t.Fatalf("the dead letters page: %s", got)
	}
	page.shot("dead-letters")
	page.submit(`form[action="/admin/dead-letters/` + first["id"].(string) + `/retry"] button`)
	if got := page.text("main"); !strings.Contains(got, "已重新发送") {
		t.Fatalf("after sending again: %s", got)
	}
	s.waitOutbox(w.id, func(delivered, dead int) bool { return delivered == 2 && dead == 0 }, 30*time.Second)
	if _, sent := g.count(person, agent); sent != 2 {
		t.Fatalf("%d messages sent", sent)
	}
}

// The worker dies between sending a message and marking it delivered: the
// next worker sends it again under the same id, and the person gets it once.
func TestAMessageIsDeliveredOnceThroughAWorkerCrash(t *testing.T) {
	g, url := newGateway(t, func(string, int) int { return http.StatusOK })
	s := startStackWith(t, map[string]string{"LTC_SMS_URL": url}, "serve")
	env := []string{"LTC_SMS_URL=" + url}
	worker := startWorkerProcess(t, env...)
	crashed := make(chan struct{})
	g.onFirst = func() { kill(t, worker); close(crashed) } // after the send reached the gateway, before the answer
	w := s.newWalk()
	person, agent := ownPhones()
	w.id = s.json("POST", "/api/v1/cases", w.applicant, withPhones(w.residentID, person, agent), nil).body["id"].(string)
	select {
	case <-crashed:
	case <-time.After(30 * time.Second):
		t.Fatal("no message reached the gateway")
	}
	startWorkerProcess(t, env...)
	s.waitOutbox(w.id, func(delivered, dead int) bool { return delivered == 2 }, 90*time.Second)
	requests, sent := g.count(person, agent)
	if sent != 2 || requests < 3 {
		t.Fatalf("%d requests, %d sent: want the crashed one sent again and each message once", requests, sent)
	}
}
