package calendar

import (
	"testing"
	"time"

	"github.com/changhu/ltc"
)

func day(s string) time.Time {
	d, err := time.ParseInLocation("2006-01-02 15:04", s, ltc.China)
	if err != nil {
		panic(err)
	}
	return d
}

func TestWorkingDaysAcrossHolidaysAndMakeUpDays(t *testing.T) {
	c, err := Shipped()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		from string
		n    int
		want string // the day after the deadline day, 00:00
	}{
		{"2026-11-23 10:00", 5, "2026-12-01 00:00"}, // Mon + 5 working days = next Mon, ends at Tue 00:00
		{"2026-11-27 16:00", 1, "2026-12-01 00:00"}, // Friday afternoon: Monday is the first working day
		// National Day 2026: Oct 1–7 off, Sat Oct 10 worked. From Wed Sep 30: Oct 8, 9, 10 are days 1–3.
		{"2026-09-30 09:00", 3, "2026-10-11 00:00"},
		// Spring Festival 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked.
		{"2026-02-13 09:00", 1, "2026-02-15 00:00"}, // the make-up Saturday counts
		{"2026-02-14 09:00", 1, "2026-02-25 00:00"}, // then nothing until Tue Feb 24
		{"2026-02-27 09:00", 1, "2026-03-01 00:00"}, // Sat Feb 28 is worked
		// 2027 is not loaded: weekends only.
		{"2027-01-01 09:00", 1, "2027-01-05 00:00"},
	}
	for _, tc := range cases {
		if got := c.AddWorkingDays(day(tc.from), tc.n); !got.Equal(day(tc.want)) {
			t.Errorf("%s + %d working days: ends %s, want %s", tc.from, tc.n, got.In(ltc.China).Format("2006-01-02 15:04"), tc.want)
		}
	}
	if c.Knows(2027) || !c.Knows(2026) {
		t.Error("Knows is wrong")
	}
}

func TestBadYearIsRefused(t *testing.T) {
	err := New().Load(Year{Year: 2026, WorkingWeekends: []Workday{{Day: "2026-11-23", Name: "a Monday"}}})
	if err == nil {
		t.Fatal("a Monday accepted as a working weekend")
	}
	if err := New().Load(Year{Year: 2026, Holidays: []Holiday{{From: "2026-10-07", To: "2026-10-01"}}}); err == nil {
		t.Fatal("a backwards holiday accepted")
	}
}
