package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/letter"
	"github.com/changhu/ltc/policy"
)

// levelNames are the dimension levels as a letter prints them.
var levelNames = map[string]string{"intact": "能力完好", "mild": "轻度受损", "moderate": "中度受损", "severe": "重度受损"}

// letterOf gathers what a case's letter prints: the decision, its scores,
// its statement, and how and by when to ask for a review (复核).
func (s *Service) letterOf(ctx context.Context, c *ltc.Case, code string) (letter.Letter, error) {
	d := c.Decision
	p, err := s.Policies.Version(c.Region, c.PolicyVersion)
	if err != nil {
		return letter.Letter{}, err
	}
	in, err := s.Catalog.Get(d.Instrument, d.InstrumentVersion)
	if err != nil {
		return letter.Letter{}, err
	}
	dims, err := s.Store.ScoredDimensions(ctx, c.ID)
	if err != nil {
		return letter.Letter{}, err
	}
	objection, err := s.reviewBy(ctx, p, d.DecidedAt)
	if err != nil {
		return letter.Letter{}, err
	}
	l := letter.Letter{Region: p.Name.Zh, PolicyVersion: c.PolicyVersion, CaseID: c.ID[:8],
		Person:     letter.Person{Name: c.PersonName, MaskedID: forms.ResidentID(c.ResidentID).Masked()},
		Instrument: letter.Instrument{Name: in.Name.Zh, ID: in.ID, Version: in.Version},
		Scores:     scores(in, dims), Grade: letter.Grade{Number: d.Grade, Name: d.GradeName}, Qualifies: d.Qualifies,
		DecidedOn: d.DecidedAt, Reasons: reasons(d, in.Name.Zh), Objection: objection,
		Verification: letter.Verification{Code: code, URL: s.VerifyURL}}
	if d.Qualifies {
		l.Validity = letter.Validity{From: d.DecidedAt, Until: d.ValidUntil.Add(-time.Nanosecond), LocalDefault: p.Periods.Validity.LocalDefault}
		l.BenefitsFrom, l.BenefitsFromLocalDefault = d.BenefitsFrom, p.StartBasis(d.DecidedAt, d.BenefitsFrom).LocalDefault
		if err := statementOf(d.Statement, &l); err != nil {
			return letter.Letter{}, fmt.Errorf("read the statement of case %s: %w", c.ID, err)
		}
	}
	return l, nil
}

func scores(in *forms.Instrument, dims map[string]forms.DimensionScore) []letter.Score {
	var out []letter.Score
	for _, dim := range in.Dimensions {
		got, ok := dims[dim.Code]
		if !ok {
			continue
		}
		most := 0
		for _, item := range dim.Items {
			most += item.Points[len(item.Points)-1]
		}
		out = append(out, letter.Score{Dimension: dim.Name.Zh, Score: got.Score, Max: most, Level: levelNames[got.Level]})
	}
	return out
}

func reasons(d *ltc.Decision, instrument string) []string {
	out := []string{fmt.Sprintf("按《%s》评定，失能等级为%s", instrument, d.GradeName)}
	for _, r := range d.Reasons {
		out = append(out, r.Zh)
	}
	return out
}

// reviewBy is how and by when a family asks for a review of the
// conclusion: the applicant's objection period, counted from the decision.
func (s *Service) reviewBy(ctx context.Context, p *policy.Policy, decided time.Time) (letter.Objection, error) {
	cal, err := s.Calendar.Current(ctx)
	if err != nil {
		return letter.Objection{}, err
	}
	period := p.Periods.ApplicantObjection
	return letter.Objection{Deadline: period.End(decided, cal).Add(-time.Nanosecond), LocalDefault: period.LocalDefault,
		How: "持本结论书到" + p.Name.Zh + "医疗保障经办机构申请复核，或登录本系统提出；复核由其他评估人员进行，争议由失能评定专家委员会裁决"}, nil
}

func statementOf(raw json.RawMessage, l *letter.Letter) error {
	var st policy.Statement
	if err := json.Unmarshal(raw, &st); err != nil {
		return err
	}
	for _, line := range st.Lines {
		l.Benefits = append(l.Benefits, letter.BenefitLine{CareForm: line.Name.Zh, Unit: line.Unit, AmountFen: deref(line.AmountFen),
			FundPercent: line.FundPercent, FundPaysFen: deref(line.FundFen), Condition: line.Condition.Zh,
			Clauses: append([]string{line.Clause}, line.Adjustments...)})
	}
	for _, f := range st.Payment {
		l.Payment = append(l.Payment, letter.Payment{Text: f.Message.Zh, Clauses: f.Clauses(), LocalDefault: f.Labelled()})
	}
	switch {
	case st.AnnualCapFen != nil:
		l.AnnualCap = &letter.AnnualCap{AnnualFen: *st.AnnualCapFen, HomeFen: deref(st.HomeCapFen), Clauses: st.CapClauses}
	case st.CapNote != nil:
		l.AnnualCap = &letter.AnnualCap{Note: st.CapNote.Zh, Clauses: st.CapClauses}
	}
	return nil
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// VerifiedLetter is what anyone may learn of a letter by its code: enough
// to see it is genuine, with the person masked.
type VerifiedLetter struct {
	Code       string     `json:"code"`
	Region     ltc.Text   `json:"region"`
	Name       string     `json:"name"`
	ResidentID string     `json:"resident_id"`
	GradeName  string     `json:"grade_name"`
	Qualifies  bool       `json:"qualifies"`
	DecidedAt  time.Time  `json:"decided_at"`
	ValidUntil *time.Time `json:"valid_until,omitempty"`
}

// Checks of letter codes a client may make in an hour: codes are not to be
// found by trying.
const verificationsPerHour = 30

// VerifyLetter says whether a code is a letter's, and what it concluded.
func (s *Service) VerifyLetter(ctx context.Context, client, code string) (*VerifiedLetter, error) {
	if err := s.limit(ctx, "verify:"+hashed(client), time.Hour, verificationsPerHour); err != nil {
		return nil, err
	}
	unknown := ltc.Errorf(ltc.ENotFound, "没有这份评估结论书，请核对核验码", "there is no letter with this code")
	issued, err := s.Store.LetterByCode(ctx, strings.ToUpper(strings.TrimSpace(code)))
	if err != nil || issued == nil {
		return nil, firstErr(err, unknown)
	}
	c, err := s.Store.GetCase(ctx, issued.CaseID)
	if err != nil {
		return nil, err
	}
	v := &VerifiedLetter{Code: issued.Code, Region: ltc.Text{Zh: c.Region, En: c.Region}, Name: ltc.MaskName(c.PersonName),
		ResidentID: maskedID(c.ResidentID), DecidedAt: issued.DecidedAt}
	if p, err := s.Policies.Version(c.Region, c.PolicyVersion); err == nil {
		v.Region = p.Name
	}
	if d := c.Decision; d != nil && d.DecidedAt.Equal(issued.DecidedAt) {
		v.GradeName, v.Qualifies = d.GradeName, d.Qualifies
		if !d.ValidUntil.IsZero() {
			v.ValidUntil = &d.ValidUntil
		}
	}
	return v, nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
