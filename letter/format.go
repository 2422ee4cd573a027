package letter

import (
	"fmt"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/policy"
)

// chineseDate prints the Beijing date of t: 2026年11月23日.
func chineseDate(t time.Time) string {
	y, m, d := t.In(ltc.China).Date()
	return fmt.Sprintf("%d年%d月%d日", y, int(m), d)
}

// yuan prints fen as yuan with two decimals (22000 → 220.00元), in integers only.
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d元", sign, fen/100, fen%100)
}

var perUnit = map[string]string{policy.PerDay: "/日", policy.PerMonth: "/月"}

// standard is a line's amount with its unit: 60.00元/日, or 按实际费用 for a share of costs.
func standard(l BenefitLine) string {
	if l.Unit == policy.OfCost {
		return "按实际费用"
	}
	return yuan(l.AmountFen) + perUnit[l.Unit]
}

// fundPays is what the fund pays on a line: 42.00元/日, or 费用的70% for a share of costs.
func fundPays(l BenefitLine) string {
	if l.Unit == policy.OfCost {
		return fmt.Sprintf("费用的%d%%", l.FundPercent)
	}
	return yuan(l.FundPaysFen) + perUnit[l.Unit]
}
