package api

import (
	"context"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/auth"
)

// canSee is the one place that says who may see a case:
//   - an applicant or agent: the cases they applied for;
//   - a caseworker or administrator: the cases of their region;
//   - an assessor: the cases they were assigned to, and an assessment expert
//     of the region any case whose conclusion awaits confirmation;
//   - a committee member: cases of their region before (or once before) the committee.
//
// A case someone may not see is "not found" to them, so that ids cannot be probed.
func (s *server) canSee(ctx context.Context, p auth.Principal, c *ltc.Case) error {
	ok := false
	switch p.Role {
	case ltc.RoleApplicant:
		ok = c.ApplicantID == p.ID
	case ltc.RoleCaseworker, ltc.RoleAdmin:
		ok = c.Region == p.Region
	case ltc.RoleAssessor:
		assigned, err := s.DB.IsAssigned(ctx, c.ID, p.ID)
		if err != nil {
			return err
		}
		ok = assigned
		if !ok && c.Status == ltc.StatusConfirming && c.Region == p.Region {
			if ok, err = s.DB.IsExpert(ctx, p.ID); err != nil {
				return err
			}
		}
	case ltc.RoleCommittee:
		ok = c.Region == p.Region && hasCommitteeStep(c)
	}
	if !ok {
		return ltc.Errorf(ltc.ENotFound, "没有编号为 %s 的案件", "no case %s", c.ID)
	}
	return nil
}

func hasCommitteeStep(c *ltc.Case) bool {
	if c.Status == ltc.StatusCommitteeAudit || c.Status == ltc.StatusAdjudication {
		return true
	}
	for _, h := range c.History {
		if h.Status == ltc.StatusCommitteeAudit || h.Status == ltc.StatusAdjudication {
			return true
		}
	}
	return false
}
