package policy

import (
	"time"

	"github.com/changhu/ltc"
)

// Award is what a conclusion records on the day it is decided: what bars or
// suspends payment that day, the end of its validity, and the benefit
// statement, which carries the payment reasons to the letter.
type Award struct {
	Eligibility Eligibility
	ValidUntil  time.Time // zero for a conclusion that does not qualify
	Statement   Statement
}

// Incomes gives the area's published per-capita income of a year, nil until
// it is published.
type Incomes func(year int) (*IncomeFigure, error)

// Award computes what a conclusion of grade decided at `on` records. The
// decision activity and `ltc policy explain` both call it, so that what
// explain says is what a decision records. since is the first day paid
// before a renewal (zero for a first decision).
func (p *Policy) Award(who Person, grade int, on, since time.Time, incomes Incomes) (Award, error) {
	e := p.Check(who, on)
	c := p.ClaimantOf(who, on)
	c.Grade, c.BenefitsSince = grade, since
	if !p.Qualifies(grade) {
		return Award{Eligibility: e, Statement: p.Statement(c, time.Time{}, nil)}, nil
	}
	from := p.BenefitsFrom(on, e)
	income, err := incomes(from.In(ltc.China).Year() - 1)
	if err != nil {
		return Award{}, err
	}
	s := p.Statement(c, from, income)
	s.Payment = findings(e.Payment)
	return Award{Eligibility: e, ValidUntil: p.Periods.Validity.End(on, nil), Statement: s}, nil
}
