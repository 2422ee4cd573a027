package policy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

func registry(t *testing.T) *Registry {
	t.Helper()
	r, err := Load(forms.MustShipped(), "")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func region(t *testing.T, code string) *Policy {
	t.Helper()
	p, err := registry(t).Latest(code)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func date(s string) time.Time {
	d, err := time.ParseInLocation(time.DateOnly, s, ltc.China)
	if err != nil {
		panic(err)
	}
	return d
}

func TestEveryRegionLoads(t *testing.T) {
	var got []string
	for _, p := range registry(t).Regions() {
		got = append(got, p.Region)
	}
	if strings.Join(got, ",") != "beijing,demo,jilin,nanjing,taicang,xuzhou" {
		t.Fatalf("regions %v", got)
	}
}

func TestBrokenPolicyRefusesToLoadAndSaysWhere(t *testing.T) {
	p := shippedJSON(t, "xuzhou/2022.1.json")
	p["region"] = "broken"
	delete(p["periods"].(map[string]any), "acceptance")
	p["team"].(map[string]any)["experts"] = 3
	p["qualifying_grades"] = []int{3, 4, 5} // the moderate lines now name a grade that does not qualify
	out, _ := json.Marshal(p)
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "broken.json"), out, 0o644)
	_, err := Load(forms.MustShipped(), dir)
	if err == nil {
		t.Fatal("a broken policy loaded")
	}
	for _, want := range []string{"broken.json", "periods.acceptance", "team:", "grade 2 does not qualify"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q:\n%v", want, err)
		}
	}
}

func TestANewCityIsANewFile(t *testing.T) {
	p := shippedJSON(t, "beijing/2020.1.json")
	p["region"], p["name"] = "suzhou", map[string]string{"zh": "苏州市", "en": "Suzhou"}
	out, _ := json.Marshal(p)
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "suzhou.json"), out, 0o644)
	r, err := Load(forms.MustShipped(), dir)
	if err != nil || !r.Known("suzhou") {
		t.Fatalf("new city: %v", err)
	}
}

func codes(e Eligibility) string {
	var c []string
	for _, r := range e.Refusals {
		c = append(c, r.Code)
	}
	return strings.Join(c, ",")
}

func xuzhouPerson(start, paid string) Person {
	return Person{Scheme: "employee", CareSetting: "home", BirthDate: date("1940-05-01"), OnsetDate: date("2020-01-01"),
		Enrolments: []Enrolment{{Scheme: "employee", Start: date(start), FullyPaidOn: date(paid)}}}
}

// payment is the codes of what bars or suspends payment.
func payment(e Eligibility) string {
	var c []string
	for _, r := range e.Payment {
		if r.Clause == "" {
			panic("a payment reason without its clause: " + r.Code)
		}
		c = append(c, r.Code)
	}
	return strings.Join(c, ",")
}

func TestXuzhouWaitingPeriodBarsPaymentNotTheApplication(t *testing.T) {
	p := region(t, "xuzhou")
	who := xuzhouPerson("2023-03-01", "2023-03-10") // the period starts 2023-03-11 and lasts 6 months
	before := p.Check(who, date("2023-09-10"))
	if !before.Eligible() || !before.WaitingPeriodEnds.Equal(date("2023-09-11")) || payment(before) != "waiting_period" ||
		!strings.Contains(before.Payment[0].Message.Zh, "待遇自 2023-09-11 起方可给付") {
		t.Fatalf("day before: %+v", before)
	}
	if on := p.Check(who, date("2023-09-11")); !on.Eligible() || !on.WaitingPeriodEnds.IsZero() || payment(on) != "" {
		t.Fatalf("day of: %+v", on)
	}
	if exempt := p.Check(xuzhouPerson("2020-01-01", "2021-12-01"), date("2022-01-05")); !exempt.WaitingPeriodEnds.IsZero() {
		t.Fatalf("enrolled before the scheme began: %+v", exempt)
	}
}

