package forms

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/changhu/ltc"
)

var (
	adlCodes       = []string{"eating", "dressing", "grooming", "bowel", "bladder", "toileting", "walking", "transfer", "stairs", "bathing"}
	adlMax         = []int{10, 10, 5, 10, 10, 10, 15, 15, 10, 5}
	cognitionCodes = []string{"time_orientation", "person_orientation", "place_orientation", "memory"}
	sensoryCodes   = []string{"vision", "hearing", "communication"}
)

// fill spreads total over the items, largest allowed points first; every item
// allows steps of 5 (ADL) or 1 (the others), so any reachable total fits.
func fill(items map[string]json.RawMessage, codes []string, max []int, step, total int) {
	for i, code := range codes {
		p := min(max[i], total)
		p -= p % step
		items[code] = json.RawMessage(fmt.Sprint(p))
		total -= p
	}
	if total != 0 {
		panic(fmt.Sprintf("total left over: %d", total))
	}
}

func nationalForm(adl, cognition, sensory int) Form {
	items := map[string]json.RawMessage{}
	fill(items, adlCodes, adlMax, 5, adl)
	fill(items, cognitionCodes, []int{4, 4, 4, 4}, 1, cognition)
	fill(items, sensoryCodes, []int{4, 4, 4}, 1, sensory)
	return Form{Instrument: "national-2021", Items: items}
}

func TestNationalDimensionThresholds(t *testing.T) {
	c := MustShipped()
	cases := []struct {
		dim           string
		adl, cog, sen int
		wantScore     int
		wantLevel     string
	}{
		{"adl", 40, 16, 12, 40, "severe"}, {"adl", 45, 16, 12, 45, "moderate"},
		{"adl", 60, 16, 12, 60, "moderate"}, {"adl", 65, 16, 12, 65, "mild"},
		{"adl", 95, 16, 12, 95, "mild"}, {"adl", 100, 16, 12, 100, "intact"}, {"adl", 0, 16, 12, 0, "severe"},
		{"cognition", 100, 3, 12, 3, "severe"}, {"cognition", 100, 4, 12, 4, "moderate"},
		{"cognition", 100, 11, 12, 11, "moderate"}, {"cognition", 100, 12, 12, 12, "mild"},
		{"cognition", 100, 15, 12, 15, "mild"}, {"cognition", 100, 16, 12, 16, "intact"}, {"cognition", 100, 0, 12, 0, "severe"},
		{"sensory", 100, 16, 3, 3, "severe"}, {"sensory", 100, 16, 4, 4, "moderate"},
		{"sensory", 100, 16, 7, 7, "moderate"}, {"sensory", 100, 16, 8, 8, "mild"},
		{"sensory", 100, 16, 11, 11, "mild"}, {"sensory", 100, 16, 12, 12, "intact"}, {"sensory", 100, 16, 0, 0, "severe"},
	}
	for _, tc := range cases {
		a, err := c.ScoreAssessment(nationalForm(tc.adl, tc.cog, tc.sen))
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		got := a.Dimensions[tc.dim]
		if got.Score != tc.wantScore || got.Level != tc.wantLevel {
			t.Errorf("%s with adl=%d cog=%d sen=%d: got %+v, want score %d level %s", tc.dim, tc.adl, tc.cog, tc.sen, got, tc.wantScore, tc.wantLevel)
		}
	}
}

