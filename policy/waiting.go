package policy

import (
	"sort"
	"time"

	"github.com/changhu/ltc"
)

// WaitingPeriod (等待期) is how long after (re-)enrolment benefits cannot be
// paid. Xuzhou: 6 months from the day after a new enrolee's full payment,
// and a later year paid late makes a new enrolee. Jilin: 180 days plus 30
// for every further year of gap, less 30 per year paid back, and at least
// 360 days in all after a gap of more than 4 years.
type WaitingPeriod struct {
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

// end is the first day the waiting period of the current enrolment lets
// benefits be paid; paid is false when the full payment it counts from is
// not recorded yet.
func (w *WaitingPeriod) end(who Person, current Enrolment, now time.Time) (ends time.Time, paid bool) {
	if w.PerFurtherGapYearDays > 0 {
		return w.afterGapEnd(who, current), true
	}
	latest, _ := currentRun(runsUntil(who.Enrolments, now), current)
	enrolled := w.newEnrolment(latest, now)
	if enrolled.Start.Before(parseDay(w.ExemptIfEnrolledBefore)) {
		return time.Time{}, true
	}
	start := enrolled.Start
	if w.From == "day_after_full_payment" {
		if enrolled.FullyPaidOn.IsZero() {
			return time.Time{}, false
		}
		start = enrolled.FullyPaidOn.AddDate(0, 0, 1)
	}
	return w.Fixed.End(start, nil), true
}

// newEnrolment is the period that last made the person a new enrolee
// (新参保人员): the first of the run, or a later year paid late.
func (w *WaitingPeriod) newEnrolment(r run, now time.Time) Enrolment {
	enrolled := r.periods[0]
	for _, e := range r.periods[1:] {
		if w.paidLate(e, now) {
			enrolled = e
		}
	}
	return enrolled
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

// afterGapEnd is Jilin's waiting period, counted from re-enrolment.
func (w *WaitingPeriod) afterGapEnd(who Person, current Enrolment) time.Time {
	if w.ExemptIfEnrolledBefore != "" && current.Start.Before(parseDay(w.ExemptIfEnrolledBefore)) {
		return time.Time{}
	}
	start := current.Start
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

// parseDay reads a YYYY-MM-DD date of a policy file, which the loader has
// checked; an empty one is the zero time.
func parseDay(s string) time.Time {
	d, _ := time.ParseInLocation(time.DateOnly, s, ltc.China)
	return d
}
