package cases

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

// Store is what the service keeps in the system of record (implemented by
// postgres). A case-changing write appends its history line in the same
// transaction.
type Store interface {
	CreateCase(ctx context.Context, nc NewCase, start StartFunc) (caseID string, err error)
	GetCase(ctx context.Context, id string) (*ltc.Case, error)
	Assignment(ctx context.Context, caseID, assessorID string) (current, former bool, err error)
	IsExpert(ctx context.Context, staffID string) (bool, error)
	InsuredName(ctx context.Context, residentID, region string) (name string, found bool, err error)
	ListCases(ctx context.Context, q Query) ([]Summary, *Cursor, error)
	AddEvidence(ctx context.Context, ev ltc.Evidence, e ltc.HistoryEntry) error
	SaveSubmittedForm(ctx context.Context, f forms.Submitted) error
	Assessments(ctx context.Context, caseID string) ([]Assessment, error)
	RecordSignificantChange(ctx context.Context, caseID string, e ltc.HistoryEntry) error
	RecordRecusal(ctx context.Context, r Recusal, e ltc.HistoryEntry) error

	PublicityList(ctx context.Context, region string) ([]Published, error)
	RecordPublicObjection(ctx context.Context, o PublicObjection) error
	RecordObjectionFinding(ctx context.Context, id, finding string, at time.Time) error
	PublicObjections(ctx context.Context, caseID string) ([]PublicObjection, error)
	CountHit(ctx context.Context, bucket string, window time.Duration, at time.Time) (int, error)

	BeginRequest(ctx context.Context, k RequestKey, hash string, at time.Time) (*StoredResponse, error)
	FinishRequest(ctx context.Context, k RequestKey, r StoredResponse) error
	AbandonRequest(ctx context.Context, k RequestKey) error

	ImportEnrolments(ctx context.Context, records []enrolment.Record) (enrolment.Report, error)
	OpenCasesOf(ctx context.Context, residentIDs []string) (workflowIDs []string, err error)
	SaveIncomeFigure(ctx context.Context, f policy.IncomeFigure, by string) error
	DeadLetters(ctx context.Context, region string) ([]DeadLetter, error)
	Revive(ctx context.Context, region, messageID string) error
	DevMessages(ctx context.Context, limit int) ([]notify.DevMessage, error)

	ScoredDimensions(ctx context.Context, caseID string) (map[string]forms.DimensionScore, error)
	LetterOf(ctx context.Context, caseID string, decidedAt time.Time) (*IssuedLetter, error)
	LetterByCode(ctx context.Context, code string) (*IssuedLetter, error)
	SaveLetter(ctx context.Context, l IssuedLetter) (*IssuedLetter, error)
	SaveCalendarYear(ctx context.Context, y calendar.Year, by string) error
	Regions(ctx context.Context, staffIDs, institutionIDs []string) (map[string]string, error)
	UpsertRoster(ctx context.Context, institutions []Institution, staff []Staff) error
	Roster(ctx context.Context, region string) ([]Institution, []Staff, error)
	Members

	// RecordAccess appends a line to the access log, readable by the
	// administrators of region; AccessLog reads a page of it.
	RecordAccess(ctx context.Context, region string, e Access) error
	AccessLog(ctx context.Context, q AccessQuery) ([]Access, error)
}

// IssuedLetter is a conclusion letter as issued: its PDF in object storage,
// with its hash, found by its verification code.
type IssuedLetter struct {
	Code      string
	CaseID    string
	DecidedAt time.Time
	ObjectKey string
	VersionID string
	SHA256    string
	Size      int64
}

// DeadLetter is a message to a family that could not be delivered.
type DeadLetter struct {
	ID        string    `json:"id"`
	CaseID    string    `json:"case_id,omitempty"`
	Template  string    `json:"template"`
	PhoneTail string    `json:"phone_tail"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error"`
	DeadAt    time.Time `json:"dead_at"`
}

// NewCase is an application that passed validation, ready to be recorded.
type NewCase struct {
	ResidentID  string
	Name        string
	Region      string
	Scheme      string
	SelfGrade   string
	Application json.RawMessage
	Family      []string // the family accounts that see the case
	Actor       ltc.Actor
	At          time.Time
}

// StartFunc starts the case's workflow; CreateCase calls it inside its
// transaction, so that a case never exists without its workflow.
type StartFunc func(ctx context.Context, caseID, personID string) (workflowID string, err error)

// Recusal is a declared conflict of interest (回避): the assessor may not
// assess the person.
type Recusal struct {
	StaffID    string
	CaseID     string
	Reason     string
	RecordedBy ltc.Actor
}

// Institution is an assessment institution (评估机构).
type Institution struct {
	ID, Name, Region string
}

// Staff is a caseworker, assessor, committee member or administrator.
type Staff struct {
	ID, Role, Name, Region, InstitutionID string
	IsExpert                              bool
	CareProvider                          string
}
