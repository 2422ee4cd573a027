package policy

import (
	"strings"
	"testing"
	"time"
)

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
	if !eligible(before) || !before.WaitingPeriodEnds.Equal(date("2023-09-11")) || payment(before) != "waiting_period" ||
		before.Payment[0].Message.Zh != "待遇等待期至2023年9月10日届满，自2023年9月11日起方可给付待遇" {
		t.Fatalf("day before: %+v", before)
	}
	if on := p.Check(who, date("2023-09-11")); !eligible(on) || !on.WaitingPeriodEnds.IsZero() || payment(on) != "" {
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
		if !eligible(e) || day(e.WaitingPeriodEnds) != day(parseDay(tc.wantEnds)) || e.InArrears != tc.arrears {
			t.Errorf("%s: waiting until %s, in arrears %v; want %q, %v", tc.name, day(e.WaitingPeriodEnds), e.InArrears, tc.wantEnds, tc.arrears)
		}
	}
	late := thisYear("2024-03-10")
	if got := p.BenefitsFrom(date("2024-05-01"), p.Check(late, date("2024-04-01"))); !got.Equal(date("2024-09-11")) {
		t.Errorf("a late payer decided in May is paid from %s", day(got))
	}
	old, _ := registry(t).Version("xuzhou", "2022.1") // before this correction a late year was not a new enrolment
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

// The due date that makes a late payer a new enrolee is Xuzhou's local
// default: the waiting period's reason names it, with its clause and label.
func TestALatePayersWaitingPeriodSaysTheLocalDueDate(t *testing.T) {
	p := region(t, "xuzhou")
	late := years([3]string{"2022-01-01", "2023-01-01", "2022-01-10"}, [3]string{"2023-01-01", "", "2023-03-10"})
	e := p.Check(late, date("2023-04-01"))
	r := e.Payment[0]
	if payment(e) != "waiting_period" || len(r.Related) != 2 || r.Related[0].Clause != "以后年度未按时足额缴费人员,视为新参保人员" ||
		r.Related[0].LocalDefault || !r.Related[1].LocalDefault || !strings.Contains(r.Related[1].Clause, "本地默认所缴年度开始后1个月内足额缴费为按时") ||
		r.Message.Zh != "2023年度参保费用未于2023年1月31日前（含当日）足额缴纳，视为新参保人员；待遇等待期至2023年9月10日届满，自2023年9月11日起方可给付待遇" ||
		r.Message.En != "the contributions for 2023 were not fully paid by 2023-01-31, which makes a new enrolee; a waiting period runs until 2023-09-10: benefits can be paid from 2023-09-11" {
		t.Fatalf("a late payer: %+v", e.Payment)
	}
	if f := findings(e.Payment)[0]; !f.Labelled() || len(f.Clauses()) != 3 {
		t.Errorf("the finding is not labelled with its three clauses: %+v", f)
	}
	unpaid := years([3]string{"2022-01-01", "2023-01-01", "2022-01-10"}, [3]string{"2023-01-01", "", ""})
	if e := p.Check(unpaid, date("2023-02-01")); payment(e) != "arrears" || len(e.Payment[0].Related) != 2 ||
		!strings.HasPrefix(e.Payment[0].Message.Zh, "2023年度参保费用未于2023年1月31日前（含当日）足额缴纳，视为新参保人员；尚未查到足额缴费") {
		t.Errorf("a late year not paid yet: %+v", e.Payment)
	}
	first := p.Check(xuzhouPerson("2023-03-01", "2023-03-10"), date("2023-04-01"))
	if r := first.Payment[0]; r.Related != nil || findings(first.Payment)[0].Labelled() {
		t.Errorf("a first enrolment's waiting period is the seed's alone: %+v", r)
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
	if !eligible(e) || !e.InArrears || payment(e) != "arrears" || e.Payment[0].Clause != "欠费期间待遇不予支付" {
		t.Fatalf("xuzhou in arrears: %+v", e)
	}
	if e := region(t, "taicang").Check(owing, now); !eligible(e) || e.InArrears {
		t.Fatalf("taicang has no arrears rule: %+v", e)
	}
	unpaid := xuzhouPerson("2026-11-01", "2026-11-01")
	unpaid.Enrolments[0].FullyPaidOn = time.Time{}
	e = region(t, "xuzhou").Check(unpaid, now)
	if !eligible(e) || !e.InArrears || !e.WaitingPeriodEnds.IsZero() || !strings.Contains(e.Payment[0].Message.Zh, "等待期自足额缴费次日起计算") {
		t.Fatalf("a new enrolee not fully paid: %+v", e)
	}
}

func TestAHospitalStaySuspendsBenefitsAndDoesNotBarTheApplication(t *testing.T) {
	now := date("2026-11-23")
	inpatient := xuzhouPerson("2019-01-01", "2019-01-01")
	inpatient.InHospital = true
	for code, wantClause := range map[string]string{
		"xuzhou":  "参保人员享受长护险待遇期间……不得同时享受住院待遇",
		"taicang": "因疾病加重需要转送医疗机构进行医疗的，停止享受长护保险待遇",
	} {
		e := region(t, code).Check(inpatient, now)
		if !eligible(e) || !e.Inpatient || payment(e) != "inpatient" || e.Payment[0].Clause != wantClause {
			t.Errorf("%s: %+v", code, e)
		}
	}
	if e := region(t, "taicang").Check(inpatient, now); !strings.Contains(e.Payment[0].Message.Zh, "医疗专业护理（专护）在医院病房提供，不属于住院") {
		t.Errorf("taicang does not say that 专护 is not a hospital stay: %+v", e.Payment[0].Message)
	}
	if e := region(t, "nanjing").Check(inpatient, now); e.Inpatient || !eligible(e) {
		t.Errorf("nanjing's seed says nothing of hospital stays: %+v", e)
	}
	inpatient.InHospital = false
	if e := region(t, "xuzhou").Check(inpatient, now); e.Inpatient || payment(e) != "" {
		t.Errorf("at home: %+v", e)
	}
}
