package workflows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/converter"
	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/calendar"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// The workflow is tested with Temporal's test environment and time skipping:
// its activities (the I/O) are replaced by an in-memory case record, so each
// test drives one path of the lifecycle through years in milliseconds.

var (
	start   = time.Date(2026, 11, 23, 9, 0, 0, 0, ltc.China) // a Monday
	catalog = forms.MustShipped()
	cal     = mustCalendar()
	roster  = []activities.Member{{ID: "expert-1", Expert: true}, {ID: "assessor-1"}, {ID: "expert-2", Expert: true},
		{ID: "assessor-2"}, {ID: "expert-3", Expert: true}, {ID: "assessor-3"}, {ID: "expert-4", Expert: true}, {ID: "assessor-4"}}
	caseworker = ltc.Actor{ID: "cw-1", Role: ltc.RoleCaseworker}
	applicant  = ltc.Actor{ID: "ap-1", Role: ltc.RoleApplicant}
)

func mustCalendar() *calendar.Calendar {
	c, err := calendar.Shipped()
	if err != nil {
		panic(err)
	}
	return c
}

type fixture struct {
	t                            *testing.T
	env                          *testsuite.TestWorkflowEnvironment
	policy                       *policy.Policy
	eligibility                  []activities.EligibilityResult // one per check; the last repeats
	checks                       int
	history                      []ltc.HistoryEntry
	decisions                    []ltc.Decision
	decided                      []activities.DecisionInput
	assigned                     [][]string
	refused                      []string                    // names of updates the workflow refused
	refuseLine                   func(activities.Line) error // the record's refusal of a line, if any
	gatesTake                    time.Duration               // how long checking eligibility takes
	payment                      activities.Payment          // what the records say of payment
	slotsRefused, bookingRefused error
	bookings, cancelled          []string
	answers                      map[string]View
	began                        time.Time // the test's clock starts here
}

func newFixture(t *testing.T, region string, tweak func(*policy.Policy)) *fixture {
	reg, err := policy.Load(catalog, "")
	if err != nil {
		t.Fatal(err)
	}
	shipped, _ := reg.Latest(region)
	p := *shipped
	p.QualitySamplingPercent = 0
	if tweak != nil {
		tweak(&p)
	}
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	f := &fixture{t: t, env: suite.NewTestWorkflowEnvironment(), policy: &p, answers: map[string]View{},
		eligibility: []activities.EligibilityResult{{Claimant: policy.Claimant{Scheme: "employee"}, SelfGrade: "F"}}}
	f.startAt(start)
	f.env.RegisterWorkflow(CaseWorkflow)
	f.mockActivities()
	return f
}

