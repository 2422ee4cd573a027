package web

import (
	"fmt"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/policy"
)

// Date is a day in Beijing time: 2026年11月23日.
func (p *page) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(ltc.China)
	if p.Lang == "en" {
		return t.Format("2 Jan 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// DateTime is a moment in Beijing time: 2026年11月23日 14:05.
func (p *page) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return p.Date(t) + " " + t.In(ltc.China).Format("15:04")
}

// Slot is a visit time: 2026年11月25日 09:00–10:00.
func (p *page) Slot(start, end time.Time) string {
	return p.DateTime(start) + "–" + end.In(ltc.China).Format("15:04")
}

// YuanOf is Yuan of an amount that may be absent (a share of costs has none).
func (p *page) YuanOf(fen *int64) string {
	if fen == nil {
		return ""
	}
	return p.Yuan(*fen)
}

// Yuan shows an amount of integer fen in yuan, without a float: 60.00 元.
func (p *page) Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	amount := fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
	return p.T(amount+" 元", "¥"+amount)
}

// Period says a policy period in words: 5个工作日, 2 years.
func (p *page) Period(d policy.Period) string {
	switch {
	case d.WorkingDays > 0:
		return p.T(fmt.Sprintf("%d个工作日", d.WorkingDays), fmt.Sprintf("%d working days", d.WorkingDays))
	case d.Days > 0:
		return p.T(fmt.Sprintf("%d日", d.Days), fmt.Sprintf("%d days", d.Days))
	case d.Months > 0 && d.Months%12 == 0:
		return p.T(fmt.Sprintf("%d年", d.Months/12), fmt.Sprintf("%d years", d.Months/12))
	case d.Months > 0:
		return p.T(fmt.Sprintf("%d个月", d.Months), fmt.Sprintf("%d months", d.Months))
	}
	return p.T(fmt.Sprintf("%d秒（演示）", d.Seconds), fmt.Sprintf("%d seconds (demo)", d.Seconds))
}

// Status is a status in words, as the service labels it.
func (p *page) Status(s ltc.Status, purpose ltc.Purpose) string { return p.Tx(s.LabelFor(purpose)) }

// StatusOptions are every status, for filters.
func (p *page) StatusOptions() []option {
	statuses := []ltc.Status{ltc.StatusSubmitted, ltc.StatusOnHold, ltc.StatusAwaitingAcceptance, ltc.StatusCorrection,
		ltc.StatusScheduling, ltc.StatusAwaitingVisit, ltc.StatusConfirming, ltc.StatusCommitteeAudit, ltc.StatusPublicity,
		ltc.StatusNotice, ltc.StatusAdjudication, ltc.StatusValid, ltc.StatusNotQualified, ltc.StatusIneligible,
		ltc.StatusRefused, ltc.StatusWithdrawn, ltc.StatusEnded, ltc.StatusVoid}
	out := make([]option, len(statuses))
	for i, s := range statuses {
		out[i] = option{Value: string(s), Label: p.Tx(s.Label())}
	}
	return out
}

// option is one choice of a select or a group of radio buttons.
type option struct {
	Value, Label string
}

// Role names a role in words.
func (p *page) Role(r ltc.Role) string {
	t, ok := roleNames[r]
	if !ok {
		return string(r)
	}
	return p.Tx(t)
}

var roleNames = map[ltc.Role]ltc.Text{
	ltc.RoleApplicant:  {Zh: "申请人/家属", En: "applicant or family"},
	ltc.RoleCaseworker: {Zh: "经办人员", En: "caseworker"},
	ltc.RoleAssessor:   {Zh: "评估人员", En: "assessor"},
	ltc.RoleCommittee:  {Zh: "专家委员会", En: "expert committee"},
	ltc.RoleAdmin:      {Zh: "医保局管理员", En: "administrator"},
	ltc.RoleNational:   {Zh: "国家医保局", En: "national administration"},
	ltc.RolePublic:     {Zh: "社会公众", En: "the public"},
	ltc.RoleSystem:     {Zh: "系统", En: "the system"},
}

// Scheme names an insurance scheme.
func (p *page) Scheme(s string) string {
	switch s {
	case "employee":
		return p.T("职工基本医疗保险", "employee medical insurance")
	case "resident":
		return p.T("城乡居民基本医疗保险", "resident medical insurance")
	}
	return s
}

// Exclusion names a group a region does not cover.
func (p *page) Exclusion(rule string) string {
	switch rule {
	case policy.ExcludeStudentOrChild:
		return p.T("学生和儿童不在试点范围内", "students and children are not covered")
	case policy.ExcludeWorkInjuryCare:
		return p.T("已享受工伤保险生活护理费的人员", "people receiving the work-injury care allowance")
	}
	return rule
}

// Per says the unit of a benefit amount.
func (p *page) Per(unit string) string {
	switch unit {
	case policy.PerDay:
		return p.T("每天", "a day")
	case policy.PerMonth:
		return p.T("每月", "a month")
	}
	return p.T("按费用比例", "of the costs")
}

// StaffRole names a roster role, kept as text.
func (p *page) StaffRole(r string) string { return p.Role(ltc.Role(r)) }
