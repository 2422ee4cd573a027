package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
)

// conclude publishes a qualifying conclusion (公示) or tells the applicant of
// one that does not qualify, and waits out the objection windows. An
// objection brings a re-assessment by a team with nobody from before, then
// the committee's ruling, which is final.
func (r *run) conclude(ctx workflow.Context, proposed *ltc.Decision) (*ltc.Decision, error) {
	status, action := ltc.StatusNotice, "notified"
	if proposed.Qualifies {
		status, action = ltc.StatusPublicity, "published"
	}
	r.Objections, r.publicityEnded, r.applicantWindowEnded = nil, !proposed.Qualifies, false
	details := map[string]any{"grade": proposed.Grade, "grade_name": proposed.GradeName, "qualifies": proposed.Qualifies}
	var publicityEnd, applicantEnd time.Time
	var err error
	if r.rev >= revAppointments { // the family's notice says until when they may object
		if publicityEnd, applicantEnd, err = r.windows(ctx, proposed); err != nil {
			return nil, err
		}
		details["objection_until"], details["publicity_until"] = applicantEnd, publicityEnd
	}
	if err := r.transition(ctx, status, ltc.System, action, "", details); err != nil {
		return nil, err
	}
	if r.rev < revAppointments {
		if publicityEnd, applicantEnd, err = r.windows(ctx, proposed); err != nil {
			return nil, err
		}
	}
	r.Deadline = later(publicityEnd, applicantEnd)
	if err := r.upsertSearch(ctx); err != nil {
		return nil, err
	}
	for _, end := range []time.Time{earlier(publicityEnd, applicantEnd), r.Deadline} {
		if _, err := r.wait(ctx, end, r.objected); err != nil {
			return nil, err
		}
		r.publicityEnded = !workflow.Now(ctx).Before(publicityEnd)
		r.applicantWindowEnded = !workflow.Now(ctx).Before(applicantEnd)
		if r.objected() {
			return r.reassess(ctx, proposed)
		}
	}
	if r.rev >= revChecked && r.uncheckedObjections() {
		if err := r.awaitChecks(ctx); err != nil {
			return nil, err
		}
		if r.objected() {
			return r.reassess(ctx, proposed)
		}
	}
	return proposed, nil
}

// awaitChecks waits for a caseworker's check of every public objection
// raised during publicity: no decision is taken over an unchecked one.
func (r *run) awaitChecks(ctx workflow.Context) error {
	if err := r.due(ctx, workflow.Now(ctx), r.policy.Periods.ObjectionCheck); err != nil {
		return err
	}
	checked := func() bool { return r.objected() || !r.uncheckedObjections() }
	return r.waitEscalating(ctx, checked, ltc.Text{Zh: "公众异议核实超时", En: "checking the public objections is overdue"})
}

// windows are when publicity (none for a conclusion that does not qualify)
// and the applicant's objection window end, counted from now.
func (r *run) windows(ctx workflow.Context, proposed *ltc.Decision) (publicityEnd, applicantEnd time.Time, err error) {
	now := workflow.Now(ctx)
	if publicityEnd, err = r.deadline(ctx, now, r.policy.Periods.Publicity); err != nil {
		return
	}
	if applicantEnd, err = r.deadline(ctx, now, r.policy.Periods.ApplicantObjection); err != nil {
		return
	}
	if !proposed.Qualifies {
		publicityEnd = now
	}
	return publicityEnd, applicantEnd, nil
}

