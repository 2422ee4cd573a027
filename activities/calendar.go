package activities

import (
	"context"
	"sync"
	"time"

	"github.com/changhu/ltc/calendar"
)

// Calendars is the working-day calendar: the shipped years with the ones an
// administrator loaded on top, re-read at most once a minute.
type Calendars struct {
	Store interface {
		CalendarYears(ctx context.Context) ([]calendar.Year, error)
	}

	mu      sync.Mutex
	current *calendar.Calendar
	read    time.Time
}

// Current returns the calendar, reloading it when it is a minute old. If the
// database cannot be read, the last calendar (or the shipped one) serves.
func (c *Calendars) Current(ctx context.Context) (*calendar.Calendar, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.current != nil && time.Since(c.read) < time.Minute {
		return c.current, nil
	}
	cal, err := calendar.Shipped()
	if err != nil {
		return nil, err
	}
	years, err := c.Store.CalendarYears(ctx)
	if err != nil && c.current != nil {
		return c.current, nil
	}
	for _, y := range years {
		if err := cal.Load(y); err != nil {
			return nil, err
		}
	}
	c.current, c.read = cal, time.Now()
	return cal, nil
}