// years are a Xuzhou person's yearly enrolments: start, end, fully paid on.
func years(periods ...[3]string) Person {
	who := xuzhouPerson("2000-01-01", "2000-01-01")
	who.Enrolments = nil
	for _, y := range periods {
		e := Enrolment{Scheme: "employee", Start: date(y[0])}
		if y[1] != "" {
			e.End = date(y[1])
		}
		if y[2] != "" {
			e.FullyPaidOn = date(y[2])
		}
		who.Enrolments = append(who.Enrolments, e)
	}
	return who
}

func TestXuzhouLatePayerInALaterYearIsANewEnrolee(t *testing.T) {
	p := region(t, "xuzhou")
	thisYear := func(paid string) Person {
		return years([3]string{"2022-01-01", "2023-01-01", "2022-01-10"}, [3]string{"2023-01-01", "2024-01-01", "2023-01-20"},
			[3]string{"2024-01-01", "", paid})
	}
	for _, tc := range []struct {
		name, paid, on, wantEnds string
		arrears                  bool
	}{
		{"paid on the last day on time", "2024-01-31", "2024-06-01", "", false},
		{"paid the first day late, the day before the period ends", "2024-02-01", "2024-08-01", "2024-08-02", false},
		{"paid the first day late, the day the period ends", "2024-02-01", "2024-08-02", "", false},
		{"paid in March, the day before", "2024-03-10", "2024-09-10", "2024-09-11", false},
		{"paid in March, the day of", "2024-03-10", "2024-09-11", "", false},
		{"not paid, not yet due", "", "2024-01-31", "", false},
		{"not paid, past due: in arrears until paid", "", "2024-02-01", "", true},
	} {
		e := p.Check(thisYear(tc.paid), date(tc.on))
		if !e.Eligible() || day(e.WaitingPeriodEnds) != day(parseDay(tc.wantEnds)) || e.InArrears != tc.arrears {
			t.Errorf("%s: waiting until %s, in arrears %v; want %q, %v", tc.name, day(e.WaitingPeriodEnds), e.InArrears, tc.wantEnds, tc.arrears)
		}
	}
	late := thisYear("2024-03-10")
	if got := p.BenefitsFrom(date("2024-05-01"), p.Check(late, date("2024-04-01"))); !got.Equal(date("2024-09-11")) {
		t.Errorf("a late payer decided in May is paid from %s", day(got))
	}
	old, _ := registry(t).Get("xuzhou", "2022.1") // before this correction a late year was not a new enrolment
	if e := old.Check(late, date("2024-09-10")); !e.WaitingPeriodEnds.IsZero() {
		t.Errorf("xuzhou 2022.1: %+v", e)
	}
	back := years([3]string{"2022-01-01", "2023-01-01", "2022-01-10"}, [3]string{"2025-01-01", "", "2025-01-05"})
	if e := p.Check(back, date("2025-07-05")); !e.WaitingPeriodEnds.Equal(date("2025-07-06")) {
		t.Errorf("back after a gap is a new enrolee: %+v", e)
	}
	inclusive := years([3]string{"2022-01-01", "2022-12-31", "2022-01-10"}, [3]string{"2023-01-01", "", "2023-01-20"})
	if e := p.Check(inclusive, date("2023-03-01")); !e.WaitingPeriodEnds.IsZero() {
		t.Errorf("an end date written as the last day covered is not a gap: %+v", e)
	}
}

