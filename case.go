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
	StatusAdjudication       Status = "adjudication"        // the committee rules on the dispute
	StatusValid              Status = "valid"               // qualifying conclusion in force
	StatusNotQualified       Status = "not_qualified"       // conclusion below the qualifying grades
	StatusWithdrawn          Status = "withdrawn"           // withdrawn by the applicant before the decision
	StatusEnded              Status = "ended"               // the insured person died
	StatusVoid               Status = "void"                // never recorded, or made in someone else's name and voided
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
	StatusAdjudication:       {Zh: "专家委员会复核裁决中", En: "before the expert committee"},
	StatusValid:              {Zh: "评估结论有效", En: "conclusion in force"},
	StatusNotQualified:       {Zh: "未达到待遇享受等级", En: "does not qualify"},
	StatusWithdrawn:          {Zh: "申请人已撤回", En: "withdrawn by the applicant"},
	StatusEnded:              {Zh: "参保人已身故，案件终止", En: "ended: the insured person died"},
	StatusVoid:               {Zh: "申请已作废", En: "application void"},
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

// Purpose is why an assessment is under way: the family reads a step of a
// re-assessment differently from the same step of a first assessment.
type Purpose string

const (
	PurposeInitial      Purpose = "initial"       // the first assessment of an application
	PurposeObjection    Purpose = "objection"     // re-assessment after an objection (复评)
	PurposeRenewal      Purpose = "renewal"       // before the conclusion in force expires (到期复评)
	PurposeStatusChange Purpose = "status_change" // after a change of condition (状态变化评估)
)

// purposeLabels name the assessment steps of a re-assessment; the
// conclusion in force stands meanwhile for renewals and changes.
var purposeLabels = map[Purpose]map[Status]Text{
	PurposeObjection: {
		StatusScheduling:    {Zh: "复评：安排其他评估人员", En: "re-assessment: assigning other assessors"},
		StatusAwaitingVisit: {Zh: "复评：待现场评估", En: "re-assessment: awaiting the visit"},
		StatusAssessing:     {Zh: "复评：评估结果计算中", En: "re-assessment: being scored"},
		StatusConfirming:    {Zh: "复评：评估专家确认结论", En: "re-assessment: experts confirming"},
	},
	PurposeRenewal: {
		StatusScheduling:     {Zh: "到期复评：安排评估人员（原结论仍有效）", En: "renewal: assigning assessors (the conclusion stands meanwhile)"},
		StatusAwaitingVisit:  {Zh: "到期复评：待现场评估（原结论仍有效）", En: "renewal: awaiting the visit (the conclusion stands meanwhile)"},
		StatusAssessing:      {Zh: "到期复评：评估结果计算中", En: "renewal: being scored"},
		StatusConfirming:     {Zh: "到期复评：评估专家确认结论", En: "renewal: experts confirming"},
		StatusCommitteeAudit: {Zh: "到期复评：专家委员会抽查", En: "renewal: under the committee's audit"},
	},
	PurposeStatusChange: {
		StatusScheduling:     {Zh: "状态变化评估：安排评估人员（原结论仍有效）", En: "change of condition: assigning assessors (the conclusion stands meanwhile)"},
		StatusAwaitingVisit:  {Zh: "状态变化评估：待现场评估（原结论仍有效）", En: "change of condition: awaiting the visit (the conclusion stands meanwhile)"},
		StatusAssessing:      {Zh: "状态变化评估：评估结果计算中", En: "change of condition: being scored"},
		StatusConfirming:     {Zh: "状态变化评估：评估专家确认结论", En: "change of condition: experts confirming"},
		StatusCommitteeAudit: {Zh: "状态变化评估：专家委员会抽查", En: "change of condition: under the committee's audit"},
	},
}

// LabelFor is the status as a family reads it during an assessment of this purpose.
func (s Status) LabelFor(p Purpose) Text {
	if l, ok := purposeLabels[p][s]; ok {
		return l
	}
	return s.Label()
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
	RoleNational   Role = "national" // the national administration: the holiday calendar
	RolePublic     Role = "public"   // anyone, without a token: sees the publicity list, may object
	RoleSystem     Role = "system"   // the workflow itself: deadlines, timers
)

// Regional reports whether the role works for one region, which its
// credentials must then name.
func (r Role) Regional() bool {
	switch r {
	case RoleCaseworker, RoleAssessor, RoleCommittee, RoleAdmin:
		return true
	}
	return false
}

// Actor is who did something. ID is an internal id, never a resident ID
// number; Region is the region a member of staff works for. Family says that
// an applicant acts as the family a case was filed for (signed in by a phone
// on it) though someone else filed it: the service layer, which knows the
// phones, tells the workflow, which knows only who filed.
type Actor struct {
	ID     string `json:"id"`
	Role   Role   `json:"role"`
	Region string `json:"region,omitempty"`
	Family bool   `json:"family,omitempty"`
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
	Corrects    string    `json:"corrects,omitempty"` // the evidence this upload corrects, which stays
	ObjectKey   string    `json:"-"`
	VersionID   string    `json:"-"`
}

// Case is the record of one application and what became of it.
type Case struct {
	ID            string         `json:"id"`
	PersonID      string         `json:"person_id"`
	PersonName    string         `json:"person_name"`
	ResidentID    string         `json:"resident_id"`
	WorkflowID    string         `json:"-"`
	ApplicantID   string         `json:"-"` // the actor who applied
	Family        []string       `json:"-"` // the family accounts of the person and the agent, who see it too
	Committee     bool           `json:"-"` // the case is or was before the committee
	Region        string         `json:"region"`
	Scheme        string         `json:"scheme"`
	Status        Status         `json:"status"`
	Purpose       Purpose        `json:"purpose,omitempty"`
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