// TestNationalCombinationTable checks every cell of domain.md §4.1's table,
// reaching each column level through cognition and through sensory.
func TestNationalCombinationTable(t *testing.T) {
	adlScore := map[string]int{"intact": 100, "mild": 80, "moderate": 50, "severe": 20}
	cogScore := map[string]int{"intact": 16, "mild": 13, "moderate": 8, "severe": 2}
	senScore := map[string]int{"intact": 12, "mild": 9, "moderate": 5, "severe": 1}
	want := map[string][4]int{ // columns: intact, mild, moderate, severe
		"intact":   {0, 0, 1, 1},
		"mild":     {1, 1, 1, 2},
		"moderate": {2, 2, 2, 3},
		"severe":   {3, 3, 4, 5},
	}
	names := []string{"基本正常", "轻度失能", "中度失能", "重度失能Ⅰ级", "重度失能Ⅱ级", "重度失能Ⅲ级"}
	c := MustShipped()
	for row, cells := range want {
		for i, col := range Levels {
			viaCognition := nationalForm(adlScore[row], cogScore[col], senScore["intact"])
			viaSensory := nationalForm(adlScore[row], cogScore["intact"], senScore[col])
			bothWorse := nationalForm(adlScore[row], cogScore[col], senScore[col])
			for name, f := range map[string]Form{"cognition": viaCognition, "sensory": viaSensory, "both": bothWorse} {
				a, err := c.ScoreAssessment(f)
				if err != nil {
					t.Fatal(err)
				}
				if a.Grade != cells[i] || a.GradeName != names[cells[i]] {
					t.Errorf("ADL %s × %s (via %s): grade %d %s, want %d %s", row, col, name, a.Grade, a.GradeName, cells[i], names[cells[i]])
				}
			}
		}
	}
}

func TestNationalRecordsInstrumentVersion(t *testing.T) {
	a, err := MustShipped().ScoreAssessment(nationalForm(40, 12, 9))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(a)
	want := `{"instrument":"national-2021","instrument_version":"2021.1","grade":3,"grade_name":"重度失能Ⅰ级","dimensions":{"adl":{"score":40,"level":"severe"},"cognition":{"score":12,"level":"mild"},"sensory":{"score":9,"level":"mild"}}}`
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
}

func TestBarthelBands(t *testing.T) {
	c := MustShipped()
	for _, tc := range []struct{ total, grade int }{
		{100, 0}, {95, 1}, {65, 1}, {60, 2}, {45, 2}, {40, 3}, {0, 3},
	} {
		items := map[string]json.RawMessage{}
		fill(items, adlCodes, adlMax, 5, tc.total)
		a, err := c.ScoreAssessment(Form{Instrument: "barthel", Items: items})
		if err != nil {
			t.Fatal(err)
		}
		if a.Grade != tc.grade || len(a.Dimensions) != 1 || a.Dimensions["adl"].Score != tc.total {
			t.Errorf("Barthel %d: got grade %d dims %v, want grade %d", tc.total, a.Grade, a.Dimensions, tc.grade)
		}
	}
}

func TestSelfAssessmentEveryPair(t *testing.T) {
	want := map[[2]int]string{
		{0, 0}: "A", {1, 0}: "B", {0, 1}: "B", {0, 2}: "B", {1, 1}: "C", {0, 3}: "C",
		{2, 0}: "D", {1, 2}: "D", {3, 0}: "E", {2, 1}: "E", {2, 2}: "E", {1, 3}: "E",
		{3, 1}: "F", {3, 2}: "F", {2, 3}: "F", {3, 3}: "G",
	}
	classA := []string{"eating", "continence", "bathing"}
	classB := []string{"dressing", "toileting", "transfer"}
	c := MustShipped()
	for pair, grade := range want {
		items := map[string]json.RawMessage{}
		for i, code := range classA {
			items[code] = answer(i < pair[0])
		}
		for i, code := range classB {
			items[code] = answer(i < pair[1])
		}
		s, err := c.ScoreSelfAssessment(Form{Instrument: "self-assessment", Items: items})
		if err != nil {
			t.Fatal(err)
		}
		mayApply := grade >= "E"
		if s.Grade != grade || s.MayApply != mayApply {
			t.Errorf("(na,nb)=%v: got %s may_apply=%v, want %s may_apply=%v", pair, s.Grade, s.MayApply, grade, mayApply)
		}
	}
}

func answer(dependent bool) json.RawMessage {
	if dependent {
		return json.RawMessage(`"dependent"`)
	}
	return json.RawMessage(`"independent"`)
}

