package activities

import (
	"context"

	"github.com/changhu/ltc/postgres"
)

// Member is an assessor on a team.
type Member struct {
	ID        string
	Expert    bool
	Confirmed bool
}

// AssignInput asks for a team: Keep stays on it, Exclude may not join.
type AssignInput struct {
	CaseID  string
	Region  string
	Key     string
	Size    int
	Experts int
	Keep    []Member
	Exclude []string
}

// AssignTeam completes the team at random among the region's eligible
// assessors, least loaded first, leaving out the recused (the care provider's
// staff, declared relatives and conflicts, and those excluded). A retry with
// the same key returns the same team.
func (a *Activities) AssignTeam(ctx context.Context, in AssignInput) ([]Member, error) {
	keep := make([]postgres.TeamMember, len(in.Keep))
	for i, m := range in.Keep {
		keep[i] = postgres.TeamMember{ID: m.ID, Expert: m.Expert, Confirmed: true}
	}
	team, err := a.DB.AssignTeam(ctx, postgres.TeamRequest{
		CaseID: in.CaseID, Region: in.Region, Round: in.Key, Size: in.Size, Experts: in.Experts, Keep: keep, Exclude: in.Exclude,
	})
	if err != nil {
		return nil, final(err)
	}
	out := make([]Member, len(team))
	for i, m := range team {
		out[i] = Member{ID: m.ID, Expert: m.Expert, Confirmed: m.Confirmed}
	}
	return out, nil
}
