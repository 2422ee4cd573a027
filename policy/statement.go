package policy

import (
	"slices"
	"time"

	"github.com/changhu/ltc"
)

// Statement is the benefit a qualifying decision entitles to, every figure
// with its clause.
type Statement struct {
	Region        string          `json:"region"`
	PolicyVersion string          `json:"policy_version"`
	Grade         int             `json:"grade"`
	Qualifies     bool            `json:"qualifies"`
	BenefitsFrom  Day             `json:"benefits_from"`
	Lines         []StatementLine `json:"lines"`
	// FundShares is the fund's share by care form, any first-year reduction
	// applied; ReductionUntil is the first day without it.
	FundShares     map[string]int `json:"fund_share_percent"`
	ReductionUntil Day            `json:"reduction_until,omitzero"`
	// The annual cap and its part for home and community care, where the
	// region has one; null with CapNote until the figure it needs is given.
	AnnualCapFen *int64    `json:"annual_cap_fen"`
	HomeCapFen   *int64    `json:"home_cap_fen"`
	CapNote      *ltc.Text `json:"cap_note,omitempty"`
	CapClauses   []string  `json:"cap_clauses,omitempty"`
	Note         *ltc.Text `json:"note,omitempty"`
	// Payment is what makes payment wait or suspends it on the day of the
	// decision (a waiting period, arrears, a hospital stay), for the letter.
	Payment []Finding `json:"payment,omitempty"`
}

// StatementLine is one care form the person may choose. A share of costs
// has no amount (null).
type StatementLine struct {
	Item        string   `json:"item"`
	Name        ltc.Text `json:"name"`
	Unit        string   `json:"unit"`
	AmountFen   *int64   `json:"amount_fen"`
	FundPercent int      `json:"fund_percent"`
	FundFen     *int64   `json:"fund_fen"`
	Clause      string   `json:"clause"`
	Adjustments []string `json:"adjustments"` // the clauses of the bonuses, reductions and rates applied
	// Condition is who may have this line beyond the grade; empty when none.
	Condition       ltc.Text `json:"condition"`
	ConditionClause string   `json:"condition_clause,omitempty"`
}

// Statement computes what a claimant is paid from `from`, the first day of
// benefits under this decision; income is the figure a cap is computed from,
// nil until the area publishes it.
func (p *Policy) Statement(c Claimant, from time.Time, income *IncomeFigure) Statement {
	s := Statement{Region: p.Region, PolicyVersion: p.Version, Grade: c.Grade, Qualifies: p.Qualifies(c.Grade),
		Lines: []StatementLine{}, FundShares: map[string]int{}, Note: p.Benefits.Note}
	if !s.Qualifies {
		return s
	}
	s.BenefitsFrom = Day(from)
	reduction, until, reduced := p.firstYearReduction(c, from)
	if reduced {
		s.ReductionUntil = Day(until)
	}
	for _, l := range p.Benefits.Lines {
		if !slices.Contains(l.Grades, c.Grade) || !slices.Contains(l.Schemes, c.Scheme) {
			continue
		}
		line := p.line(l, c)
		if reduced {
			line.reduce(reduction)
		}
		s.Lines = append(s.Lines, line)
		s.FundShares[line.Item] = line.FundPercent
	}
	if cap := p.Benefits.AnnualCap; cap != nil {
		cap.capFor(&s, from, c.History, income)
	}
	return s
}

func (p *Policy) line(l BenefitLine, c Claimant) StatementLine {
	out := StatementLine{Item: l.CareForm, Name: l.Name, Unit: l.Unit, FundPercent: l.FundPercent, Clause: l.Clause,
		Adjustments: []string{}, Condition: l.Condition, ConditionClause: l.ConditionClause}
	amount := l.AmountFen
	for _, b := range p.Benefits.FundBonuses {
		if slices.Contains(b.CareForms, l.CareForm) && slices.ContainsFunc(c.Groups, func(g string) bool { return slices.Contains(b.Groups, g) }) {
			out.FundPercent += b.Points
			out.Adjustments = append(out.Adjustments, b.Clause)
		}
	}
	if u := p.Benefits.UntrainedCarer; u != nil && c.UntrainedCarer && slices.Contains(u.CareForms, l.CareForm) {
		amount = percentOf(amount, u.Percent)
		out.Adjustments = append(out.Adjustments, u.Clause)
	}
	out.FundPercent = min(out.FundPercent, 100)
	if l.Unit != OfCost {
		out.AmountFen = &amount
		out.setFund()
	}
	return out
}

// reduce lowers the fund's share by Jilin's first-year reduction.
func (l *StatementLine) reduce(pen GapPenalty) {
	l.FundPercent = max(0, l.FundPercent-pen.Points)
	l.Adjustments = append(l.Adjustments, pen.Clause)
	l.setFund()
}

func (l *StatementLine) setFund() {
	if l.AmountFen != nil {
		fund := percentOf(*l.AmountFen, l.FundPercent)
		l.FundFen = &fund
	}
}

// firstYearReduction is the share reduction after a gap, and the first day
// without it: it applies in the first year of benefits only (在享受待遇时的
// 第1个年度内), counted from the first day paid since re-enrolment.
func (p *Policy) firstYearReduction(c Claimant, from time.Time) (GapPenalty, time.Time, bool) {
	pen, ok := gapPenalty(p.Benefits.GapRatioPenalty, c.History.LastGapYears)
	if !ok || c.History.LastGapYears == 0 {
		return GapPenalty{}, time.Time{}, false
	}
	first := from
	if !c.BenefitsSince.IsZero() {
		first = c.BenefitsSince
	}
	until := first.AddDate(1, 0, 0)
	return pen, until, from.Before(until)
}

func gapPenalty(penalties []GapPenalty, gapYears int) (GapPenalty, bool) {
	for _, pen := range penalties {
		if pen.UpToYears == 0 || gapYears <= pen.UpToYears {
			return pen, true
		}
	}
	return GapPenalty{}, false
}

// percentOf is fen × percent / 100, rounded half up to the fen, in integers.
func percentOf(fen int64, percent int) int64 {
	return (fen*int64(percent) + 50) / 100
}
