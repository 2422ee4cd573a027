package policy

import (
	"slices"

	"github.com/changhu/ltc"
)

// Benefits are what a qualifying decision entitles to, by care form and scheme.
// Amounts are in fen (分) and shares in whole percent: never floats.
type Benefits struct {
	Lines           []BenefitLine   `json:"lines"`
	FundBonuses     []FundBonus     `json:"fund_bonuses,omitempty"`
	UntrainedCarer  *UntrainedCarer `json:"untrained_carer,omitempty"`
	AnnualCap       *AnnualCap      `json:"annual_cap,omitempty"`
	GapRatioPenalty []GapPenalty    `json:"gap_ratio_penalty,omitempty"`
	Note            *ltc.Text       `json:"note,omitempty"` // where the seed gives no figures
}

// Units of a benefit line.
const (
	PerDay   = "day"   // a daily amount (床日费, 护理定额)
	PerMonth = "month" // a monthly amount or limit
	OfCost   = "cost"  // a share of the eligible costs, no fixed amount
)

// BenefitLine is one care form's amount and the fund's share, for some grades and schemes.
type BenefitLine struct {
	CareForm    string   `json:"care_form"`
	Name        ltc.Text `json:"name"`
	Setting     string   `json:"setting"` // institution or home (for caps that differ)
	Grades      []int    `json:"grades"`
	Schemes     []string `json:"schemes"`
	Unit        string   `json:"unit"`
	AmountFen   int64    `json:"amount_fen,omitempty"`
	FundPercent int      `json:"fund_percent"`
	Clause      string   `json:"clause"`
}

// FundBonus raises the fund's share for some groups (Xuzhou: +5 points).
type FundBonus struct {
	Groups    []string `json:"groups"` // student, child, medical_aid, severe_disability
	Points    int      `json:"points"`
	CareForms []string `json:"care_forms"`
	Clause    string   `json:"clause"`
}

// UntrainedCarer pays a share of family-care amounts when the carer is not trained.
type UntrainedCarer struct {
	Percent   int      `json:"percent"`
	CareForms []string `json:"care_forms"`
	Clause    string   `json:"clause"`
}

// AnnualCap is Jilin's annual limit: a share of per-capita disposable income,
// raised for continuous enrolment and lowered for gaps.
type AnnualCap struct {
	IncomePercent       int    `json:"income_percent"`
	IncomeReferenceFen  int64  `json:"income_reference_fen"`
	IncomeClause        string `json:"income_clause"`
	HomePercent         int    `json:"home_percent"`
	BonusAfterYears     int    `json:"bonus_after_years"`
	BonusPercentPerYear int    `json:"bonus_percent_per_year"`
	BonusMaxPercent     int    `json:"bonus_max_percent"`
	GapPercentPerYear   int    `json:"gap_percent_per_year"`
	GapMaxPercent       int    `json:"gap_max_percent"`
	Clause              string `json:"clause"`
	AdjustmentClause    string `json:"adjustment_clause"`
}

// GapPenalty lowers the fund's share in the first year after a gap of up to
// UpToYears (0: any longer gap).
type GapPenalty struct {
	UpToYears int    `json:"up_to_years"`
	Points    int    `json:"points"`
	Clause    string `json:"clause"`
}

// Claimant is what the statement needs beyond the grade.
type Claimant struct {
	Grade           int
	Scheme          string
	Groups          []string // student, child, medical_aid, severe_disability
	UntrainedCarer  bool
	ContinuousYears int // years of continuous enrolment
	GapYears        int // years of gap before re-enrolment, 0 if none
	FirstYear       bool
}

// Statement is the benefit a qualifying decision entitles to, every figure with its clause.
type Statement struct {
	Region        string          `json:"region"`
	PolicyVersion string          `json:"policy_version"`
	Grade         int             `json:"grade"`
	Qualifies     bool            `json:"qualifies"`
	Lines         []StatementLine `json:"lines"`
	AnnualCap     *CapStatement   `json:"annual_cap,omitempty"`
	Note          *ltc.Text       `json:"note,omitempty"`
}

