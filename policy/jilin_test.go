package policy

import (
	"strings"
	"testing"
	"time"
)

// jilin is a resident born in 1950 with enrolments [start, end) ("" while ongoing).
func jilin(periods ...[2]string) Person {
	who := Person{Scheme: "resident", BirthDate: date("1950-01-01")}
	for _, pe := range periods {
		e := Enrolment{Scheme: "resident", Start: date(pe[0])}
		if pe[1] != "" {
			e.End = date(pe[1])
		}
		who.Enrolments = append(who.Enrolments, e)
	}
	return who
}

// Scheme start 2022-01-01 (local default), constraints from 2027, incentives from 2022.
func TestJilinWaitingPeriodAfterAGap(t *testing.T) {
	p := region(t, "jilin")
	born2030 := jilin([2]string{"2031-01-01", ""})
	born2030.BirthDate = date("2030-05-01")
	repaid := func(who Person, years int) Person { who.BackPaidYears = years; return who }
	for _, tc := range []struct {
		name string
		who  Person
		ends string // "" for none
	}{
		{"first enrolment at the scheme's start", jilin([2]string{"2022-01-01", ""}), ""},
		{"first enrolment after the start, before 2027: not counted", jilin([2]string{"2024-05-01", ""}), ""},
		{"first enrolment after 2027: 2 months of gap count as a year", jilin([2]string{"2027-03-01", ""}), "2027-08-28"},
		{"born after the start (新生儿): no gap", born2030, ""},
		{"born before, first enrolled in 2031: 4 years", jilin([2]string{"2031-01-01", ""}), "2031-12-27"},
		{"a gap before 2027 only: not counted", jilin([2]string{"2022-01-01", "2024-01-01"}, [2]string{"2026-06-01", ""}), ""},
		{"a gap across 2027: counted from 2027, 1 year 2 months is 2", jilin([2]string{"2022-01-01", "2025-06-01"}, [2]string{"2028-03-01", ""}), "2028-09-27"},
		{"a gap of exactly 3 years: 180 + 2×30", jilin([2]string{"2022-01-01", "2027-01-01"}, [2]string{"2030-01-01", ""}), "2030-08-29"},
		{"3 years, 1 paid back", repaid(jilin([2]string{"2022-01-01", "2027-01-01"}, [2]string{"2030-01-01", ""}), 1), "2030-07-30"},
		{"3 years, 5 paid back: never below 180", repaid(jilin([2]string{"2022-01-01", "2027-01-01"}, [2]string{"2030-01-01", ""}), 5), "2030-06-30"},
		{"exactly 4 years (以上 includes 4): 270 raised to 360", jilin([2]string{"2022-01-01", "2027-01-01"}, [2]string{"2031-01-01", ""}), "2031-12-27"},
		{"exactly 4 years, all paid back: still 360", repaid(jilin([2]string{"2022-01-01", "2027-01-01"}, [2]string{"2031-01-01", ""}), 4), "2031-12-27"},
		{"exactly 5 years: 300 raised to 360", jilin([2]string{"2022-01-01", "2027-01-01"}, [2]string{"2032-01-01", ""}), "2032-12-26"},
		{"exactly 10 years: 180 + 9×30", jilin([2]string{"2022-01-01", "2027-01-01"}, [2]string{"2037-01-01", ""}), "2038-03-27"},
		{"10 years and a day count as 11: 180 + 10×30", jilin([2]string{"2022-01-01", "2027-01-01"}, [2]string{"2037-01-02", ""}), "2038-04-27"},
	} {
		current := tc.who.Enrolments[len(tc.who.Enrolments)-1]
		if tc.ends == "" {
			if e := p.Check(tc.who, current.Start.AddDate(0, 1, 0)); !e.WaitingPeriodEnds.IsZero() {
				t.Errorf("%s: waiting until %s, want none", tc.name, day(e.WaitingPeriodEnds))
			}
			continue
		}
		ends := date(tc.ends)
		if e := p.Check(tc.who, ends.AddDate(0, 0, -1)); !e.WaitingPeriodEnds.Equal(ends) || !eligible(e) || payment(e) != "waiting_period" {
			t.Errorf("%s: the day before, waiting until %s, want %s", tc.name, day(e.WaitingPeriodEnds), tc.ends)
		}
		if e := p.Check(tc.who, ends); !e.WaitingPeriodEnds.IsZero() {
			t.Errorf("%s: on %s still waiting", tc.name, tc.ends)
		}
	}
}

