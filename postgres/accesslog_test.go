package postgres

import (
	"context"
	"strings"
	"testing"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

// The access log is append-only: the database itself refuses to change,
// delete or truncate a line, whoever asks; lines are read by region, newest
// first, by case or by reader, a page at a time.
func TestTheAccessLogIsAppendOnly(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	id := newCase(t, db, "张三")
	reader := "cw-log-" + id[:8]
	for _, what := range []string{cases.ReadCase, cases.ReadEvidence, cases.ReadLetter} {
		if err := db.RecordAccess(ctx, "demo", cases.Access{At: at, ActorID: reader, ActorRole: ltc.RoleCaseworker,
			CaseID: id, What: what, ClientAddr: "192.0.2.1"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RecordAccess(ctx, "demo", cases.Access{At: at, ActorID: "ad-log", ActorRole: ltc.RoleAdmin, What: cases.ReadCodec}); err != nil {
		t.Fatalf("a line naming no case: %v", err)
	}
	for _, stmt := range []string{
		`UPDATE access_log SET actor_id = 'someone-else' WHERE case_id = $1`,
		`DELETE FROM access_log WHERE case_id = $1`,
		`TRUNCATE access_log`,
	} {
		var args []any
		if strings.Contains(stmt, "$1") {
			args = append(args, id)
		}
		_, err := db.pool.Exec(ctx, stmt, args...)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want refused as append-only", strings.Fields(stmt)[0], err)
		}
	}

	page, err := db.AccessLog(ctx, cases.AccessQuery{Region: "demo", CaseID: id, Limit: 2})
	if err != nil || len(page) != 2 || page[0].What != cases.ReadLetter || page[1].What != cases.ReadEvidence ||
		page[0].ActorID != reader || page[0].ClientAddr != "192.0.2.1" || page[0].CaseID != id {
		t.Fatalf("first page: %+v %v", page, err)
	}
	rest, err := db.AccessLog(ctx, cases.AccessQuery{Region: "demo", ActorID: reader, BeforeID: page[1].ID, Limit: 10})
	if err != nil || len(rest) != 1 || rest[0].What != cases.ReadCase {
		t.Fatalf("next page: %+v %v", rest, err)
	}
	other, err := db.AccessLog(ctx, cases.AccessQuery{Region: "xuzhou", CaseID: id, Limit: 10})
	if err != nil || len(other) != 0 {
		t.Fatalf("another region reads the lines: %+v %v", other, err)
	}
}
