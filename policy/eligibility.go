package policy

import (
	"fmt"
	"sort"
	"time"

	"github.com/changhu/ltc"
)

// WaitingPeriod (等待期) is how long after (re-)enrolment benefits cannot be
// claimed. Xuzhou: 6 months from the day after full payment. Jilin: 180 days
// plus 30 for every further year of gap, less 30 per year paid back, and at
// least 360 days in all after a gap of more than 4 years.
type WaitingPeriod struct {
	From                   string `json:"from"` // day_after_full_payment or enrolment_start
	Fixed                  Period `json:"fixed"`
	PerFurtherGapYearDays  int    `json:"per_further_gap_year_days,omitempty"`
	RepaidPerYearDays      int    `json:"repaid_per_year_days,omitempty"`
	LongGapYears           int    `json:"long_gap_years,omitempty"`
	LongGapMinimumDays     int    `json:"long_gap_minimum_days,omitempty"`
	ExemptIfEnrolledBefore string `json:"exempt_if_enrolled_before,omitempty"` // enrolled since the scheme began
	Clause                 string `json:"clause"`
}

// Enrolment is one period of insurance in the region (参保记录).
type Enrolment struct {
	Scheme      string
	Start       time.Time
	End         time.Time // zero while ongoing
	FullyPaidOn time.Time // the day full payment was recorded
	InArrears   bool
}

// Person is what eligibility needs to know of the applicant.
type Person struct {
	Scheme                  string
	CareSetting             string // home, institution or hospital (an inpatient)
	BirthDate               time.Time
	Student                 bool
	WorkInjuryCareAllowance bool
	OnsetDate               time.Time
	Enrolments              []Enrolment
	BackPaidYears           int       // years of a gap paid back (Jilin's repair)
	LastNotQualified        time.Time // the last "not qualified" conclusion, zero if none
	SignificantChange       bool      // a caseworker recorded a significant change of condition
}

// Reason is why an application cannot go on, in words the applicant can act on.
type Reason struct {
	Code    string    `json:"code"`
	Message ltc.Text  `json:"message"`
	Clause  string    `json:"clause,omitempty"`
	Until   time.Time `json:"until,omitzero"` // when it no longer applies, if it ends
}

// Eligibility is the result of the gates.
type Eligibility struct {
	Refusals []Reason `json:"refusals"`
	// HoldUntil is set when the only obstacle is the six-month stabilisation:
	// the case waits until then instead of being refused.
	HoldUntil time.Time `json:"hold_until,omitzero"`
}

// Eligible reports whether the application may go on now.
func (e Eligibility) Eligible() bool { return len(e.Refusals) == 0 && e.HoldUntil.IsZero() }

// Check runs every gate for an application made at now.
func (p *Policy) Check(who Person, now time.Time) Eligibility {
	var out Eligibility
	refuse := func(r Reason) { out.Refusals = append(out.Refusals, r) }
	if !p.CoversScheme(who.Scheme) {
		refuse(Reason{Code: "scheme_not_covered", Clause: p.SchemesClause, Message: ltc.Text{
			Zh: "本地区长期护理保险不覆盖该参保险种", En: "this region's scheme does not cover your insurance scheme"}})
	}
	current, ok := currentEnrolment(who.Enrolments, who.Scheme, now)
	if !ok {
		refuse(Reason{Code: "not_insured", Message: ltc.Text{
			Zh: "未查到您在本地区的有效参保记录，请先到医保经办机构核实参保缴费情况",
			En: "no current enrolment in this region was found; please check your enrolment with the insurance office"}})
	}
	if ok && current.InArrears && p.Arrears != nil {
		refuse(Reason{Code: "arrears", Clause: p.Arrears.Clause, Message: ltc.Text{
			Zh: "参保缴费存在欠费，欠费期间待遇不予支付，请补足缴费后再申请",
			En: "contributions are in arrears; no benefits are paid while in arrears: pay them and apply again"}})
	}
	if ok && p.WaitingPeriod != nil {
		if ends := p.WaitingPeriod.end(who, current, now); now.Before(ends) {
			refuse(Reason{Code: "waiting_period", Clause: p.WaitingPeriod.Clause, Until: ends, Message: ltc.Text{
				Zh: fmt.Sprintf("尚在待遇等待期内，%s 起方可申请", day(ends)),
				En: fmt.Sprintf("you are in the waiting period; you may apply from %s", day(ends))}})
		}
	}
	p.exclusions(who, now, refuse)
	if lock := p.ReapplicationLock; lock != nil && !who.LastNotQualified.IsZero() && !who.SignificantChange {
		if until := lock.End(who.LastNotQualified, nil); now.Before(until) {
			refuse(Reason{Code: "reapplication_lock", Clause: lock.Clause, Until: until, Message: ltc.Text{
				Zh: fmt.Sprintf("上次评估结论为不符合条件，%s 前不能重新申请；如病情有明显变化，请经办人员登记", day(until)),
				En: fmt.Sprintf("the last conclusion did not qualify; you may apply again from %s, or earlier if a caseworker records a significant change", day(until))}})
		}
	}
	if p.Stabilisation != nil && !who.OnsetDate.IsZero() {
		if stable := p.Stabilisation.End(who.OnsetDate, nil); now.Before(stable) {
			out.HoldUntil = stable
		}
	}
	return out
}

