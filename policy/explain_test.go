package policy

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestExplainWithoutAConclusionGivesEligibilityOnly(t *testing.T) {
	who := xuzhouPerson("2026-03-01", "2026-03-10")
	x := region(t, "xuzhou").Explain(Query{Person: who, On: date("2026-05-01")})
	if !x.CanApply || time.Time(x.WaitingPeriodEnds) != date("2026-09-11") || x.Grade != nil || !x.BenefitsFrom.IsZero() || len(x.Lines) != 0 {
		t.Fatalf("%+v", x)
	}
	out, _ := json.Marshal(x)
	for _, want := range []string{`"waiting_period_ends":"2026-09-11"`, `"benefits_from":null`, `"annual_cap_fen":null`, `"lines":[]`,
		`"until":"2026-09-11"`, `"validity":{"months":24,"clause":"评估结论的有效期为2年","local_default":false}`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("explanation does not say %s:\n%s", want, out)
		}
	}
}

func TestExplainARefusedApplicationPaysNothing(t *testing.T) {
	child := xuzhouPerson("2019-01-01", "2019-01-01")
	child.BirthDate = date("2015-03-01")
	x := region(t, "beijing").Explain(Query{Person: child, On: date("2026-11-23"), Conclusion: &Conclusion{Grade: 4, On: date("2026-12-01")}})
	if x.CanApply || x.Refusals[0].Code != "student_or_child" || x.Refusals[0].Clause == "" || !*x.Qualifies || !x.BenefitsFrom.IsZero() || len(x.Lines) != 0 {
		t.Fatalf("%+v", x)
	}
}

// The team, the committee and the sampling rate are local defaults where
// the seed gives no number, and explain says so.
func TestExplainListsTheTeamCommitteeAndSamplingWithTheirLabels(t *testing.T) {
	x := region(t, "jilin").Explain(Query{Person: jilin([2]string{"2022-01-01", ""}), On: date("2026-11-23")})
	out, _ := json.Marshal(x.Rules)
	for _, want := range []string{`"team":{"size":2,"experts":1,"clause":"方案未规定评估人员组成；本地默认不少于2名，其中至少1名具有医学背景的评估专家","local_default":true}`,
		`"committee":{"quorum":3,"majority":2,`, `"quality_sampling":{"percent":10,`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the rules do not say %s:\n%s", want, out)
		}
	}
	r := x.Rules
	if !r.Committee.LocalDefault || !r.QualitySampling.LocalDefault || r.QualitySampling.Clause == "" {
		t.Errorf("committee %+v, sampling %+v", r.Committee, r.QualitySampling)
	}
}

func TestExplainUnderTheVersionACaseWasDecidedBy(t *testing.T) {
	who := xuzhouPerson("2019-01-01", "2019-01-01")
	decided := &Conclusion{Grade: 3, On: date("2026-06-01")}
	old, _ := registry(t).Version("xuzhou", "2022.1")
	then, now := old.Explain(Query{Person: who, On: date("2026-05-01"), Conclusion: decided}), region(t, "xuzhou").Explain(Query{Person: who, On: date("2026-05-01"), Conclusion: decided})
	if then.PolicyVersion != "2022.1" || then.Rules.Fees.ReassessmentIfUnchanged != PayerApplicant || then.Rules.ReapplicationLock == nil {
		t.Errorf("2022.1: %+v", then.Rules)
	}
	if now.PolicyVersion != "2022.2" || now.Rules.Fees.ReassessmentIfUnchanged != PayerFund || now.Rules.ReapplicationLock != nil {
		t.Errorf("2022.2: %+v", now.Rules)
	}
}

// Payment and benefits are what the decision records, on its day, not on
// the day of the application: enrolled since 2022-01-01, a Jilin resident
// has 4 whole years when applying on 2026-12-07 and 5 (a cap 1% higher) by
// the decision on 2027-01-15, paid from 2027-01-16 out of the 2026 figure.
func TestExplainPaysAsOfTheDecision(t *testing.T) {
	p := region(t, "jilin")
	who := jilin([2]string{"2022-01-01", ""})
	who.OnsetDate = date("2026-01-01")
	income := &IncomeFigure{Region: "jilin", Year: 2026, Fen: 3100000, Source: "某市2026年国民经济和社会发展统计公报"}
	x := p.Explain(Query{Person: who, On: date("2026-12-07"), Conclusion: &Conclusion{Grade: 3, On: date("2027-01-15")}, Income: income})
	if !x.CanApply || time.Time(x.Date) != date("2026-12-07") || time.Time(x.BenefitsFrom) != date("2027-01-16") ||
		x.AnnualCapFen == nil || *x.AnnualCapFen != 1565500 || *x.HomeCapFen != 782750 {
		t.Fatalf("benefits from %s, caps %s / %s", day(time.Time(x.BenefitsFrom)), fen(x.AnnualCapFen), fen(x.HomeCapFen))
	}
	award, _ := p.Award(who, 3, date("2027-01-15"), time.Time{}, func(int) (*IncomeFigure, error) { return income, nil })
	want, _ := json.Marshal(award.Statement.Lines)
	if got, _ := json.Marshal(x.Lines); string(got) != string(want) {
		t.Errorf("lines %s, the award's %s", got, want)
	}
}

// Eligibility is the day of the application's; what makes payment wait is
// the decision's: a Xuzhou enrolee paid on 2026-03-10 waits until 2026-09-11,
// which a decision on that day no longer does.
func TestExplainChecksEligibilityOnTheApplicationsDayAndPaymentOnTheDecisions(t *testing.T) {
	p := region(t, "xuzhou")
	who := xuzhouPerson("2026-03-01", "2026-03-10")
	who.OnsetDate = date("2025-10-01") // stable from 2026-04-01
	x := p.Explain(Query{Person: who, On: date("2026-03-20"), Conclusion: &Conclusion{Grade: 3, On: date("2026-09-11")}})
	if time.Time(x.HoldUntil) != date("2026-04-01") || !x.WaitingPeriodEnds.IsZero() || len(x.Payment) != 0 || time.Time(x.BenefitsFrom) != date("2026-09-12") {
		t.Fatalf("hold until %s, waiting until %s %+v, benefits from %s", day(time.Time(x.HoldUntil)), day(time.Time(x.WaitingPeriodEnds)), x.Payment, day(time.Time(x.BenefitsFrom)))
	}
	x = p.Explain(Query{Person: who, On: date("2026-03-20"), Conclusion: &Conclusion{Grade: 3, On: date("2026-09-10")}})
	if time.Time(x.WaitingPeriodEnds) != date("2026-09-11") || x.Payment[0].Code != "waiting_period" || time.Time(x.BenefitsFrom) != date("2026-09-11") {
		t.Fatalf("the day before: waiting until %s, benefits from %s", day(time.Time(x.WaitingPeriodEnds)), day(time.Time(x.BenefitsFrom)))
	}
}

func fen(f *int64) string {
	if f == nil {
		return "null"
	}
	return strconv.FormatInt(*f, 10)
}
