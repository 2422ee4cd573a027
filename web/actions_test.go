package web

import (
	"errors"
	"testing"

	"github.com/changhu/ltc"
)

// The service refuses who will be there on its field present; the page's
// input is choose-visit.present, and the error lands beside it.
func TestAServiceRefusalLandsBesideTheFormsInput(t *testing.T) {
	refused := ltc.Invalid([]ltc.FieldError{
		{Field: "present", Message: ltc.Text{Zh: "代理人须在场", En: "the agent must be present"}},
		{Field: "choose-visit.slot", Message: ltc.Text{Zh: "请选择一个时间", En: "choose a time"}},
	})
	p := &page{Lang: "zh", Form: newForm(nil).withError(asError(onForm("choose-visit", refused)))}
	if p.Err("choose-visit.present") != "代理人须在场" || p.Err("choose-visit.slot") != "请选择一个时间" || len(p.Form.Errors) != 2 {
		t.Errorf("errors beside the inputs: %v", p.Form.Errors)
	}
	if refused.Fields[0].Field != "present" {
		t.Errorf("the service's error was changed: %v", refused.Fields)
	}
	for _, err := range []error{nil, errors.New("down"), ltc.Invalid(nil), &ltc.Error{Code: ltc.EConflict, Fields: []ltc.FieldError{{Field: "x"}}}} {
		if got := onForm("vote", err); got != err {
			t.Errorf("%v became %v", err, got)
		}
	}
}
