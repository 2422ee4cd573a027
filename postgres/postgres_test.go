package postgres

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/notify"
	"github.com/changhu/ltc/servicetest"
)

func openDB(t *testing.T) *DB {
	servicetest.Require(t)
	url := os.Getenv("LTC_DATABASE_URL")
	if _, err := Migrate(url); err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

var at = time.Date(2026, 11, 23, 9, 0, 0, 0, ltc.China)

// newCase records a case of a new person, named name, in region demo.
func newCase(t *testing.T, db *DB, name string) string {
	id, err := db.CreateCase(context.Background(), cases.NewCase{ResidentID: servicetest.NewResidentID(t), Name: name,
		Region: "demo", Scheme: "employee", SelfGrade: "F", Application: []byte(`{}`), At: at,
		Actor: ltc.Actor{ID: "ap-test", Role: ltc.RoleApplicant}},
		func(context.Context, string, string) (string, error) { return "wf-" + uuid.NewString(), nil })
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func line(caseID string, seq int, status ltc.Status, reason string) activities.Line {
	return activities.Line{CaseID: caseID, Key: uuid.NewString(), Seq: seq,
		Entry: ltc.HistoryEntry{At: at, Actor: ltc.System, Action: "test", Status: status, Reason: reason}}
}

func TestWhatTheDatabaseRefusesIsTheRequestsFaultAndFinal(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	id := newCase(t, db, "张三")
	if _, err := db.Transition(ctx, line(id, 1, ltc.StatusAwaitingAcceptance, "含\x00字符"), nil); ltc.CodeOf(err) != ltc.EInvalid {
		t.Errorf("a NUL in a reason: %v", err)
	}
	ev := ltc.Evidence{ID: uuid.NewString(), CaseID: id, ObjectKey: "k-" + uuid.NewString(), Filename: "a.pdf", ContentType: "application/pdf", CreatedAt: at}
	entry := ltc.HistoryEntry{At: at, Actor: ltc.System, Action: "evidence_added", Status: ltc.StatusSubmitted}
	if err := db.AddEvidence(ctx, ev, entry); err != nil {
		t.Fatal(err)
	}
	if err := db.AddEvidence(ctx, ev, entry); ltc.CodeOf(err) != ltc.EConflict {
		t.Errorf("the same evidence twice: %v", err)
	}
	c, err := db.GetCase(ctx, id)
	if err != nil || c.Status != ltc.StatusSubmitted || len(c.Evidence) != 1 {
		t.Fatalf("the case after refused writes: %+v %v", c, err)
	}
	if _, err := db.GetCase(ctx, uuid.NewString()); ltc.CodeOf(err) != ltc.ENotFound {
		t.Errorf("an unknown case: %v", err)
	}
}

func TestAClosedCaseStaysClosedWhateverLineComesLate(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	id := newCase(t, db, "张三")
	for _, l := range []activities.Line{line(id, 1, ltc.StatusVoid, "冒名"), line(id, 2, ltc.StatusAwaitingAcceptance, "")} {
		if _, err := db.Transition(ctx, l, nil); err != nil {
			t.Fatal(err)
		}
	}
	c, _ := db.GetCase(ctx, id)
	if c.Status != ltc.StatusVoid || len(c.History) != 3 {
		t.Fatalf("status %s with %d lines", c.Status, len(c.History))
	}
}

func TestOneOfConcurrentRequestsWithAKeyGoesAhead(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	k := cases.RequestKey{ActorID: "ap", Scope: "POST /api/v1/cases", Key: uuid.NewString()}
	var wg sync.WaitGroup
	var mu sync.Mutex
	owners := 0
	for range 8 {
		wg.Go(func() {
			prior, err := db.BeginRequest(ctx, k, "h", time.Now())
			if err != nil {
				t.Error(err)
			}
			if prior == nil {
				mu.Lock()
				owners++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if owners != 1 {
		t.Fatalf("%d requests went ahead", owners)
	}
	if err := db.FinishRequest(ctx, k, cases.StoredResponse{RequestHash: "h", Status: 201, Body: []byte(`{"id":"x"}`)}); err != nil {
		t.Fatal(err)
	}
	prior, err := db.BeginRequest(ctx, k, "h", time.Now())
	if err != nil || prior == nil || prior.Status != 201 || string(prior.Body) != `{"id":"x"}` {
		t.Fatalf("the retry's answer: %+v %v", prior, err)
	}
}

func TestTheCommitteeSearchesMaskedNames(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	id := newCase(t, db, "孙二"+uuid.NewString()[:1]) // 孙二x: the committee sees 孙*x
	if _, err := db.Transition(ctx, line(id, 1, ltc.StatusCommitteeAudit, ""), nil); err != nil {
		t.Fatal(err)
	}
	committee := []cases.Scope{{Relation: ltc.RelCommittee, Region: "demo"}}
	find := func(q string) bool {
		list, _, err := db.ListCases(ctx, cases.Query{Scopes: committee, Filter: cases.Filter{Name: q, Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			if s.ID == id {
				if s.Name[:3] != "孙" || s.Name[3:4] != "*" {
					t.Errorf("the committee sees %q", s.Name)
				}
				return true
			}
		}
		return false
	}
	if !find("孙") || find("二") {
		t.Fatalf("search by the shown family name: %v; by the masked character: %v", find("孙"), find("二"))
	}
}

func TestHitsCountPerWindow(t *testing.T) {
	db := openDB(t)
	bucket := "test:" + uuid.NewString()
	for i, want := range []int{1, 2, 3} {
		if n, err := db.CountHit(context.Background(), bucket, time.Hour, at.Add(time.Duration(i)*time.Minute)); err != nil || n != want {
			t.Fatalf("hit %d: %d %v", i, n, err)
		}
	}
	if n, _ := db.CountHit(context.Background(), bucket, time.Hour, at.Add(time.Hour)); n != 1 {
		t.Fatalf("the next window starts at %d", n)
	}
}

// Two cases of families with the same phone, at the same step, each send
// their message; a retried write of one line enqueues it once.
func TestEveryCaseTellsItsFamilyOnce(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	notices := []notify.Notice{{Template: notify.Received, Vars: map[string]string{"case": "x"}}}
	for _, id := range []string{newCaseWithPhones(t, db), newCaseWithPhones(t, db)} {
		l := line(id, 1, ltc.StatusAwaitingAcceptance, "")
		l.Key = "wf-1"
		first, err := db.Transition(ctx, l, notices)
		if err != nil || len(first) != 2 {
			t.Fatalf("case %s: %v %v", id, first, err)
		}
		if again, _ := db.Transition(ctx, l, notices); len(again) != 0 {
			t.Fatalf("a retried line enqueued %v again", again)
		}
	}
}

// newCaseWithPhones records a case whose application names two phones.
func newCaseWithPhones(t *testing.T, db *DB) string {
	app := []byte(`{"person":{"phone":"13800138000"},"agent":{"phone":"13900139000"}}`)
	id, err := db.CreateCase(context.Background(), cases.NewCase{ResidentID: servicetest.NewResidentID(t), Name: "张三",
		Region: "demo", Scheme: "employee", SelfGrade: "F", Application: app, At: at,
		Actor: ltc.Actor{ID: "ap-test", Role: ltc.RoleApplicant}},
		func(context.Context, string, string) (string, error) { return "wf-" + uuid.NewString(), nil })
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Two families choose overlapping times with the same assessor at once:
// one booking stands, the other is refused, whatever the interleaving; a
// retried booking is the same booking.
func TestAnAssessorIsNeverBookedTwiceAtOnce(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	assessor := "as-" + uuid.NewString()[:8]
	a, b := newCase(t, db, "张三"), newCase(t, db, "李四")
	ten := at.Add(time.Hour)
	for round := range 20 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, c := range []string{a, b} {
			wg.Go(func() {
				errs[i] = db.Book(ctx, fmt.Sprintf("visit-%s-%d", c, round), c, []string{assessor}, ten.Add(time.Duration(i)*30*time.Minute), ten.Add(time.Duration(i)*30*time.Minute+time.Hour))
			})
		}
		wg.Wait()
		refused := 0
		for _, err := range errs {
			if ltc.CodeOf(err) == ltc.EConflict {
				refused++
			} else if err != nil {
				t.Fatal(err)
			}
		}
		if refused != 1 {
			t.Fatalf("round %d: %d of two overlapping bookings refused", round, refused)
		}
		winner := a
		if errs[0] != nil {
			winner = b
		}
		if err := db.Book(ctx, fmt.Sprintf("visit-%s-%d", winner, round), winner, []string{assessor}, ten, ten.Add(time.Hour)); err != nil && winner == a {
			t.Fatalf("a retried booking was refused: %v", err)
		}
		for _, c := range []string{a, b} {
			_ = db.CancelBooking(ctx, fmt.Sprintf("visit-%s-%d", c, round))
		}
	}
}

// A sign-in code is a message of no case: it is kept to be delivered, and
// read back as it was sent.
func TestASignInCodeIsKeptForDelivery(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	m := notify.Message{ID: uuid.NewString(), Phone: "13800138000", Template: notify.SignInCode, Vars: map[string]string{"code": "123456"}}
	if err := db.EnqueueMessage(ctx, m); err != nil {
		t.Fatal(err)
	}
	got, delivered, err := db.OutboxMessage(ctx, m.ID)
	if err != nil || delivered || got.Phone != m.Phone || got.Template != m.Template || got.Vars["code"] != "123456" {
		t.Fatalf("read back %+v delivered=%v: %v", got, delivered, err)
	}
}

// A case once before the committee stays in the committee's list after its
// decision, as the committee may still open it; a case never before the
// committee is not in it.
func TestTheCommitteeListsWhatWasOnceBeforeIt(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	audited, other := newCase(t, db, "周一"), newCase(t, db, "周二")
	for seq, status := range []ltc.Status{ltc.StatusCommitteeAudit, ltc.StatusPublicity, ltc.StatusValid} {
		if _, err := db.Transition(ctx, line(audited, seq+1, status, ""), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Transition(ctx, line(other, 1, ltc.StatusValid, ""), nil); err != nil {
		t.Fatal(err)
	}
	committee := cases.ListQuery(ltc.Actor{ID: "cm-x", Role: ltc.RoleCommittee, Region: "demo"}, cases.Filter{Limit: 100})
	list, _, err := db.ListCases(ctx, committee)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range list {
		ids = append(ids, s.ID)
	}
	if !slices.Contains(ids, audited) || slices.Contains(ids, other) {
		t.Fatalf("the committee's list holds the audited case: %v, the other: %v", slices.Contains(ids, audited), slices.Contains(ids, other))
	}
}