func TestBenefitsStartAtTheLaterOfTheNextDayAndTheWaitingPeriodsEnd(t *testing.T) {
	p := region(t, "xuzhou")
	e := p.Check(xuzhouPerson("2023-03-01", "2023-03-10"), date("2023-04-01")) // waiting until 2023-09-11
	for decided, want := range map[string]string{
		"2023-06-01": "2023-09-11", // during the waiting period
		"2023-09-09": "2023-09-11", // two days before it ends
		"2023-09-10": "2023-09-11", // the day before: both the same day
		"2023-09-11": "2023-09-12", // the day it ends: the next day
	} {
		if got := p.BenefitsFrom(date(decided), e); !got.Equal(date(want)) {
			t.Errorf("decided %s: benefits from %s, want %s", decided, day(got), want)
		}
	}
	if got := p.BenefitsFrom(date("2023-06-01"), Eligibility{}); !got.Equal(date("2023-06-02")) {
		t.Errorf("no waiting period: %s", day(got))
	}
}

func TestArrearsSuspendPaymentNotTheApplication(t *testing.T) {
	now := date("2026-11-23")
	owing := xuzhouPerson("2019-01-01", "2019-01-01")
	owing.Enrolments[0].InArrears = true
	e := region(t, "xuzhou").Check(owing, now)
	if !e.Eligible() || !e.InArrears || payment(e) != "arrears" || e.Payment[0].Clause != "欠费期间待遇不予支付" {
		t.Fatalf("xuzhou in arrears: %+v", e)
	}
	if e := region(t, "taicang").Check(owing, now); !e.Eligible() || e.InArrears {
		t.Fatalf("taicang has no arrears rule: %+v", e)
	}
	unpaid := xuzhouPerson("2026-11-01", "2026-11-01")
	unpaid.Enrolments[0].FullyPaidOn = time.Time{}
	e = region(t, "xuzhou").Check(unpaid, now)
	if !e.Eligible() || !e.InArrears || !e.WaitingPeriodEnds.IsZero() || !strings.Contains(e.Payment[0].Message.Zh, "等待期自足额缴费次日起计算") {
		t.Fatalf("a new enrolee not fully paid: %+v", e)
	}
}

func TestAHospitalStaySuspendsBenefitsAndDoesNotBarTheApplication(t *testing.T) {
	now := date("2026-11-23")
	inpatient := xuzhouPerson("2019-01-01", "2019-01-01")
	inpatient.CareSetting = "hospital"
	for code, wantClause := range map[string]string{
		"xuzhou":  "参保人员享受长护险待遇期间……不得同时享受住院待遇",
		"taicang": "因疾病加重需要转送医疗机构进行医疗的，停止享受长护保险待遇",
	} {
		e := region(t, code).Check(inpatient, now)
		if !e.Eligible() || !e.Inpatient || payment(e) != "inpatient" || e.Payment[0].Clause != wantClause {
			t.Errorf("%s: %+v", code, e)
		}
	}
	if e := region(t, "taicang").Check(inpatient, now); !strings.Contains(e.Payment[0].Message.Zh, "医疗专业护理（专护）在医院病房提供，不属于住院") {
		t.Errorf("taicang does not say that 专护 is not a hospital stay: %+v", e.Payment[0].Message)
	}
	if e := region(t, "nanjing").Check(inpatient, now); e.Inpatient || !e.Eligible() {
		t.Errorf("nanjing's seed says nothing of hospital stays: %+v", e)
	}
	inpatient.CareSetting = "home"
	if e := region(t, "xuzhou").Check(inpatient, now); e.Inpatient || payment(e) != "" {
		t.Errorf("at home: %+v", e)
	}
}

func TestNotInsuredIsRefused(t *testing.T) {
	resident := xuzhouPerson("2019-01-01", "2019-01-01") // insured as an employee, applying as a resident
	resident.Scheme = "resident"
	if got := codes(region(t, "xuzhou").Check(resident, date("2026-11-23"))); got != "not_insured" {
		t.Errorf("refusals %q", got)
	}
}

