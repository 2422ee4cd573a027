package policy

import (
	"encoding/json"
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
