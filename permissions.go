package ltc

import "slices"

// Action is something a person does to, or sees of, a case.
type Action string

const (
	ActionView                    Action = "view"                      // the case: status, history, decision, letter, files
	ActionViewPersonal            Action = "view_personal"             // the name and ID number unmasked
	ActionAddEvidence             Action = "add_evidence"              // attach a document, photo or video
	ActionCorrectEvidence         Action = "correct_evidence"          // a caseworker replaces a wrong upload; the old one stays
	ActionDecideAcceptance        Action = "decide_acceptance"         // accept, return for correction, refuse (受理)
	ActionResubmit                Action = "resubmit"                  // resubmit after a return (补正)
	ActionWithdraw                Action = "withdraw"                  // withdraw the application
	ActionVoid                    Action = "void"                      // void an application made in someone else's name
	ActionAnswerAssignment        Action = "answer_assignment"         // confirm or decline an assignment
	ActionDeclareConflict         Action = "declare_conflict"          // an assessor declares a conflict of interest (回避)
	ActionRecordConflict          Action = "record_conflict"           // a caseworker records an assessor's conflict
	ActionSubmitAssessment        Action = "submit_assessment"         // the visit's form, signed by the team
	ActionConfirmConclusion       Action = "confirm_conclusion"        // an assessment expert confirms
	ActionObject                  Action = "object"                    // the applicant's objection (异议)
	ActionObjectPublic            Action = "object_public"             // anyone's objection during publicity
	ActionCheckObjection          Action = "check_objection"           // a caseworker checks a public objection (核实)
	ActionVote                    Action = "vote"                      // a committee member's vote
	ActionRecordEvent             Action = "record_event"              // hospital admission, discharge, death
	ActionReportChange            Action = "report_change"             // a change of condition: a new assessment
	ActionRecordSignificantChange Action = "record_significant_change" // lifts the re-application lock
	ActionProposeVisit            Action = "propose_visit"             // the team proposes visit times
	ActionChooseVisit             Action = "choose_visit"              // the family chooses one (a caseworker for them)
	ActionMoveVisit               Action = "move_visit"                // either side asks for other times, with a reason
	ActionRecordMissedVisit       Action = "record_missed_visit"       // a visit that did not take place
)

// Relation is how a person stands to a case.
type Relation string

const (
	RelApplicant Relation = "applicant" // applied for it, or is the family it was filed for
	RelRegion    Relation = "region"    // staff of the case's region
	RelTeam      Relation = "team"      // on the assessment team under way
	RelAssessed  Relation = "assessed"  // was on one of its teams before
	RelExpert    Relation = "expert"    // an assessment expert of the case's region
	RelCommittee Relation = "committee" // a committee member of its region, the case before (or once before) the committee
	RelAnyone    Relation = "anyone"    // no sign-in
)

// Permission is one line of the permission table: a role, standing in a
// relation to a case, may take an action while the case is in one of the
// statuses (In empty: any status, open or closed).
type Permission struct {
	Role     Role
	Relation Relation
	Action   Action
	In       []Status
}

// Groups of statuses the table refers to.
var (
	openStatuses = []Status{StatusSubmitted, StatusOnHold, StatusAwaitingAcceptance, StatusCorrection, StatusScheduling,
		StatusAwaitingVisit, StatusAssessing, StatusConfirming, StatusCommitteeAudit, StatusPublicity, StatusNotice,
		StatusAdjudication, StatusValid}
	beforeDecision = []Status{StatusSubmitted, StatusOnHold, StatusAwaitingAcceptance, StatusCorrection, StatusScheduling,
		StatusAwaitingVisit, StatusAssessing, StatusConfirming, StatusCommitteeAudit, StatusPublicity, StatusNotice}
	visitSteps     = []Status{StatusAwaitingVisit, StatusAssessing, StatusConfirming}
	committeeSteps = []Status{StatusCommitteeAudit, StatusAdjudication}
)

