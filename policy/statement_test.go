package policy

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
)

// statement is a claimant's statement for benefits from 2026-12-01.
func statement(p *Policy, c Claimant) Statement { return p.Statement(c, date("2026-12-01"), nil) }

// figures is care form → fund pays (fen), or the fund's percent for cost shares.
func figures(s Statement) map[string]int64 {
	out := map[string]int64{}
	for _, l := range s.Lines {
		if l.FundFen == nil {
			out[l.Item] = int64(l.FundPercent)
		} else {
			out[l.Item] = *l.FundFen
		}
		if l.Clause == "" {
			panic("a line without its clause: " + l.Item)
		}
	}
	return out
}

func TestTaicangDailyAmounts(t *testing.T) {
	p := region(t, "taicang")
	if got := figures(statement(p, Claimant{Grade: 3, Scheme: "employee"})); got["specialist"] != 22000 || got["institution"] != 12000 || got["home"] != 6000 {
		t.Errorf("employee: %v", got)
	}
	if got := figures(statement(p, Claimant{Grade: 5, Scheme: "resident"})); got["specialist"] != 16000 || got["institution"] != 8500 || got["home"] != 6000 {
		t.Errorf("resident: %v", got)
	}
	if s := statement(p, Claimant{Grade: 2, Scheme: "employee"}); s.Qualifies || len(s.Lines) != 0 {
		t.Errorf("moderate qualifies in Taicang's first phase: %+v", s)
	}
}

func TestXuzhouBedDaysHomeCareAndAdjustments(t *testing.T) {
	p := region(t, "xuzhou")
	severe := figures(statement(p, Claimant{Grade: 4, Scheme: "resident"}))
	want := map[string]int64{"institution_care": 4200, "institution_medical": 4000, "home_package": 90000, "family_care": 2000,
		"home_visits_with_family_care": 30000, "remote_family_care": 3000}
	for form, fen := range want {
		if severe[form] != fen {
			t.Errorf("severe %s: %d fen, want %d", form, severe[form], fen)
		}
	}
	moderate := figures(statement(p, Claimant{Grade: 2, Scheme: "employee"}))
	if moderate["institution_care"] != 3150 || moderate["institution_medical"] != 2000 || moderate["home_package"] != 60000 || moderate["family_care"] != 1000 {
		t.Errorf("moderate: %v", moderate)
	}
	student := figures(statement(p, Claimant{Grade: 3, Scheme: "resident", Groups: []string{"student"}}))
	if student["institution_care"] != 4500 || student["institution_medical"] != 4250 || student["family_care"] != 2000 {
		t.Errorf("+5 points: %v", student)
	}
	untrained := figures(statement(p, Claimant{Grade: 3, Scheme: "resident", UntrainedCarer: true}))
	if untrained["family_care"] != 1600 || untrained["home_package"] != 90000 {
		t.Errorf("untrained carer at 80%%: %v", untrained)
	}
}

func TestBeijingAndNanjing(t *testing.T) {
	if got := figures(statement(region(t, "beijing"), Claimant{Grade: 3, Scheme: "employee"})); got["long_term_care"] != 210000 {
		t.Errorf("Beijing 3,000 元/月 at 70%%: %v", got)
	}
	s := statement(region(t, "nanjing"), Claimant{Grade: 4, Scheme: "resident"})
	if !s.Qualifies || len(s.Lines) != 0 || s.Note == nil || !strings.Contains(s.Note.Zh, "另行制定") {
		t.Errorf("Nanjing: %+v", s)
	}
}

func TestTaicangSpecialistCareOnlyForComplexMedicalNeeds(t *testing.T) {
	for _, scheme := range []string{"employee", "resident"} {
		s := statement(region(t, "taicang"), Claimant{Grade: 4, Scheme: scheme})
		for _, l := range s.Lines {
			conditional := l.Condition.Zh != "" || l.Condition.En != ""
			if l.Item == "specialist" && (!strings.Contains(l.Condition.Zh, "气管切开、胆道造瘘、深静脉置管") ||
				!strings.Contains(l.Condition.En, "tracheotomy") || !strings.Contains(l.ConditionClause, "医疗护理复杂情形")) {
				t.Errorf("%s: 专护 offered without its condition: %+v", scheme, l)
			}
			if l.Item != "specialist" && conditional {
				t.Errorf("%s: %s has a condition: %+v", scheme, l.Item, l.Condition)
			}
		}
	}
	xuzhou := statement(region(t, "xuzhou"), Claimant{Grade: 2, Scheme: "resident"})
	for _, l := range xuzhou.Lines {
		want := map[string]string{"institution_medical": "仅限入住协议医疗机构", "remote_family_care": "仅限办理异地就医备案后"}[l.Item]
		if !strings.HasPrefix(l.Condition.Zh, want) || (want == "") != (l.Condition.Zh == "") {
			t.Errorf("xuzhou %s: condition %q, want %q", l.Item, l.Condition.Zh, want)
		}
	}
}

func TestWhoPaysTheAssessment(t *testing.T) {
	for code, want := range map[string][4]string{ // assessment, re-assessment if changed, if unchanged, local rule
		"taicang": {PayerGovernment, PayerGovernment, PayerGovernment, "seed"},
		"xuzhou":  {PayerFund, PayerFund, PayerFund, "seed"},
		"jilin":   {PayerFund, PayerFund, PayerFund, "seed"},
		"nanjing": {PayerFund, PayerFund, PayerApplicant, "local"},
		"beijing": {PayerFund, PayerFund, PayerApplicant, "local"},
		"demo":    {PayerFund, PayerFund, PayerApplicant, "local"},
	} {
		f := region(t, code).Fees
		basis := map[bool]string{true: "local", false: "seed"}[f.LocalDefault]
		if got := [4]string{f.Assessment, f.ReassessmentIfChanged, f.ReassessmentIfUnchanged, basis}; got != want || f.Clause == "" {
			t.Errorf("%s: fees %v (%q), want %v", code, got, f.Clause, want)
		}
	}
}

// A statement kept as JSON reads back as it was written, days and all.
func TestAStatementReadsBackAsWritten(t *testing.T) {
	want := Statement{Region: "jilin", BenefitsFrom: Day(time.Date(2027, 4, 2, 0, 0, 0, 0, ltc.China)), Lines: []StatementLine{}}
	data, _ := json.Marshal(want)
	var got Statement
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(got)
	if string(again) != string(data) {
		t.Fatalf("%s\nread back as\n%s", data, again)
	}
}
