// Package workflows holds the case workflow: one durable workflow per open
// case, orchestrating the lifecycle of domain.md §2. It is deterministic: all
// I/O is in activities.
package workflows

import "go.temporal.io/sdk/temporal"

// TaskQueue is where the case worker listens.
const TaskQueue = "ltc-cases"

// Message names: every human action is an Update (validated, answered, and
// deduplicated by its id); state goes out by Query.
const (
	UpdateDecideAcceptance  = "decide-acceptance"
	UpdateResubmit          = "resubmit"
	UpdateWithdraw          = "withdraw"
	UpdateConfirmAssignment = "confirm-assignment"
	UpdateDeclineAssignment = "decline-assignment"
	UpdateSubmitAssessment  = "submit-assessment"
	UpdateConfirmConclusion = "confirm-conclusion"
	UpdateObject            = "object"
	UpdateVote              = "vote"
	UpdateLifeEvent         = "life-event"
	UpdateVoid              = "void"
	UpdateCheckObjection    = "check-objection"
	UpdateRecuse            = "recuse"
	UpdateProposeVisit      = "propose-visit"
	UpdateChooseVisit       = "choose-visit"
	UpdateMoveVisit         = "move-visit"
	UpdateMissedVisit       = "missed-visit"
	QueryState              = "state"

	// SignalEnrolmentChanged tells a case that the person's insurance records
	// changed (an import): arrears may now suspend or resume payment.
	SignalEnrolmentChanged = "enrolment-changed"
)

// CaseWorkflowID derives the workflow id from the person's internal id, never
// from a resident ID number or a name: ids are stored unencrypted. One person
// has at most one running case workflow.
func CaseWorkflowID(personID string) string { return "case-person-" + personID }

// Search attributes, so that operators can list cases in Temporal too. They
// are registered by `temporal server start-dev --search-attribute` (scripts/services.sh).
var (
	SearchStatus       = temporal.NewSearchAttributeKeyKeyword("LtcStatus")
	SearchRegion       = temporal.NewSearchAttributeKeyKeyword("LtcRegion")
	SearchGrade        = temporal.NewSearchAttributeKeyInt64("LtcGrade")
	SearchValidUntil   = temporal.NewSearchAttributeKeyTime("LtcValidUntil")
	SearchNextDeadline = temporal.NewSearchAttributeKeyTime("LtcNextDeadline")
)
