// Package forms holds the assessment instruments (national 2021 standard,
// Barthel, the self-assessment gate) as versioned data, scores forms against
// them, and validates the application form.
package forms

import (
	"fmt"
	"slices"
	"time"

	"github.com/changhu/ltc"
)

// Kinds of instrument.
const (
	KindPoints         = "points"          // items scored in points, summed per dimension
	KindSelfAssessment = "self-assessment" // activities judged independent/dependent
)

// Levels of a dimension, from best to worst. Their order is the order of severity.
var Levels = []string{"intact", "mild", "moderate", "severe"}

// Instrument is one version of a scoring instrument, exactly as shipped in its data file.
type Instrument struct {
	ID            string   `json:"id"`
	Version       string   `json:"version"`
	EffectiveFrom string   `json:"effective_from"`
	Kind          string   `json:"kind"`
	Name          ltc.Text `json:"name"`
	Source        string   `json:"source"`

	// KindPoints
	Dimensions []Dimension `json:"dimensions,omitempty"`
	Grading    *Grading    `json:"grading,omitempty"`
	Grades     []GradeName `json:"grades,omitempty"`

	// KindSelfAssessment
	Activities    []Activity          `json:"activities,omitempty"`
	Answers       []Answer            `json:"answers,omitempty"`
	GradeOfCounts map[string][][2]int `json:"grade_of_counts,omitempty"`
	MayApply      []string            `json:"may_apply,omitempty"`
}

// Dimension is a group of items whose points add up to a score with a level.
type Dimension struct {
	Code   string      `json:"code"`
	Name   ltc.Text    `json:"name"`
	Items  []Item      `json:"items"`
	Levels []LevelBand `json:"levels"`
}

// Item is one scored question and the points an assessor may give.
type Item struct {
	Code   string   `json:"code"`
	Name   ltc.Text `json:"name"`
	Points []int    `json:"points"`
}

// LevelBand maps an inclusive score range to a level.
type LevelBand struct {
	Level string `json:"level"`
	Min   int    `json:"min"`
	Max   int    `json:"max"`
}

// Grading turns dimension levels into a grade.
//   - "combination": rows by the Rows dimension's level, columns by the worst
//     level among ColumnsWorstOf (the national standard's 组合法);
//   - "level": the grade of one dimension's level (Barthel).
type Grading struct {
	Method         string                    `json:"method"`
	Rows           string                    `json:"rows,omitempty"`
	ColumnsWorstOf []string                  `json:"columns_worst_of,omitempty"`
	Table          map[string]map[string]int `json:"table,omitempty"`
	Dimension      string                    `json:"dimension,omitempty"`
	GradeOfLevel   map[string]int            `json:"grade_of_level,omitempty"`
}

// GradeName names a grade in Chinese and English.
type GradeName struct {
	Grade int      `json:"grade"`
	Name  ltc.Text `json:"name"`
}

// Activity is one self-assessment activity and its class (a or b).
type Activity struct {
	Code  string   `json:"code"`
	Class string   `json:"class"`
	Name  ltc.Text `json:"name"`
}

// Answer is one allowed self-assessment answer.
type Answer struct {
	Code string   `json:"code"`
	Name ltc.Text `json:"name"`
}

// Ref names the exact instrument version that scored a form.
type Ref struct {
	ID      string `json:"instrument"`
	Version string `json:"instrument_version"`
}

// Ref returns the instrument's id and version.
func (in *Instrument) Ref() Ref { return Ref{ID: in.ID, Version: in.Version} }

// GradeName returns the names of a grade of this instrument.
func (in *Instrument) GradeName(grade int) ltc.Text {
	for _, g := range in.Grades {
		if g.Grade == grade {
			return g.Name
		}
	}
	return ltc.Text{}
}

// check reports every hole or contradiction in the instrument's data, so that
// a broken file refuses to load and says where.
func (in *Instrument) check() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if in.ID == "" || in.Version == "" {
		add("id and version are required")
	}
	if _, err := time.Parse(time.DateOnly, in.EffectiveFrom); err != nil {
		add("effective_from %q is not a date (YYYY-MM-DD)", in.EffectiveFrom)
	}
	switch in.Kind {
	case KindPoints:
		in.checkPoints(add)
	case KindSelfAssessment:
		in.checkSelfAssessment(add)
	default:
		add("kind %q is not %q or %q", in.Kind, KindPoints, KindSelfAssessment)
	}
	if len(problems) > 0 {
		return fmt.Errorf("instrument %s@%s: %v", in.ID, in.Version, problems)
	}
	return nil
}

