package activities

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/calendar"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// bookings is the team's diary: one assessor is out on another visit at
// taken; the calendar is the shipped one, with no year loaded on top.
type bookings struct {
	Store // only what checking times reads
	taken time.Time
	asked [][]string
}

func (b *bookings) Busy(_ context.Context, team []string, start, end time.Time, except string) (bool, error) {
	b.asked = append(b.asked, team)
	return start.Equal(b.taken), nil
}

func (b *bookings) CalendarYears(context.Context) ([]calendar.Year, error) { return nil, nil }

func at(day, clock string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly+" 15:04", day+" "+clock, ltc.China)
	if err != nil {
		panic(err)
	}
	return t
}

func hour(day, from, to string) Slot { return Slot{Start: at(day, from), End: at(day, to)} }

// Xuzhou visits on working days 08:30–17:30 (the local default), within 10
// working days of acceptance. Accepted on Monday 9 February 2026, the visit
// is due by the end of Saturday 28 February: the Spring Festival holiday
// (15–23 February) does not count, the make-up Saturdays (调休) of 14 and 28
// February do.
func TestProposedTimesKeepToTheHoursTheCalendarAndTheDeadline(t *testing.T) {
	reg, err := policy.Load(forms.MustShipped(), "")
	if err != nil {
		t.Fatal(err)
	}
	accepted, now := at("2026-02-09", "10:00"), at("2026-02-10", "11:00")
	const (
		hours    = "第1个时段不在可预约的时间（08:30–17:30）内"
		offDay   = "第1个时段不是工作日"
		window   = "第1个时段须在现在之后、现场评估期限之内开始"
		busy     = "第1个时段评估人员已有其他上门评估"
		noAnswer = ""
	)
	for _, c := range []struct {
		name  string
		slots []Slot
		from  time.Time // accepted, unless set
		now   time.Time // unless set
		want  string    // the Chinese refusal, or noAnswer
	}{
		{name: "a make-up working Saturday (调休)", slots: []Slot{hour("2026-02-14", "09:00", "10:00")}, want: noAnswer},
		{name: "a day of the Spring Festival holiday", slots: []Slot{hour("2026-02-16", "09:00", "10:00")}, want: offDay},
		{name: "starting 08:29", slots: []Slot{hour("2026-02-12", "08:29", "09:30")}, want: hours},
		{name: "starting 08:30", slots: []Slot{hour("2026-02-12", "08:30", "09:30")}, want: noAnswer},
		{name: "ending 17:30", slots: []Slot{hour("2026-02-12", "16:30", "17:30")}, want: noAnswer},
		{name: "ending 17:31", slots: []Slot{hour("2026-02-12", "16:31", "17:31")}, want: hours},
		{name: "the last working day of the deadline", slots: []Slot{hour("2026-02-28", "16:00", "17:00")}, want: noAnswer},
		{name: "the first working day after the deadline", slots: []Slot{hour("2026-03-02", "09:00", "10:00")}, want: window},
		{name: "earlier today", slots: []Slot{hour("2026-02-10", "09:00", "10:00")}, want: window},
		{name: "starting now", slots: []Slot{hour("2026-02-10", "11:00", "12:00")}, want: window},
		{name: "an overdue visit, after its deadline", slots: []Slot{hour("2026-03-03", "09:00", "10:00")},
			now: at("2026-03-02", "09:00"), want: noAnswer},
		{name: "an assessor out on another visit", slots: []Slot{hour("2026-02-12", "14:00", "15:00")}, want: busy},
		{name: "the second of two times refused, by its number", slots: []Slot{hour("2026-02-12", "09:00", "10:00"), hour("2026-02-16", "09:00", "10:00")},
			want: "第2个时段不是工作日"},
	} {
		if c.from.IsZero() {
			c.from = accepted
		}
		if c.now.IsZero() {
			c.now = now
		}
		store := &bookings{taken: at("2026-02-12", "14:00")}
		a := &Activities{Store: store, Policies: reg, Calendar: &Calendars{Store: store}}
		xuzhou, _ := reg.Latest("xuzhou")
		err := a.CheckSlots(context.Background(), SlotsInput{CaseID: "c1", Region: "xuzhou", Version: xuzhou.Version,
			Team: []string{"a1", "a2"}, Slots: c.slots, NotBefore: c.now, VisitFrom: c.from, VisitPeriod: xuzhou.Periods.Visit})
		if got := refusal(t, err); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
		if c.want == noAnswer && (len(store.asked) != len(c.slots) || !slices.Equal(store.asked[0], []string{"a1", "a2"})) {
			t.Errorf("%s: the team's diary was asked %v", c.name, store.asked)
		}
	}
}

// refusal is the Chinese message of a refusal no retry mends, or "".
func refusal(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var app *temporal.ApplicationError
	var msg ltc.Text
	if !errors.As(err, &app) || !app.NonRetryable() || app.Details(&msg) != nil || msg.En == "" {
		t.Fatalf("not a refusal: %v", err)
	}
	return msg.Zh
}
