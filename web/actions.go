package web

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/cases"
)

// caseAction is one form on the case page: its path, its fields (named
// form.field, so that errors land beside the right form), which of them must
// be filled, the service call, and what the person is told after.
type caseAction struct {
	path     string
	required []string
	do       func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error)
	done     ltc.Text
}

// actionForm reads a case action's fields.
type actionForm struct {
	name string
	c    *gin.Context
}

func (f actionForm) get(field string) string {
	return strings.TrimSpace(f.c.PostForm(f.name + "." + field))
}

var caseActions = []caseAction{
	{"decide", []string{"decision"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.DecideAcceptance(ctx, a, id, req, f.get("decision"), f.get("reason"))
	}, ltc.Text{Zh: "已记录受理决定", En: "the decision is recorded"}},
	{"resubmit", nil, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.Resubmit(ctx, a, id, req, f.get("reason"))
	}, ltc.Text{Zh: "已重新提交，等待经办人员受理", En: "resubmitted; a caseworker will look at it"}},
	{"withdraw", nil, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.Withdraw(ctx, a, id, req, f.get("reason"))
	}, ltc.Text{Zh: "申请已撤回", En: "the application is withdrawn"}},
	{"void", []string{"reason"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.Void(ctx, a, id, req, f.get("reason"))
	}, ltc.Text{Zh: "申请已作废", En: "the application is void"}},
	{"confirm-assignment", nil, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.ConfirmAssignment(ctx, a, id, req)
	}, ltc.Text{Zh: "已确认派单", En: "assignment confirmed"}},
	{"decline", []string{"reason"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.DeclineAssignment(ctx, a, id, req, f.get("reason"))
	}, ltc.Text{Zh: "已拒绝派单，将另行安排", En: "declined; someone else will be assigned"}},
	{"conflict", []string{"reason"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.DeclareConflict(ctx, a, id, req, f.get("assessor"), f.get("reason"))
	}, ltc.Text{Zh: "已登记回避", En: "the conflict of interest is recorded"}},
	{"confirm-conclusion", nil, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.ConfirmConclusion(ctx, a, id, req)
	}, ltc.Text{Zh: "已确认评估结论", En: "conclusion confirmed"}},
	{"object", []string{"reason"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.Object(ctx, a, id, req, f.get("reason"))
	}, ltc.Text{Zh: "异议已提交，将安排复评", En: "objection sent; a re-assessment follows"}},
	{"check-objection", []string{"finding", "reason"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.CheckObjection(ctx, a, id, req, f.get("objection"), f.get("finding") == "substantiated", f.get("reason"))
	}, ltc.Text{Zh: "已记录核实结果", En: "the finding is recorded"}},
	{"vote", []string{"grade", "reason"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		grade, err := strconv.Atoi(f.get("grade"))
		if err != nil {
			return nil, invalidField("vote.grade", "请选择表决的等级", "choose a grade")
		}
		return svc.Vote(ctx, a, id, req, grade, f.get("reason"))
	}, ltc.Text{Zh: "表决已记录", En: "your vote is recorded"}},
	{"event", []string{"kind"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.RecordEvent(ctx, a, id, req, f.get("kind"), f.get("reason"))
	}, ltc.Text{Zh: "已登记", En: "recorded"}},
	{"change", []string{"reason"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.RecordEvent(ctx, a, id, req, "status_change", f.get("reason"))
	}, ltc.Text{Zh: "已报告状况变化，将安排重新评估", En: "the change is reported; a new assessment follows"}},
	{"significant-change", []string{"reason"}, func(ctx context.Context, svc *cases.Service, a ltc.Actor, id string, req cases.Request, f actionForm) (*cases.View, error) {
		return svc.RecordSignificantChange(ctx, a, id, f.get("reason"))
	}, ltc.Text{Zh: "已登记病情明显变化，可以重新申请", En: "recorded; a new application may be made"}},
}

// pageActions are every form a case page posts to.
func pageActions() []caseAction { return slices.Concat(caseActions, visitActions) }

