package workflows

import (
	"errors"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
)

// Purposes of an assessment.
const (
	PurposeInitial      = ltc.PurposeInitial
	PurposeObjection    = ltc.PurposeObjection
	PurposeRenewal      = ltc.PurposeRenewal
	PurposeStatusChange = ltc.PurposeStatusChange
)

// lifecycleChange names the one workflow.GetVersion marker of the lifecycle:
// every change to what an open case does or computes raises its version by
// one, and the code branches on r.rev, so that a run recorded before the
// change replays on the path it took (README: "Changing the workflow").
const lifecycleChange = "lifecycle"

// Lifecycle versions.
const (
	revBaseline = workflow.DefaultVersion
	// revChecked: public objections are checked by a caseworker before they
	// order a re-assessment; the decision activity computes the validity and
	// the benefit start; statuses carry the purpose; recusal during a visit;
	// voiding an application made in someone else's name.
	revChecked workflow.Version = 1
	// revAppointments: visits by appointment; the decision's payment follows
	// the insurance records (waiting period, arrears, a hospital stay at
	// application) and an enrolment import reaches the open case; the
	// family's notices carry the objection deadline and the expiry.
	revAppointments workflow.Version = 2
	// revPaidUp: an enrolment import that records a payment making a new
	// enrolee (Xuzhou: paid up after arrears, or a later year paid late)
	// starts a waiting period: payment stays suspended until its end and
	// then resumes by itself; a new decision's first day paid takes it in.
	revPaidUp workflow.Version = 3
	// revInHospitalNow: a decision after the first (a renewal, a change of
	// condition) pays or suspends by whether the person is in hospital now,
	// as the case's admissions and discharges say, not by the application.
	revInHospitalNow workflow.Version = 4
	revLatest                         = revInHospitalNow
)

// CaseWorkflow runs one person's case: the application, the assessment, the
// conclusion and its validity; each later assessment cycle (renewal, change
// of condition) continues as new, so that the history stays small for years.
func CaseWorkflow(ctx workflow.Context, in CaseInput) (State, error) {
	r := newRun(in)
	if err := r.register(ctx); err != nil {
		return r.State, err
	}
	err := r.lifecycle(ctx, in)
	if errors.Is(err, errStopped) {
		err = nil
	}
	// Nothing sent while the run ends is lost: every update finishes first,
	// and only then is the state carried into the next run.
	if werr := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); werr != nil {
		return r.State, werr
	}
	if err == nil && r.next != "" {
		carry := &Carry{State: r.State, Seq: r.seq, Why: r.next}
		return r.State, workflow.NewContinueAsNewError(ctx, CaseWorkflow, CaseInput{CaseID: r.CaseID, Region: r.Region, Applicant: r.applicant, Carry: carry})
	}
	return r.State, err
}

func newRun(in CaseInput) *run {
	r := &run{State: State{CaseID: in.CaseID, Region: in.Region, Status: ltc.StatusSubmitted, Cycle: 1, Purpose: PurposeInitial}, applicant: in.Applicant}
	if c := in.Carry; c != nil {
		r.State, r.seq = c.State, c.Seq
		r.Cycle++
		r.Purpose = c.Why
		r.Team, r.Proposed, r.Confirmations, r.Objections, r.Votes, r.Candidates, r.Appointment = nil, nil, nil, nil, nil, nil, nil
		r.Deadline, r.Overdue = time.Time{}, false
	}
	return r
}

func (r *run) lifecycle(ctx workflow.Context, in CaseInput) error {
	r.rev = workflow.GetVersion(ctx, lifecycleChange, revBaseline, revLatest)
	if r.rev >= revAppointments {
		r.followEnrolment(ctx)
	}
	if r.rev >= revPaidUp {
		r.watchWaiting(ctx) // a waiting period carried from the cycle before
	}
	if err := r.loadPolicy(ctx); err != nil {
		return r.unrecorded(ctx, err)
	}
	if in.Carry == nil {
		if err := r.intake(ctx); err != nil {
			return err
		}
	} else {
		// The statement of a renewed conclusion needs today's enrolment facts.
		if _, err := r.checkEligibility(ctx); err != nil {
			return err
		}
		r.watchExpiry(ctx)
		details := map[string]any{"cycle": r.Cycle}
		if r.rev >= revAppointments && r.Decision != nil {
			details["valid_until"] = r.Decision.ValidUntil
		}
		if err := r.transition(ctx, ltc.StatusScheduling, ltc.System, string(r.Purpose), "", details); err != nil {
			return err
		}
	}
	proposed, err := r.assess(ctx)
	if err != nil {
		return err
	}
	final, err := r.conclude(ctx, proposed)
	if err != nil {
		return err
	}
	if err := r.decide(ctx, final); err != nil {
		return err
	}
	if !final.Qualifies {
		return nil
	}
	return r.validity(ctx)
}
