package policy

import (
	"fmt"
	"time"

	"github.com/changhu/ltc"
)

// Person is what eligibility needs to know of the applicant.
type Person struct {
	Scheme string
	// InHospital: in hospital now, an inpatient. The application's place of
	// care says so until the first decision; after it, the workflow's
	// record of admissions and discharges does.
	InHospital              bool
	BirthDate               time.Time
	Student                 bool
	MedicalAid              bool // 医疗救助对象
	SevereDisability        bool // 重度残疾人 (disability certificate grade 1 or 2)
	WorkInjuryCareAllowance bool
	OnsetDate               time.Time
	Enrolments              []Enrolment
	BackPaidYears           int       // years of a gap paid back (Jilin's repair)
	LastNotQualified        time.Time // the last "not qualified" conclusion, zero if none
	SignificantChange       bool      // a caseworker recorded a significant change of condition
}

// Reason is why an application cannot go on, or why payment waits, in words
// the applicant can act on, with the clause it comes from.
type Reason struct {
	Code    string   `json:"code"`
	Message ltc.Text `json:"message"`
	Basis
	// Related are further rules that decided it, each with its clause and
	// label: Xuzhou's late payment and its due date, a local default.
	Related []Basis   `json:"related,omitempty"`
	Until   time.Time `json:"until,omitzero"` // when it no longer applies, if it ends
}

// Eligibility is the result of the gates, and the facts that bar or suspend
// payment without barring the application: the assessment goes ahead and the
// caller pays from BenefitsFrom, suspending while arrears or a stay last.
type Eligibility struct {
	Refusals []Reason `json:"refusals"`
	// HoldUntil is set when the only obstacle is the six-month stabilisation:
	// the case waits until then instead of being refused.
	HoldUntil time.Time `json:"hold_until,omitzero"`
	// WaitingPeriodEnds is the first day a waiting period (等待期) still
	// running on the day of the application lets benefits be paid; zero if none.
	WaitingPeriodEnds time.Time `json:"waiting_period_ends,omitzero"`
	// InArrears: contributions are owed, and the region pays nothing while
	// they are. Check again once they are paid: a late payment can start a
	// waiting period.
	InArrears bool `json:"in_arrears"`
	// Inpatient: the person is in hospital, where the region pays nothing;
	// benefits start suspended and resume on discharge.
	Inpatient bool `json:"inpatient"`
	// Payment explains each of the three above that holds.
	Payment []Reason `json:"payment"`
}

// Check runs every gate for an application made at now, and finds what bars
// or suspends payment.
func (p *Policy) Check(who Person, now time.Time) Eligibility {
	out := Eligibility{Refusals: []Reason{}, Payment: []Reason{}}
	refuse := func(r Reason) { out.Refusals = append(out.Refusals, r) }
	if !p.CoversScheme(who.Scheme) {
		refuse(Reason{Code: "scheme_not_covered", Basis: Basis{Clause: p.SchemesClause}, Message: ltc.Text{
			Zh: "本地区长期护理保险不覆盖该参保险种", En: "this region's scheme does not cover your insurance scheme"}})
	}
	current, ok := currentEnrolment(who.Enrolments, who.Scheme, now)
	if !ok {
		refuse(Reason{Code: "not_insured", Message: ltc.Text{
			Zh: "未查到您在本地区的有效参保记录，请先到医保经办机构核实参保缴费情况",
			En: "no current enrolment in this region was found; please check your enrolment with the insurance office"}})
	}
	p.exclusions(who, now, refuse)
	p.reapplicationLock(who, now, refuse)
	if p.Stabilisation != nil && !who.OnsetDate.IsZero() {
		if stable := p.Stabilisation.End(who.OnsetDate, nil); now.Before(stable) {
			out.HoldUntil = stable
		}
	}
	if ok {
		p.payment(who, current, now, &out)
	}
	return out
}

func (p *Policy) exclusions(who Person, now time.Time, refuse func(Reason)) {
	if clause, ok := p.Excludes(ExcludeStudentOrChild); ok && (who.Student || age(who.BirthDate, now) < 18) {
		refuse(Reason{Code: "student_or_child", Basis: Basis{Clause: clause}, Message: ltc.Text{
			Zh: "本地区长期护理保险暂不覆盖学生和儿童", En: "this region's scheme does not yet cover students and children"}})
	}
	if clause, ok := p.Excludes(ExcludeWorkInjuryCare); ok && who.WorkInjuryCareAllowance {
		refuse(Reason{Code: "work_injury_care_allowance", Basis: Basis{Clause: clause}, Message: ltc.Text{
			Zh: "领取工伤保险生活护理费的人员不重复享受长期护理保险待遇",
			En: "people receiving the work-injury care allowance do not also receive these benefits"}})
	}
}

func (p *Policy) reapplicationLock(who Person, now time.Time, refuse func(Reason)) {
	lock := p.ReapplicationLock
	if lock == nil || who.LastNotQualified.IsZero() || who.SignificantChange {
		return
	}
	if until := lock.End(who.LastNotQualified, nil); now.Before(until) {
		refuse(Reason{Code: "reapplication_lock", Basis: lock.Basis, Until: until, Message: ltc.Text{
			Zh: fmt.Sprintf("上次评估结论为不符合条件，%s 前不能重新申请；如病情有明显变化，请经办人员登记", day(until)),
			En: fmt.Sprintf("the last conclusion did not qualify; you may apply again from %s, or earlier if a caseworker records a significant change", day(until))}})
	}
}

func age(birth, now time.Time) int {
	if birth.IsZero() {
		return 200
	}
	b, n := birth.In(ltc.China), now.In(ltc.China)
	years := n.Year() - b.Year()
	if n.Month() < b.Month() || (n.Month() == b.Month() && n.Day() < b.Day()) {
		years--
	}
	return years
}