func (in *Instrument) checkPoints(add func(string, ...any)) {
	if len(in.Dimensions) == 0 {
		add("no dimensions")
	}
	seen := map[string]bool{}
	for _, d := range in.Dimensions {
		for _, it := range d.Items {
			if seen[it.Code] {
				add("item %q appears twice", it.Code)
			}
			seen[it.Code] = true
			if len(it.Points) == 0 || !slices.IsSorted(it.Points) || it.Points[0] < 0 || len(slices.Compact(slices.Clone(it.Points))) != len(it.Points) {
				add("item %q: points must be distinct, ascending and not negative", it.Code)
			}
		}
		checkLevels(d, add)
	}
	grades := map[int]bool{}
	for _, g := range in.Grades {
		grades[g.Grade] = true
	}
	if in.Grading == nil {
		add("no grading")
		return
	}
	for _, g := range in.Grading.grades() {
		if !grades[g] {
			add("grade %d is produced by the grading but has no name", g)
		}
	}
	in.checkGrading(add)
}

// checkLevels requires every score the items can reach to fall in exactly one band.
func checkLevels(d Dimension, add func(string, ...any)) {
	for _, b := range d.Levels {
		if !slices.Contains(Levels, b.Level) {
			add("dimension %q: unknown level %q", d.Code, b.Level)
		}
	}
	for score := range reachableScores(d.Items) {
		n := 0
		for _, b := range d.Levels {
			if score >= b.Min && score <= b.Max {
				n++
			}
		}
		if n != 1 {
			add("dimension %q: score %d falls in %d level bands, want exactly 1", d.Code, score, n)
		}
	}
}

// reachableScores is every total the items' points can add up to.
func reachableScores(items []Item) map[int]bool {
	sums := map[int]bool{0: true}
	for _, it := range items {
		next := map[int]bool{}
		for s := range sums {
			for _, p := range it.Points {
				next[s+p] = true
			}
		}
		sums = next
	}
	return sums
}

func (in *Instrument) dimension(code string) *Dimension {
	for i := range in.Dimensions {
		if in.Dimensions[i].Code == code {
			return &in.Dimensions[i]
		}
	}
	return nil
}

func (in *Instrument) checkGrading(add func(string, ...any)) {
	g := in.Grading
	switch g.Method {
	case "combination":
		for _, code := range append([]string{g.Rows}, g.ColumnsWorstOf...) {
			if in.dimension(code) == nil {
				add("grading names unknown dimension %q", code)
			}
		}
		for _, row := range Levels {
			for _, col := range Levels {
				if _, ok := g.Table[row][col]; !ok {
					add("combination table has no cell for %s × %s", row, col)
				}
			}
		}
	case "level":
		if in.dimension(g.Dimension) == nil {
			add("grading names unknown dimension %q", g.Dimension)
		}
		for _, l := range Levels {
			if _, ok := g.GradeOfLevel[l]; !ok {
				add("grading has no grade for level %q", l)
			}
		}
	default:
		add("grading method %q is not combination or level", g.Method)
	}
}

// grades lists every grade the grading can produce.
func (g *Grading) grades() []int {
	var out []int
	for _, row := range g.Table {
		for _, grade := range row {
			out = append(out, grade)
		}
	}
	for _, grade := range g.GradeOfLevel {
		out = append(out, grade)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (in *Instrument) checkSelfAssessment(add func(string, ...any)) {
	perClass := map[string]int{}
	for _, a := range in.Activities {
		if a.Class != "a" && a.Class != "b" {
			add("activity %q: class %q is not a or b", a.Code, a.Class)
		}
		perClass[a.Class]++
	}
	if len(in.Answers) != 2 || in.Answers[0].Code != "independent" || in.Answers[1].Code != "dependent" {
		add("answers must be independent and dependent")
	}
	covered := map[[2]int]string{}
	for grade, pairs := range in.GradeOfCounts {
		for _, p := range pairs {
			if other, dup := covered[p]; dup {
				add("counts %v are graded both %s and %s", p, other, grade)
			}
			covered[p] = grade
		}
	}
	for na := 0; na <= perClass["a"]; na++ {
		for nb := 0; nb <= perClass["b"]; nb++ {
			if _, ok := covered[[2]int{na, nb}]; !ok {
				add("counts (%d,%d) have no grade", na, nb)
			}
		}
	}
	for _, g := range in.MayApply {
		if _, ok := in.GradeOfCounts[g]; !ok {
			add("may_apply names unknown grade %q", g)
		}
	}
}
