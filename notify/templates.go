// Package notify tells families what happens to their case: one template per
// event, in Chinese and English, sent by SMS through a gateway or, in
// development, to a sink a page shows. Messages wait in an outbox written
// with the history line that causes them, and are delivered once.
package notify

import (
	"sort"
	"strings"

	"github.com/changhu/ltc"
)

// Template ids. A Chinese SMS gateway sends only templates approved in
// advance: the id names the template, the vars fill it.
const (
	SignInCode           = "sign_in_code"
	Received             = "received"
	Held                 = "held"
	Returned             = "returned"
	Accepted             = "accepted"
	Refused              = "refused"
	Ineligible           = "ineligible"
	AppointmentProposed  = "appointment_proposed"
	AppointmentConfirmed = "appointment_confirmed"
	AppointmentReminder  = "appointment_reminder"
	AppointmentMoved     = "appointment_moved"
	VisitMissed          = "visit_missed"
	Published            = "published"
	NotQualifiedNotice   = "not_qualified_notice"
	Decided              = "decided"
	RenewalDue           = "renewal_due"
	BenefitSuspended     = "benefit_suspended"
	BenefitResumed       = "benefit_resumed"
	BenefitStopped       = "benefit_stopped"
	WaitingPeriod        = "waiting_period"
	WaitingPeriodEnded   = "waiting_period_ended"
	Withdrawn            = "withdrawn"
	Voided               = "voided"
)

// Templates are the texts, with {var} placeholders. 【长护险】 is the
// signature a gateway prefixes; it is not part of the template.
var Templates = map[string]ltc.Text{
	SignInCode: {Zh: "您的登录验证码为{code}，5分钟内有效。请勿告诉他人。", En: "Your sign-in code is {code}, valid for 5 minutes. Do not tell anyone."},
	Received:   {Zh: "长期护理保险失能评估申请已收到（编号{case}），经办机构将在规定时限内审核受理。", En: "The disability assessment application ({case}) was received and will be reviewed in time."},
	Held: {Zh: "申请（编号{case}）须失能状态持续满6个月，将于{until}自动恢复办理，无须重新申请。",
		En: "Application {case}: the disability must have lasted six months; it resumes by itself on {until}, no need to apply again."},
	Returned: {Zh: "申请（编号{case}）需要补正：{reason}。请按要求补正后登录重新提交。", En: "Application {case} needs correcting: {reason}. Please sign in and resubmit."},
	Accepted: {Zh: "申请（编号{case}）已受理，正在安排评估人员，随后将与您预约上门评估时间。", En: "Application {case} was accepted; assessors are being assigned and will agree a visit time with you."},
	Refused:  {Zh: "申请（编号{case}）不予受理，理由：{reason}。如有疑问请联系经办机构。", En: "Application {case} was not accepted: {reason}. Contact the insurance office with any question."},
	Ineligible: {Zh: "申请（编号{case}）暂不符合条件：{reason}",
		En: "Application {case} does not meet the conditions now: {reason}"},
	AppointmentProposed: {Zh: "评估人员提出上门评估时间：{slots}。请登录选择，或说明原因请其另约。", En: "The assessors propose visit times: {slots}. Sign in to choose one, or ask for others."},
	AppointmentConfirmed: {Zh: "上门评估已约定：{when}，地址：{address}。届时请{present}在场，并备好社会保障卡和病历资料。",
		En: "The visit is agreed for {when} at {address}. {present} should be there, with the social security card and medical records."},
	AppointmentReminder: {Zh: "提醒：明天{when}评估人员将上门评估，请{present}在场。", En: "Reminder: the assessors visit tomorrow at {when}; {present} should be there."},
	AppointmentMoved:    {Zh: "上门评估时间已取消，原因：{reason}。将重新预约。", En: "The visit time was cancelled: {reason}. A new one will be agreed."},
	VisitMissed:         {Zh: "约定的上门评估未能进行：{reason}。", En: "The agreed visit did not take place: {reason}."},
	Published: {Zh: "评估结论为{grade}，公示至{publicity_until}。如有异议，请于{objection_until}前登录提出。",
		En: "The conclusion is {grade}, in publicity until {publicity_until}. Object by {objection_until} if you disagree."},
	NotQualifiedNotice: {Zh: "评估结论为{grade}，未达到待遇享受等级。如有异议，请于{objection_until}前登录提出。",
		En: "The conclusion is {grade}, below the qualifying grades. Object by {objection_until} if you disagree."},
	Decided:          {Zh: "评估结论已生效：{grade}，有效期至{valid_until}。可登录查看并下载评估结论书。", En: "The conclusion stands: {grade}, valid until {valid_until}. Sign in to read and download the letter."},
	RenewalDue:       {Zh: "评估结论将于{valid_until}到期，到期复评已启动，评估人员将与您预约上门时间。", En: "The conclusion expires on {valid_until}; the renewal assessment has begun and a visit will be agreed."},
	BenefitSuspended: {Zh: "长期护理保险待遇暂停：{reason}。", En: "Long-term care benefits are suspended: {reason}."},
	BenefitResumed:   {Zh: "长期护理保险待遇已恢复。", En: "Long-term care benefits have resumed."},
	BenefitStopped:   {Zh: "长期护理保险待遇停止：{reason}。", En: "Long-term care benefits have stopped: {reason}."},
	WaitingPeriod: {Zh: "按缴费记录视为新参保人员，长期护理保险待遇等待期至{last_day}届满，届满后开始支付。",
		En: "By the contribution records you count as newly insured: the long-term care benefits' waiting period runs to {last_day}; payment begins after it."},
	WaitingPeriodEnded: {Zh: "长期护理保险待遇等待期已结束，待遇开始支付。", En: "The long-term care benefits' waiting period is over; payment begins."},
	Withdrawn:          {Zh: "申请（编号{case}）已撤回。", En: "Application {case} was withdrawn."},
	Voided:             {Zh: "申请（编号{case}）已作废：{reason}。如非本人办理，请联系经办机构。", En: "Application {case} was voided: {reason}. Contact the insurance office if you did not apply."},
}

// Render fills a template in a language (zh unless en); a var that is not
// given is left out.
func Render(template string, vars map[string]string, lang string) string {
	t := Templates[template]
	text := t.Zh
	if lang == "en" {
		text = t.En
	}
	keys := make([]string, 0, len(vars))
	for k := range vars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, "{"+k+"}", vars[k])
	}
	return strings.NewReplacer(pairs...).Replace(text)
}
