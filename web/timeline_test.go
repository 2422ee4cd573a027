package web

import (
	"testing"

	"github.com/changhu/ltc"
)

// The timeline says what a payment line did for the family, from the
// benefit it left the case in: resumed only when paid again.
func TestThePaymentLinesOfTheTimelineAreTrue(t *testing.T) {
	benefit := func(b ltc.Benefit) map[string]any { return map[string]any{"benefit": string(b)} }
	zh, en := &page{Lang: "zh"}, &page{Lang: "en"}
	for _, c := range []struct {
		line   ltc.HistoryEntry
		zh, en string
	}{
		{ltc.HistoryEntry{Action: "arrears_cleared", Reason: "已补足缴费，待遇恢复支付", Details: benefit(ltc.BenefitActive)},
			"已补足缴费，待遇恢复支付", "contributions paid up; benefits resumed"},
		// Recorded before version 3, the reason said resumed even so.
		{ltc.HistoryEntry{Action: "arrears_cleared", Reason: "已补足缴费，待遇恢复支付", Details: benefit(ltc.BenefitSuspended)},
			"已补足缴费，待遇仍暂停支付", "contributions paid up; benefits still paused"},
		{ltc.HistoryEntry{Action: "arrears_cleared"}, "已补足缴费", "contributions paid up"},
		{ltc.HistoryEntry{Action: "discharge", Details: benefit(ltc.BenefitActive)}, "出院，待遇恢复", "discharged; benefits resumed"},
		{ltc.HistoryEntry{Action: "discharge", Details: benefit(ltc.BenefitSuspended)}, "出院，待遇仍暂停", "discharged; benefits still paused"},
		{ltc.HistoryEntry{Action: "waiting_period", Details: map[string]any{"benefit": "suspended", "until": "2027-06-23T16:00:00Z"}},
			"按缴费记录视为新参保人员，待遇等待期内暂停支付", "counted as newly insured; benefits paused for the waiting period"},
		{ltc.HistoryEntry{Action: "waiting_period_ended", Details: benefit(ltc.BenefitActive)},
			"待遇等待期结束，待遇开始支付", "the waiting period ended; benefits are paid"},
		{ltc.HistoryEntry{Action: "waiting_period_ended", Details: benefit(ltc.BenefitSuspended)},
			"待遇等待期结束，待遇仍暂停支付", "the waiting period ended; benefits still paused"},
	} {
		if got := zh.Words(c.line); got != c.zh {
			t.Errorf("%s %v: %q, want %q", c.line.Action, c.line.Details, got, c.zh)
		}
		if got := en.Words(c.line); got != c.en {
			t.Errorf("%s %v in English: %q, want %q", c.line.Action, c.line.Details, got, c.en)
		}
	}
}
