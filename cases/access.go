package cases

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/changhu/ltc"
)

// relations says how someone stands to a case, for the permission table.
func (s *Service) relations(ctx context.Context, a ltc.Actor, c *ltc.Case) ([]ltc.Relation, error) {
	var rels []ltc.Relation
	sameRegion := a.Region != "" && a.Region == c.Region
	switch a.Role {
	case ltc.RoleApplicant:
		if c.ApplicantID == a.ID || slices.Contains(c.Family, a.ID) {
			rels = append(rels, ltc.RelApplicant)
		}
	case ltc.RoleCaseworker, ltc.RoleAdmin:
		if sameRegion {
			rels = append(rels, ltc.RelRegion)
		}
	case ltc.RoleAssessor:
		current, former, err := s.Store.Assignment(ctx, c.ID, a.ID)
		if err != nil {
			return nil, err
		}
		if current {
			rels = append(rels, ltc.RelTeam)
		}
		if former {
			rels = append(rels, ltc.RelAssessed)
		}
		if sameRegion {
			expert, err := s.Store.IsExpert(ctx, a.ID)
			if err != nil {
				return nil, err
			}
			if expert {
				rels = append(rels, ltc.RelExpert)
			}
		}
	case ltc.RoleCommittee:
		if sameRegion && c.Committee {
			rels = append(rels, ltc.RelCommittee)
		}
	case ltc.RolePublic:
		rels = append(rels, ltc.RelAnyone)
	}
	return rels, nil
}

// open loads a case for an action the table must permit in the case's
// state: someone who may not see the case is told it does not exist, so that
// ids cannot be probed.
func (s *Service) open(ctx context.Context, a ltc.Actor, id string, action ltc.Action) (*ltc.Case, []ltc.Relation, error) {
	return s.openWith(ctx, a, id, action, ltc.Permits)
}

// openForWorkflow loads a case for an action the workflow takes: the table
// must let the person take it in some state; the workflow's validator checks
// the state it is in, which the record may not show yet.
func (s *Service) openForWorkflow(ctx context.Context, a ltc.Actor, id string, action ltc.Action) (*ltc.Case, []ltc.Relation, error) {
	return s.openWith(ctx, a, id, action, func(role ltc.Role, rels []ltc.Relation, action ltc.Action, _ ltc.Status) bool {
		return ltc.Grants(role, rels, action)
	})
}

func (s *Service) openWith(ctx context.Context, a ltc.Actor, id string, action ltc.Action,
	permits func(ltc.Role, []ltc.Relation, ltc.Action, ltc.Status) bool) (*ltc.Case, []ltc.Relation, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, nil, ltc.NoSuchCase()
	}
	c, err := s.Store.GetCase(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	rels, err := s.relations(ctx, a, c)
	if err != nil {
		return nil, nil, err
	}
	if !permits(a.Role, rels, ltc.ActionView, c.Status) && action != ltc.ActionObjectPublic {
		return nil, nil, ltc.NoSuchCase()
	}
	if !permits(a.Role, rels, action, c.Status) {
		return nil, nil, ltc.NotPermitted(a.Role, rels, action, c.Status)
	}
	return c, rels, nil
}
