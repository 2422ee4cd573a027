package policy

import "github.com/changhu/ltc"

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
	// Condition is who may have this line beyond the grade (Taicang's 专护:
	// complex medical needs only), empty when none; ConditionClause says it.
	Condition       ltc.Text `json:"condition,omitzero"`
	ConditionClause string   `json:"condition_clause,omitempty"`
}

// FundBonus raises the fund's share for some groups (Xuzhou: +5 points).
type FundBonus struct {
	Groups    []string `json:"groups"` // of knownGroups
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

// AnnualCap is Jilin's annual limit: a share of the area's per-capita
// disposable income of the year before (an IncomeFigure the area publishes),
// raised for continuous enrolment and lowered for gaps.
type AnnualCap struct {
	IncomePercent       int    `json:"income_percent"`
	HomePercent         int    `json:"home_percent"` // of the annual cap, for home and community care
	Clause              string `json:"clause"`
	BonusAfterYears     int    `json:"bonus_after_years"`
	BonusPercentPerYear int    `json:"bonus_percent_per_year"`
	BonusMaxPercent     int    `json:"bonus_max_percent"`
	BonusClause         string `json:"bonus_clause"`
	GapPercentPerYear   int    `json:"gap_percent_per_year"`
	GapMaxPercent       int    `json:"gap_max_percent"`
	GapClause           string `json:"gap_clause"`
}

// GapPenalty lowers the fund's share in the first year of benefits after a
// gap of up to UpToYears, that number included (0: any longer gap).
type GapPenalty struct {
	UpToYears int    `json:"up_to_years"`
	Points    int    `json:"points"`
	Clause    string `json:"clause"`
}
