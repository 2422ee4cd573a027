package policy

import (
	"fmt"
	"slices"
	"time"

	"github.com/changhu/ltc"
)

// InpatientRule: no benefits are paid during a hospital stay (住院); they
// resume on discharge. Care forms the scheme itself delivers in hospital
// wards (Taicang's 专护) are not such a stay.
type InpatientRule struct {
	Basis
	InHospitalCareForms []string `json:"in_hospital_care_forms,omitempty"`
	InHospitalClause    string   `json:"in_hospital_clause,omitempty"`
}

// BenefitsFrom is the first day benefits are paid for a decision at t: the
// usual start, or the end of the waiting period if that is later. Arrears
// and a hospital stay do not move it: they suspend payment while they last.
func (p *Policy) BenefitsFrom(t time.Time, e Eligibility) time.Time {
	start := p.BenefitsStart(t)
	if e.WaitingPeriodEnds.After(start) {
		return e.WaitingPeriodEnds
	}
	return start
}

// StartBasis is the rule that the first day paid, from, of a decision at t
// comes from: the waiting period when its end moved the day, else the
// region's benefit start (a local default where no seed says).
func (p *Policy) StartBasis(t, from time.Time) Basis {
	if w := p.WaitingPeriod; w != nil && from.After(p.BenefitsStart(t)) {
		return w.Basis
	}
	return p.BenefitStartBasis
}

// BenefitsStart is the usual first day of benefits for a decision at t.
func (p *Policy) BenefitsStart(t time.Time) time.Time {
	y, m, d := t.In(ltc.China).Date()
	if p.BenefitStart == "next_month" {
		return time.Date(y, m+1, 1, 0, 0, 0, 0, ltc.China)
	}
	return time.Date(y, m, d+1, 0, 0, 0, 0, ltc.China)
}

// payment finds the waiting period, arrears and hospital stay that bar or
// suspend payment for an application made at now.
func (p *Policy) payment(who Person, current Enrolment, now time.Time, out *Eligibility) {
	unpaid, note, rules := false, ltc.Text{}, []Basis(nil)
	if w := p.WaitingPeriod; w != nil {
		ends, paid, late := p.waitingEnd(who, current, now)
		unpaid = !paid
		note, rules = w.lateNote(late)
		if ends.After(now) {
			out.WaitingPeriodEnds = ends
			out.Payment = append(out.Payment, Reason{Code: "waiting_period", Basis: w.Basis, Related: rules, Until: ends,
				Message: prefixed(note, waitingMessage(ends))})
		}
	}
	if p.Arrears != nil && (current.InArrears || unpaid) {
		out.InArrears = true
		r := Reason{Code: "arrears", Basis: *p.Arrears, Message: p.arrearsMessage(unpaid)}
		if unpaid { // the late year not paid yet: the waiting period will count from its payment
			r.Related, r.Message = rules, prefixed(note, r.Message)
		}
		out.Payment = append(out.Payment, r)
	}
	if p.Inpatient != nil && who.InHospital {
		out.Inpatient = true
		out.Payment = append(out.Payment, Reason{Code: "inpatient", Basis: p.Inpatient.Basis, Message: p.inpatientMessage()})
	}
}

func prefixed(note, msg ltc.Text) ltc.Text {
	return ltc.Text{Zh: note.Zh + msg.Zh, En: note.En + msg.En}
}

// waitingMessage, like the messages of arrears and a hospital stay, says
// what happens to payment in words that hold both when the person applies
// and in the decision letter: the dates, and what ends it.
func waitingMessage(ends time.Time) ltc.Text {
	last := ends.AddDate(0, 0, -1)
	return ltc.Text{Zh: fmt.Sprintf("待遇等待期至%s届满，自%s起方可给付待遇", chineseDay(last), chineseDay(ends)),
		En: fmt.Sprintf("a waiting period runs until %s: benefits can be paid from %s", day(last), day(ends))}
}

func (p *Policy) arrearsMessage(unpaid bool) ltc.Text {
	if unpaid {
		wait := p.WaitingPeriod.Fixed
		return ltc.Text{Zh: fmt.Sprintf("尚未查到足额缴费：欠费期间待遇不予支付；足额缴费后，等待期自足额缴费次日起计算，%s后方可给付待遇", wait.Zh()),
			En: fmt.Sprintf("no full payment is recorded: nothing is paid while contributions are owed; once they are paid, a waiting period of %s runs from the next day, and benefits are paid after it", wait)}
	}
	return ltc.Text{Zh: "参保缴费存在欠费：欠费期间暂停支付待遇，补足缴费后恢复支付",
		En: "contributions are owed: benefits are suspended while they are, and resume once they are paid"}
}

func (p *Policy) inpatientMessage() ltc.Text {
	msg := ltc.Text{Zh: "住院期间不能同时享受长期护理保险待遇：住院期间暂停支付待遇，出院后恢复支付",
		En: "benefits are not paid during a hospital stay: they are suspended while it lasts and resume at discharge"}
	for _, form := range p.Inpatient.InHospitalCareForms {
		i := slices.IndexFunc(p.Benefits.Lines, func(l BenefitLine) bool { return l.CareForm == form })
		msg.Zh += "；" + p.Benefits.Lines[i].Name.Zh + "在医院病房提供，不属于住院"
		msg.En += "; " + p.Benefits.Lines[i].Name.En + " is given in hospital wards and is not a hospital stay"
	}
	return msg
}
