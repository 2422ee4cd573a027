package workflows

import (
	"slices"

	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
)

func (r *run) validateObjection(o ObjectionRequest) error {
	if o.Reason == "" {
		return reject(ltc.EInvalid, "请写明异议理由", "give the reasons for the objection")
	}
	if o.Public {
		if err := r.permit(o.Actor, ltc.ActionObjectPublic, false); err != nil || r.publicityEnded {
			return reject(ltc.EConflict, "不在公示期内", "the publicity period is not open")
		}
		if r.rev >= revChecked && o.ObjectionID == "" {
			return reject(ltc.EInvalid, "公众异议须先登记", "a public objection must be recorded first")
		}
		return nil
	}
	if err := r.permit(o.Actor, ltc.ActionObject, false); err != nil {
		return err
	}
	if r.applicantWindowEnded {
		return reject(ltc.EConflict, "申请人异议期已过", "the applicant's objection window has closed")
	}
	return nil
}

// object records an objection. The applicant's orders a re-assessment; a
// public one waits for a caseworker's check, from lifecycle version 1 on.
// The objector's contact is not in the history: only its record's id is.
func (r *run) object(ctx workflow.Context, o ObjectionRequest) (View, error) {
	if err := r.validateObjection(o); err != nil {
		return r.view(), err
	}
	objections := r.Objections
	r.Objections = append(slices.Clone(r.Objections), Objection{ID: o.ObjectionID, From: o.Actor, Public: o.Public, Reason: o.Reason, At: workflow.Now(ctx)})
	details := map[string]any{"public": o.Public}
	if o.ObjectionID != "" {
		details["objection_id"] = o.ObjectionID
	}
	err := r.record(ctx, o.Actor, "objected", o.Reason, details)
	return r.view(), r.commit(err, func() { r.Objections = objections })
}

// objected reports whether an objection stands that orders a re-assessment.
func (r *run) objected() bool {
	return slices.ContainsFunc(r.Objections, func(o Objection) bool {
		return !o.Public || r.rev < revChecked || o.Finding == FindingSubstantiated
	})
}

func (r *run) validateObjectionCheck(c ObjectionCheck) error {
	if err := r.permit(c.Actor, ltc.ActionCheckObjection, false); err != nil {
		return err
	}
	if c.Reason == "" {
		return reject(ltc.EInvalid, "请写明核实情况", "give the findings of the check")
	}
	if r.pendingObjection(c.ObjectionID) < 0 {
		return reject(ltc.EConflict, "没有待核实的这条异议", "there is no such objection waiting for a check")
	}
	return nil
}

// checkObjection records a caseworker's finding on a public objection.
func (r *run) checkObjection(ctx workflow.Context, c ObjectionCheck) (View, error) {
	i := r.pendingObjection(c.ObjectionID)
	if i < 0 {
		return r.view(), reject(ltc.EConflict, "没有待核实的这条异议", "there is no such objection waiting for a check")
	}
	finding := FindingUnsubstantiated
	if c.Substantiated {
		finding = FindingSubstantiated
	}
	r.Objections[i].Finding = finding
	err := r.record(ctx, c.Actor, "objection_checked", c.Reason, map[string]any{"objection_id": c.ObjectionID, "finding": finding})
	return r.view(), r.commit(err, func() { r.Objections[i].Finding = "" })
}

func (r *run) pendingObjection(id string) int {
	return slices.IndexFunc(r.Objections, func(o Objection) bool { return o.Public && o.ID == id && id != "" && o.Finding == "" })
}