func TestInvalidFormListsEveryProblem(t *testing.T) {
	f := nationalForm(50, 10, 10)
	delete(f.Items, "memory")
	f.Items["eating"] = json.RawMessage(`7`)
	f.Items["walking"] = json.RawMessage(`"15"`)
	f.Items["flying"] = json.RawMessage(`5`)
	_, err := MustShipped().Score(f)
	var e *ltc.Error
	if !errors.As(err, &e) || e.Code != ltc.EInvalid {
		t.Fatalf("want an invalid error, got %v", err)
	}
	got := map[string]ltc.Text{}
	for _, fe := range e.Fields {
		got[fe.Field] = fe.Message
	}
	for field, wantIn := range map[string]string{
		"items.eating":  "0, 5, 10",
		"items.walking": "0, 5, 10, 15",
		"items.memory":  "missing",
		"items.flying":  "unknown",
	} {
		if !strings.Contains(got[field].En, wantIn) || got[field].Zh == "" {
			t.Errorf("%s: got %+v, want English containing %q and a Chinese message", field, got[field], wantIn)
		}
	}
	if len(e.Fields) != 4 {
		t.Errorf("want exactly 4 problems, got %d: %+v", len(e.Fields), e.Fields)
	}
}

func TestUnknownInstrumentIsAFieldError(t *testing.T) {
	_, err := MustShipped().Score(Form{Instrument: "nope"})
	var e *ltc.Error
	if !errors.As(err, &e) || e.Code != ltc.EInvalid || e.Fields[0].Field != "instrument" {
		t.Fatalf("got %v", err)
	}
}

func TestRegionShipsItsOwnVersion(t *testing.T) {
	dir := t.TempDir()
	data, _ := shipped.ReadFile("instruments/national-2021.json")
	var in map[string]any
	_ = json.Unmarshal(data, &in)
	in["version"], in["effective_from"] = "2026.1", "2026-01-01"
	// This region grades ADL-severe × intact as severe-II instead of severe-I.
	in["grading"].(map[string]any)["table"].(map[string]any)["severe"].(map[string]any)["intact"] = 4
	out, _ := json.Marshal(in)
	if err := os.WriteFile(filepath.Join(dir, "national-2026.json"), out, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	newest, _ := c.ScoreAssessment(nationalForm(20, 16, 12))
	old := nationalForm(20, 16, 12)
	old.Version = "2021.1"
	earlier, _ := c.ScoreAssessment(old)
	if newest.Grade != 4 || newest.Version != "2026.1" || earlier.Grade != 3 || earlier.Version != "2021.1" {
		t.Errorf("newest %+v, earlier %+v", newest, earlier)
	}
}

func TestBrokenInstrumentRefusesToLoad(t *testing.T) {
	data, _ := shipped.ReadFile("instruments/national-2021.json")
	var in map[string]any
	_ = json.Unmarshal(data, &in)
	in["version"], in["effective_from"] = "broken", "2030-01-01"
	dims := in["dimensions"].([]any)
	// A gap: an ADL score of 45 would have no level.
	dims[0].(map[string]any)["levels"].([]any)[1].(map[string]any)["min"] = 50
	delete(in["grading"].(map[string]any)["table"].(map[string]any)["mild"].(map[string]any), "severe")
	out, _ := json.Marshal(in)
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "broken.json"), out, 0o644)
	_, err := LoadCatalog(dir)
	if err == nil {
		t.Fatal("a broken instrument loaded")
	}
	for _, want := range []string{"broken.json", `score 45 falls in 0 level bands`, "no cell for mild × severe"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func TestDecodeFormRejectsMalformedInput(t *testing.T) {
	for _, in := range []string{``, `{`, `[]`, `{"instrument":"barthel","items":{},"x":1}`, `{"items":{"eating":"x"}} {}`} {
		var e *ltc.Error
		if _, err := DecodeForm(strings.NewReader(in)); !errors.As(err, &e) || e.Code != ltc.EMalformed {
			t.Errorf("%q: got %v, want a malformed error", in, err)
		}
	}
}
