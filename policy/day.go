package policy

import (
	"time"

	"github.com/changhu/ltc"
)

// Day is a calendar day, written YYYY-MM-DD in Beijing time; no day is null.
type Day time.Time

// MarshalJSON writes the day, or null for none.
func (d Day) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + day(time.Time(d)) + `"`), nil
}

// IsZero reports whether there is no day.
func (d Day) IsZero() bool { return time.Time(d).IsZero() }

func day(t time.Time) string { return t.In(ltc.China).Format(time.DateOnly) }

// chineseDay is a day as Chinese text writes it: 2026年9月11日.
func chineseDay(t time.Time) string { return t.In(ltc.China).Format("2006年1月2日") }

// UnmarshalJSON reads a day written by MarshalJSON, so that a stored
// statement reads back as it was.
func (d *Day) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*d = Day{}
		return nil
	}
	t, err := time.ParseInLocation(`"`+time.DateOnly+`"`, string(data), ltc.China)
	if err != nil {
		return err
	}
	*d = Day(t)
	return nil
}
