package policy

import "time"

// Enrolment is one period of insurance in the region (参保记录).
type Enrolment struct {
	Scheme      string
	Start       time.Time
	End         time.Time // zero while ongoing
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