func (p *Policy) exclusions(who Person, now time.Time, refuse func(Reason)) {
	if clause, ok := p.Excludes(ExcludeInpatient); ok && who.CareSetting == "hospital" {
		refuse(Reason{Code: "inpatient", Clause: clause, Message: ltc.Text{
			Zh: "住院期间不能同时享受长期护理保险待遇，请出院后再申请",
			En: "benefits cannot be received while an inpatient in hospital; apply after discharge"}})
	}
	if clause, ok := p.Excludes(ExcludeStudentOrChild); ok && (who.Student || age(who.BirthDate, now) < 18) {
		refuse(Reason{Code: "student_or_child", Clause: clause, Message: ltc.Text{
			Zh: "本地区长期护理保险暂不覆盖学生和儿童", En: "this region's scheme does not yet cover students and children"}})
	}
	if clause, ok := p.Excludes(ExcludeWorkInjuryCare); ok && who.WorkInjuryCareAllowance {
		refuse(Reason{Code: "work_injury_care_allowance", Clause: clause, Message: ltc.Text{
			Zh: "领取工伤保险生活护理费的人员不重复享受长期护理保险待遇",
			En: "people receiving the work-injury care allowance do not also receive these benefits"}})
	}
}

// end is when the waiting period of the current enrolment is over.
func (w *WaitingPeriod) end(who Person, current Enrolment, now time.Time) time.Time {
	if w.ExemptIfEnrolledBefore != "" {
		exempt, _ := time.ParseInLocation(time.DateOnly, w.ExemptIfEnrolledBefore, ltc.China)
		if current.Start.Before(exempt) {
			return time.Time{}
		}
	}
	start := current.Start
	if w.From == "day_after_full_payment" {
		if current.FullyPaidOn.IsZero() {
			return now.AddDate(100, 0, 0) // not fully paid: the period has not begun
		}
		start = current.FullyPaidOn.AddDate(0, 0, 1)
	}
	if w.PerFurtherGapYearDays == 0 {
		return w.Fixed.End(start, nil)
	}
	gap := gapYears(who.Enrolments, current, w.ExemptIfEnrolledBefore)
	variable := max(0, w.PerFurtherGapYearDays*(gap-1)-w.RepaidPerYearDays*who.BackPaidYears)
	total := w.Fixed.Days + variable
	if w.LongGapYears > 0 && gap > w.LongGapYears {
		total = max(total, w.LongGapMinimumDays)
	}
	return start.AddDate(0, 0, total)
}

// gapYears counts the years without insurance before the current enrolment,
// since the scheme began. Each gap counts in calendar years, a part of a year
// as a whole one (不足1年的按1年计算).
func gapYears(all []Enrolment, current Enrolment, schemeStart string) int {
	sorted := append([]Enrolment(nil), all...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Start.Before(sorted[j].Start) })
	covered, _ := time.ParseInLocation(time.DateOnly, schemeStart, ltc.China)
	years := 0
	for _, e := range sorted {
		if e.Start.After(covered) {
			years += yearsSpanned(covered, e.Start)
		}
		if !e.Start.Before(current.Start) {
			break
		}
		if e.End.After(covered) {
			covered = e.End
		}
	}
	return years
}

// yearsSpanned is the fewest whole calendar years from `from` that reach `to`.
func yearsSpanned(from, to time.Time) int {
	n := 0
	for from.AddDate(n, 0, 0).Before(to) {
		n++
	}
	return n
}

func currentEnrolment(all []Enrolment, scheme string, now time.Time) (Enrolment, bool) {
	for _, e := range all {
		if e.Scheme == scheme && !e.Start.After(now) && (e.End.IsZero() || e.End.After(now)) {
			return e, true
		}
	}
	return Enrolment{}, false
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

func day(t time.Time) string { return t.In(ltc.China).Format(time.DateOnly) }

// History summarises a person's enrolment for the benefit statement: years of
// continuous enrolment in the current period, and the gap years before it.
func (p *Policy) History(who Person, now time.Time) (continuous, gaps int) {
	current, ok := currentEnrolment(who.Enrolments, who.Scheme, now)
	if !ok {
		return 0, 0
	}
	since := "2000-01-01"
	if p.WaitingPeriod != nil && p.WaitingPeriod.ExemptIfEnrolledBefore != "" {
		since = p.WaitingPeriod.ExemptIfEnrolledBefore
	}
	whole := 0
	for !current.Start.AddDate(whole+1, 0, 0).After(now) {
		whole++
	}
	return whole, gapYears(who.Enrolments, current, since)
}
