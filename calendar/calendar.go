// Package calendar counts working days on the Chinese calendar: weekends,
// public holidays and the make-up working weekends (调休), which change every
// year and are data an administrator loads.
package calendar

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"time"

	"github.com/changhu/ltc"
)

//go:embed cn/*.json
var shipped embed.FS

// Year is one year's official arrangement, as the State Council publishes it.
type Year struct {
	Year            int       `json:"year"`
	Source          string    `json:"source"`
	Holidays        []Holiday `json:"holidays"`
	WorkingWeekends []Workday `json:"working_weekends"`
}

// Holiday is a span of days off, both ends included.
type Holiday struct {
	From string `json:"from"`
	To   string `json:"to"`
	Name string `json:"name"`
}

// Workday is a weekend day that is worked (调休).
type Workday struct {
	Day  string `json:"day"`
	Name string `json:"name"`
}

// Calendar answers which days are working days.
type Calendar struct {
	off, on map[string]bool // by 2006-01-02
	years   map[int]bool
}

// Shipped returns the calendar of the years shipped with the code.
func Shipped() (*Calendar, error) {
	c := New()
	files, _ := fs.Glob(shipped, "cn/*.json")
	for _, name := range files {
		data, err := shipped.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var y Year
		if err := json.Unmarshal(data, &y); err != nil {
			return nil, fmt.Errorf("calendar %s: %w", name, err)
		}
		if err := c.Load(y); err != nil {
			return nil, fmt.Errorf("calendar %s: %w", name, err)
		}
	}
	return c, nil
}

// New returns a calendar with no year loaded: Monday to Friday are working days.
func New() *Calendar {
	return &Calendar{off: map[string]bool{}, on: map[string]bool{}, years: map[int]bool{}}
}

// Load adds (or replaces the days of) one year, refusing days outside the
// year, a holiday that runs backwards, or a working weekend that is not a weekend.
func (c *Calendar) Load(y Year) error {
	for _, h := range y.Holidays {
		from, err1 := parseDay(h.From)
		to, err2 := parseDay(h.To)
		if err1 != nil || err2 != nil || to.Before(from) || from.Year() != y.Year || to.Year() != y.Year {
			return fmt.Errorf("holiday %s %s–%s is not a span of days in %d", h.Name, h.From, h.To, y.Year)
		}
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			c.off[key(d)] = true
		}
	}
	for _, w := range y.WorkingWeekends {
		d, err := parseDay(w.Day)
		if err != nil || d.Year() != y.Year || !weekend(d) {
			return fmt.Errorf("working weekend %s (%s) is not a weekend day of %d", w.Day, w.Name, y.Year)
		}
		c.on[key(d)] = true
	}
	c.years[y.Year] = true
	return nil
}

// Knows reports whether a year's arrangement is loaded; for other years only
// weekends are known, and deadlines there may fall on a holiday.
func (c *Calendar) Knows(year int) bool { return c.years[year] }

// IsWorkingDay reports whether the Beijing date of t is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool {
	d := t.In(ltc.China)
	switch {
	case c.on[key(d)]:
		return true
	case c.off[key(d)]:
		return false
	}
	return !weekend(d)
}

// AddWorkingDays returns the end of the n-th working day after the day of t:
// the instant the next day begins, in Beijing. "Within 5 working days" of an
// application on Friday ends when the fifth working day after it is over.
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	y, m, dd := t.In(ltc.China).Date()
	d := time.Date(y, m, dd, 0, 0, 0, 0, ltc.China)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d.AddDate(0, 0, 1)
}

func weekend(d time.Time) bool {
	wd := d.In(ltc.China).Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

func key(d time.Time) string { return d.In(ltc.China).Format(time.DateOnly) }

func parseDay(s string) (time.Time, error) { return time.ParseInLocation(time.DateOnly, s, ltc.China) }
