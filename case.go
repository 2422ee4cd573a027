package ltc

import (
	"encoding/json"
	"time"
)

// Status is where a case stands in its lifecycle (domain.md §2).
type Status string

const (
	StatusSubmitted          Status = "submitted"           // application received, gates being checked
	StatusOnHold             Status = "on_hold"             // waiting for six months of stable disability
	StatusIneligible         Status = "ineligible"          // refused by an eligibility gate
	StatusAwaitingAcceptance Status = "awaiting_acceptance" // a caseworker must accept, return or refuse
	StatusCorrection         Status = "correction"          // returned to the applicant for correction (补正)
	StatusRefused            Status = "refused"             // not accepted (不予受理)
	StatusScheduling         Status = "scheduling"          // assessors assigned, waiting for them to confirm
	StatusAwaitingVisit      Status = "awaiting_visit"      // the team confirmed; the visit is due
	StatusAssessing          Status = "assessing"           // a submitted form is being scored
	StatusConfirming         Status = "confirming"          // two assessment experts confirm the conclusion
	StatusCommitteeAudit     Status = "committee_audit"     // sampled for the committee's audit
	StatusPublicity          Status = "publicity"           // public notice and objection windows
	StatusNotice             Status = "notice"              // a conclusion that does not qualify, told to the applicant, who may object
	StatusReassessment       Status = "reassessment"        // re-assessment by another team after an objection
	StatusAdjudication       Status = "adjudication"        // the committee rules on the dispute
	StatusValid              Status = "valid"               // qualifying conclusion in force
	StatusRenewal            Status = "renewal"             // re-assessment before expiry or on a change of condition
	StatusNotQualified       Status = "not_qualified"       // conclusion below the qualifying grades
	StatusWithdrawn          Status = "withdrawn"           // withdrawn by the applicant before the decision
	StatusEnded              Status = "ended"               // the insured person died
	StatusVoid               Status = "void"                // the application was never recorded
)

// Closed reports whether a case in this status takes no more actions.
func (s Status) Closed() bool {
	switch s {
	case StatusIneligible, StatusRefused, StatusNotQualified, StatusWithdrawn, StatusEnded, StatusVoid:
		return true
	}
	return false
}

var statusLabels = map[Status]Text{
	StatusSubmitted:          {Zh: "已提交申请", En: "application submitted"},
	StatusOnHold:             {Zh: "等待失能状态满六个月", En: "waiting for six months of stable disability"},
	StatusIneligible:         {Zh: "不符合申请条件", En: "not eligible"},
	StatusAwaitingAcceptance: {Zh: "待受理", En: "awaiting acceptance"},
	StatusCorrection:         {Zh: "退回补正", En: "returned for correction"},
	StatusRefused:            {Zh: "不予受理", En: "not accepted"},
	StatusScheduling:         {Zh: "已受理，安排评估人员", En: "accepted, assigning assessors"},
	StatusAwaitingVisit:      {Zh: "待现场评估", En: "awaiting the assessment visit"},
	StatusAssessing:          {Zh: "评估结果计算中", En: "assessment being scored"},
	StatusConfirming:         {Zh: "评估专家确认结论", En: "experts confirming the conclusion"},
	StatusCommitteeAudit:     {Zh: "专家委员会抽查", En: "under the committee's audit"},
	StatusPublicity:          {Zh: "公示中", En: "in publicity"},
	StatusNotice:             {Zh: "结论已告知，异议期内", En: "conclusion told to the applicant, objection window open"},
	StatusReassessment:       {Zh: "复评中", En: "being re-assessed"},
	StatusAdjudication:       {Zh: "专家委员会复核裁决中", En: "before the expert committee"},
	StatusValid:              {Zh: "评估结论有效", En: "conclusion in force"},
	StatusRenewal:            {Zh: "复评中（原结论仍有效）", En: "re-assessment under way (the conclusion stands meanwhile)"},
	StatusNotQualified:       {Zh: "未达到待遇享受等级", En: "does not qualify"},
	StatusWithdrawn:          {Zh: "申请人已撤回", En: "withdrawn by the applicant"},
	StatusEnded:              {Zh: "参保人已身故，案件终止", En: "ended: the insured person died"},
	StatusVoid:               {Zh: "申请未登记", En: "application not recorded"},
}

// Known reports whether s is a status of the lifecycle.
func (s Status) Known() bool {
	_, ok := statusLabels[s]
	return ok
}

// Label is the status in Chinese and English, as shown to families.
func (s Status) Label() Text {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return Text{Zh: string(s), En: string(s)}
}

// Benefit is whether benefits are being paid under the conclusion in force.
type Benefit string

const (
	BenefitNone      Benefit = ""          // no qualifying conclusion
	BenefitActive    Benefit = "active"    // paid
	BenefitSuspended Benefit = "suspended" // in hospital, or the conclusion expired awaiting renewal
	BenefitStopped   Benefit = "stopped"   // recovered below the qualifying grade, or died
)

// Role is what a person acting on a case is.
type Role string

const (
	RoleApplicant  Role = "applicant"
	RoleCaseworker Role = "caseworker"
	RoleAssessor   Role = "assessor"
	RoleCommittee  Role = "committee"
	RoleAdmin      Role = "admin"
	RolePublic     Role = "public" // anyone, without a token: sees the publicity list, may object
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
	Grade             int             `json:"grade"`
	GradeName         string          `json:"grade_name"`
	Instrument        string          `json:"instrument"`
	InstrumentVersion string          `json:"instrument_version"`
	Qualifies         bool            `json:"qualifies"`
	DecidedAt         time.Time       `json:"decided_at"`
	ValidUntil        time.Time       `json:"valid_until,omitzero"`        // the instant validity ends
	BenefitsFrom      time.Time       `json:"benefits_from,omitzero"`      // the first day benefits are paid
	Reasons           []Text          `json:"reasons,omitempty"`           // how the conclusion was reached
	Statement         json.RawMessage `json:"benefit_statement,omitempty"` // policy.Statement: what the person is entitled to
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
	ApplicantID   string         `json:"-"` // the actor who applied
	Region        string         `json:"region"`
	Scheme        string         `json:"scheme"`
	Status        Status         `json:"status"`
	Benefit       Benefit        `json:"benefit,omitempty"`
	PolicyVersion string         `json:"policy_version,omitempty"`
	SelfGrade     string         `json:"self_assessment_grade"`
	Decision      *Decision      `json:"decision,omitempty"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
	History       []HistoryEntry `json:"history"`
	Evidence      []Evidence     `json:"evidence"`
}

// MaskName hides a name for the publicity list: the family name and, for
// names of three characters or more, the last one stay (张三 → 张*, 张小三 → 张*三).
func MaskName(name string) string {
	r := []rune(name)
	switch len(r) {
	case 0, 1:
		return "*"
	case 2:
		return string(r[0]) + "*"
	}
	masked := string(r[0])
	for range r[1 : len(r)-1] {
		masked += "*"
	}
	return masked + string(r[len(r)-1])
}
