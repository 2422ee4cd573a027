package cases

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/calendar"
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
	who := policy.Person{Scheme: "employee", InHospital: true, BirthDate: chinaDay(1948, 5, 17), OnsetDate: chinaDay(2026, 1, 1),
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
	if len(l.Payment) != 2 || l.Payment[0].Text != "待遇等待期至2027年5月10日届满，自2027年5月11日起方可给付待遇" || l.Payment[0].LocalDefault ||
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

// A late payer's waiting period comes with Xuzhou's rule for late payers
// and its due date, a local default: the letter cites both and labels it.
func TestTheLetterLabelsALatePayersWaitingPeriod(t *testing.T) {
	reg, _ := policy.Load(forms.MustShipped(), "")
	p, _ := reg.Latest("xuzhou")
	who := policy.Person{Scheme: "employee", BirthDate: chinaDay(1948, 5, 17), OnsetDate: chinaDay(2025, 1, 1),
		Enrolments: []policy.Enrolment{{Scheme: "employee", Start: chinaDay(2025, 1, 1), End: chinaDay(2026, 1, 1), FullyPaidOn: chinaDay(2025, 1, 8)},
			{Scheme: "employee", Start: chinaDay(2026, 1, 1), FullyPaidOn: chinaDay(2026, 3, 10)}}}
	award, err := p.Award(who, 3, chinaDay(2026, 5, 20), time.Time{}, noIncome)
	raw, _ := json.Marshal(award.Statement)
	var l letter.Letter
	if err != nil || statementOf(raw, &l) != nil || len(l.Payment) != 1 || !l.Payment[0].LocalDefault || len(l.Payment[0].Clauses) != 3 ||
		!strings.HasPrefix(l.Payment[0].Text, "2026年度参保费用未于2026年1月31日前（含当日）足额缴纳，视为新参保人员；待遇等待期至2026年9月10日届满") {
		t.Fatalf("%v %+v", err, l.Payment)
	}
}

// scoredStore has the scores of every case: all a letter reads of the store.
type scoredStore struct{ Store }

func (scoredStore) ScoredDimensions(context.Context, string) (map[string]forms.DimensionScore, error) {
	return map[string]forms.DimensionScore{}, nil
}

type shippedCalendar struct{}

func (shippedCalendar) Current(context.Context) (*calendar.Calendar, error) {
	return calendar.Shipped()
}

// A validity or first day no seed gives is marked on the letter as the
// region's default setting: Xuzhou's validity is the seed's and Jilin's is
// not; the day after the decision is a local default everywhere, a day the
// waiting period moved is the waiting period's.
func TestTheLetterMarksTheDatesLocalDefaultsGive(t *testing.T) {
	reg, err := policy.Load(forms.MustShipped(), "")
	if err != nil {
		t.Fatal(err)
	}
	s := &Service{Store: scoredStore{}, Catalog: forms.MustShipped(), Policies: reg, Calendar: shippedCalendar{}}
	decided := chinaDay(2026, 11, 23).Add(10 * time.Hour)
	for _, c := range []struct {
		region, version string
		from            time.Time
		validity, start bool
	}{
		{"xuzhou", "2022.2", chinaDay(2026, 11, 24), false, true},
		{"xuzhou", "2022.2", chinaDay(2027, 5, 11), false, false},
		{"jilin", "2025.draft.2", chinaDay(2026, 11, 24), true, true},
	} {
		d := &ltc.Decision{Grade: 3, GradeName: "重度失能Ⅰ级", Instrument: "national-2021", InstrumentVersion: "2021.1", Qualifies: true,
			DecidedAt: decided, ValidUntil: chinaDay(2028, 11, 23).Add(10 * time.Hour), BenefitsFrom: c.from, Statement: json.RawMessage(`{}`)}
		l, err := s.letterOf(context.Background(), &ltc.Case{ID: "c-7f3a9e21-0000", Region: c.region, PolicyVersion: c.version,
			ResidentID: "320303194805170022", Decision: d}, "XZ7K-4M2P-9QWD")
		if err != nil || l.Validity.LocalDefault != c.validity || l.BenefitsFromLocalDefault != c.start {
			t.Errorf("%s from %s: %v, validity labelled %v, first day %v; want %v, %v", c.region, c.from.Format(time.DateOnly),
				err, l.Validity.LocalDefault, l.BenefitsFromLocalDefault, c.validity, c.start)
		}
	}
}
