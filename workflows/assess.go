package workflows

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/policy"
)

// assess schedules a team, waits for the visit and the experts' confirmation,
// and sends sampled or inconsistent conclusions to the committee's audit.
func (r *run) assess(ctx workflow.Context) (*ltc.Decision, error) {
	visitOverdue := ltc.Text{Zh: "超过现场评估时限", En: "the visit is overdue"}
	// Back in scheduling: a member left before the visit (recused), and the team is completed again.
	visitedOrShort := func() bool { return r.Status == ltc.StatusConfirming || r.Status == ltc.StatusScheduling }
	for r.Status != ltc.StatusConfirming {
		if err := r.schedule(ctx); err != nil {
			return nil, err
		}
		if err := r.waitEscalating(ctx, visitedOrShort, visitOverdue); err != nil {
			return nil, err
		}
	}
	if err := r.due(ctx, workflow.Now(ctx), r.policy.Periods.AssignmentConfirm); err != nil {
		return nil, err
	}
	confirmOverdue := ltc.Text{Zh: "评估专家确认结论超时", En: "the experts' confirmation is overdue"}
	if err := r.waitEscalating(ctx, func() bool { return len(r.Confirmations) >= 2 }, confirmOverdue); err != nil {
		return nil, err
	}
	if r.Purpose != PurposeObjection && r.sampled() {
		if err := r.audit(ctx); err != nil {
			return nil, err
		}
	}
	return r.Proposed, nil
}

// schedule assigns a team and waits until every member confirms: a member who
// declines is replaced at once, one who does not answer in time afterwards.
func (r *run) schedule(ctx workflow.Context) error {
	var timedOut []string
	for {
		if r.teamShort() {
			if err := r.assignTeam(ctx, timedOut); err != nil {
				return err
			}
		}
		if err := r.due(ctx, workflow.Now(ctx), r.policy.Periods.AssignmentConfirm); err != nil {
			return err
		}
		allConfirmed := func() bool { return !r.teamShort() && len(r.unconfirmed()) == 0 }
		if _, err := r.wait(ctx, r.Deadline, func() bool { return allConfirmed() || r.teamShort() }); err != nil {
			return err
		}
		if allConfirmed() {
			break
		}
		if r.teamShort() {
			continue // someone declined
		}
		late := r.unconfirmed()
		timedOut = append(timedOut, late...)
		r.Team = slices.DeleteFunc(r.Team, func(m Member) bool { return !m.Confirmed })
		if err := r.record(ctx, ltc.System, "assignment_expired", "未在时限内确认派单，重新派单", map[string]any{"assessors": late}); err != nil {
			return err
		}
	}
	for _, id := range r.teamIDs() {
		if !slices.Contains(r.PastAssessors, id) {
			r.PastAssessors = append(r.PastAssessors, id)
		}
	}
	if r.rev >= revAppointments && r.Appointment == nil {
		r.Appointment = &Appointment{}
	}
	if err := r.transition(ctx, ltc.StatusAwaitingVisit, ltc.System, "team_confirmed", "", map[string]any{"team": r.teamIDs()}); err != nil {
		return err
	}
	from, period := r.visitPeriod(ctx)
	return r.due(ctx, from, period)
}

// visitPeriod is the period the visit must be done in, and when it starts:
// a first visit counts from acceptance, a re-assessment from now.
func (r *run) visitPeriod(ctx workflow.Context) (time.Time, policy.Period) {
	if r.Purpose == PurposeInitial {
		return r.AcceptedAt, r.policy.Periods.Visit
	}
	return workflow.Now(ctx), r.policy.Periods.Reassessment
}

func (r *run) teamShort() bool {
	experts := 0
	for _, m := range r.Team {
		if m.Expert {
			experts++
		}
	}
	return len(r.Team) < r.policy.Team.Size || experts < r.policy.Team.Experts
}

// assignTeam fills the team at random among eligible assessors, balanced by
// load, without anyone recused. With nobody left, it escalates and tries again
// later, when the roster may have changed.
func (r *run) assignTeam(ctx workflow.Context, timedOut []string) error {
	for {
		exclude := append(append(append([]string{}, r.declined...), timedOut...), r.recused()...)
		var team []activities.Member
		err := workflow.ExecuteActivity(activityCtx(ctx), acts.AssignTeam, activities.AssignInput{
			CaseID: r.CaseID, Region: r.Region, Key: fmt.Sprintf("assign-%d-%d", r.Cycle, r.seq),
			Size: r.policy.Team.Size, Experts: r.policy.Team.Experts, Keep: membersOut(r.Team), Exclude: exclude,
		}).Get(ctx, &team)
		if err == nil {
			r.Team = membersIn(team)
			return r.record(ctx, ltc.System, "assigned", "", map[string]any{"team": r.teamIDs()})
		}
		if ltcCode(err) != ltc.EConflict {
			return err
		}
		if err := r.record(ctx, ltc.System, "overdue", "没有可派的评估人员，请补充评估人员名册", nil); err != nil {
			return err
		}
		if err := r.due(ctx, workflow.Now(ctx), r.policy.Periods.AssignmentConfirm); err != nil {
			return err
		}
		if _, err := r.wait(ctx, r.Deadline, func() bool { return false }); err != nil {
			return err
		}
		timedOut = nil
	}
}

