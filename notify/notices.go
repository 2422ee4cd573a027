package notify

import (
	"fmt"
	"time"

	"github.com/changhu/ltc"
)

// Notice is a message a history line calls for, to the family of its case:
// the insured person and the agent, each unless they chose no SMS.
type Notice struct {
	Template string
	Vars     map[string]string
}

// NoticesFor says what the family is told of a history line of a case.
func NoticesFor(caseID string, e ltc.HistoryEntry) []Notice {
	vars := map[string]string{"case": shortID(caseID), "reason": e.Reason}
	for _, k := range []string{"grade_name", "valid_until", "until", "publicity_until", "objection_until", "when", "address", "present", "slots"} {
		if v, ok := e.Details[k]; ok {
			vars[k] = text(v)
		}
	}
	vars["grade"] = vars["grade_name"]
	one := func(template string, needs ...string) []Notice {
		for _, k := range needs {
			if vars[k] == "" {
				return nil // a line recorded before it carried what the message says
			}
		}
		return []Notice{{Template: template, Vars: vars}}
	}
	switch e.Action {
	case "received":
		return one(Received)
	case "held":
		return one(Held, "until")
	case "returned":
		return one(Returned, "reason")
	case "accepted":
		return one(Accepted)
	case "refused":
		return one(Refused, "reason")
	case "ineligible":
		return one(Ineligible, "reason")
	case "withdrawn":
		return one(Withdrawn)
	case "voided":
		return one(Voided, "reason")
	case "published":
		return one(Published, "grade", "publicity_until", "objection_until")
	case "notified":
		return one(NotQualifiedNotice, "grade", "objection_until")
	case "decided":
		return decided(e, vars)
	case "renewal":
		return one(RenewalDue, "valid_until")
	case "admission", "expired", "arrears":
		vars["reason"] = suspensions[e.Action]
		return one(BenefitSuspended)
	case "discharge", "arrears_cleared":
		return resumed(e, vars, BenefitResumed)
	case "waiting_period":
		return waiting(e, vars)
	case "waiting_period_ended":
		return resumed(e, vars, WaitingPeriodEnded)
	case "died":
		// No SMS on a death, by choice: the notices of a line go to every
		// phone of the application, the deceased's own among them (the
		// outbox cannot address the agent alone), and the line does not say
		// whether benefits were being paid, so "待遇已终止" could be untrue
		// of a case still in assessment. The family reports the death or
		// hears of it from the office, which settles care fees with them.
		return nil
	case "appointment_proposed":
		return one(AppointmentProposed, "slots")
	case "appointment_confirmed":
		return one(AppointmentConfirmed, "when", "address", "present")
	case "appointment_reminded":
		return one(AppointmentReminder, "when", "present")
	case "appointment_moved":
		return one(AppointmentMoved, "reason")
	case "visit_missed":
		return one(VisitMissed, "reason")
	}
	return nil
}

// suspensions are the reasons a family reads for benefits suspended, in
// fixed words: a line's own reason may be an officer's note (a hospital, a
// ward) that a text message should not carry.
var suspensions = map[string]string{
	"admission": "住院期间不能同时享受长期护理保险待遇",
	"expired":   "评估结论有效期届满，到期复评尚未完成",
	"arrears":   "参保缴费欠费，补足缴费后恢复支付",
}

// resumed tells the family benefits are paid again only when they are: a
// discharge, arrears paid up or the end of a waiting period leaves them
// suspended while another reason (a stay in hospital, arrears, a waiting
// period, an expired conclusion) still holds. The line carries the benefit
// after it. Paying up that starts a waiting period says so in a line of its
// own (waiting_period).
func resumed(e ltc.HistoryEntry, vars map[string]string, template string) []Notice {
	if e.Details["benefit"] != string(ltc.BenefitActive) {
		return nil
	}
	return []Notice{{Template: template, Vars: vars}}
}

// waiting tells the family of a waiting period by its last day: the line's
// until is the first instant paid, midnight after that day (a period of
// seconds, in a demonstration, ends at a time of day, said as such).
func waiting(e ltc.HistoryEntry, vars map[string]string) []Notice {
	until, ok := instant(e.Details["until"])
	if !ok {
		return nil // a line recorded before it carried its end
	}
	local := until.In(ltc.China)
	if local.Hour() == 0 && local.Minute() == 0 && local.Second() == 0 {
		vars["last_day"] = local.AddDate(0, 0, -1).Format("2006年1月2日")
	} else {
		vars["last_day"] = chineseTime(local)
	}
	return []Notice{{Template: WaitingPeriod, Vars: vars}}
}

// instant reads a time a line's details carry: a time.Time as recorded, an
// RFC 3339 string as read back.
func instant(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero()
	case string:
		parsed, err := time.Parse(time.RFC3339Nano, t)
		return parsed, err == nil && !parsed.IsZero()
	}
	return time.Time{}, false
}

func decided(e ltc.HistoryEntry, vars map[string]string) []Notice {
	if e.Details["qualifies"] == true {
		if vars["valid_until"] == "" {
			return nil
		}
		return []Notice{{Template: Decided, Vars: vars}}
	}
	if e.Details["benefit"] == string(ltc.BenefitStopped) {
		vars["reason"] = "经评估已恢复生活自理能力或未达到待遇享受等级"
		return []Notice{{Template: BenefitStopped, Vars: vars}}
	}
	return nil
}

// text shows a detail as a family reads it: instants as Beijing dates
// (2026年12月10日) or, with a time of day, date and time.
func text(v any) string {
	switch t := v.(type) {
	case time.Time:
		return chineseTime(t)
	case string:
		if parsed, err := time.Parse(time.RFC3339Nano, t); err == nil {
			return chineseTime(parsed)
		}
		return t
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func chineseTime(t time.Time) string {
	local := t.In(ltc.China)
	if local.Hour() == 0 && local.Minute() == 0 {
		return local.Format("2006年1月2日")
	}
	return local.Format("2006年1月2日 15:04")
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}
