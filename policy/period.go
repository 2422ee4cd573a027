package policy

import (
	"fmt"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/calendar"
)

// Period is a span of the lifecycle in exactly one unit. Working days count
// on the administrator's calendar; seconds exist for the demo region.
type Period struct {
	WorkingDays int `json:"working_days,omitempty"`
	Days        int `json:"days,omitempty"`
	Months      int `json:"months,omitempty"`
	Seconds     int `json:"seconds,omitempty"`
	Basis
}

// End returns when a period that starts at t is over.
func (p Period) End(t time.Time, cal *calendar.Calendar) time.Time {
	local := t.In(ltc.China)
	switch {
	case p.WorkingDays > 0:
		return cal.AddWorkingDays(t, p.WorkingDays)
	case p.Days > 0:
		return local.AddDate(0, 0, p.Days)
	case p.Months > 0:
		return local.AddDate(0, p.Months, 0)
	}
	return t.Add(time.Duration(p.Seconds) * time.Second)
}

// Before returns when a period that ends at t began (for leads before a date).
// Working days are not counted backwards: leads are given in days or months.
func (p Period) Before(t time.Time) time.Time {
	local := t.In(ltc.China)
	switch {
	case p.Days > 0:
		return local.AddDate(0, 0, -p.Days)
	case p.Months > 0:
		return local.AddDate(0, -p.Months, 0)
	}
	return t.Add(-time.Duration(p.Seconds) * time.Second)
}

func (p Period) units() int {
	n := 0
	for _, v := range []int{p.WorkingDays, p.Days, p.Months, p.Seconds} {
		if v > 0 {
			n++
		}
	}
	return n
}

// approx is a rough length, only for checking that one period fits in another.
func (p Period) approx() time.Duration {
	day := 24 * time.Hour
	return time.Duration(p.WorkingDays)*7*day/5 + time.Duration(p.Days)*day +
		time.Duration(p.Months)*30*day + time.Duration(p.Seconds)*time.Second
}

// String says the period in words, for messages.
func (p Period) String() string {
	switch {
	case p.WorkingDays > 0:
		return fmt.Sprintf("%d working days", p.WorkingDays)
	case p.Days > 0:
		return fmt.Sprintf("%d days", p.Days)
	case p.Months > 0:
		return fmt.Sprintf("%d months", p.Months)
	}
	return fmt.Sprintf("%d seconds", p.Seconds)
}

// Zh says the period in Chinese, for messages.
func (p Period) Zh() string {
	switch {
	case p.WorkingDays > 0:
		return fmt.Sprintf("%d个工作日", p.WorkingDays)
	case p.Days > 0:
		return fmt.Sprintf("%d天", p.Days)
	case p.Months > 0:
		return fmt.Sprintf("%d个月", p.Months)
	}
	return fmt.Sprintf("%d秒", p.Seconds)
}