func (f *fixture) mockActivities() {
	env := f.env
	env.OnActivity(acts.LoadPolicy, mock.Anything, mock.Anything).Return(func(context.Context, string) (*activities.Rules, error) {
		return activities.RulesOf(f.policy), nil
	})
	env.OnActivity(acts.CheckEligibility, mock.Anything, mock.Anything).Return(
		func(context.Context, activities.EligibilityInput) (*activities.EligibilityResult, error) {
			r := f.eligibility[min(f.checks, len(f.eligibility)-1)]
			f.checks++
			return &r, nil
		}).AfterFn(func() time.Duration { return f.gatesTake })
	env.OnActivity(acts.Deadline, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.DeadlineInput) (time.Time, error) {
			return in.Period.End(in.From, cal), nil
		})
	env.OnActivity(acts.Transition, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.TransitionInput) error {
		if f.refuseLine != nil {
			if err := f.refuseLine(in); err != nil {
				return err
			}
		}
		f.history = append(f.history, in.Entry)
		return nil
	})
	env.OnActivity(acts.RecordDecision, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.DecisionInput) (*activities.DecisionResult, error) {
		d := in.Decision
		if in.Dates && d.Qualifies { // as the activity: the first day paid waits for a waiting period running
			d.ValidUntil = f.policy.Periods.Validity.End(d.DecidedAt, nil)
			d.BenefitsFrom = f.policy.BenefitsFrom(d.DecidedAt, policy.Eligibility{WaitingPeriodEnds: f.payment.WaitingPeriodEnds})
		}
		f.history = append(f.history, in.Entry)
		f.decisions = append(f.decisions, d)
		f.decided = append(f.decided, in)
		pay := f.payment
		if in.InHospital != nil { // as the activity: the case's admissions and discharges, not the application
			pay.Inpatient = *in.InHospital
		}
		return &activities.DecisionResult{Decision: d, Payment: pay}, nil
	})
	env.OnActivity(acts.CheckPayment, mock.Anything, mock.Anything).Return(func(context.Context, activities.EligibilityInput) (*activities.Payment, error) {
		p := f.payment
		return &p, nil
	})
	env.OnActivity(acts.CheckSlots, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.SlotsInput) error {
		return f.slotsRefused
	})
	env.OnActivity(acts.BookVisit, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.BookInput) (string, error) {
		f.bookings = append(f.bookings, in.Booking)
		return "徐州市幸福路1号", f.bookingRefused
	})
	env.OnActivity(acts.CancelVisit, mock.Anything, mock.Anything).Return(func(_ context.Context, booking string) error {
		f.cancelled = append(f.cancelled, booking)
		return nil
	})
	env.OnActivity(acts.AssignTeam, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.AssignInput) ([]activities.Member, error) {
			var team []activities.Member
			for _, k := range in.Keep {
				k.Confirmed = true // as the real activity: who stays on the team has confirmed
				team = append(team, k)
				in.Exclude = append(in.Exclude, k.ID)
			}
			for _, want := range []bool{true, false} { // experts first, then anyone
				for _, m := range roster {
					need := (want && countExperts(team) < in.Experts) || (!want && len(team) < in.Size)
					if need && (m.Expert || !want) && !slices.Contains(in.Exclude, m.ID) && !slices.ContainsFunc(team, func(x activities.Member) bool { return x.ID == m.ID }) {
						team = append(team, m)
					}
				}
			}
			if len(team) < in.Size {
				return nil, errors.New("roster exhausted")
			}
			var ids []string
			for _, m := range team {
				ids = append(ids, m.ID)
			}
			f.assigned = append(f.assigned, ids)
			return team, nil
		})
	env.OnActivity(acts.ScoreAssessment, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.ScoreInput) (*activities.ScoreResult, error) {
			a, err := catalog.ScoreAssessment(forms.Form{Instrument: in.Instrument.ID, Version: in.Instrument.Version, Items: formItems[in.FormID]})
			if err != nil {
				return nil, err
			}
			instrument, _ := catalog.Get(in.Instrument.ID, in.Instrument.Version)
			return &activities.ScoreResult{Assessment: a, GradeNames: instrument.Grades}, nil
		})
}

func countExperts(team []activities.Member) int {
	n := 0
	for _, m := range team {
		if m.Expert {
			n++
		}
	}
	return n
}

// at sends an update after d of workflow time, from staff of the case's
// region unless the actor names another; refusals are remembered by name.
func (f *fixture) at(d time.Duration, name string, arg any) {
	arg = f.inRegion(arg)
	f.env.RegisterDelayedCallback(func() {
		id := fmt.Sprintf("%s-%d", name, len(f.answers)+len(f.refused))
		f.env.UpdateWorkflow(name, id, &testsuite.TestUpdateCallback{
			OnAccept: func() {},
			OnReject: func(error) { f.refused = append(f.refused, name) },
			OnComplete: func(v any, err error) {
				if err != nil {
					f.refused = append(f.refused, name)
					return
				}
				f.answers[id] = v.(View)
			},
		}, arg)
	}, d)
}

// inRegion gives a staff actor without a region the case's region, as the
// API does from the staff member's token.
func (f *fixture) inRegion(arg any) any {
	v := reflect.New(reflect.TypeOf(arg)).Elem()
	v.Set(reflect.ValueOf(arg))
	if field := v.FieldByName("Actor"); field.IsValid() {
		a := field.Interface().(ltc.Actor)
		if a.Role.Regional() && a.Region == "" {
			a.Region = f.policy.Region
			field.Set(reflect.ValueOf(a))
		}
	}
	return v.Interface()
}

func (f *fixture) run(in CaseInput) (State, error) {
	if in.CaseID == "" {
		in.CaseID, in.Region, in.Applicant = "case-1", f.policy.Region, applicant.ID
	}
	f.env.ExecuteWorkflow(CaseWorkflow, in)
	if !f.env.IsWorkflowCompleted() {
		f.t.Fatal("the workflow did not complete")
	}
	var s State
	err := f.env.GetWorkflowError()
	if err == nil {
		_ = f.env.GetWorkflowResult(&s)
	}
	return s, err
}

// continued returns the input of the next run when the workflow continued as new.
func (f *fixture) continued(err error) CaseInput {
	f.t.Helper()
	var can *workflow.ContinueAsNewError
	if !errors.As(err, &can) {
		f.t.Fatalf("want continue-as-new, got %v", err)
	}
	var in CaseInput
	if err := converter.GetDefaultDataConverter().FromPayloads(can.Input, &in); err != nil {
		f.t.Fatal(err)
	}
	return in
}

