package cases

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/letter"
	"github.com/changhu/ltc/policy"
)

func chinaDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, ltc.China) }

func noIncome(int) (*policy.IncomeFigure, error) { return nil, nil }

// xuzhouAward is the statement a Xuzhou decision of 2026-11-23 records for a
// person enrolled and paid on 2026-11-10, now in hospital: a waiting period
// until 2027-05-10, and a stay that suspends payment.
func xuzhouAward(t *testing.T) json.RawMessage {
	t.Helper()
	reg, err := policy.Load(forms.MustShipped(), "")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := reg.Latest("xuzhou")
	who := policy.Person{Scheme: "employee", CareSetting: "hospital", BirthDate: chinaDay(1948, 5, 17), OnsetDate: chinaDay(2026, 1, 1),
		Enrolments: []policy.Enrolment{{Scheme: "employee", Start: chinaDay(2026, 11, 10), FullyPaidOn: chinaDay(2026, 11, 10)}}}
	award, err := p.Award(who, 3, chinaDay(2026, 11, 23).Add(10*time.Hour), time.Time{}, noIncome)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(award.Statement)
	return raw
}

// The PDF letter and the JSON letter say what the decision recorded of
// payment: the waiting period with its end and clause, and the stay.
func TestTheLetterSaysWhatTheDecisionRecordedOfPayment(t *testing.T) {
	raw := xuzhouAward(t)
	var l letter.Letter
	if err := statementOf(raw, &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Payment) != 2 || l.Payment[0].Text != "待遇等待期至2027年5月10日届满，自2027年5月11日起方可给付待遇" ||
		!strings.HasPrefix(l.Payment[0].Clauses[0], "新参保人员设置6个月的待遇享受等待期") ||
		!strings.Contains(l.Payment[1].Text, "住院期间暂停支付待遇，出院后恢复支付") {
		t.Fatalf("the PDF letter's payment: %+v", l.Payment)
	}
	found, err := paymentOf(raw)
	if err != nil || len(found) != 2 || found[0].Code != "waiting_period" || !time.Time(found[0].Until).Equal(chinaDay(2027, 5, 11)) ||
		found[0].Message.En != "a waiting period runs until 2027-05-10: benefits can be paid from 2027-05-11" || found[1].Code != "inpatient" {
		t.Fatalf("the JSON letter's payment: %v %+v", err, found)
	}
	if none, err := paymentOf(nil); err != nil || none == nil || len(none) != 0 {
		t.Fatalf("a decision without a statement: %v %#v", err, none)
	}
}
