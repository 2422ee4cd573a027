package notify

import (
	"testing"
	"time"

	"github.com/changhu/ltc"
)

// A change of payment tells the family what it means for them, from the
// benefit state the line leaves the case in: resumed only when paid again.
func TestPaymentLinesTellTheFamilyWhatTheyGet(t *testing.T) {
	benefit := func(b ltc.Benefit) map[string]any { return map[string]any{"benefit": string(b)} }
	for _, c := range []struct {
		name string
		line ltc.HistoryEntry
		want string // the Chinese text, or "" for no message
	}{
		{"arrears suspend", ltc.HistoryEntry{Action: "arrears", Reason: "参保缴费欠费，欠费期间待遇不予支付", Details: benefit(ltc.BenefitSuspended)},
			"长期护理保险待遇暂停：参保缴费欠费，补足缴费后恢复支付。"},
		{"arrears paid up", ltc.HistoryEntry{Action: "arrears_cleared", Reason: "已补足缴费，待遇恢复支付", Details: benefit(ltc.BenefitActive)},
			"长期护理保险待遇已恢复。"},
		{"arrears paid up while in hospital", ltc.HistoryEntry{Action: "arrears_cleared", Details: benefit(ltc.BenefitSuspended)}, ""},
		{"arrears paid up into a waiting period", ltc.HistoryEntry{Action: "arrears_cleared", Reason: "已补足缴费，待遇仍因其他原因暂停", Details: benefit(ltc.BenefitSuspended)}, ""},
		{"a waiting period, as recorded", ltc.HistoryEntry{Action: "waiting_period", Details: map[string]any{"benefit": "suspended", "until": time.Date(2027, 6, 24, 0, 0, 0, 0, ltc.China)}},
			"按缴费记录视为新参保人员，长期护理保险待遇等待期至2027年6月23日届满，届满后开始支付。"},
		{"a waiting period, as read back", ltc.HistoryEntry{Action: "waiting_period", Details: map[string]any{"benefit": "suspended", "until": "2027-06-23T16:00:00Z"}},
			"按缴费记录视为新参保人员，长期护理保险待遇等待期至2027年6月23日届满，届满后开始支付。"},
		{"a waiting period of seconds, in a demonstration", ltc.HistoryEntry{Action: "waiting_period", Details: map[string]any{"until": "2027-06-24T10:30:00+08:00"}},
			"按缴费记录视为新参保人员，长期护理保险待遇等待期至2027年6月24日 10:30届满，届满后开始支付。"},
		{"a waiting period without its end", ltc.HistoryEntry{Action: "waiting_period", Details: benefit(ltc.BenefitSuspended)}, ""},
		{"the waiting period over", ltc.HistoryEntry{Action: "waiting_period_ended", Details: benefit(ltc.BenefitActive)},
			"长期护理保险待遇等待期已结束，待遇开始支付。"},
		{"the waiting period over while in hospital", ltc.HistoryEntry{Action: "waiting_period_ended", Details: benefit(ltc.BenefitSuspended)}, ""},
		{"discharged", ltc.HistoryEntry{Action: "discharge", Actor: ltc.Actor{Role: ltc.RoleCaseworker}, Details: benefit(ltc.BenefitActive)},
			"长期护理保险待遇已恢复。"},
		{"discharged while in arrears or expired", ltc.HistoryEntry{Action: "discharge", Details: benefit(ltc.BenefitSuspended)}, ""},
		{"discharged, a line without the benefit", ltc.HistoryEntry{Action: "discharge"}, ""},
		{"admitted, the officer's note kept out", ltc.HistoryEntry{Action: "admission", Reason: "市第一人民医院神经内科", Details: benefit(ltc.BenefitSuspended)},
			"长期护理保险待遇暂停：住院期间不能同时享受长期护理保险待遇。"},
	} {
		notices := NoticesFor("5c9f4b09-aaaa", c.line)
		got := ""
		if len(notices) == 1 {
			got = Render(notices[0].Template, notices[0].Vars, "zh")
		}
		if got != c.want || len(notices) > 1 {
			t.Errorf("%s: %q (%d messages), want %q", c.name, got, len(notices), c.want)
		}
	}
}

// A death ends the case without a text message: it would reach the
// deceased's own phone, and could say benefits ended that never began.
func TestADeathSendsNoTextMessage(t *testing.T) {
	died := ltc.HistoryEntry{Action: "died", Status: ltc.StatusEnded, Actor: ltc.Actor{Role: ltc.RoleCaseworker}, Reason: "民政部门死亡登记"}
	if n := NoticesFor("5c9f4b09-aaaa", died); n != nil {
		t.Fatalf("a death texted the family: %+v", n)
	}
}