// agree has a team member propose a visit at visit (an hour long), and the
// family choose it, from t.
// startAt sets the test's clock, and the times of day visits are agreed for.
func (f *fixture) startAt(t time.Time) {
	f.env.SetStartTime(t)
	f.began = t
}

func (f *fixture) agree(t time.Duration, member string, visit time.Duration) {
	slot := activities.Slot{Start: f.began.Add(visit), End: f.began.Add(visit + time.Hour)}
	f.at(t, UpdateProposeVisit, VisitProposal{Actor: assessor(member), Slots: []activities.Slot{slot}})
	f.at(t+time.Minute, UpdateChooseVisit, VisitChoice{Actor: applicant, Slot: 0, Present: "张小三"})
}

func (f *fixture) actions() []string {
	out := make([]string, len(f.history))
	for i, h := range f.history {
		out[i] = h.Action
	}
	return out
}

// has reports whether the actions happened in this order (others may come between).
func (f *fixture) has(want ...string) {
	f.t.Helper()
	got := f.actions()
	i := 0
	for _, a := range got {
		if i < len(want) && a == want[i] {
			i++
		}
	}
	if i < len(want) {
		f.t.Fatalf("history %v lacks, in order, %v (stuck at %q)", got, want, want[i])
	}
}

func (f *fixture) entry(action string) ltc.HistoryEntry {
	f.t.Helper()
	for _, h := range f.history {
		if h.Action == action {
			return h
		}
	}
	f.t.Fatalf("no %q in %v", action, f.actions())
	return ltc.HistoryEntry{}
}

var formItems = map[string]map[string]json.RawMessage{
	// ADL 40, cognition 12, sensory 9: 重度失能Ⅰ级 (3)
	"severe": items(map[string]int{"eating": 5, "dressing": 5, "grooming": 0, "bowel": 5, "bladder": 5, "toileting": 5,
		"walking": 5, "transfer": 5, "stairs": 5, "bathing": 0, "time_orientation": 3, "person_orientation": 3,
		"place_orientation": 3, "memory": 3, "vision": 3, "hearing": 3, "communication": 3}),
	// ADL 20, cognition 2, sensory 2: 重度失能Ⅲ级 (5)
	"very-severe": items(map[string]int{"eating": 5, "dressing": 0, "grooming": 0, "bowel": 5, "bladder": 5, "toileting": 0,
		"walking": 5, "transfer": 0, "stairs": 0, "bathing": 0, "time_orientation": 1, "person_orientation": 1,
		"place_orientation": 0, "memory": 0, "vision": 1, "hearing": 1, "communication": 0}),
	// ADL 90 with intact cognition and senses: 轻度失能 (1)
	"mild": items(map[string]int{"eating": 10, "dressing": 10, "grooming": 5, "bowel": 10, "bladder": 10, "toileting": 10,
		"walking": 10, "transfer": 10, "stairs": 10, "bathing": 5, "time_orientation": 4, "person_orientation": 4,
		"place_orientation": 4, "memory": 4, "vision": 4, "hearing": 4, "communication": 4}),
}

func items(points map[string]int) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range points {
		out[k] = json.RawMessage(fmt.Sprint(v))
	}
	return out
}

// The people of a standard path, and the steps they take.
func accept(by ltc.Actor) AcceptanceDecision {
	return AcceptanceDecision{Actor: by, Decision: Accept, Reason: "材料齐全"}
}

func assessor(id string) ltc.Actor  { return ltc.Actor{ID: id, Role: ltc.RoleAssessor} }
func committee(id string) ltc.Actor { return ltc.Actor{ID: id, Role: ltc.RoleCommittee} }

// visitBy schedules the team's confirmations, the visit agreed by
// appointment, the visit and the experts' confirmation, starting at t, for a
// team of the given ids.
func (f *fixture) visitBy(t time.Duration, team []string, form string) {
	for i, id := range team {
		f.at(t+time.Duration(i)*time.Minute, UpdateConfirmAssignment, ActorRequest{Actor: assessor(id)})
	}
	f.agree(t+time.Hour, team[0], t+20*time.Hour)
	f.at(t+24*time.Hour, UpdateSubmitAssessment, AssessmentSubmission{Actor: assessor(team[0]), FormID: form, Signatures: team})
	f.at(t+25*time.Hour, UpdateConfirmConclusion, ConclusionConfirmation{Actor: assessor("expert-9"), Expert: true})
	f.at(t+26*time.Hour, UpdateConfirmConclusion, ConclusionConfirmation{Actor: assessor("expert-8"), Expert: true})
}