// Permissions is the one table of who may do what to which case. The API,
// the pages, the case lists and the workflow's validators all read it; the
// README shows it (TestREADMEShowsThePermissionTable keeps the two equal).
var Permissions = []Permission{
	{RoleApplicant, RelApplicant, ActionView, nil},
	{RoleApplicant, RelApplicant, ActionViewPersonal, nil},
	{RoleApplicant, RelApplicant, ActionAddEvidence, openStatuses},
	{RoleApplicant, RelApplicant, ActionResubmit, []Status{StatusCorrection}},
	{RoleApplicant, RelApplicant, ActionWithdraw, beforeDecision},
	{RoleApplicant, RelApplicant, ActionObject, []Status{StatusPublicity, StatusNotice}},
	{RoleApplicant, RelApplicant, ActionReportChange, []Status{StatusValid}},
	{RoleApplicant, RelApplicant, ActionChooseVisit, []Status{StatusAwaitingVisit}},
	{RoleApplicant, RelApplicant, ActionMoveVisit, []Status{StatusAwaitingVisit}},

	{RoleCaseworker, RelRegion, ActionView, nil},
	{RoleCaseworker, RelRegion, ActionViewPersonal, nil},
	{RoleCaseworker, RelRegion, ActionAddEvidence, openStatuses},
	{RoleCaseworker, RelRegion, ActionCorrectEvidence, openStatuses},
	{RoleCaseworker, RelRegion, ActionDecideAcceptance, []Status{StatusSubmitted, StatusAwaitingAcceptance}},
	{RoleCaseworker, RelRegion, ActionResubmit, []Status{StatusCorrection}},
	{RoleCaseworker, RelRegion, ActionWithdraw, beforeDecision},
	{RoleCaseworker, RelRegion, ActionVoid, openStatuses},
	{RoleCaseworker, RelRegion, ActionRecordConflict, openStatuses},
	{RoleCaseworker, RelRegion, ActionObject, []Status{StatusPublicity, StatusNotice}},
	{RoleCaseworker, RelRegion, ActionCheckObjection, []Status{StatusPublicity}},
	{RoleCaseworker, RelRegion, ActionRecordEvent, openStatuses},
	{RoleCaseworker, RelRegion, ActionReportChange, []Status{StatusValid}},
	{RoleCaseworker, RelRegion, ActionRecordSignificantChange, []Status{StatusNotQualified}},
	{RoleCaseworker, RelRegion, ActionChooseVisit, []Status{StatusAwaitingVisit}},
	{RoleCaseworker, RelRegion, ActionMoveVisit, []Status{StatusAwaitingVisit}},
	{RoleCaseworker, RelRegion, ActionRecordMissedVisit, []Status{StatusAwaitingVisit}},

	{RoleAdmin, RelRegion, ActionView, nil},
	{RoleAdmin, RelRegion, ActionViewPersonal, nil},

	{RoleAssessor, RelTeam, ActionView, nil},
	{RoleAssessor, RelTeam, ActionViewPersonal, nil},
	{RoleAssessor, RelTeam, ActionAnswerAssignment, []Status{StatusScheduling}},
	{RoleAssessor, RelTeam, ActionDeclareConflict, []Status{StatusScheduling, StatusAwaitingVisit}},
	{RoleAssessor, RelTeam, ActionAddEvidence, append([]Status{StatusScheduling}, visitSteps...)},
	{RoleAssessor, RelTeam, ActionSubmitAssessment, []Status{StatusAwaitingVisit}},
	{RoleAssessor, RelTeam, ActionProposeVisit, []Status{StatusAwaitingVisit}},
	{RoleAssessor, RelTeam, ActionMoveVisit, []Status{StatusAwaitingVisit}},
	{RoleAssessor, RelTeam, ActionRecordMissedVisit, []Status{StatusAwaitingVisit}},
	{RoleAssessor, RelAssessed, ActionView, nil},
	{RoleAssessor, RelExpert, ActionView, []Status{StatusConfirming}},
	{RoleAssessor, RelExpert, ActionConfirmConclusion, []Status{StatusConfirming}},

	{RoleCommittee, RelCommittee, ActionView, nil},
	{RoleCommittee, RelCommittee, ActionVote, committeeSteps},

	{RolePublic, RelAnyone, ActionObjectPublic, []Status{StatusPublicity}},
}

// Permits reports whether someone of role, standing in the relations to a
// case in status, may take action.
func Permits(role Role, relations []Relation, action Action, status Status) bool {
	return slices.ContainsFunc(Permissions, func(p Permission) bool {
		return p.Role == role && p.Action == action && slices.Contains(relations, p.Relation) &&
			(p.In == nil || slices.Contains(p.In, status))
	})
}

// Grants reports whether someone of role, standing in the relations to a
// case, may take action in some state of it: the check made before handing
// an action to the workflow, which alone knows the case's state this instant.
func Grants(role Role, relations []Relation, action Action) bool {
	return slices.ContainsFunc(Permissions, func(p Permission) bool {
		return p.Role == role && p.Action == action && slices.Contains(relations, p.Relation)
	})
}

// RelationsGranting lists the relations through which a role may take an
// action in some status: what a case list must match to show a case.
func RelationsGranting(role Role, action Action) []Relation {
	var out []Relation
	for _, p := range Permissions {
		if p.Role == role && p.Action == action && !slices.Contains(out, p.Relation) {
			out = append(out, p.Relation)
		}
	}
	return out
}

// StatusesFor lists the statuses in which a role may take an action through
// a relation; nil means any status.
func StatusesFor(role Role, relation Relation, action Action) (statuses []Status, any bool) {
	for _, p := range Permissions {
		if p.Role == role && p.Relation == relation && p.Action == action {
			if p.In == nil {
				return nil, true
			}
			statuses = append(statuses, p.In...)
		}
	}
	return statuses, false
}

// NotPermitted is the refusal of an action the table does not allow: a case
// is "not found" by someone who may not see it, so that ids cannot be probed;
// an action the person may take in other states is a conflict with the
// state; anything else is forbidden.
func NotPermitted(role Role, relations []Relation, action Action, status Status) *Error {
	if action != ActionObjectPublic && !Permits(role, relations, ActionView, status) {
		return NoSuchCase()
	}
	if Grants(role, relations, action) {
		return &Error{Code: EConflict, Message: Text{
			Zh: "案件当前状态为「" + status.Label().Zh + "」，不能进行此操作",
			En: "this action is not possible while the case is in the state: " + status.Label().En}}
	}
	return Errorf(EForbidden, "您无权对此案件进行此操作", "you may not do this to this case")
}
