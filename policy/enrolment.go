package policy

import (
	"slices"
	"time"
)

// Enrolment is one period of insurance in the region (参保记录). Where
// contributions are yearly, each year paid is a period of its own.
type Enrolment struct {
	Scheme      string
	Start       time.Time
	End         time.Time // the first day no longer covered; zero while ongoing
	FullyPaidOn time.Time // the day full payment was recorded
	InArrears   bool
}

func currentEnrolment(all []Enrolment, scheme string, now time.Time) (Enrolment, bool) {
	for _, e := range all {
		if e.Scheme == scheme && !e.Start.After(now) && (e.End.IsZero() || e.End.After(now)) {
			return e, true
		}
	}
	return Enrolment{}, false
}

// run is a stretch of continuous enrolment: periods, in any scheme, that
// follow one another without a gap.
type run struct {
	start, end time.Time // end is zero while ongoing
	periods    []Enrolment
}

// runsUntil joins the periods begun by now into runs, oldest first.
func runsUntil(all []Enrolment, now time.Time) []run {
	begun := slices.DeleteFunc(slices.Clone(all), func(e Enrolment) bool { return e.Start.After(now) })
	slices.SortFunc(begun, func(a, b Enrolment) int { return a.Start.Compare(b.Start) })
	var runs []run
	for _, e := range begun {
		if n := len(runs); n > 0 && runs[n-1].continuedBy(e) {
			runs[n-1].periods = append(runs[n-1].periods, e)
			runs[n-1].end = laterEnd(runs[n-1].end, e.End)
			continue
		}
		runs = append(runs, run{start: e.Start, end: e.End, periods: []Enrolment{e}})
	}
	return runs
}

// continuedBy: a period starting by the day after the run ends continues it,
// because end dates are written both as the last day covered and as the
// first day not, and one day must not count as a year's gap.
func (r run) continuedBy(e Enrolment) bool {
	return r.end.IsZero() || !e.Start.After(r.end.AddDate(0, 0, 1))
}

func laterEnd(a, b time.Time) time.Time {
	if a.IsZero() || b.IsZero() {
		return time.Time{}
	}
	if b.After(a) {
		return b
	}
	return a
}

// currentRun is the run the current enrolment belongs to, and the runs before it.
func currentRun(runs []run, current Enrolment) (run, []run) {
	i := len(runs) - 1
	for i > 0 && runs[i].start.After(current.Start) {
		i--
	}
	return runs[i], runs[:i]
}
