package cases

import (
	"context"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

// Assessment is one submitted visit form with its score, as the committee
// compares them item by item.
type Assessment struct {
	ID         string                          `json:"id"`
	AssessorID string                          `json:"assessor_id"`
	Instrument string                          `json:"instrument"`
	Version    string                          `json:"instrument_version"`
	Items      map[string]int                  `json:"items"`
	VisitedAt  time.Time                       `json:"visited_at"`
	Grade      *int                            `json:"grade,omitempty"`
	GradeName  string                          `json:"grade_name,omitempty"`
	Dimensions map[string]forms.DimensionScore `json:"dimensions,omitempty"`
	ScoredAt   *time.Time                      `json:"scored_at,omitempty"`
}

// Assessments returns the scored visit forms of a case the actor may see,
// oldest first: a re-assessment beside the assessment it disputes.
func (s *Service) Assessments(ctx context.Context, a ltc.Actor, id string) ([]Assessment, error) {
	c, _, err := s.open(ctx, a, id, ltc.ActionView)
	if err != nil {
		return nil, err
	}
	return s.Store.Assessments(ctx, c.ID)
}