func TestStabilisationHoldsRatherThanRefuses(t *testing.T) {
	p := region(t, "xuzhou")
	who := xuzhouPerson("2019-01-01", "2019-01-01")
	who.OnsetDate = date("2026-08-15")
	e := p.Check(who, date("2026-11-23"))
	if len(e.Refusals) != 0 || !e.HoldUntil.Equal(date("2027-02-15")) || e.Eligible() {
		t.Fatalf("%+v", e)
	}
	if e := p.Check(who, date("2027-02-15")); !e.Eligible() {
		t.Fatalf("on the day six months are reached: %+v", e)
	}
}

func TestReapplicationLockOnlyWhereTheRegionUsesIt(t *testing.T) {
	who := xuzhouPerson("2019-01-01", "2019-01-01")
	who.LastNotQualified = time.Date(2026, 6, 1, 10, 0, 0, 0, ltc.China)
	demo := region(t, "demo") // 60 seconds
	if e := demo.Check(who, who.LastNotQualified.Add(59*time.Second)); codes(e) != "reapplication_lock" ||
		!e.Refusals[0].Until.Equal(who.LastNotQualified.Add(time.Minute)) || e.Refusals[0].Clause == "" {
		t.Fatalf("demo, a second before: %+v", e)
	}
	if e := demo.Check(who, who.LastNotQualified.Add(time.Minute)); codes(e) != "" {
		t.Fatalf("demo, when the lock ends: %+v", e)
	}
	for _, code := range []string{"taicang", "xuzhou", "nanjing", "jilin", "beijing"} {
		if p := region(t, code); p.ReapplicationLock != nil || codes(p.Check(who, date("2026-07-01"))) == "reapplication_lock" {
			t.Errorf("%s locks re-application, which its seed does not say", code)
		}
	}
	old, _ := registry(t).Get("taicang", "2018.1") // the version before this correction kept its 6 months
	who.LastNotQualified = date("2026-06-01")
	if e := old.Check(who, date("2026-11-30")); codes(e) != "reapplication_lock" || !e.Refusals[0].Until.Equal(date("2026-12-01")) {
		t.Fatalf("taicang 2018.1, the day before: %+v", e)
	}
	if e := old.Check(who, date("2026-12-01")); codes(e) != "" {
		t.Fatalf("taicang 2018.1, the day of: %+v", e)
	}
	who.SignificantChange = true
	if e := old.Check(who, date("2026-07-01")); codes(e) != "" {
		t.Fatalf("with a recorded change: %+v", e)
	}
}

func TestSelfAssessmentGateOnlyForDemo(t *testing.T) {
	r := registry(t)
	for code, want := range map[string]bool{"demo": true, "taicang": false, "xuzhou": false, "nanjing": false, "jilin": false, "beijing": false, "atlantis": false} {
		if got := r.UsesSelfAssessmentGate(code); got != want {
			t.Errorf("%s: gate %v, want %v", code, got, want)
		}
	}
	if demo := region(t, "demo"); demo.SelfAssessmentGate.Clause == "" {
		t.Error("the demo gate has no clause")
	}
}

