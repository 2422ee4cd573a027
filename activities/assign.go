package activities

import (
	"context"
)

// Member is an assessor on a team.
type Member struct {
	ID        string `json:"id"`
	Expert    bool   `json:"expert"`
	Confirmed bool   `json:"confirmed"`
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
	keep := make([]Member, len(in.Keep))
	for i, m := range in.Keep {
		keep[i] = Member{ID: m.ID, Expert: m.Expert, Confirmed: true}
	}
	team, err := a.Store.AssignTeam(ctx, TeamRequest{
		CaseID: in.CaseID, Region: in.Region, Round: in.Key, Size: in.Size, Experts: in.Experts, Keep: keep, Exclude: in.Exclude,
	})
	return team, final(err)
}
