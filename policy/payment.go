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
	unpaid := false
	if w := p.WaitingPeriod; w != nil {
		ends, paid := p.waitingEnd(who, current, now)
		unpaid = !paid
		if ends.After(now) {
			out.WaitingPeriodEnds = ends
			out.Payment = append(out.Payment, Reason{Code: "waiting_period", Basis: w.Basis, Until: ends, Message: ltc.Text{
				Zh: fmt.Sprintf("尚在待遇等待期内：评估照常进行，待遇自 %s 起方可给付", day(ends)),
				En: fmt.Sprintf("you are in the waiting period: the assessment goes ahead, and benefits can be paid from %s", day(ends))}})
		}
	}
	if p.Arrears != nil && (current.InArrears || unpaid) {
		out.InArrears = true
		out.Payment = append(out.Payment, Reason{Code: "arrears", Basis: *p.Arrears, Message: arrearsMessage(unpaid)})
	}
	if p.Inpatient != nil && who.CareSetting == "hospital" {
		out.Inpatient = true
		out.Payment = append(out.Payment, Reason{Code: "inpatient", Basis: p.Inpatient.Basis, Message: p.inpatientMessage()})
	}
}

func arrearsMessage(unpaid bool) ltc.Text {
	if unpaid {
		return ltc.Text{Zh: "尚未查到足额缴费：评估照常进行，欠费期间待遇不予支付；等待期自足额缴费次日起计算",
			En: "no full payment is recorded: the assessment goes ahead, but nothing is paid while contributions are owed, and the waiting period starts the day after full payment"}
	}
	return ltc.Text{Zh: "参保缴费存在欠费：评估照常进行，欠费期间待遇不予支付，补足后恢复",
		En: "contributions are owed: the assessment goes ahead, but nothing is paid until they are paid"}
}

func (p *Policy) inpatientMessage() ltc.Text {
	msg := ltc.Text{Zh: "住院期间不能同时享受长期护理保险待遇：评估照常进行，待遇自出院起支付",
		En: "benefits are not paid during a hospital stay: the assessment goes ahead, and benefits are paid from discharge"}
	for _, form := range p.Inpatient.InHospitalCareForms {
		i := slices.IndexFunc(p.Benefits.Lines, func(l BenefitLine) bool { return l.CareForm == form })
		msg.Zh += "；" + p.Benefits.Lines[i].Name.Zh + "在医院病房提供，不属于住院"
		msg.En += "; " + p.Benefits.Lines[i].Name.En + " is given in hospital wards and is not a hospital stay"
	}
	return msg
}