func TestJilinGapArithmetic(t *testing.T) {
	p := region(t, "jilin")
	enrol := func(start, end string) Enrolment {
		e := Enrolment{Scheme: "resident", Start: date(start)}
		if end != "" {
			e.End = date(end)
		}
		return e
	}
	cases := []struct {
		name     string
		periods  []Enrolment
		backPaid int
		wantDays int // from the start of the current enrolment
	}{
		{"continuous since the scheme began", []Enrolment{enrol("2021-06-01", "")}, 0, 0},
		{"first enrolment two years after the start", []Enrolment{enrol("2024-01-01", "")}, 0, 180 + 30},
		{"gap of 2 years 5 months counts as 3", []Enrolment{enrol("2021-01-01", "2023-01-01"), enrol("2025-06-01", "")}, 0, 180 + 60},
		{"one year paid back", []Enrolment{enrol("2021-01-01", "2023-01-01"), enrol("2025-06-01", "")}, 1, 180 + 30},
		{"paid back more than the variable part", []Enrolment{enrol("2021-01-01", "2023-01-01"), enrol("2025-06-01", "")}, 5, 180},
		{"gap of exactly 4 years: no minimum", []Enrolment{enrol("2021-01-01", "2022-01-01"), enrol("2026-01-01", "")}, 0, 180 + 90},
		{"gap over 4 years: at least 360", []Enrolment{enrol("2021-01-01", "2022-01-01"), enrol("2026-06-01", "")}, 0, 360},
		{"gap over 4 years, all repaid: still 360", []Enrolment{enrol("2021-01-01", "2022-01-01"), enrol("2026-06-01", "")}, 5, 360},
		{"gap of 8 years", []Enrolment{enrol("2021-01-01", "2022-01-01"), enrol("2029-06-01", "")}, 0, 180 + 210},
	}
	for _, tc := range cases {
		who := Person{Scheme: "resident", BirthDate: date("1950-01-01"), Enrolments: tc.periods, BackPaidYears: tc.backPaid}
		current := tc.periods[len(tc.periods)-1]
		ends := current.Start.AddDate(0, 0, tc.wantDays)
		if tc.wantDays > 0 {
			dayBefore := p.Check(who, ends.AddDate(0, 0, -1))
			if !dayBefore.WaitingPeriodEnds.Equal(ends) {
				t.Errorf("%s: the day before %s: %+v", tc.name, day(ends), dayBefore)
			}
		}
		if e := p.Check(who, ends); !e.WaitingPeriodEnds.IsZero() {
			t.Errorf("%s: on %s: %+v", tc.name, day(ends), e)
		}
	}
}

func TestRegionExclusions(t *testing.T) {
	now := date("2026-11-23")
	base := Person{Scheme: "resident", CareSetting: "home", BirthDate: date("1950-01-01"),
		Enrolments: []Enrolment{{Scheme: "resident", Start: date("2019-01-01"), FullyPaidOn: date("2019-01-01")}}}
	child, student, injured := base, base, base
	child.BirthDate = date("2015-03-01")
	student.Student = true
	injured.WorkInjuryCareAllowance = true
	for _, tc := range []struct {
		region string
		who    Person
		want   string
	}{
		{"beijing", child, "student_or_child"}, {"beijing", student, "student_or_child"}, {"beijing", base, ""},
		{"xuzhou", child, ""}, {"jilin", injured, "work_injury_care_allowance"}, {"beijing", injured, ""},
	} {
		if got := codes(region(t, tc.region).Check(tc.who, now)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.region, got, tc.want)
		}
	}
}

// figures is care form → fund pays (fen), or the fund's percent for cost shares.
func figures(s Statement) map[string]int64 {
	out := map[string]int64{}
	for _, l := range s.Lines {
		if l.Unit == OfCost {
			out[l.CareForm] = int64(l.FundPercent)
		} else {
			out[l.CareForm] = l.FundPaysFen
		}
		if len(l.Clauses) == 0 || l.Clauses[0] == "" {
			panic("a line without its clause: " + l.CareForm)
		}
	}
	return out
}

func TestTaicangDailyAmounts(t *testing.T) {
	p := region(t, "taicang")
	if got := figures(p.Statement(Claimant{Grade: 3, Scheme: "employee"})); got["specialist"] != 22000 || got["institution"] != 12000 || got["home"] != 6000 {
		t.Errorf("employee: %v", got)
	}
	if got := figures(p.Statement(Claimant{Grade: 5, Scheme: "resident"})); got["specialist"] != 16000 || got["institution"] != 8500 || got["home"] != 6000 {
		t.Errorf("resident: %v", got)
	}
	if s := p.Statement(Claimant{Grade: 2, Scheme: "employee"}); s.Qualifies || len(s.Lines) != 0 {
		t.Errorf("moderate qualifies in Taicang's first phase: %+v", s)
	}
}

