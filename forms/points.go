package forms

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/changhu/ltc"
)

// Assessment is a form scored by a points instrument.
type Assessment struct {
	Ref
	Grade      int                       `json:"grade"`
	GradeName  string                    `json:"grade_name"`
	Dimensions map[string]DimensionScore `json:"dimensions"`
}

// DimensionScore is a dimension's total and its level.
type DimensionScore struct {
	Score int    `json:"score"`
	Level string `json:"level"`
}

// Scored names the instrument version that scored the form.
func (a *Assessment) Scored() Ref { return a.Ref }

// ScoreAssessment scores a points instrument's form; other kinds are refused.
func (c *Catalog) ScoreAssessment(f Form) (*Assessment, error) {
	r, err := c.Score(f)
	if err != nil {
		return nil, err
	}
	a, ok := r.(*Assessment)
	if !ok {
		return nil, ltc.Invalid([]ltc.FieldError{fieldInstrumentKind(f.Instrument)})
	}
	return a, nil
}

func (in *Instrument) scorePoints(answers map[string]json.RawMessage) (*Assessment, error) {
	var p problems
	points := map[string]int{}
	known := map[string]bool{}
	for _, d := range in.Dimensions {
		for _, it := range d.Items {
			known[it.Code] = true
			raw, ok := answers[it.Code]
			if !ok {
				p.add(it.Code, fmt.Sprintf("缺少评估项「%s」", it.Name.Zh), fmt.Sprintf("item %s (%s) is missing", it.Code, it.Name.En))
				continue
			}
			var v int
			if json.Unmarshal(raw, &v) != nil || !slices.Contains(it.Points, v) {
				p.add(it.Code,
					fmt.Sprintf("「%s」的分值只能是 %s", it.Name.Zh, joinInts(it.Points, "、")),
					fmt.Sprintf("%s must be one of %s", it.Code, joinInts(it.Points, ", ")))
				continue
			}
			points[it.Code] = v
		}
	}
	p.unknownItems(answers, func(code string) bool { return known[code] })
	if err := p.err(); err != nil {
		return nil, err
	}
	return in.grade(points), nil
}

// grade is total: check() guarantees every reachable score has one level and
// every level combination has a grade.
func (in *Instrument) grade(points map[string]int) *Assessment {
	a := &Assessment{Ref: in.Ref(), Dimensions: map[string]DimensionScore{}}
	for _, d := range in.Dimensions {
		total := 0
		for _, it := range d.Items {
			total += points[it.Code]
		}
		a.Dimensions[d.Code] = DimensionScore{Score: total, Level: d.level(total)}
	}
	g := in.Grading
	switch g.Method {
	case "combination":
		worst := ""
		for _, code := range g.ColumnsWorstOf {
			worst = worse(worst, a.Dimensions[code].Level)
		}
		a.Grade = g.Table[a.Dimensions[g.Rows].Level][worst]
	case "level":
		a.Grade = g.GradeOfLevel[a.Dimensions[g.Dimension].Level]
	}
	a.GradeName = in.GradeName(a.Grade).Zh
	return a
}

func (d *Dimension) level(score int) string {
	for _, b := range d.Levels {
		if score >= b.Min && score <= b.Max {
			return b.Level
		}
	}
	return ""
}

// worse returns the more severe of two levels ("" is better than any).
func worse(a, b string) string {
	if slices.Index(Levels, b) > slices.Index(Levels, a) {
		return b
	}
	return a
}
