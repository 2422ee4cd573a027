package web

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

// applicationFrom reads the application form. Its field names are the
// application's JSON paths, so the service's field errors name them too.
func applicationFrom(v url.Values, activities []forms.Activity) (forms.Application, error) {
	if fields := uncleanFields(v); len(fields) > 0 {
		return forms.Application{}, ltc.Invalid(fields)
	}
	get := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	app := forms.Application{
		Person: forms.Applicant{Name: get("person.name"), ResidentID: strings.ToUpper(get("person.resident_id")), Phone: get("person.phone")},
		Scheme: get("scheme"), Region: get("region"), Address: get("address"), CareSetting: get("care_setting"),
		OnsetDate: get("onset_date"), Diagnosis: get("diagnosis"), Hospital: get("hospital"), CareProvider: get("care_provider"),
		Agent:          forms.Agent{Name: get("agent.name"), Relationship: get("agent.relationship"), Phone: get("agent.phone")},
		Consent:        forms.Consent{Visit: get("consent.visit") == "yes", Publicity: get("consent.publicity") == "yes"},
		SelfAssessment: forms.SelfAssessForm{Items: map[string]json.RawMessage{}, ExceptionReason: get("self_assessment.exception_reason")},
		SMS:            &forms.SMSChoice{Person: wantsSMS(get("sms.person")), Agent: wantsSMS(get("sms.agent"))},
	}
	for _, act := range activities {
		if answer := get("self_assessment.items." + act.Code); answer != "" {
			app.SelfAssessment.Items[act.Code] = json.RawMessage(strconv.Quote(answer))
		}
	}
	return app, nil
}

// wantsSMS: messages go unless the person said no.
func wantsSMS(answer string) *bool {
	yes := answer != "no"
	return &yes
}

// uncleanFields names every field whose text cannot be stored (control or
// invisible reordering characters), as the API refuses them in JSON.
func uncleanFields(v url.Values) []ltc.FieldError {
	var out []ltc.FieldError
	for name, values := range v {
		for _, value := range values {
			if !ltc.CleanText(value) {
				out = append(out, ltc.UncleanText(name))
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// selfQuestions ask the six activities as a person would be asked.
var selfQuestions = map[string]ltc.Text{
	"eating":     {Zh: "能否独立进食？", En: "Can they eat without help?"},
	"continence": {Zh: "能否自己控制大小便？", En: "Can they control bowel and bladder?"},
	"bathing":    {Zh: "能否独立洗澡？", En: "Can they bathe without help?"},
	"dressing":   {Zh: "能否独立穿衣？", En: "Can they dress without help?"},
	"toileting":  {Zh: "能否独立上厕所？", En: "Can they use the toilet without help?"},
	"transfer":   {Zh: "能否独立上下床、坐到椅子上？", En: "Can they get from bed to chair without help?"},
}

// question is an activity asked plainly; an activity a new instrument
// version adds is asked by its name.
type question struct {
	Field string
	Ask   ltc.Text
}

func questions(activities []forms.Activity) []question {
	out := make([]question, len(activities))
	for i, act := range activities {
		ask, ok := selfQuestions[act.Code]
		if !ok {
			ask = ltc.Text{Zh: "能否独立完成「" + act.Name.Zh + "」？", En: "Can they manage " + act.Name.En + " without help?"}
		}
		out[i] = question{Field: "self_assessment.items." + act.Code, Ask: ask}
	}
	return out
}

// relationships an agent may have to the insured person, as the form allows.
var relationships = []struct {
	Value string
	Label ltc.Text
}{
	{"self", ltc.Text{Zh: "本人", En: "self"}}, {"spouse", ltc.Text{Zh: "配偶", En: "spouse"}},
	{"child", ltc.Text{Zh: "子女", En: "child"}}, {"parent", ltc.Text{Zh: "父母", En: "parent"}},
	{"sibling", ltc.Text{Zh: "兄弟姐妹", En: "sibling"}}, {"grandchild", ltc.Text{Zh: "孙子女、外孙子女", En: "grandchild"}},
	{"relative", ltc.Text{Zh: "其他亲属", En: "other relative"}}, {"guardian", ltc.Text{Zh: "监护人", En: "guardian"}},
	{"other", ltc.Text{Zh: "其他", En: "other"}},
}
