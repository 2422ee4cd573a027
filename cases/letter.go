package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// Letter is the conclusion letter (评估结论书) of the conclusion in force.
type Letter struct {
	CaseID           string          `json:"case_id"`
	Region           ltc.Text        `json:"region"`
	PolicyVersion    string          `json:"policy_version"`
	Name             string          `json:"name"`
	ResidentID       string          `json:"resident_id"`
	Grade            int             `json:"grade"`
	GradeName        string          `json:"grade_name"`
	Instrument       string          `json:"instrument"`
	Qualifies        bool            `json:"qualifies"`
	DecidedAt        time.Time       `json:"decided_at"`
	ValidUntil       *time.Time      `json:"valid_until,omitempty"`
	BenefitsFrom     *time.Time      `json:"benefits_from,omitempty"`
	Reasons          []ltc.Text      `json:"reasons,omitempty"`
	BenefitStatement json.RawMessage `json:"benefit_statement,omitempty"`
	// Payment is what makes payment wait or suspends it from the decision:
	// a waiting period with its end, arrears, a hospital stay.
	Payment []policy.Finding `json:"payment"`
	Notice  ltc.Text         `json:"notice"`
}

// Letter gives the letter of the conclusion in force; not found before one exists.
func (s *Service) Letter(ctx context.Context, a ltc.Actor, id string) (*Letter, error) {
	v, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	d := v.Decision
	if d == nil {
		return nil, ltc.Errorf(ltc.ENotFound, "尚未作出评估结论", "there is no conclusion yet")
	}
	region := ltc.Text{Zh: v.Region, En: v.Region}
	if p, err := s.Policies.Latest(v.Region); err == nil {
		region = p.Name
	}
	l := &Letter{CaseID: v.ID, Region: region, PolicyVersion: v.PolicyVersion, Name: v.PersonName,
		ResidentID: maskedID(v.ResidentID), Grade: d.Grade, GradeName: d.GradeName,
		Instrument: d.Instrument + "@" + d.InstrumentVersion, Qualifies: d.Qualifies, DecidedAt: d.DecidedAt,
		Reasons: d.Reasons, BenefitStatement: d.Statement, Notice: ltc.Text{
			Zh: "评估结论有效期内，如身体状况发生变化，可申请状态变化评估；住院期间待遇暂停，出院后恢复。",
			En: "While the conclusion is valid, a change of condition may be reported for a new assessment; benefits pause during hospital stays."}}
	if !d.ValidUntil.IsZero() {
		l.ValidUntil, l.BenefitsFrom = &d.ValidUntil, &d.BenefitsFrom
	}
	if l.Payment, err = paymentOf(d.Statement); err != nil {
		return nil, fmt.Errorf("read the statement of case %s: %w", v.ID, err)
	}
	return l, nil
}

// paymentOf is what the statement recorded of payment; none in a statement
// recorded before it did, or without one.
func paymentOf(statement json.RawMessage) ([]policy.Finding, error) {
	var st policy.Statement
	if len(statement) > 0 {
		if err := json.Unmarshal(statement, &st); err != nil {
			return nil, err
		}
	}
	return append([]policy.Finding{}, st.Payment...), nil
}

func maskedID(id string) string { return forms.ResidentID(id).Masked() }
