package cases

import (
	"context"
	"encoding/base64"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/changhu/ltc"
)

// Filter narrows a case list; what the caller may see is added by the service.
type Filter struct {
	Status         ltc.Status
	Region         string
	Grade          *int
	AssessorID     string
	DeadlineBefore time.Time
	Name           string // a part of the insured person's name, as the caller sees it
	OpenOnly       bool
	After          *Cursor
	Limit          int
}

// Cursor is where a page ended: the last case's creation time and id.
type Cursor struct {
	CreatedAt time.Time
	ID        string
}

// Scope is one way a caller may see cases: through a relation of the
// permission table, in some statuses (none: any). Personal says whether the
// relation shows the name unmasked.
type Scope struct {
	Relation ltc.Relation
	ActorID  string
	Region   string
	Statuses []ltc.Status
	Personal bool
}

// Query is a filter within the caller's scopes: a case is listed when it
// matches the filter and any scope.
type Query struct {
	Filter
	Scopes []Scope
}

// Summary is one line of a case list.
type Summary struct {
	ID        string      `json:"id"`
	Region    string      `json:"region"`
	Name      string      `json:"name"`
	Status    ltc.Status  `json:"status"`
	Purpose   ltc.Purpose `json:"purpose,omitempty"`
	Label     ltc.Text    `json:"status_label"`
	Benefit   string      `json:"benefit,omitempty"`
	Grade     *int        `json:"grade,omitempty"`
	Deadline  *time.Time  `json:"deadline,omitempty"`
	Overdue   bool        `json:"overdue,omitempty"`
	CreatedAt time.Time   `json:"created_at"`
}

// List returns a page of the cases the caller may see, newest first, and
// the cursor of the next page (nil on the last).
func (s *Service) List(ctx context.Context, a ltc.Actor, f Filter) ([]Summary, *Cursor, error) {
	q := ListQuery(a, f)
	if len(q.Scopes) == 0 {
		return []Summary{}, nil, nil
	}
	list, next, err := s.Store.ListCases(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	now := s.Now()
	for i := range list {
		list[i].Label = list[i].Status.LabelFor(list[i].Purpose)
		list[i].Overdue = list[i].Deadline != nil && list[i].Deadline.Before(now)
	}
	return list, next, nil
}

// Assignments lists an assessor's open assignments.
func (s *Service) Assignments(ctx context.Context, a ltc.Actor, f Filter) ([]Summary, *Cursor, error) {
	if a.Role != ltc.RoleAssessor {
		return nil, nil, ltc.Errorf(ltc.EForbidden, "只有评估人员有派单", "only assessors have assignments")
	}
	f.OpenOnly = true
	q := Query{Filter: f, Scopes: []Scope{{Relation: ltc.RelTeam, ActorID: a.ID, Personal: true}}}
	return s.Store.ListCases(ctx, q)
}

// ListQuery is the query of a caller's case list: the filter within the
// scopes the permission table gives them.
func ListQuery(a ltc.Actor, f Filter) Query { return Query{Filter: f, Scopes: scopes(a)} }

// scopes reads from the permission table the ways a caller sees cases.
func scopes(a ltc.Actor) []Scope {
	var out []Scope
	for _, rel := range ltc.RelationsGranting(a.Role, ltc.ActionView) {
		if a.Role.Regional() && a.Region == "" {
			continue // a regional role without a region sees nothing
		}
		statuses, _ := ltc.StatusesFor(a.Role, rel, ltc.ActionView)
		personal, always := ltc.StatusesFor(a.Role, rel, ltc.ActionViewPersonal)
		out = append(out, Scope{Relation: rel, ActorID: a.ID, Region: a.Region, Statuses: statuses, Personal: always || len(personal) > 0})
	}
	return out
}

// String is the cursor as a client sends it back for the next page.
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.CreatedAt.Format(time.RFC3339Nano) + "|" + c.ID))
}

// ParseCursor reads a cursor that String wrote.
func ParseCursor(s string) (*Cursor, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, false
	}
	at, id, ok := strings.Cut(string(raw), "|")
	t, err := time.Parse(time.RFC3339Nano, at)
	if _, idErr := uuid.Parse(id); !ok || err != nil || idErr != nil {
		return nil, false
	}
	return &Cursor{CreatedAt: t, ID: id}, true
}
