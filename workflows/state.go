package workflows

import (
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
)

// CaseInput starts a case: ids only; the application itself is in PostgreSQL.
// Carry is set when a case continues as new for its next cycle.
type CaseInput struct {
	CaseID    string
	Region    string
	Applicant string // the actor id of whoever applied
	Carry     *Carry
}

// Carry is what a case takes from one run into the next.
type Carry struct {
	State State
	Seq   int
	Why   ltc.Purpose // renewal or status_change
}

// Member is one assessor of the team.
type Member struct {
	ID        string
	Expert    bool
	Confirmed bool
}

// Objection is one objection to a conclusion (异议). A public one counts
// once a caseworker found it substantiated (Finding).
type Objection struct {
	ID      string
	From    ltc.Actor
	Public  bool
	Reason  string
	At      time.Time
	Finding string
}

// Findings on a public objection.
const (
	FindingSubstantiated   = "substantiated"
	FindingUnsubstantiated = "unsubstantiated"
)

// Vote is one committee member's vote on a grade.
type Vote struct {
	Member string
	Grade  int
	Reason string
}

// State is what the case shows by query and in update answers, and what it
// carries into its next cycle.
type State struct {
	CaseID        string
	Region        string
	Status        ltc.Status
	Benefit       ltc.Benefit
	PolicyVersion string
	Cycle         int
	HoldUntil     time.Time
	Deadline      time.Time // of the step under way; zero when nobody is due
	Overdue       bool
	AcceptedAt    time.Time
	Team          []Member
	PastAssessors []string // who assessed this person before: recused from re-assessments
	Proposed      *ltc.Decision
	Confirmations []string
	Objections    []Objection
	Votes         []Vote
	Decision      *ltc.Decision // the conclusion in force
	Refusals      []ltc.Text
	Purpose       ltc.Purpose // of the assessment under way: initial, objection, renewal, status_change
	Candidates    []int       // grades the committee may vote for
	InHospital    bool
	Expired       bool // validity ended before a renewed conclusion
	InArrears     bool // contributions owed: nothing is paid meanwhile
	// WaitingUntil is the end of a waiting period that began after the
	// decision (a payment that made a new enrolee): nothing is paid until then.
	WaitingUntil  time.Time
	BenefitsSince time.Time
	Appointment   *Appointment // of the visit under way
}

// Appointment is the agreement on a visit: the times the team proposed, the
// one the family chose and its booking, and the absences so far. Gen changes
// whenever the agreement does, which ends the old one's reminder.
type Appointment struct {
	Proposed       []activities.Slot
	Chosen         *activities.Slot
	Booking        string
	Present        string
	Address        string
	FamilyAbsent   int
	AssessorAbsent int
	Gen            int
}

// Pending is an action someone must take now.
type Pending struct {
	Role     ltc.Role  `json:"role"`
	Who      []string  `json:"who,omitempty"`
	What     ltc.Text  `json:"what"`
	Deadline time.Time `json:"deadline,omitzero"`
}

// View is the query answer: the state and what is pending, for whom.
type View struct {
	State
	Pending []Pending
}

func (s *State) view() View {
	v := View{State: *s, Pending: []Pending{}}
	add := func(role ltc.Role, who []string, zh, en string) {
		v.Pending = append(v.Pending, Pending{Role: role, Who: who, What: ltc.Text{Zh: zh, En: en}, Deadline: s.Deadline})
	}
	switch s.Status {
	case ltc.StatusAwaitingAcceptance:
		add(ltc.RoleCaseworker, nil, "受理、退回补正或不予受理", "accept, return for correction or refuse")
	case ltc.StatusCorrection:
		add(ltc.RoleApplicant, nil, "按退回理由补正后重新提交", "correct the application and resubmit")
	case ltc.StatusScheduling:
		add(ltc.RoleAssessor, s.unconfirmed(), "确认评估派单", "confirm the assignment")
	case ltc.StatusAwaitingVisit:
		s.visitPending(add)
	case ltc.StatusConfirming:
		add(ltc.RoleAssessor, nil, "两名评估专家确认评估结论", "two assessment experts confirm the conclusion")
	case ltc.StatusCommitteeAudit, ltc.StatusAdjudication:
		add(ltc.RoleCommittee, nil, "专家委员会表决", "the committee votes")
	case ltc.StatusPublicity, ltc.StatusNotice:
		add(ltc.RoleApplicant, nil, "如有异议，请在异议期内提出", "object within the window, if you disagree")
		if s.uncheckedObjections() {
			add(ltc.RoleCaseworker, nil, "核实公众异议", "check the public objections")
		}
	}
	return v
}

func (s *State) uncheckedObjections() bool {
	for _, o := range s.Objections {
		if o.Public && o.Finding == "" && o.ID != "" {
			return true
		}
	}
	return false
}

func (s *State) teamIDs() []string {
	ids := make([]string, len(s.Team))
	for i, m := range s.Team {
		ids[i] = m.ID
	}
	return ids
}

func (s *State) unconfirmed() []string {
	var ids []string
	for _, m := range s.Team {
		if !m.Confirmed {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

func (s *State) member(id string) *Member {
	for i := range s.Team {
		if s.Team[i].ID == id {
			return &s.Team[i]
		}
	}
	return nil
}

// visitPending is who must act next for the visit: agree a time (runs
// before lifecycle version 2 have no appointment), then visit.
func (s *State) visitPending(add func(ltc.Role, []string, string, string)) {
	switch a := s.Appointment; {
	case len(s.Team) == 0:
	case a == nil || a.Chosen != nil:
		add(ltc.RoleAssessor, s.teamIDs(), "上门评估并提交评估表", "visit and submit the assessment form")
	case len(a.Proposed) > 0:
		add(ltc.RoleApplicant, nil, "从评估人员提出的时间中选择上门评估时间", "choose one of the proposed visit times")
	default:
		add(ltc.RoleAssessor, s.teamIDs(), "提出一至三个上门评估时间", "propose one to three visit times")
	}
}
