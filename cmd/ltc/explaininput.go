package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// explainInput is the JSON contract of `ltc policy explain`. Its names follow
// the enrolment CSV; every date is YYYY-MM-DD.
type explainInput struct {
	Region            string               `json:"region"`
	Version           string               `json:"version"` // empty: the version in force
	Date              string               `json:"date"`    // the application; empty: today
	Person            explainPerson        `json:"person"`
	OnsetDate         string               `json:"onset_date"`
	CareSetting       string               `json:"care_setting"` // empty: home
	Grade             *int                 `json:"grade"`
	DecidedOn         string               `json:"decided_on"` // empty: date
	LastNotQualified  string               `json:"last_not_qualified"`
	SignificantChange bool                 `json:"significant_change"`
	IncomeFigure      *policy.IncomeFigure `json:"income_figure"`
}

type explainPerson struct {
	BirthDate               string             `json:"birth_date"`
	Scheme                  string             `json:"scheme"`
	Student                 bool               `json:"student"`
	MedicalAid              bool               `json:"medical_aid"`
	SevereDisability        bool               `json:"severe_disability"`
	WorkInjuryCareAllowance bool               `json:"work_injury_care_allowance"`
	BackPaidYears           int                `json:"back_paid_years"`
	Enrolments              []explainEnrolment `json:"enrolments"`
}

type explainEnrolment struct {
	Start       string `json:"start"`
	End         string `json:"end"`
	FullyPaidOn string `json:"fully_paid_on"`
	InArrears   bool   `json:"in_arrears"`
}

// explainParser turns the input into a query, collecting every problem.
type explainParser struct {
	problems []ltc.FieldError
}

func (x *explainParser) bad(field, zh, en string) {
	x.problems = append(x.problems, ltc.FieldError{Field: field, Message: ltc.Text{Zh: zh, En: en}})
}

// date reads a date field; empty is the zero time, unless required.
func (x *explainParser) date(field, value string, required bool) time.Time {
	if value == "" && !required {
		return time.Time{}
	}
	d, err := time.ParseInLocation(time.DateOnly, value, ltc.China)
	if err != nil {
		x.bad(field, "须为 YYYY-MM-DD 格式的日期", "must be a date, YYYY-MM-DD")
	}
	return d
}

// parseExplainInput reads the input into the policy it names and a query for
// it, or every problem with it.
func parseExplainInput(data []byte, policies *policy.Registry, catalog *forms.Catalog, today time.Time) (*policy.Policy, policy.Query, []ltc.FieldError) {
	var in explainInput
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, policy.Query{}, []ltc.FieldError{forms.JSONFieldError(err)}
	}
	x := &explainParser{}
	for _, field := range unknownFields(data, reflect.TypeOf(in), "") {
		x.bad(field, "未知字段", "unknown field")
	}
	p := x.policyOf(in, policies)
	q := policy.Query{Person: x.person(in), On: today, Income: in.IncomeFigure}
	if in.Date != "" {
		q.On = x.date("date", in.Date, true)
	}
	if in.Grade != nil {
		q.Conclusion = x.conclusion(in, p, catalog, q.On)
	} else if in.DecidedOn != "" {
		x.bad("decided_on", "给出评估结论日期时须同时给出等级", "decided_on goes with a grade")
	}
	x.income(in.IncomeFigure)
	return p, q, x.problems
}

func (x *explainParser) policyOf(in explainInput, policies *policy.Registry) *policy.Policy {
	var p *policy.Policy
	var err error
	if in.Version == "" {
		p, err = policies.Latest(in.Region)
	} else {
		p, err = policies.Version(in.Region, in.Version)
	}
	if err != nil {
		x.bad("region", "没有该地区或版本的长护险政策", "no policy for this region and version")
	}
	return p
}

