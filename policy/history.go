package policy

import "time"

// GapCounting is how Jilin counts gaps in enrolment (断保) and years of
// continuous enrolment (连续参保) for its incentives and constraints (激励约束).
// A gap counts in years, a part of a year as a whole one; a first enrolment
// after the area's scheme started is a gap from the start, except for those
// born since; after a gap, continuous years count from zero again.
type GapCounting struct {
	SchemeStart         DatedRule `json:"scheme_start"`          // the area's scheme began
	IncentivesNotBefore DatedRule `json:"incentives_not_before"` // continuous years count from the later of this and scheme_start
	ConstraintsFrom     DatedRule `json:"constraints_from"`      // gap years count from this day
	Basis
}

// DatedRule is a day a rule counts from, with its clause.
type DatedRule struct {
	Date string `json:"date"` // YYYY-MM-DD
	Basis
}

// History is what the benefit statement needs of a person's enrolment,
// counted by the region's GapCounting; all zero where it has none.
type History struct {
	ContinuousYears int `json:"continuous_years"` // whole years of the current run since incentives count
	GapYears        int `json:"gap_years"`        // every gap's years since constraints count
	LastGapYears    int `json:"last_gap_years"`   // the years of the gap just before the current run
}

// History counts a person's enrolment as of now.
func (p *Policy) History(who Person, now time.Time) History {
	c := p.GapCounting
	current, ok := currentEnrolment(who.Enrolments, who.Scheme, now)
	if c == nil || !ok {
		return History{}
	}
	latest, before := currentRun(runsUntil(who.Enrolments, now), current)
	all, last := c.gapYears(who, before, latest)
	return History{ContinuousYears: wholeYears(later(latest.start, c.incentivesFrom()), now), GapYears: all, LastGapYears: last}
}

// gapYears counts each gap before the current run on its own: all of them,
// and the last, just before the current run.
func (c *GapCounting) gapYears(who Person, before []run, current run) (all, last int) {
	uncovered := parseDay(c.SchemeStart.Date)
	if who.BirthDate.After(uncovered) {
		uncovered = time.Time{} // born since the start (新生儿): could not have enrolled at it
	}
	for _, r := range append(before, current) {
		last = 0
		if !uncovered.IsZero() && r.start.After(uncovered) {
			last = c.countedYears(uncovered, r.start)
			all += last
		}
		uncovered = r.end
	}
	return all, last
}

// countedYears is a gap's length in years from when constraints count.
func (c *GapCounting) countedYears(from, to time.Time) int {
	from = later(from, parseDay(c.ConstraintsFrom.Date))
	if !to.After(from) {
		return 0
	}
	return yearsSpanned(from, to)
}

func (c *GapCounting) incentivesFrom() time.Time {
	return later(parseDay(c.SchemeStart.Date), parseDay(c.IncentivesNotBefore.Date))
}

// yearsSpanned is the fewest whole years from `from` that reach `to`.
func yearsSpanned(from, to time.Time) int {
	n := 0
	for from.AddDate(n, 0, 0).Before(to) {
		n++
	}
	return n
}

// wholeYears is how many whole years from `from` have passed by `to`.
func wholeYears(from, to time.Time) int {
	n := 0
	for !from.AddDate(n+1, 0, 0).After(to) {
		n++
	}
	return n
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
