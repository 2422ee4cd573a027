package policy

import (
	"fmt"
	"time"

	"github.com/changhu/ltc"
)

// IncomeFigure is an area's per-capita disposable income of urban and rural
// residents for a year (城乡居民年人均可支配收入), as the area publishes it.
type IncomeFigure struct {
	Region string `json:"region"`
	Year   int    `json:"year"`
	Fen    int64  `json:"fen"`
	Source string `json:"source"` // where it was published
}

// capFor sets the statement's caps for benefits from `from`, out of last
// year's figure; without it, a note says the cap cannot be given yet.
func (a *AnnualCap) capFor(s *Statement, from time.Time, h History, income *IncomeFigure) {
	year := from.In(ltc.China).Year() - 1
	if income == nil || income.Region != s.Region || income.Year != year {
		s.CapNote = &ltc.Text{
			Zh: fmt.Sprintf("年度最高支付限额为统筹区上年度（%d年）城乡居民年人均可支配收入的%d%%；该数据尚未公布，暂不能计算", year, a.IncomePercent),
			En: fmt.Sprintf("the annual cap is %d%% of the area's per-capita disposable income of %d, which is not published yet", a.IncomePercent, year)}
		s.CapClauses = []string{a.Clause}
		return
	}
	bonus := min(max(0, h.ContinuousYears-a.BonusAfterYears)*a.BonusPercentPerYear, a.BonusMaxPercent)
	reduction := min(h.GapYears*a.GapPercentPerYear, a.GapMaxPercent)
	annual := (income.Fen*int64(a.IncomePercent)*int64(100+bonus-reduction) + 5000) / 10000
	home := percentOf(annual, a.HomePercent)
	s.AnnualCapFen, s.HomeCapFen = &annual, &home
	s.CapClauses = []string{a.Clause, fmt.Sprintf("%d年城乡居民年人均可支配收入 %d.%02d 元（%s）", year, income.Fen/100, income.Fen%100, income.Source)}
	if bonus > 0 {
		s.CapClauses = append(s.CapClauses, a.BonusClause)
	}
	if reduction > 0 {
		s.CapClauses = append(s.CapClauses, a.GapClause)
	}
}