func TestXuzhouBedDaysHomeCareAndAdjustments(t *testing.T) {
	p := region(t, "xuzhou")
	severe := figures(p.Statement(Claimant{Grade: 4, Scheme: "resident"}))
	want := map[string]int64{"institution_care": 4200, "institution_medical": 4000, "home_package": 90000, "family_care": 2000,
		"home_visits_with_family_care": 30000, "remote_family_care": 3000}
	for form, fen := range want {
		if severe[form] != fen {
			t.Errorf("severe %s: %d fen, want %d", form, severe[form], fen)
		}
	}
	moderate := figures(p.Statement(Claimant{Grade: 2, Scheme: "employee"}))
	if moderate["institution_care"] != 3150 || moderate["institution_medical"] != 2000 || moderate["home_package"] != 60000 || moderate["family_care"] != 1000 {
		t.Errorf("moderate: %v", moderate)
	}
	student := figures(p.Statement(Claimant{Grade: 3, Scheme: "resident", Groups: []string{"student"}}))
	if student["institution_care"] != 4500 || student["institution_medical"] != 4250 || student["family_care"] != 2000 {
		t.Errorf("+5 points: %v", student)
	}
	untrained := figures(p.Statement(Claimant{Grade: 3, Scheme: "resident", UntrainedCarer: true}))
	if untrained["family_care"] != 1600 || untrained["home_package"] != 90000 {
		t.Errorf("untrained carer at 80%%: %v", untrained)
	}
}

func TestJilinSharesAndCap(t *testing.T) {
	p := region(t, "jilin")
	resident := figures(p.Statement(Claimant{Grade: 3, Scheme: "resident"}))
	employee := figures(p.Statement(Claimant{Grade: 3, Scheme: "employee"}))
	if resident["institution"] != 50 || employee["institution"] != 70 || resident["home_community"] != 60 || employee["home_community"] != 80 {
		t.Errorf("shares: resident %v employee %v", resident, employee)
	}
	afterGap := figures(p.Statement(Claimant{Grade: 3, Scheme: "employee", GapYears: 7, FirstYear: true}))
	if afterGap["institution"] != 50 || afterGap["home_community"] != 60 {
		t.Errorf("−20 points in the first year after a 7-year gap: %v", afterGap)
	}
	for _, tc := range []struct {
		name         string
		c            Claimant
		annual, home int64
	}{
		{"plain", Claimant{Grade: 3, Scheme: "resident", ContinuousYears: 2}, 1500000, 750000},
		{"7 continuous years: +3%", Claimant{Grade: 3, Scheme: "resident", ContinuousYears: 7}, 1545000, 772500},
		{"40 continuous years: capped at +20%", Claimant{Grade: 3, Scheme: "resident", ContinuousYears: 40}, 1800000, 900000},
		{"3-year gap: −3%", Claimant{Grade: 3, Scheme: "resident", GapYears: 3}, 1455000, 727500},
		{"25-year gap: capped at −20%", Claimant{Grade: 3, Scheme: "resident", GapYears: 25}, 1200000, 600000},
	} {
		cap := p.Statement(tc.c).AnnualCap
		if cap == nil || cap.AnnualFen != tc.annual || cap.HomeFen != tc.home || len(cap.Clauses) < 2 {
			t.Errorf("%s: cap %+v, want %d / %d", tc.name, cap, tc.annual, tc.home)
		}
	}
}

func TestBeijingAndNanjing(t *testing.T) {
	if got := figures(region(t, "beijing").Statement(Claimant{Grade: 3, Scheme: "employee"})); got["long_term_care"] != 210000 {
		t.Errorf("Beijing 3,000 元/月 at 70%%: %v", got)
	}
	s := region(t, "nanjing").Statement(Claimant{Grade: 4, Scheme: "resident"})
	if !s.Qualifies || len(s.Lines) != 0 || s.Note == nil || !strings.Contains(s.Note.Zh, "另行公布") {
		t.Errorf("Nanjing: %+v", s)
	}
}
