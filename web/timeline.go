package web

import (
	"github.com/changhu/ltc"
)

// actionWords say each line of a case's history as a family reads it.
var actionWords = map[string]ltc.Text{
	"submitted":             {Zh: "提交了申请", En: "applied"},
	"evidence_added":        {Zh: "上传了材料", En: "uploaded a document"},
	"evidence_corrected":    {Zh: "经办人员更正了材料（原文件保留）", En: "a caseworker corrected a document (the original is kept)"},
	"received":              {Zh: "申请条件审核通过，等待经办人员受理", En: "the application passed the checks and awaits a caseworker"},
	"held":                  {Zh: "失能未满规定时间，申请暂缓，到期自动继续", En: "on hold until the disability has lasted long enough; it resumes by itself"},
	"resumed":               {Zh: "暂缓期满，申请继续办理", En: "the hold ended; the application goes on"},
	"ineligible":            {Zh: "不符合申请条件", En: "not eligible"},
	"accepted":              {Zh: "经办人员受理了申请", En: "a caseworker accepted the application"},
	"returned":              {Zh: "申请被退回补正", En: "returned for correction"},
	"refused":               {Zh: "申请不予受理", En: "not accepted"},
	"resubmitted":           {Zh: "补正后重新提交", En: "corrected and resubmitted"},
	"assigned":              {Zh: "已安排评估人员", En: "assessors assigned"},
	"assignment_confirmed":  {Zh: "评估人员确认了派单", En: "an assessor confirmed"},
	"assignment_declined":   {Zh: "评估人员因故不能前往，另行安排", En: "an assessor declined; another is assigned"},
	"assignment_expired":    {Zh: "评估人员未按时确认，另行安排", En: "an assessor did not confirm in time; another is assigned"},
	"team_confirmed":        {Zh: "评估小组已确定，将上门评估", En: "the team is set and will visit"},
	"team_replaced":         {Zh: "更换了评估小组", En: "the team was replaced"},
	"appointment_proposed":  {Zh: "评估小组提出了上门时间", En: "the team offered visit times"},
	"appointment_confirmed": {Zh: "约定了上门评估时间", En: "the visit time was agreed"},
	"appointment_moved":     {Zh: "请求另约上门时间", En: "other visit times were asked for"},
	"appointment_reminded":  {Zh: "发出了上门时间提醒", En: "a reminder of the visit time went out"},
	"visit_missed":          {Zh: "登记了未能上门", En: "a missed visit was recorded"},
	"assessed":              {Zh: "完成上门评估", En: "the visit was done and the form submitted"},
	"conclusion_confirmed":  {Zh: "评估专家确认了评估结论", En: "an assessment expert confirmed the conclusion"},
	"sampled":               {Zh: "抽中专家委员会质量抽查", En: "sampled for the committee's audit"},
	"audit_upheld":          {Zh: "专家委员会抽查维持结论", En: "the committee's audit upheld the conclusion"},
	"audit_changed":         {Zh: "专家委员会抽查改变了结论", En: "the committee's audit changed the conclusion"},
	"published":             {Zh: "评估结论开始公示", En: "the conclusion was published"},
	"notified":              {Zh: "评估结论已告知申请人", En: "the conclusion was told to the applicant"},
	"objected":              {Zh: "提出了异议", En: "an objection was raised"},
	"objection_checked":     {Zh: "经办人员核实了公众异议", En: "a caseworker checked a public objection"},
	"reassessment_ordered":  {Zh: "安排其他评估人员复评", En: "a re-assessment by other assessors was ordered"},
	"adjudication_opened":   {Zh: "提交专家委员会复核裁决", En: "sent to the expert committee"},
	"voted":                 {Zh: "专家委员会委员投票", En: "a committee member voted"},
	"adjudicated":           {Zh: "专家委员会作出裁决", En: "the committee ruled"},
	"decided":               {Zh: "作出评估结论", En: "the conclusion was reached"},
	"withdrawn":             {Zh: "申请已撤回", En: "the application was withdrawn"},
	"voided":                {Zh: "申请已作废", En: "the application was voided"},
	"died":                  {Zh: "参保人身故，案件终止", En: "the insured person died; the case ended"},
	"admission":             {Zh: "住院，待遇暂停", En: "admitted to hospital; benefits paused"},
	"status_change":         {Zh: "报告身体状况变化，安排重新评估", En: "a change of condition was reported; a new assessment follows"},
	"significant_change":    {Zh: "经办人员登记病情明显变化", En: "a caseworker recorded a significant change"},
	"conflict_recorded":     {Zh: "登记评估人员回避", En: "an assessor's conflict of interest was recorded"},
	"recused":               {Zh: "评估人员回避，另行安排", En: "an assessor stood down; another is assigned"},
	"expired":               {Zh: "评估结论有效期届满，待遇暂停", En: "the conclusion expired; benefits paused"},
	"renewal":               {Zh: "评估结论即将到期，开始复评", En: "the conclusion is about to expire; the renewal assessment began"},
	"arrears":               {Zh: "参保缴费欠费，待遇暂停支付", En: "contributions in arrears; benefits paused"},
	"waiting_period":        {Zh: "按缴费记录视为新参保人员，待遇等待期内暂停支付", En: "counted as newly insured; benefits paused for the waiting period"},
	"overdue":               {Zh: "当前步骤已超过期限，已督办", En: "the current step is overdue and has been escalated"},
}

// paymentWords say the lines that may resume payment, or not: a discharge,
// arrears paid up or a waiting period over leave benefits suspended while
// another reason holds (a stay in hospital, arrears, a waiting period, an
// expired conclusion). The benefit the line left the case in tells which; a
// line without it says only what happened.
var paymentWords = map[string]struct{ said, resumed, suspended ltc.Text }{
	"discharge": {ltc.Text{Zh: "出院", En: "discharged"},
		ltc.Text{Zh: "出院，待遇恢复", En: "discharged; benefits resumed"},
		ltc.Text{Zh: "出院，待遇仍暂停", En: "discharged; benefits still paused"}},
	"arrears_cleared": {ltc.Text{Zh: "已补足缴费", En: "contributions paid up"},
		ltc.Text{Zh: "已补足缴费，待遇恢复支付", En: "contributions paid up; benefits resumed"},
		ltc.Text{Zh: "已补足缴费，待遇仍暂停支付", En: "contributions paid up; benefits still paused"}},
	"waiting_period_ended": {ltc.Text{Zh: "待遇等待期结束", En: "the waiting period ended"},
		ltc.Text{Zh: "待遇等待期结束，待遇开始支付", En: "the waiting period ended; benefits are paid"},
		ltc.Text{Zh: "待遇等待期结束，待遇仍暂停支付", En: "the waiting period ended; benefits still paused"}},
}

// Words says a history line in words; a line without words of its own is
// said by the status it left the case in.
func (p *page) Words(e ltc.HistoryEntry) string {
	if w, ok := paymentWords[e.Action]; ok {
		switch e.Details["benefit"] {
		case string(ltc.BenefitActive):
			return p.Tx(w.resumed)
		case string(ltc.BenefitSuspended):
			return p.Tx(w.suspended)
		}
		return p.Tx(w.said)
	}
	if t, ok := actionWords[e.Action]; ok {
		return p.Tx(t)
	}
	return p.Tx(e.Status.Label())
}

// Who says who did something, as a family reads it.
func (p *page) Who(a ltc.Actor) string {
	if p.Session != nil && a.ID == p.Session.Actor.ID {
		return p.T("您", "you")
	}
	return p.Role(a.Role)
}
