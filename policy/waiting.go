package policy

import (
	"fmt"
	"time"

	"github.com/changhu/ltc"
)

// WaitingPeriod (等待期) is how long after (re-)enrolment benefits cannot be
// paid. Xuzhou: 6 months from the day after a new enrolee's full payment,
// and a later year paid late makes a new enrolee. Jilin, only after a gap
// (AfterGapOnly): 180 days plus 30 for every further year of gap, less 30
// per year paid back, and at least 360 days in all after a gap of 4 years
// or more.
type WaitingPeriod struct {
	AfterGapOnly           bool         `json:"after_gap_only,omitempty"`
	From                   string       `json:"from"` // day_after_full_payment or enrolment_start
	Fixed                  Period       `json:"fixed"`
	PerFurtherGapYearDays  int          `json:"per_further_gap_year_days,omitempty"`
	RepaidPerYearDays      int          `json:"repaid_per_year_days,omitempty"`
	LongGapYears           int          `json:"long_gap_years,omitempty"`
	LongGapMinimumDays     int          `json:"long_gap_minimum_days,omitempty"`
	ExemptIfEnrolledBefore string       `json:"exempt_if_enrolled_before,omitempty"` // enrolled since the scheme began
	LatePayment            *LatePayment `json:"late_payment,omitempty"`
	Basis
}

// LatePayment makes a person whose later year is not fully paid by Due
// (counted from the start of the year) a new enrolee again.
type LatePayment struct {
	Due Period `json:"due"`
	Basis
}

// waitingEnd is the first day the waiting period of the current enrolment
// lets benefits be paid; paid is false when the full payment it counts from
// is not recorded yet; late is the later year whose late payment made the
// person a new enrolee, nil when none did.
func (p *Policy) waitingEnd(who Person, current Enrolment, now time.Time) (ends time.Time, paid bool, late *Enrolment) {
	w := p.WaitingPeriod
	latest, before := currentRun(runsUntil(who.Enrolments, now), current)
	if w.AfterGapOnly {
		_, gap := p.GapCounting.gapYears(who, before, latest)
		return w.afterGapEnd(latest.start, gap, who.BackPaidYears), true, nil
	}
	enrolled, late := w.newEnrolment(latest, now)
	if enrolled.Start.Before(parseDay(w.ExemptIfEnrolledBefore)) {
		return time.Time{}, true, nil
	}
	start := enrolled.Start
	if w.From == "day_after_full_payment" {
		if enrolled.FullyPaidOn.IsZero() {
			return time.Time{}, false, late
		}
		start = enrolled.FullyPaidOn.AddDate(0, 0, 1)
	}
	return w.Fixed.End(start, nil), true, late
}

// newEnrolment is the period that last made the person a new enrolee
// (新参保人员): the first of the run, or a later year paid late (late).
func (w *WaitingPeriod) newEnrolment(r run, now time.Time) (enrolled Enrolment, late *Enrolment) {
	enrolled = r.periods[0]
	for _, e := range r.periods[1:] {
		if w.paidLate(e, now) {
			enrolled, late = e, &e
		}
	}
	return enrolled, late
}

// lateNote says why a late payer is a new enrolee, with the due date, which
// is a local default in Xuzhou; empty when no late year made one. rules are
// the clauses behind it, each with its label, for the applicant to see.
func (w *WaitingPeriod) lateNote(late *Enrolment) (note ltc.Text, rules []Basis) {
	if late == nil {
		return ltc.Text{}, nil
	}
	year, lastDay := late.Start.In(ltc.China).Year(), w.LatePayment.Due.End(late.Start, nil).AddDate(0, 0, -1)
	return ltc.Text{Zh: fmt.Sprintf("%d年度参保费用未于%s前（含当日）足额缴纳，视为新参保人员；", year, chineseDay(lastDay)),
			En: fmt.Sprintf("the contributions for %d were not fully paid by %s, which makes a new enrolee; ", year, day(lastDay))},
		[]Basis{w.LatePayment.Basis, w.LatePayment.Due.Basis}
}

func (w *WaitingPeriod) paidLate(e Enrolment, now time.Time) bool {
	if w.LatePayment == nil {
		return false
	}
	due := w.LatePayment.Due.End(e.Start, nil)
	if e.FullyPaidOn.IsZero() {
		return !now.Before(due)
	}
	return !e.FullyPaidOn.Before(due)
}

// afterGapEnd is Jilin's waiting period after a gap of gapYears, counted
// from re-enrolment; none without a gap.
func (w *WaitingPeriod) afterGapEnd(reenrolled time.Time, gapYears, backPaidYears int) time.Time {
	if gapYears == 0 {
		return time.Time{}
	}
	variable := max(0, w.PerFurtherGapYearDays*(gapYears-1)-w.RepaidPerYearDays*backPaidYears)
	total := w.Fixed.Days + variable
	if w.LongGapYears > 0 && gapYears >= w.LongGapYears { // 以上 includes the number itself
		total = max(total, w.LongGapMinimumDays)
	}
	return reenrolled.AddDate(0, 0, total)
}

// parseDay reads a YYYY-MM-DD date of a policy file, which the loader has
// checked; an empty one is the zero time.
func parseDay(s string) time.Time {
	d, _ := time.ParseInLocation(time.DateOnly, s, ltc.China)
	return d
}