// recused are those who may not assess now: for any re-assessment, everyone
// who assessed this person before.
func (r *run) recused() []string {
	if r.Purpose == PurposeInitial {
		return nil
	}
	return r.PastAssessors
}

// score scores a submitted form (in an activity) into a proposed conclusion.
func (r *run) score(ctx workflow.Context, sub AssessmentSubmission) (*ltc.Decision, error) {
	var res activities.ScoreResult
	err := workflow.ExecuteActivity(activityCtx(ctx), acts.ScoreAssessment, activities.ScoreInput{
		CaseID: r.CaseID, FormID: sub.FormID, Instrument: r.policy.Instrument.Ref(),
	}).Get(ctx, &res)
	if err != nil {
		return nil, err
	}
	r.grades = res.GradeNames
	return r.proposal(res.Assessment.Grade, res.Assessment.ID, res.Assessment.Version), nil
}

func (r *run) proposal(grade int, instrument, version string) *ltc.Decision {
	name := ""
	for _, g := range r.grades {
		if g.Grade == grade {
			name = g.Name.Zh
		}
	}
	return &ltc.Decision{Grade: grade, GradeName: name, Instrument: instrument, InstrumentVersion: version,
		Qualifies: r.policy.Qualifies(grade)}
}

// sampled: a share of cases drawn by a hash of the case and cycle (the same on
// every replay, and auditable), and every inconsistent one: a self-assessment
// of E–G that the assessors found nearly independent (grade 0 or 1).
func (r *run) sampled() bool {
	h := fnv.New32a()
	_, _ = h.Write([]byte(r.CaseID + "/" + strconv.Itoa(r.Cycle)))
	drawn := int(h.Sum32()%100) < r.policy.QualitySamplingPercent
	inconsistent := r.selfGrade >= "E" && r.Proposed.Grade <= 1
	return drawn || inconsistent
}

// audit puts the proposed conclusion before the committee, which upholds it or sets another grade.
func (r *run) audit(ctx workflow.Context) error {
	r.Candidates, r.Votes = r.gradeList(), nil
	if err := r.transition(ctx, ltc.StatusCommitteeAudit, ltc.System, "sampled", "质量抽查", nil); err != nil {
		return err
	}
	grade, err := r.committee(ctx, r.policy.Periods.CommitteeAudit)
	if err != nil {
		return err
	}
	action := "audit_upheld"
	if grade != r.Proposed.Grade {
		action = "audit_changed"
		r.Proposed = r.proposal(grade, r.Proposed.Instrument, r.Proposed.InstrumentVersion)
	}
	return r.record(ctx, ltc.System, action, "", map[string]any{"grade": grade})
}

func (r *run) gradeList() []int {
	gs := make([]int, len(r.grades))
	for i, g := range r.grades {
		gs[i] = g.Grade
	}
	return gs
}

// committee waits for the quorum and a majority for one grade: its ruling.
func (r *run) committee(ctx workflow.Context, period policy.Period) (int, error) {
	if err := r.due(ctx, workflow.Now(ctx), period); err != nil {
		return 0, err
	}
	var ruling int
	ruled := func() bool {
		if len(r.Votes) < r.policy.Committee.Quorum {
			return false
		}
		count := map[int]int{}
		for _, v := range r.Votes {
			count[v.Grade]++
			if count[v.Grade] >= r.policy.Committee.Majority {
				ruling = v.Grade
				return true
			}
		}
		return false
	}
	err := r.waitEscalating(ctx, ruled, ltc.Text{Zh: "专家委员会表决超时", En: "the committee's vote is overdue"})
	return ruling, err
}

func membersOut(ms []Member) []activities.Member {
	out := make([]activities.Member, len(ms))
	for i, m := range ms {
		out[i] = activities.Member{ID: m.ID, Expert: m.Expert}
	}
	return out
}

func membersIn(ms []activities.Member) []Member {
	out := make([]Member, len(ms))
	for i, m := range ms {
		out[i] = Member{ID: m.ID, Expert: m.Expert, Confirmed: m.Confirmed}
	}
	return out
}
