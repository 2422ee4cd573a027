package letter

import (
	"testing"
	"time"

	"github.com/changhu/ltc/policy"
)

func TestChineseDateIsBeijings(t *testing.T) {
	// 16:30 UTC on 22 November is already 23 November in Beijing.
	if got := chineseDate(time.Date(2026, 11, 22, 16, 30, 0, 0, time.UTC)); got != "2026年11月23日" {
		t.Errorf("chineseDate = %s, want 2026年11月23日", got)
	}
}

func TestYuanFromFen(t *testing.T) {
	// 2^53+1 fen has no exact float64: only integer arithmetic prints it right.
	for fen, want := range map[int64]string{22000: "220.00元", 5: "0.05元", 4250: "42.50元", 0: "0.00元", -150: "-1.50元",
		9007199254740993: "90071992547409.93元"} {
		if got := yuan(fen); got != want {
			t.Errorf("yuan(%d) = %s, want %s", fen, got, want)
		}
	}
}

func TestAmountsByUnit(t *testing.T) {
	day := BenefitLine{Unit: policy.PerDay, AmountFen: 6000, FundPercent: 70, FundPaysFen: 4200}
	cost := BenefitLine{Unit: policy.OfCost, FundPercent: 70}
	if standard(day) != "60.00元/日" || fundPays(day) != "42.00元/日" {
		t.Errorf("a daily line prints %s and %s", standard(day), fundPays(day))
	}
	if standard(cost) != "按实际费用" || fundPays(cost) != "费用的70%" {
		t.Errorf("a share of costs prints %s and %s", standard(cost), fundPays(cost))
	}
}