// StatementLine is one care form the person may choose.
type StatementLine struct {
	CareForm    string   `json:"care_form"`
	Name        ltc.Text `json:"name"`
	Unit        string   `json:"unit"`
	AmountFen   int64    `json:"amount_fen,omitempty"`
	FundPercent int      `json:"fund_percent"`
	FundPaysFen int64    `json:"fund_pays_fen,omitempty"`
	Clauses     []string `json:"clauses"`
}

// CapStatement is the annual limit and its part for home and community care.
type CapStatement struct {
	AnnualFen int64    `json:"annual_fen"`
	HomeFen   int64    `json:"home_fen"`
	Clauses   []string `json:"clauses"`
}

// Statement computes the benefit statement for a claimant.
func (p *Policy) Statement(c Claimant) Statement {
	s := Statement{Region: p.Region, PolicyVersion: p.Version, Grade: c.Grade, Qualifies: p.Qualifies(c.Grade),
		Lines: []StatementLine{}, Note: p.Benefits.Note}
	if !s.Qualifies {
		return s
	}
	for _, l := range p.Benefits.Lines {
		if !slices.Contains(l.Grades, c.Grade) || !slices.Contains(l.Schemes, c.Scheme) {
			continue
		}
		s.Lines = append(s.Lines, p.line(l, c))
	}
	if cap := p.Benefits.AnnualCap; cap != nil {
		s.AnnualCap = cap.statement(c)
	}
	return s
}

func (p *Policy) line(l BenefitLine, c Claimant) StatementLine {
	out := StatementLine{CareForm: l.CareForm, Name: l.Name, Unit: l.Unit, AmountFen: l.AmountFen,
		FundPercent: l.FundPercent, Clauses: []string{l.Clause}}
	for _, b := range p.Benefits.FundBonuses {
		if slices.Contains(b.CareForms, l.CareForm) && slices.ContainsFunc(c.Groups, func(g string) bool { return slices.Contains(b.Groups, g) }) {
			out.FundPercent += b.Points
			out.Clauses = append(out.Clauses, b.Clause)
		}
	}
	if c.FirstYear && c.GapYears > 0 {
		if pen, ok := gapPenalty(p.Benefits.GapRatioPenalty, c.GapYears); ok {
			out.FundPercent = max(0, out.FundPercent-pen.Points)
			out.Clauses = append(out.Clauses, pen.Clause)
		}
	}
	if u := p.Benefits.UntrainedCarer; u != nil && c.UntrainedCarer && slices.Contains(u.CareForms, l.CareForm) {
		out.AmountFen = percentOf(out.AmountFen, u.Percent)
		out.Clauses = append(out.Clauses, u.Clause)
	}
	out.FundPercent = min(out.FundPercent, 100)
	if l.Unit != OfCost {
		out.FundPaysFen = percentOf(out.AmountFen, out.FundPercent)
	}
	return out
}

func gapPenalty(penalties []GapPenalty, gapYears int) (GapPenalty, bool) {
	for _, pen := range penalties {
		if pen.UpToYears == 0 || gapYears <= pen.UpToYears {
			return pen, true
		}
	}
	return GapPenalty{}, false
}

func (a *AnnualCap) statement(c Claimant) *CapStatement {
	base := percentOf(a.IncomeReferenceFen, a.IncomePercent)
	adjust := 0
	if c.GapYears > 0 {
		adjust = -min(c.GapYears*a.GapPercentPerYear, a.GapMaxPercent)
	} else if c.ContinuousYears > a.BonusAfterYears {
		adjust = min((c.ContinuousYears-a.BonusAfterYears)*a.BonusPercentPerYear, a.BonusMaxPercent)
	}
	annual := percentOf(base, 100+adjust)
	clauses := []string{a.Clause, a.IncomeClause}
	if adjust != 0 {
		clauses = append(clauses, a.AdjustmentClause)
	}
	return &CapStatement{AnnualFen: annual, HomeFen: percentOf(annual, a.HomePercent), Clauses: clauses}
}

// percentOf is fen × percent / 100, rounded half up to the fen, in integers.
func percentOf(fen int64, percent int) int64 {
	return (fen*int64(percent) + 50) / 100
}
