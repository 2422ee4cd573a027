package policy

import (
	"fmt"
	"time"

	"github.com/changhu/ltc"
)

// Visits are the rules of visit appointments: the hours a visit may be
// booked in, whether only on working days, and what follows when the family
// is absent twice from an agreed visit. No seed states them: a region
// without them gets the local default, labelled as such.
type Visits struct {
	From              string `json:"from"` // 08:30, Beijing time
	To                string `json:"to"`   // 17:30
	WorkingDaysOnly   bool   `json:"working_days_only"`
	FamilyAbsentTwice string `json:"family_absent_twice"` // close (the application ends) or escalate (a caseworker decides)
	Basis
}

// Outcomes of a second absence of the family.
const (
	AbsentTwiceClose    = "close"
	AbsentTwiceEscalate = "escalate"
)

// defaultVisits is the local default where a region gives no visit rules.
var defaultVisits = Visits{From: "08:30", To: "17:30", WorkingDaysOnly: true, FamilyAbsentTwice: AbsentTwiceClose,
	Basis: Basis{Clause: "方案未规定上门评估预约规则；本地默认工作日8:30–17:30预约，家属两次未在约定时间在场的，终止本次申请", LocalDefault: true}}

// VisitRules are the region's visit rules, or the local default.
func (p *Policy) VisitRules() Visits {
	if p.VisitsRule != nil {
		return *p.VisitsRule
	}
	return defaultVisits
}

// Allows reports whether a visit from start to end falls in the hours, on
// one Beijing day. Times are compared to the second: a visit ending at
// 17:30:30 ends after 17:30.
func (v Visits) Allows(start, end time.Time) bool {
	s, e := start.In(ltc.China), end.In(ltc.China)
	if s.YearDay() != e.YearDay() || s.Year() != e.Year() || !e.After(s) {
		return false
	}
	return sinceMidnight(s) >= ofDay(v.From) && sinceMidnight(e) <= ofDay(v.To)
}

func sinceMidnight(t time.Time) time.Duration {
	y, m, d := t.Date()
	return t.Sub(time.Date(y, m, d, 0, 0, 0, 0, t.Location()))
}

// ofDay is how long after midnight a time of day (15:04, or 24:00) is; the
// policy's times were checked when it was loaded.
func ofDay(hm string) time.Duration {
	var h, m int
	_, _ = fmt.Sscanf(hm, "%d:%d", &h, &m)
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
}

func (v Visits) check(add func(string, ...any)) {
	valid := func(hm string) bool { _, err := time.Parse("15:04", hm); return err == nil || hm == "24:00" }
	if !valid(v.From) || !valid(v.To) || v.From >= v.To {
		add("visits: from %q and to %q must be times of day, from before to", v.From, v.To)
	}
	if v.FamilyAbsentTwice != AbsentTwiceClose && v.FamilyAbsentTwice != AbsentTwiceEscalate {
		add("visits.family_absent_twice: %q is not %s or %s", v.FamilyAbsentTwice, AbsentTwiceClose, AbsentTwiceEscalate)
	}
}