func (x *explainParser) person(in explainInput) policy.Person {
	who := policy.Person{Scheme: in.Person.Scheme, InHospital: in.CareSetting == "hospital", BirthDate: x.date("person.birth_date", in.Person.BirthDate, true),
		Student: in.Person.Student, MedicalAid: in.Person.MedicalAid, SevereDisability: in.Person.SevereDisability,
		WorkInjuryCareAllowance: in.Person.WorkInjuryCareAllowance, OnsetDate: x.date("onset_date", in.OnsetDate, false),
		BackPaidYears: in.Person.BackPaidYears, LastNotQualified: x.date("last_not_qualified", in.LastNotQualified, false),
		SignificantChange: in.SignificantChange}
	if !slices.Contains([]string{"", "home", "institution", "hospital"}, in.CareSetting) {
		x.bad("care_setting", "当前照护场所须为 home、institution 或 hospital", "care_setting must be home, institution or hospital")
	}
	if who.Scheme != "employee" && who.Scheme != "resident" {
		x.bad("person.scheme", "参保险种须为 employee 或 resident", "scheme must be employee or resident")
	}
	if who.BackPaidYears < 0 || who.BackPaidYears > 100 {
		x.bad("person.back_paid_years", "补缴年数须为 0–100 的整数", "back_paid_years must be a whole number 0–100")
	}
	for i, e := range in.Person.Enrolments {
		who.Enrolments = append(who.Enrolments, x.enrolment(fmt.Sprintf("person.enrolments[%d]", i), e, who.Scheme))
	}
	return who
}

func (x *explainParser) enrolment(field string, e explainEnrolment, scheme string) policy.Enrolment {
	out := policy.Enrolment{Scheme: scheme, Start: x.date(field+".start", e.Start, true), End: x.date(field+".end", e.End, false),
		FullyPaidOn: x.date(field+".fully_paid_on", e.FullyPaidOn, false), InArrears: e.InArrears}
	if !out.End.IsZero() && !out.End.After(out.Start) {
		x.bad(field+".end", "终止日期须晚于开始日期", "end must be after start")
	}
	return out
}

func (x *explainParser) conclusion(in explainInput, p *policy.Policy, catalog *forms.Catalog, applied time.Time) *policy.Conclusion {
	c := &policy.Conclusion{Grade: *in.Grade, On: applied}
	if in.DecidedOn != "" {
		c.On = x.date("decided_on", in.DecidedOn, true)
	}
	if c.On.Before(applied) {
		x.bad("decided_on", "评估结论日期不能早于申请日期", "decided_on cannot be before the application date")
	}
	if p != nil {
		if instrument, err := catalog.Get(p.Instrument.ID, p.Instrument.Version); err == nil && instrument.GradeName(c.Grade).Zh == "" {
			x.bad("grade", "不是本地区评估量表的等级", "not a grade of this region's instrument")
		}
	}
	return c
}

func (x *explainParser) income(f *policy.IncomeFigure) {
	if f != nil && (f.Fen <= 0 || f.Year < 1 || f.Region == "" || f.Source == "") {
		x.bad("income_figure", "须给出地区、年份、金额（分，大于0）和来源", "give the region, year, amount (fen, above 0) and source")
	}
}

// unknownFields lists the keys of a JSON value that t does not have, at any
// depth, so that every misspelt name is reported at once.
func unknownFields(data []byte, t reflect.Type, path string) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var out []string
	switch t.Kind() {
	case reflect.Struct:
		var obj map[string]json.RawMessage
		if json.Unmarshal(data, &obj) != nil {
			return nil
		}
		known := map[string]reflect.Type{}
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			known[name] = t.Field(i).Type
		}
		for _, key := range slices.Sorted(maps.Keys(obj)) {
			field := strings.TrimPrefix(path+"."+key, ".")
			if ft, ok := known[key]; ok {
				out = append(out, unknownFields(obj[key], ft, field)...)
			} else {
				out = append(out, field)
			}
		}
	case reflect.Slice:
		var items []json.RawMessage
		_ = json.Unmarshal(data, &items)
		for i, item := range items {
			out = append(out, unknownFields(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}
