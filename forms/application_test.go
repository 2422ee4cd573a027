package forms

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
)

var today = time.Date(2026, 11, 23, 10, 0, 0, 0, ltc.China)

func TestResidentIDCheckCharacter(t *testing.T) {
	cases := []struct {
		id    string
		valid bool
	}{
		{"11010519491231002X", true},  // the example in GB 11643-1999
		{"440524188001010014", true},  // the other published example
		{"110105194912310021", false}, // wrong check character
		{"11010519491231002x", false}, // lower-case x is not the standard's X
		{"440524188001010015", false},
		{"11010519491331002X", false}, // month 13
		{"110105202712310028", false}, // born in the future (check char right for the digits)
		{"1101051949123100", false},   // too short
		{"01010519491231002X", false}, // no region starts with 0
	}
	for _, tc := range cases {
		_, ok := ParseResidentID(tc.id, today)
		if ok != tc.valid {
			t.Errorf("%s: valid=%v, want %v", tc.id, ok, tc.valid)
		}
	}
	id, _ := ParseResidentID("11010519491231002X", today)
	if got := id.BirthDate().Format(time.DateOnly); got != "1949-12-31" {
		t.Errorf("birth date %s", got)
	}
	if got := id.Masked(); got != "1101**********002X" {
		t.Errorf("masked %s", got)
	}
}

func goodApplication() Application {
	return Application{
		Person:      Applicant{Name: "张三", ResidentID: "11010519491231002X", Phone: "13800138000"},
		Scheme:      "employee",
		Region:      "xuzhou",
		Address:     "徐州市鼓楼区中山北路1号",
		CareSetting: "home",
		OnsetDate:   "2025-03-01",
		Diagnosis:   "脑梗死后遗症",
		Hospital:    "徐州市中心医院",
		Agent:       Agent{Name: "张小三", Relationship: "child", Phone: "13900139000"},
		Consent:     Consent{Visit: true, Publicity: true},
		SelfAssessment: SelfAssessForm{Items: map[string]json.RawMessage{
			"eating": answer(true), "continence": answer(true), "bathing": answer(true),
			"dressing": answer(true), "toileting": answer(false), "transfer": answer(false),
		}},
	}
}

// newTestValidator serves xuzhou (no self-assessment gate, like every seed
// region) and demo (gated).
func newTestValidator(t *testing.T) *Validator {
	known := func(r string) bool { return r == "xuzhou" || r == "demo" }
	gated := func(r string) (Gate, bool) {
		return Gate{Clause: "演示：自评等级为 E、F、G 级方可申请", LocalDefault: true}, r == "demo"
	}
	v, err := NewValidator(MustShipped(), known, gated, func() time.Time { return today })
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestGoodApplicationPasses(t *testing.T) {
	got, err := newTestValidator(t).CheckApplication(goodApplication())
	if err != nil {
		t.Fatal(err)
	}
	if got.SelfAssessment.Grade != "F" || got.ResidentID.BirthDate().Year() != 1949 {
		t.Errorf("got %+v", got)
	}
}

func TestApplicationReportsEveryFieldInBothLanguages(t *testing.T) {
	a := goodApplication()
	a.Person.ResidentID = "110105194912310021"
	a.Person.Phone = "12345"
	a.Scheme = "commercial"
	a.Region = "atlantis"
	a.OnsetDate = "2027-01-01"
	a.Agent.Relationship = ""
	a.Consent.Publicity = false
	a.SelfAssessment.Items["eating"] = json.RawMessage(`"sometimes"`)
	_, err := newTestValidator(t).CheckApplication(a)
	e, ok := err.(*ltc.Error)
	if !ok || e.Code != ltc.EInvalid {
		t.Fatalf("got %v", err)
	}
	got := map[string]ltc.Text{}
	for _, f := range e.Fields {
		got[f.Field] = f.Message
	}
	want := map[string][2]string{
		"person.resident_id":           {"公民身份号码无效", "resident ID number is not valid"},
		"person.phone":                 {"联系电话必须是11位手机号码", "phone must be an 11-digit mobile number"},
		"scheme":                       {"参保险种必须是[employee resident]中的一个", "insurance scheme must be one of [employee resident]"},
		"region":                       {"统筹地区不是已开展长期护理保险的地区", "region is not a region this system serves"},
		"onset_date":                   {"失能发生日期不能晚于今天", "disability onset date cannot be in the future"},
		"agent.relationship":           {"与参保人关系为必填字段", "relationship is a required field"},
		"consent.publicity":            {"必须同意结果公示", "consent to publicity must be given"},
		"self_assessment.items.eating": {"「进食」只能填", "eating must be one of independent, dependent"},
	}
	for field, w := range want {
		if !strings.Contains(got[field].Zh, w[0]) || !strings.Contains(got[field].En, w[1]) {
			t.Errorf("%s: got %+v, want zh containing %q and en containing %q", field, got[field], w[0], w[1])
		}
	}
	if len(e.Fields) != len(want) {
		t.Errorf("got %d field errors, want %d: %+v", len(e.Fields), len(want), e.Fields)
	}
}

func TestOnsetBeforeBirthIsRefused(t *testing.T) {
	a := goodApplication()
	a.OnsetDate = "1949-12-30"
	_, err := newTestValidator(t).CheckApplication(a)
	e, _ := err.(*ltc.Error)
	if e == nil || len(e.Fields) != 1 || e.Fields[0].Field != "onset_date" || e.Fields[0].Message.Zh != "失能发生日期不能早于出生日期" {
		t.Fatalf("got %+v", err)
	}
}

func TestSelfAssessmentGateOnlyWhereTheRegionUsesIt(t *testing.T) {
	a := goodApplication()
	a.SelfAssessment.Items["bathing"] = answer(false)
	a.SelfAssessment.Items["dressing"] = answer(false) // (2,0) → D
	v := newTestValidator(t)
	if got, err := v.CheckApplication(a); err != nil || got.SelfAssessment.Grade != "D" {
		t.Fatalf("xuzhou has no gate, grade D applies: %+v %v", got, err)
	}
	a.Region = "demo"
	_, err := v.CheckApplication(a)
	e, _ := err.(*ltc.Error)
	if e == nil || e.Fields[0].Field != "self_assessment" || e.Fields[0].Message.Zh !=
		"自评等级为 D 级，只有 E、F、G 级可以申请失能评估；如有特殊情况请经办人员登记例外理由（依据：演示：自评等级为 E、F、G 级方可申请（本地区默认设置））" ||
		!strings.HasSuffix(e.Fields[0].Message.En, "(rule: 演示：自评等级为 E、F、G 级方可申请 (a local default))") {
		t.Fatalf("grade D applied in demo, or refused without its rule: %+v", err)
	}
	a.SelfAssessment.ExceptionReason = "家属反映夜间频繁跌倒，经办人员核实"
	got, err := v.CheckApplication(a)
	if err != nil || got.SelfAssessment.Grade != "D" || got.SelfAssessment.MayApply {
		t.Fatalf("exception not admitted: %+v %v", got, err)
	}
}