// reassess is the objection's path: a disjoint team assesses again and the
// committee rules between the two grades.
func (r *run) reassess(ctx workflow.Context, original *ltc.Decision) (*ltc.Decision, error) {
	r.Purpose, r.Team, r.declined, r.Appointment = PurposeObjection, nil, nil, nil
	if err := r.transition(ctx, ltc.StatusScheduling, ltc.System, "reassessment_ordered", r.orderingObjection().Reason, nil); err != nil {
		return nil, err
	}
	again, err := r.assess(ctx)
	if err != nil {
		return nil, err
	}
	r.Candidates, r.Votes = uniqueGrades(original.Grade, again.Grade), nil
	details := map[string]any{"original_grade": original.Grade, "reassessed_grade": again.Grade}
	if err := r.transition(ctx, ltc.StatusAdjudication, ltc.System, "adjudication_opened", "", details); err != nil {
		return nil, err
	}
	grade, err := r.committee(ctx, r.policy.Periods.Adjudication)
	if err != nil {
		return nil, err
	}
	payer := r.policy.Fees.ReassessmentIfUnchanged
	if grade != original.Grade {
		payer = r.policy.Fees.ReassessmentIfChanged
	}
	final := r.proposal(grade, again.Instrument, again.InstrumentVersion)
	final.Reasons = []ltc.Text{{Zh: "经复评及专家委员会复核裁决", En: "after re-assessment and the expert committee's ruling"}}
	return final, r.record(ctx, ltc.System, "adjudicated", "", map[string]any{"grade": grade, "reassessment_paid_by": payer})
}

// decide records the conclusion with its validity and benefit statement.
func (r *run) decide(ctx workflow.Context, d *ltc.Decision) error {
	now := workflow.Now(ctx)
	d.DecidedAt = now
	status := ltc.StatusNotQualified
	if d.Qualifies {
		status = ltc.StatusValid
		if r.rev < revChecked {
			d.ValidUntil = r.policy.Periods.Validity.End(now, nil)
			d.BenefitsFrom = r.policy.BenefitsStart(now)
		}
	}
	previous := r.Decision
	r.Decision, r.Expired, r.Status = d, false, status
	if r.rev >= revPaidUp {
		r.WaitingUntil = time.Time{} // the decision's first day paid waits for any waiting period running
	}
	switch {
	case d.Qualifies:
		r.Benefit = ltc.BenefitActive
		r.refreshBenefit()
	case previous != nil && previous.Qualifies:
		r.Benefit = ltc.BenefitStopped // recovered below the qualifying grade (恢复生活自理能力的，停止享受)
	}
	r.Deadline = time.Time{}
	r.seq++
	entry := ltc.HistoryEntry{At: now, Actor: ltc.System, Action: "decided", Status: status,
		Details: map[string]any{"grade": d.Grade, "grade_name": d.GradeName, "qualifies": d.Qualifies, "valid_until": d.ValidUntil, "benefit": string(r.Benefit)}}
	in := activities.DecisionInput{CaseID: r.CaseID, Region: r.Region, Version: r.policy.Version, Claimant: r.claimant,
		Key: keyOf(r.seq), Seq: r.seq, Decision: *d, Entry: entry, Benefit: r.Benefit}
	if r.rev < revChecked {
		if err := workflow.ExecuteActivity(activityCtx(ctx), acts.RecordDecision, in).Get(ctx, nil); err != nil {
			return err
		}
		return r.upsertSearch(ctx)
	}
	in.Dates, in.Purpose = true, r.Purpose
	if r.rev >= revAppointments {
		in.Payment, in.BenefitsSince = true, r.BenefitsSince
	}
	if r.rev >= revInHospitalNow && previous != nil {
		inHospital := r.InHospital
		in.InHospital = &inHospital
	}
	var recorded activities.DecisionResult
	if err := workflow.ExecuteActivity(activityCtx(ctx), acts.RecordDecision, in).Get(ctx, &recorded); err != nil {
		return err
	}
	d.ValidUntil, d.BenefitsFrom = recorded.ValidUntil, recorded.BenefitsFrom
	if r.rev >= revAppointments {
		if err := r.afterDecision(ctx, recorded.Payment); err != nil {
			return err
		}
	}
	return r.upsertSearch(ctx)
}

// orderingObjection is the first objection that stands.
func (r *run) orderingObjection() Objection {
	for _, o := range r.Objections {
		if !o.Public || r.rev < revChecked || o.Finding == FindingSubstantiated {
			return o
		}
	}
	return Objection{}
}

func uniqueGrades(a, b int) []int {
	if a == b {
		return []int{a}
	}
	return []int{min(a, b), max(a, b)}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