func TestJilinHistory(t *testing.T) {
	p := region(t, "jilin")
	for _, tc := range []struct {
		name string
		who  Person
		on   string
		want History
	}{
		{"6 whole years since the start", jilin([2]string{"2022-01-01", ""}), "2028-06-01", History{ContinuousYears: 6}},
		{"the day before the 7th", jilin([2]string{"2022-01-01", ""}), "2028-12-31", History{ContinuousYears: 6}},
		{"the day of the 7th", jilin([2]string{"2022-01-01", ""}), "2029-01-01", History{ContinuousYears: 7}},
		{"enrolled before the start: counted from it", jilin([2]string{"2019-01-01", ""}), "2028-06-01", History{ContinuousYears: 6}},
		{"after a gap, from zero again", jilin([2]string{"2022-01-01", "2026-01-01"}, [2]string{"2026-06-01", ""}), "2031-06-01",
			History{ContinuousYears: 5}},
		{"two gaps since 2027: 1 and 2 years", jilin([2]string{"2022-01-01", "2027-01-01"}, [2]string{"2028-01-01", "2029-01-01"}, [2]string{"2031-01-01", ""}),
			"2032-06-01", History{ContinuousYears: 1, GapYears: 3, LastGapYears: 2}},
	} {
		if got := p.History(tc.who, date(tc.on)); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
	if h := region(t, "xuzhou").History(jilin([2]string{"2022-01-01", ""}), date("2030-01-01")); h != (History{}) {
		t.Errorf("xuzhou counts no gaps: %+v", h)
	}
}

// shares is the fund's share by care form, and the day the reduction ends.
func shares(p *Policy, c Claimant, from string) (map[string]int, string) {
	s := p.Statement(c, date(from), nil)
	until := ""
	if !s.ReductionUntil.IsZero() {
		until = day(time.Time(s.ReductionUntil))
	}
	return s.FundShares, until
}

func TestJilinShareReductionInTheFirstBenefitYearOnly(t *testing.T) {
	p := region(t, "jilin")
	afterGap := func(years int, since string) Claimant {
		c := Claimant{Grade: 3, Scheme: "employee", History: History{GapYears: years, LastGapYears: years}}
		if since != "" {
			c.BenefitsSince = date(since)
		}
		return c
	}
	for _, tc := range []struct {
		name              string
		c                 Claimant
		from              string
		institution, home int
		until             string
	}{
		{"no gap", afterGap(0, ""), "2032-03-02", 70, 80, ""},
		{"4 years: −10, for a year from the first day paid", afterGap(4, ""), "2032-03-02", 60, 70, "2033-03-02"},
		{"exactly 5 years: −10 (不足5年（含）)", afterGap(5, ""), "2032-03-02", 60, 70, "2033-03-02"},
		{"6 years: −20", afterGap(6, ""), "2032-03-02", 50, 60, "2033-03-02"},
		{"exactly 10 years: −20 (5-10年（含）)", afterGap(10, ""), "2032-03-02", 50, 60, "2033-03-02"},
		{"11 years: −30", afterGap(11, ""), "2032-03-02", 40, 50, "2033-03-02"},
		{"a later decision the day before the year ends", afterGap(4, "2032-03-02"), "2033-03-01", 60, 70, "2033-03-02"},
		{"a later decision the day the year ends", afterGap(4, "2032-03-02"), "2033-03-02", 70, 80, ""},
		{"renewal two years on: not again", afterGap(4, "2032-03-02"), "2034-03-02", 70, 80, ""},
	} {
		got, until := shares(p, tc.c, tc.from)
		if got["institution"] != tc.institution || got["home"] != tc.home || until != tc.until {
			t.Errorf("%s: %v until %q, want institution %d, home %d until %q", tc.name, got, until, tc.institution, tc.home, tc.until)
		}
	}
	resident, _ := shares(p, Claimant{Grade: 4, Scheme: "resident"}, "2032-03-02")
	if resident["institution"] != 50 || resident["home"] != 60 {
		t.Errorf("resident shares: %v", resident)
	}
}

func TestJilinFromApplicationToBenefits(t *testing.T) {
	p := region(t, "jilin")
	who := jilin([2]string{"2022-01-01", "2027-01-01"}, [2]string{"2031-01-01", ""}) // 4 years' gap
	who.Scheme, who.Enrolments[0].Scheme, who.Enrolments[1].Scheme = "employee", "employee", "employee"
	applied := date("2031-03-01")
	e := p.Check(who, applied)
	from := p.BenefitsFrom(date("2031-05-01"), e)
	c := p.ClaimantOf(who, applied)
	c.Grade = 3
	s := p.Statement(c, from, nil)
	if !from.Equal(date("2031-12-27")) || s.FundShares["institution"] != 60 || time.Time(s.ReductionUntil) != date("2032-12-27") {
		t.Fatalf("benefits from %s, shares %v until %s", day(from), s.FundShares, day(time.Time(s.ReductionUntil)))
	}
}

func TestJilinCapFromThePublishedFigureOnly(t *testing.T) {
	p := region(t, "jilin")
	figure := &IncomeFigure{Region: "jilin", Year: 2031, Fen: 3456789, Source: "某市2031年国民经济和社会发展统计公报"}
	for _, tc := range []struct {
		name         string
		h            History
		from         string
		income       *IncomeFigure
		annual, home int64 // 0: not published
	}{
		{"no figure given", History{}, "2032-03-02", nil, 0, 0},
		{"last year's figure: 50%, half of it at home", History{ContinuousYears: 4}, "2032-03-02", figure, 1728395, 864198},
		{"the figure of the wrong year", History{}, "2033-01-01", figure, 0, 0},
		{"the benefit year's last day still uses it", History{}, "2032-12-31", figure, 1728395, 864198},
		{"another area's figure", History{}, "2032-03-02", &IncomeFigure{Region: "xuzhou", Year: 2031, Fen: 3456789}, 0, 0},
		{"7 continuous years: +3%", History{ContinuousYears: 7}, "2032-03-02", figure, 1780246, 890123},
		{"40 continuous years: at most +20%", History{ContinuousYears: 40}, "2032-03-02", figure, 2074073, 1037037},
		{"3 gap years: −3%", History{GapYears: 3, LastGapYears: 3}, "2032-03-02", figure, 1676543, 838272},
		{"25 gap years: at most −20%", History{GapYears: 25, LastGapYears: 25}, "2032-03-02", figure, 1382716, 691358},
		{"6 continuous years after a 3-year gap: +2% −3%", History{ContinuousYears: 6, GapYears: 3}, "2032-03-02", figure, 1711111, 855556},
	} {
		s := p.Statement(Claimant{Grade: 3, Scheme: "resident", History: tc.h}, date(tc.from), tc.income)
		if tc.annual == 0 {
			if s.AnnualCapFen != nil || s.HomeCapFen != nil || s.CapNote == nil || !strings.Contains(s.CapNote.Zh, "尚未公布") {
				t.Errorf("%s: cap %v, note %v", tc.name, s.AnnualCapFen, s.CapNote)
			}
			continue
		}
		if s.AnnualCapFen == nil || *s.AnnualCapFen != tc.annual || *s.HomeCapFen != tc.home || s.CapNote != nil ||
			!strings.Contains(s.CapClauses[1], "34567.89 元（某市2031年国民经济和社会发展统计公报）") {
			t.Errorf("%s: cap %v / %v %v, want %d / %d", tc.name, s.AnnualCapFen, s.HomeCapFen, s.CapClauses, tc.annual, tc.home)
		}
	}
	if s := statement(region(t, "taicang"), Claimant{Grade: 3, Scheme: "resident"}); s.AnnualCapFen != nil || s.CapNote != nil {
		t.Errorf("taicang has no cap: %+v", s)
	}
}
