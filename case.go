package ltc

import "time"

// Status is where a case stands in its lifecycle (domain.md §2).
type Status string

const (
	StatusSubmitted          Status = "submitted"           // application received
	StatusAwaitingAcceptance Status = "awaiting_acceptance" // a caseworker must accept, return or refuse
	StatusAwaitingAssessment Status = "awaiting_assessment" // accepted; the visit and scoring are due
	StatusAssessing          Status = "assessing"           // a submitted form is being scored
	StatusValid              Status = "valid"               // qualifying conclusion, within its validity
	StatusNotQualified       Status = "not_qualified"       // conclusion below the region's qualifying grades
	StatusExpired            Status = "expired"             // validity ended without a renewal
	StatusVoid               Status = "void"                // the application was never recorded
)

// Closed reports whether a case in this status takes no more actions.
func (s Status) Closed() bool {
	switch s {
	case StatusNotQualified, StatusExpired, StatusVoid:
		return true
	}
	return false
}

// Label is the status in Chinese and English, as shown to families.
func (s Status) Label() Text {
	switch s {
	case StatusSubmitted:
		return Text{Zh: "已提交申请", En: "application submitted"}
	case StatusAwaitingAcceptance:
		return Text{Zh: "待受理", En: "awaiting acceptance"}
	case StatusAwaitingAssessment:
		return Text{Zh: "已受理，待现场评估", En: "accepted, awaiting the assessment visit"}
	case StatusAssessing:
		return Text{Zh: "评估结果计算中", En: "assessment being scored"}
	case StatusValid:
		return Text{Zh: "评估结论有效", En: "conclusion valid"}
	case StatusNotQualified:
		return Text{Zh: "未达到待遇享受等级", En: "does not qualify"}
	case StatusExpired:
		return Text{Zh: "评估结论已过期", En: "conclusion expired"}
	case StatusVoid:
		return Text{Zh: "申请未登记", En: "application not recorded"}
	}
	return Text{Zh: string(s), En: string(s)}
}

// Role is what a person acting on a case is.
type Role string

const (
	RoleApplicant  Role = "applicant"
	RoleCaseworker Role = "caseworker"
	RoleAssessor   Role = "assessor"
	RoleCommittee  Role = "committee"
	RoleAdmin      Role = "admin"
	RoleSystem     Role = "system" // the workflow itself: deadlines, timers
)

// Actor is who did something. ID is an internal id, never a resident ID number.
type Actor struct {
	ID   string `json:"id"`
	Role Role   `json:"role"`
}

// System is the actor for what the case does by itself.
var System = Actor{ID: "system", Role: RoleSystem}

// HistoryEntry is one line of a case's append-only history.
type HistoryEntry struct {
	At      time.Time      `json:"at"`
	Actor   Actor          `json:"actor"`
	Action  string         `json:"action"`
	Status  Status         `json:"status"`
	Reason  string         `json:"reason,omitempty"`
	Details map[string]any `json:"details,omitempty"`
}

// Decision is the conclusion of an assessment (评估结论).
type Decision struct {
	Grade             int       `json:"grade"`
	GradeName         string    `json:"grade_name"`
	Instrument        string    `json:"instrument"`
	InstrumentVersion string    `json:"instrument_version"`
	Qualifies         bool      `json:"qualifies"`
	DecidedAt         time.Time `json:"decided_at"`
	ValidUntil        string    `json:"valid_until,omitempty"` // a Beijing date, 2006-01-02
}

// PendingAction is what someone must do next on a case.
func PendingAction(s Status) (Role, Text, bool) {
	switch s {
	case StatusAwaitingAcceptance:
		return RoleCaseworker, Text{Zh: "受理、退回补正或不予受理", En: "accept, return for correction or refuse"}, true
	case StatusAwaitingAssessment:
		return RoleAssessor, Text{Zh: "上门评估并提交评估表", En: "visit and submit the assessment form"}, true
	}
	return "", Text{}, false
}

// Evidence is a file attached to a case, stored in object storage.
type Evidence struct {
	ID          string    `json:"id"`
	CaseID      string    `json:"case_id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  Actor     `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
	ObjectKey   string    `json:"-"`
	VersionID   string    `json:"-"`
}

// Case is the record of one application and what became of it.
type Case struct {
	ID            string         `json:"id"`
	PersonID      string         `json:"person_id"`
	WorkflowID    string         `json:"-"`
	Region        string         `json:"region"`
	Scheme        string         `json:"scheme"`
	Status        Status         `json:"status"`
	PolicyVersion string         `json:"policy_version,omitempty"`
	SelfGrade     string         `json:"self_assessment_grade"`
	Decision      *Decision      `json:"decision,omitempty"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
	History       []HistoryEntry `json:"history"`
	Evidence      []Evidence     `json:"evidence"`
}
