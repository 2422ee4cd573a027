package workflows

import (
	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
)

// Acceptance decisions (受理).
const (
	Accept = "accept" // 受理
	Return = "return" // 退回补正
	Refuse = "refuse" // 不予受理
)

// Life events during validity (and death at any time).
const (
	EventAdmission    = "admission"     // hospital admission: benefits suspended
	EventDischarge    = "discharge"     // discharge: benefits resume
	EventDeath        = "death"         // the case ends
	EventStatusChange = "status_change" // a report of change, a complaint or a spot check: re-assessment
)

// AcceptanceDecision is a caseworker's decision on an application.
type AcceptanceDecision struct {
	Actor    ltc.Actor
	Decision string
	Reason   string
}

// ActorRequest is an action that needs only who acts and why.
type ActorRequest struct {
	Actor  ltc.Actor
	Reason string
}

// AssessmentSubmission hands the workflow a stored form by id, signed by the whole team.
type AssessmentSubmission struct {
	Actor      ltc.Actor
	FormID     string
	Signatures []string
}

// ConclusionConfirmation is an assessment expert confirming a conclusion.
// Expert is looked up in the roster by the API.
type ConclusionConfirmation struct {
	Actor  ltc.Actor
	Expert bool
}

// ObjectionRequest is an objection from the applicant or the public. A
// public objection's id names its record, where the objector's contact is
// kept apart from the history.
type ObjectionRequest struct {
	Actor       ltc.Actor
	Public      bool
	Reason      string
	ObjectionID string
}

// ObjectionCheck is a caseworker's finding on a public objection (核实).
type ObjectionCheck struct {
	Actor         ltc.Actor
	ObjectionID   string
	Substantiated bool
	Reason        string
}

// Recusal takes an assessor off the team for a conflict of interest (回避),
// declared by the assessor or recorded by a caseworker.
type Recusal struct {
	Actor      ltc.Actor
	AssessorID string
	Reason     string
}

// VoteRequest is a committee member's vote for a grade.
type VoteRequest struct {
	Actor  ltc.Actor
	Grade  int
	Reason string
}

// LifeEvent is an event in the person's life that the case must follow.
type LifeEvent struct {
	Actor  ltc.Actor
	Event  string
	Reason string
}

// VisitProposal is the team's proposal of one to three visit times.
type VisitProposal struct {
	Actor ltc.Actor
	Slots []activities.Slot
}

// VisitChoice is the family's choice of a proposed time (by its index), with
// who of the family will be there: the agent must be, as the visit rules require.
type VisitChoice struct {
	Actor   ltc.Actor
	Slot    int
	Present string
}

// VisitChange asks for other times, or cancels the agreed one, with a reason.
type VisitChange struct {
	Actor  ltc.Actor
	Reason string
}

// Who may be absent from an agreed visit.
const (
	AbsentFamily   = "family"
	AbsentAssessor = "assessor"
)

// MissedVisit records an agreed visit that did not take place, and who was absent.
type MissedVisit struct {
	Actor  ltc.Actor
	Absent string
	Reason string
}
