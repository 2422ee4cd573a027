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

func codes(e Eligibility) string {
	var c []string
	for _, r := range e.Refusals {
		c = append(c, r.Code)
	}
	return strings.Join(c, ",")
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
	p := shippedJSON(t, "taicang/2018.2.json")
	p["region"], p["supersedes"] = "broken", ""
	delete(p["periods"].(map[string]any), "acceptance")
	p["team"].(map[string]any)["experts"] = 3
	p["qualifying_grades"] = []int{4, 5} // the lines now name a grade that does not qualify
	p["periods"].(map[string]any)["publicity"].(map[string]any)["clause"] = ""
	p["inpatient"].(map[string]any)["in_hospital_care_forms"] = []string{"helicopter"}
	lines := p["benefits"].(map[string]any)["lines"].([]any)
	delete(lines[0].(map[string]any), "condition_clause")
	lines[4].(map[string]any)["care_form"] = "institution" // now two 院护 lines for a resident
	p["waiting_period"] = map[string]any{"from": "day_after_full_payment", "fixed": map[string]any{"months": 6}, "clause": "x"}
	p["gap_counting"] = map[string]any{"scheme_start": map[string]any{"date": "2022-13-01", "clause": "x"},
		"incentives_not_before": map[string]any{"date": "2022-01-01", "clause": "x"}, "constraints_from": map[string]any{"date": "2027-01-01", "clause": "x"}, "clause": "x"}
	_, err := loadExtra(t, map[string]map[string]any{"broken.json": p})
	if err == nil {
		t.Fatal("a broken policy loaded")
	}
	for _, want := range []string{"broken.json", "periods.acceptance: give exactly one", "team:", "grade 3 does not qualify",
		"periods.publicity: the clause is missing", `in_hospital_care_forms: "helicopter"`, "lines[0] (specialist): a condition needs zh, en and condition_clause",
		"grade 4 under scheme resident has two institution lines", "counting from full payment needs the arrears rule", `gap_counting.scheme_start.date: "2022-13-01"`} {
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
	if err := os.WriteFile(filepath.Join(dir, "suzhou.json"), out, 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Load(forms.MustShipped(), dir)
	if err != nil || !r.Known("suzhou") {
		t.Fatalf("new city: %v", err)
	}
}
