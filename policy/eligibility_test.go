package policy

import (
	"testing"
	"time"

	"github.com/changhu/ltc"
)

func xuzhouPerson(start, paid string) Person {
	return Person{Scheme: "employee", BirthDate: date("1940-05-01"), OnsetDate: date("2020-01-01"),
		Enrolments: []Enrolment{{Scheme: "employee", Start: date(start), FullyPaidOn: date(paid)}}}
}

// eligible: the application goes on now, neither refused nor held.
func eligible(e Eligibility) bool { return len(e.Refusals) == 0 && e.HoldUntil.IsZero() }

func TestNotInsuredIsRefused(t *testing.T) {
	resident := xuzhouPerson("2019-01-01", "2019-01-01") // insured as an employee, applying as a resident
	resident.Scheme = "resident"
	if got := codes(region(t, "xuzhou").Check(resident, date("2026-11-23"))); got != "not_insured" {
		t.Errorf("refusals %q", got)
	}
}

func TestStabilisationHoldsRatherThanRefuses(t *testing.T) {
	p := region(t, "xuzhou")
	who := xuzhouPerson("2019-01-01", "2019-01-01")
	who.OnsetDate = date("2026-08-15")
	e := p.Check(who, date("2026-11-23"))
	if len(e.Refusals) != 0 || !e.HoldUntil.Equal(date("2027-02-15")) || eligible(e) {
		t.Fatalf("%+v", e)
	}
	if e := p.Check(who, date("2027-02-15")); !eligible(e) {
		t.Fatalf("on the day six months are reached: %+v", e)
	}
}

func TestReapplicationLockOnlyWhereTheRegionUsesIt(t *testing.T) {
	who := xuzhouPerson("2019-01-01", "2019-01-01")
	who.LastNotQualified = time.Date(2026, 6, 1, 10, 0, 0, 0, ltc.China)
	demo := region(t, "demo") // 60 seconds
	if e := demo.Check(who, who.LastNotQualified.Add(59*time.Second)); codes(e) != "reapplication_lock" ||
		!e.Refusals[0].Until.Equal(who.LastNotQualified.Add(time.Minute)) || e.Refusals[0].Clause == "" {
		t.Fatalf("demo, a second before: %+v", e)
	}
	if e := demo.Check(who, who.LastNotQualified.Add(time.Minute)); codes(e) != "" {
		t.Fatalf("demo, when the lock ends: %+v", e)
	}
	for _, code := range []string{"taicang", "xuzhou", "nanjing", "jilin", "beijing"} {
		if p := region(t, code); p.ReapplicationLock != nil || codes(p.Check(who, date("2026-07-01"))) == "reapplication_lock" {
			t.Errorf("%s locks re-application, which its seed does not say", code)
		}
	}
	old, _ := registry(t).Version("taicang", "2018.1") // the version before this correction kept its 6 months
	who.LastNotQualified = date("2026-06-01")
	if e := old.Check(who, date("2026-11-30")); codes(e) != "reapplication_lock" || !e.Refusals[0].Until.Equal(date("2026-12-01")) {
		t.Fatalf("taicang 2018.1, the day before: %+v", e)
	}
	if e := old.Check(who, date("2026-12-01")); codes(e) != "" {
		t.Fatalf("taicang 2018.1, the day of: %+v", e)
	}
	who.SignificantChange = true
	if e := old.Check(who, date("2026-07-01")); codes(e) != "" {
		t.Fatalf("with a recorded change: %+v", e)
	}
}

func TestSelfAssessmentGateOnlyForDemo(t *testing.T) {
	r := registry(t)
	for code, want := range map[string]bool{"demo": true, "taicang": false, "xuzhou": false, "nanjing": false, "jilin": false, "beijing": false, "atlantis": false} {
		if _, got := r.UsesSelfAssessmentGate(code); got != want {
			t.Errorf("%s: gate %v, want %v", code, got, want)
		}
	}
	if gate, _ := r.UsesSelfAssessmentGate("demo"); gate.Clause != region(t, "demo").SelfAssessmentGate.Clause || gate.Clause == "" || !gate.LocalDefault {
		t.Errorf("the demo gate's refusal would not carry its clause and label: %+v", gate)
	}
}

func TestRegionExclusions(t *testing.T) {
	now := date("2026-11-23")
	base := Person{Scheme: "resident", BirthDate: date("1950-01-01"),
		Enrolments: []Enrolment{{Scheme: "resident", Start: date("2019-01-01"), FullyPaidOn: date("2019-01-01")}}}
	child, student, injured := base, base, base
	child.BirthDate = date("2015-03-01")
	student.Student = true
	injured.WorkInjuryCareAllowance = true
	for _, tc := range []struct {
		region string
		who    Person
		want   string
	}{
		{"beijing", child, "student_or_child"}, {"beijing", student, "student_or_child"}, {"beijing", base, ""},
		{"xuzhou", child, ""}, {"jilin", injured, "work_injury_care_allowance"}, {"beijing", injured, ""},
	} {
		if got := codes(region(t, tc.region).Check(tc.who, now)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.region, got, tc.want)
		}
	}
}
