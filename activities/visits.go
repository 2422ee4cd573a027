package activities

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// Slot is a visit time: when it starts and ends.
type Slot struct {
	Start time.Time
	End   time.Time
}

// SlotsInput asks whether visit times may be proposed for a case's team.
type SlotsInput struct {
	CaseID      string
	Region      string
	Version     string
	Team        []string
	Slots       []Slot
	NotBefore   time.Time     // now
	VisitFrom   time.Time     // the visit's period starts then
	VisitPeriod policy.Period // and the visit must begin within it, unless it is overdue already (escalated)
}

// CheckSlots refuses times outside the region's visit hours or days, past
// the visit deadline, or when an assessor of the team is booked elsewhere.
func (a *Activities) CheckSlots(ctx context.Context, in SlotsInput) error {
	p, err := a.Policies.Version(in.Region, in.Version)
	if err != nil {
		return final(err)
	}
	cal, err := a.Calendar.Current(ctx)
	if err != nil {
		return err
	}
	rules, deadline := p.VisitRules(), in.VisitPeriod.End(in.VisitFrom, cal)
	for i, s := range in.Slots {
		n := i + 1
		switch {
		case !rules.Allows(s.Start, s.End):
			return final(ltc.Errorf(ltc.EInvalid, "第%d个时段不在可预约的时间（%s–%s）内", "slot %d is outside the visit hours (%s–%s)", n, rules.From, rules.To))
		case rules.WorkingDaysOnly && !cal.IsWorkingDay(s.Start):
			return final(ltc.Errorf(ltc.EInvalid, "第%d个时段不是工作日", "slot %d is not on a working day", n))
		case !s.Start.After(in.NotBefore) || (deadline.After(in.NotBefore) && s.Start.After(deadline)):
			return final(ltc.Errorf(ltc.EInvalid, "第%d个时段须在现在之后、现场评估期限之内开始", "slot %d must start after now and within the visit deadline", n))
		}
		busy, err := a.Store.Busy(ctx, in.Team, s.Start, s.End, "")
		if err != nil {
			return final(err)
		}
		if busy {
			return final(ltc.Errorf(ltc.EConflict, "第%d个时段评估人员已有其他上门评估", "slot %d: an assessor has another visit then", n))
		}
	}
	return nil
}

// BookInput books a chosen time for the team; Booking names it.
type BookInput struct {
	CaseID  string
	Booking string
	Team    []string
	Slot    Slot
}

// BookVisit books the team, all or none, and returns the address of the
// visit, from the application.
func (a *Activities) BookVisit(ctx context.Context, in BookInput) (string, error) {
	if err := a.Store.Book(ctx, in.Booking, in.CaseID, in.Team, in.Slot.Start, in.Slot.End); err != nil {
		return "", final(err)
	}
	facts, err := a.Store.CaseFacts(ctx, in.CaseID)
	if err != nil {
		return "", final(err)
	}
	var app forms.Application
	if err := json.Unmarshal(facts.Application, &app); err != nil {
		return "", fmt.Errorf("decode application of case %s: %w", in.CaseID, err)
	}
	return app.Address, nil
}

// CancelVisit frees the team of a booking.
func (a *Activities) CancelVisit(ctx context.Context, booking string) error {
	return final(a.Store.CancelBooking(ctx, booking))
}
