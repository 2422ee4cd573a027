package activities

import (
	"context"
	"encoding/json"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/calendar"
	"github.com/changhu/ltc/enrolment"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/notify"
	"github.com/changhu/ltc/policy"
)

// Store is what the activities read and write in the system of record
// (implemented by postgres). Every write is idempotent by its key.
type Store interface {
	CaseFacts(ctx context.Context, caseID string) (*CaseFacts, error)
	PersonRecords(ctx context.Context, residentID, region string) ([]policy.Enrolment, enrolment.Facts, error)
	Transition(ctx context.Context, line Line, notices []notify.Notice) (messages []string, err error)
	RecordDecision(ctx context.Context, policyVersion string, d ltc.Decision, line Line, notices []notify.Notice) (messages []string, err error)
	SetDeadline(ctx context.Context, caseID string, at time.Time) error
	AssignTeam(ctx context.Context, req TeamRequest) ([]Member, error)
	SubmittedForm(ctx context.Context, id string) (*forms.Submitted, error)
	RecordScore(ctx context.Context, formID string, a *forms.Assessment, at time.Time) error
	CalendarYears(ctx context.Context) ([]calendar.Year, error)
	IncomeFigure(ctx context.Context, region string, year int) (*policy.IncomeFigure, error)
	Busy(ctx context.Context, assessorIDs []string, start, end time.Time, except string) (bool, error)
	Book(ctx context.Context, booking, caseID string, assessorIDs []string, start, end time.Time) error
	CancelBooking(ctx context.Context, booking string) error

	OutboxMessage(ctx context.Context, id string) (m notify.Message, delivered bool, err error)
	MarkDelivered(ctx context.Context, id string, at time.Time) error
	RecordFailure(ctx context.Context, id, reason string) error
	MarkDead(ctx context.Context, id, fallback string, at time.Time) error
	PendingMessages(ctx context.Context, before time.Time, limit int) ([]string, error)
}

// Line is a history line with the state it leaves the case in. Seq orders
// the lines of one case; Key makes a retried write a no-op.
type Line struct {
	CaseID  string
	Key     string
	Seq     int
	Entry   ltc.HistoryEntry
	Benefit ltc.Benefit
	Purpose ltc.Purpose
}

// CaseFacts is what eligibility reads of a case and of the person's past.
type CaseFacts struct {
	Application       json.RawMessage
	ResidentID        string
	SelfGrade         string
	LastNotQualified  time.Time
	SignificantChange time.Time
}

// TeamRequest asks for a team of Size with at least Experts experts. Round
// names the draw: the same round returns the same team.
type TeamRequest struct {
	CaseID, Region, Round string
	Size, Experts         int
	Keep                  []Member
	Exclude               []string
}
