package policy

import (
	"testing"
	"time"

	"github.com/changhu/ltc"
)

// beijing is a time of day on a Beijing date, to the second.
func beijing(day, clock string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly+" 15:04:05", day+" "+clock, ltc.China)
	if err != nil {
		panic(err)
	}
	return t
}

// A seed region states no visit rules: it books visits in the local
// default's hours, 08:30 to 17:30 Beijing time, start and end on one day.
func TestAVisitIsBookedInTheRegionsHours(t *testing.T) {
	rules := region(t, "xuzhou").VisitRules()
	if rules.From != "08:30" || rules.To != "17:30" || !rules.WorkingDaysOnly || !rules.LocalDefault {
		t.Fatalf("xuzhou's visit rules: %+v", rules)
	}
	day := "2026-11-25"
	for _, c := range []struct {
		name       string
		start, end time.Time
		allowed    bool
	}{
		{"starting at 08:29", beijing(day, "08:29:00"), beijing(day, "09:30:00"), false},
		{"starting at 08:29:59", beijing(day, "08:29:59"), beijing(day, "09:30:00"), false},
		{"starting at 08:30", beijing(day, "08:30:00"), beijing(day, "09:30:00"), true},
		{"ending at 17:30", beijing(day, "16:30:00"), beijing(day, "17:30:00"), true},
		{"ending at 17:31", beijing(day, "16:30:00"), beijing(day, "17:31:00"), false},
		{"ending at 17:30:30", beijing(day, "16:30:00"), beijing(day, "17:30:30"), false},
		{"08:30 Beijing, sent in UTC", time.Date(2026, 11, 25, 0, 30, 0, 0, time.UTC), time.Date(2026, 11, 25, 1, 30, 0, 0, time.UTC), true},
		{"09:00 UTC is 17:00 Beijing, ending 18:00", time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC), false},
		{"ending before it starts", beijing(day, "10:00:00"), beijing(day, "09:00:00"), false},
		{"ending the next day", beijing(day, "09:00:00"), beijing("2026-11-26", "09:00:00"), false},
		{"ending on the same hour a year on", beijing(day, "09:00:00"), beijing("2027-11-25", "10:00:00"), false},
	} {
		if got := rules.Allows(c.start, c.end); got != c.allowed {
			t.Errorf("%s (%s–%s): allowed %v, want %v", c.name, c.start, c.end, got, c.allowed)
		}
	}
}

// The demo region books at any hour, to midnight, so that a walk-through
// runs whenever it is shown.
func TestTheDemoRegionBooksAtAnyHour(t *testing.T) {
	rules := region(t, "demo").VisitRules()
	if !rules.Allows(beijing("2026-11-28", "00:00:00"), beijing("2026-11-28", "00:30:00")) ||
		!rules.Allows(beijing("2026-11-28", "23:00:00"), beijing("2026-11-28", "23:59:59")) {
		t.Fatalf("demo's visit rules refuse a late or early hour: %+v", rules)
	}
}