func invalidField(field, zh, en string) error {
	return ltc.Invalid([]ltc.FieldError{{Field: field, Message: ltc.Text{Zh: zh, En: en}}})
}

// caseAction binds one action's form, calls the service and answers: back
// to the page it came from with what happened, or the case page again with
// the errors beside the form.
func (s *site) caseAction(act caseAction) gin.HandlerFunc {
	return func(c *gin.Context) {
		f := actionForm{name: act.path, c: c}
		var err error
		if fields := checkReasons(f, act.required); len(fields) > 0 {
			err = ltc.Invalid(fields)
		} else {
			req := cases.Request{Key: c.PostForm("key"), Scope: "POST /cases/:id/" + act.path}
			_, err = act.do(c.Request.Context(), s.Cases, actor(c), c.Param("id"), req, f)
			err = onForm(act.path, err)
		}
		if err != nil {
			s.actionFailed(c, act.path, err)
			return
		}
		next := localPath(c.PostForm("next"), "/cases/"+c.Param("id"))
		c.Redirect(http.StatusSeeOther, next+separator(next)+"done="+act.path)
	}
}

// onForm names the fields of a service's refusal as the form's inputs are
// named (form.field): the service names them as the API does (present,
// reason), and an error under another name would not land beside its input.
// A field already named on the form stays as it is.
func onForm(form string, err error) error {
	var e *ltc.Error
	if !errors.As(err, &e) || e.Code != ltc.EInvalid || len(e.Fields) == 0 {
		return err
	}
	named := *e
	named.Fields = make([]ltc.FieldError, len(e.Fields))
	for i, fe := range e.Fields {
		if !strings.HasPrefix(fe.Field, form+".") {
			fe.Field = form + "." + fe.Field
		}
		named.Fields[i] = fe
	}
	return &named
}

// checkReasons requires the fields an action cannot go without, and keeps
// every text short and storable.
func checkReasons(f actionForm, required []string) []ltc.FieldError {
	var out []ltc.FieldError
	for _, field := range required {
		if f.get(field) == "" {
			out = append(out, ltc.FieldError{Field: f.name + "." + field, Message: ltc.Text{Zh: "请填写这一项", En: "this is required"}})
		}
	}
	if reason := f.get("reason"); utf8.RuneCountInString(reason) > 500 || !ltc.CleanText(reason) {
		out = append(out, ltc.FieldError{Field: f.name + ".reason", Message: ltc.Text{Zh: "理由不超过500字，且不能含特殊控制字符", En: "at most 500 characters, without control characters"}})
	}
	return out
}

// actionFailed shows the case page again with the error beside the form
// that failed; a case the person may not see is a not-found page.
func (s *site) actionFailed(c *gin.Context, form string, err error) {
	e := asError(err)
	switch e.Code {
	case ltc.EInvalid, ltc.EConflict, ltc.EForbidden, ltc.ETooMany, ltc.EUnavailable:
	default:
		s.fail(c, err)
		return
	}
	p := s.base(c, "案件", "Case")
	p.Form = newForm(c.Request.PostForm).withError(e)
	p.Form.Failed = form
	s.showCase(c, pageStatus(e.Code), p)
}

func separator(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

// doneNotice is what a page says after an action: from a fixed list, never
// text taken from the address.
func doneNotice(p *page, done string) string {
	switch done {
	case "":
		return ""
	case "submitted":
		return p.T("申请已提交。您可以在这里随时查看进度。", "Your application is in. Follow it here at any time.")
	case "submitted-upload-failed":
		return p.T("申请已提交，但有照片没有上传成功，请在下方“材料”处重新上传。", "Your application is in, but a photo did not upload; add it again under Documents below.")
	case "uploaded":
		return p.T("材料已上传。", "The file is uploaded.")
	case "assessed":
		return p.T("评估表已提交，系统已按评估标准重新计算等级。", "The form is in; the server scored it again.")
	}
	for _, a := range pageActions() {
		if a.path == done {
			return p.Tx(a.done)
		}
	}
	return ""
}
