package forms

import (
	"encoding/json"

	"github.com/changhu/ltc"
)

// Application is the form a family submits (申请). The zh/en tags name each
// field in validation messages.
type Application struct {
	Person         Applicant      `json:"person" zh:"参保人" en:"insured person"`
	Scheme         string         `json:"scheme" validate:"required,oneof=employee resident" zh:"参保险种" en:"insurance scheme"`
	Region         string         `json:"region" validate:"required,region" zh:"统筹地区" en:"region"`
	Address        string         `json:"address" validate:"required,max=200" zh:"居住地址" en:"address"`
	CareSetting    string         `json:"care_setting" validate:"required,oneof=home institution hospital" zh:"当前照护场所" en:"current place of care"`
	OnsetDate      string         `json:"onset_date" validate:"required,datetime=2006-01-02,notfuture" zh:"失能发生日期" en:"disability onset date"`
	Diagnosis      string         `json:"diagnosis" validate:"required,max=500" zh:"诊断" en:"diagnosis"`
	Hospital       string         `json:"hospital" validate:"required,max=100" zh:"诊治医院" en:"treating hospital"`
	CareProvider   string         `json:"care_provider,omitempty" validate:"max=100" zh:"照护服务机构" en:"care provider"`
	Agent          Agent          `json:"agent" zh:"代理人" en:"agent"`
	Consent        Consent        `json:"consent" zh:"同意事项" en:"consent"`
	SelfAssessment SelfAssessForm `json:"self_assessment" zh:"自评表" en:"self-assessment"`
	SMS            *SMSChoice     `json:"sms,omitempty" zh:"短信通知" en:"SMS notices"`
}

// SMSChoice is whether the insured person and the agent are told of the
// case by SMS; absent, both are.
type SMSChoice struct {
	Person *bool `json:"person,omitempty"`
	Agent  *bool `json:"agent,omitempty"`
}

// Applicant identifies the insured person.
type Applicant struct {
	Name       string `json:"name" validate:"required,min=2,max=30" zh:"姓名" en:"name"`
	ResidentID string `json:"resident_id" validate:"required,resident_id" zh:"公民身份号码" en:"resident ID number"`
	Phone      string `json:"phone" validate:"required,mobile" zh:"联系电话" en:"phone"`
}

// Agent is the family member, agent or guardian who applies and is present at the visit.
type Agent struct {
	Name         string `json:"name" validate:"required,min=2,max=30" zh:"代理人姓名" en:"agent's name"`
	Relationship string `json:"relationship" validate:"required,oneof=self spouse child parent sibling grandchild relative guardian other" zh:"与参保人关系" en:"relationship"`
	Phone        string `json:"phone" validate:"required,mobile" zh:"代理人电话" en:"agent's phone"`
}

// Consent records what the applicant agreed to.
type Consent struct {
	Visit     bool `json:"visit" validate:"accepted" zh:"上门评估" en:"consent to the home visit"`
	Publicity bool `json:"publicity" validate:"accepted" zh:"结果公示" en:"consent to publicity"`
}

// SelfAssessForm is the self-assessment answered with the application.
type SelfAssessForm struct {
	Items map[string]json.RawMessage `json:"items"`
	// ExceptionReason lets a caseworker admit a grade below E (domain §4.3).
	ExceptionReason string `json:"exception_reason,omitempty" validate:"max=500" zh:"例外理由" en:"exception reason"`
}

// CheckedApplication is an application that passed every rule, with what was derived from it.
type CheckedApplication struct {
	Application
	ResidentID     ResidentID
	SelfAssessment *SelfAssessment
}

// CheckApplication validates every field at once, and the self-assessment
// gate where the region uses it.
func (v *Validator) CheckApplication(a Application) (*CheckedApplication, error) {
	fields := v.Struct(a)
	self, err := v.catalog.ScoreSelfAssessment(Form{Instrument: "self-assessment", Items: a.SelfAssessment.Items})
	if err != nil {
		fields = append(fields, prefixFields("self_assessment", err)...)
	} else if gate, ok := v.usesGate(a.Region); ok && !self.MayApply && a.SelfAssessment.ExceptionReason == "" {
		fields = append(fields, ltc.FieldError{Field: "self_assessment", Message: gateRefusal(self.Grade, gate)})
	}
	if len(fields) > 0 {
		return nil, ltc.Invalid(fields)
	}
	id, _ := ParseResidentID(a.Person.ResidentID, v.now())
	return &CheckedApplication{Application: a, ResidentID: id, SelfAssessment: self}, nil
}

// gateRefusal says why a self-assessed grade may not apply, with the rule it
// rests on and, for a local rule, the label.
func gateRefusal(grade string, g Gate) ltc.Text {
	zh, en := "依据："+g.Clause, "rule: "+g.Clause
	if g.LocalDefault {
		zh, en = zh+"（本地区默认设置）", en+" (a local default)"
	}
	return ltc.Text{
		Zh: "自评等级为 " + grade + " 级，只有 E、F、G 级可以申请失能评估；如有特殊情况请经办人员登记例外理由（" + zh + "）",
		En: "the self-assessment grade is " + grade + "; only grades E, F and G may apply unless a caseworker records an exception (" + en + ")"}
}

func prefixFields(prefix string, err error) []ltc.FieldError {
	e, ok := err.(*ltc.Error)
	if !ok {
		return []ltc.FieldError{{Field: prefix, Message: ltc.Text{Zh: "无法评分", En: "cannot be scored"}}}
	}
	out := make([]ltc.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		out[i] = ltc.FieldError{Field: prefix + "." + f.Field, Message: f.Message}
	}
	return out
}
