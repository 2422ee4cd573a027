package forms

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/changhu/ltc"
)

// SelfAssessment is a scored self-assessment (自评表): grade A–G and whether
// that grade may apply for an assessment.
type SelfAssessment struct {
	Ref
	Grade    string `json:"grade"`
	MayApply bool   `json:"may_apply"`
}

// Scored names the instrument version that scored the form.
func (s *SelfAssessment) Scored() Ref { return s.Ref }

// ScoreSelfAssessment scores a self-assessment form; other kinds are refused.
func (c *Catalog) ScoreSelfAssessment(f Form) (*SelfAssessment, error) {
	r, err := c.Score(f)
	if err != nil {
		return nil, err
	}
	s, ok := r.(*SelfAssessment)
	if !ok {
		return nil, ltc.Invalid([]ltc.FieldError{fieldInstrumentKind(f.Instrument)})
	}
	return s, nil
}

func fieldInstrumentKind(id string) ltc.FieldError {
	return ltc.FieldError{Field: "instrument", Message: ltc.Text{
		Zh: fmt.Sprintf("此处不能使用评估量表 %q", id), En: fmt.Sprintf("instrument %q cannot be used here", id)}}
}

func (in *Instrument) scoreSelfAssessment(answers map[string]json.RawMessage) (*SelfAssessment, error) {
	var p problems
	dependent := map[string]int{}
	known := map[string]bool{}
	for _, act := range in.Activities {
		known[act.Code] = true
		raw, ok := answers[act.Code]
		if !ok {
			p.add(act.Code, fmt.Sprintf("缺少自评项「%s」", act.Name.Zh), fmt.Sprintf("activity %s (%s) is missing", act.Code, act.Name.En))
			continue
		}
		var v string
		if json.Unmarshal(raw, &v) != nil || !slices.ContainsFunc(in.Answers, func(a Answer) bool { return a.Code == v }) {
			p.add(act.Code,
				fmt.Sprintf("「%s」只能填 independent（能独立完成）或 dependent（需要他人帮助）", act.Name.Zh),
				fmt.Sprintf("%s must be one of independent, dependent", act.Code))
			continue
		}
		if v == "dependent" {
			dependent[act.Class]++
		}
	}
	p.unknownItems(answers, func(code string) bool { return known[code] })
	if err := p.err(); err != nil {
		return nil, err
	}
	grade := in.selfGrade(dependent["a"], dependent["b"])
	return &SelfAssessment{Ref: in.Ref(), Grade: grade, MayApply: slices.Contains(in.MayApply, grade)}, nil
}

// selfGrade is total: check() guarantees every (na, nb) has exactly one grade.
func (in *Instrument) selfGrade(na, nb int) string {
	for grade, pairs := range in.GradeOfCounts {
		if slices.Contains(pairs, [2]int{na, nb}) {
			return grade
		}
	}
	return ""
}
