package cases

import (
	"context"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/changhu/ltc"
)

// What a line of the access log says was read.
const (
	ReadCase     = "case"     // a case with its personal data unmasked
	ReadEvidence = "evidence" // a document, photo or video: a download link or an inline preview
	ReadLetter   = "letter"   // the conclusion letter as a PDF
	ReadCodec    = "codec"    // Temporal payloads decrypted for an operator
)

// Access is one line of the access log (PIPL): who read which case's
// personal data or evidence, when, and from where. Ids only: the log holds
// no name, ID number or diagnosis.
type Access struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    string    `json:"actor_id"`
	ActorRole  ltc.Role  `json:"actor_role"`
	CaseID     string    `json:"case_id,omitempty"`
	What       string    `json:"what"`
	Detail     string    `json:"detail,omitempty"` // the evidence id read; the number of payloads decoded
	ClientAddr string    `json:"client_addr,omitempty"`
}

// AccessQuery is a page of one region's access log, newest first.
type AccessQuery struct {
	Region   string
	CaseID   string
	ActorID  string
	BeforeID int64 // the last line of the page before; 0: the newest
	Limit    int
}

// AccessFilter is what an administrator asks of the access log.
type AccessFilter struct {
	CaseID  string
	ActorID string
	After   string // the next cursor of the page before
	Limit   int
}

type clientKey struct{}

// WithClient carries the client's address to the service, for the access log.
func WithClient(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientKey{}, addr)
}

func clientOf(ctx context.Context) string {
	addr, _ := ctx.Value(clientKey{}).(string)
	return addr
}

// logAccess writes a line of the access log before the data is handed out.
// A line that cannot be written refuses the read, as an outage: there is no
// unlogged read of personal data.
func (s *Service) logAccess(ctx context.Context, a ltc.Actor, region, caseID, what, detail string) error {
	at := time.Now()
	if s.Now != nil {
		at = s.Now()
	}
	e := Access{At: at, ActorID: a.ID, ActorRole: a.Role, CaseID: caseID, What: what, Detail: detail, ClientAddr: clientOf(ctx)}
	if err := s.Store.RecordAccess(ctx, region, e); err != nil {
		return ltc.Unavailable(ltc.ServiceDatabase, "record access to case "+caseID, err)
	}
	return nil
}

// AccessLog is a page of the administrator's region's access log, newest
// first, by case or by reader; the cursor of the next page when there is one.
func (s *Service) AccessLog(ctx context.Context, a ltc.Actor, f AccessFilter) ([]Access, string, error) {
	if err := requireAdmin(a); err != nil {
		return nil, "", err
	}
	var fields []ltc.FieldError
	bad := func(field, zh, en string) {
		fields = append(fields, ltc.FieldError{Field: field, Message: ltc.Text{Zh: zh, En: en}})
	}
	q := AccessQuery{Region: a.Region, CaseID: f.CaseID, ActorID: f.ActorID, Limit: f.Limit}
	if q.CaseID != "" {
		if _, err := uuid.Parse(q.CaseID); err != nil {
			bad("case", "案件编号无效", "not a case id")
		}
	}
	if len(q.ActorID) > 64 {
		bad("actor", "人员编号过长", "the actor id is too long")
	}
	if q.Limit == 0 {
		q.Limit = 50
	}
	if q.Limit < 1 || q.Limit > 200 {
		bad("limit", "每页条数须为 1–200", "limit must be 1–200")
	}
	if f.After != "" {
		id, err := strconv.ParseInt(f.After, 10, 64)
		if err != nil || id < 1 {
			bad("after", "分页游标无效", "the page cursor is not valid")
		}
		q.BeforeID = id
	}
	if len(fields) > 0 {
		return nil, "", ltc.Invalid(fields)
	}
	q.Limit++ // one more says whether there is a next page
	lines, err := s.Store.AccessLog(ctx, q)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(lines) == q.Limit {
		lines = lines[:q.Limit-1]
		next = strconv.FormatInt(lines[len(lines)-1].ID, 10)
	}
	if lines == nil {
		lines = []Access{}
	}
	return lines, next, nil
}
