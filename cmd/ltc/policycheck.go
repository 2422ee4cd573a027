package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// policyCheck validates a policy file and shows what it would do for a
// sample person.
func policyCheck(cfg config, file string, stdout io.Writer) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	catalog, err := forms.LoadCatalog(cfg.InstrumentsDir)
	if err != nil {
		return err
	}
	p, err := policy.Parse(data, catalog)
	if err != nil {
		fmt.Fprintf(stdout, "%s: refused: %v\n", file, err)
		return exitCode(1)
	}
	in, _ := catalog.Get(p.Instrument.ID, p.Instrument.Version)
	fmt.Fprintf(stdout, "%s %s (%s) version %s: ok\n", p.Name.Zh, p.Name.En, p.Region, p.Version)
	fmt.Fprintf(stdout, "instrument %s@%s; qualifying grades:", p.Instrument.ID, p.Instrument.Version)
	for _, g := range p.QualifyingGrades {
		fmt.Fprintf(stdout, " %d %s", g, in.GradeName(g).Zh)
	}
	fmt.Fprintf(stdout, "\nacceptance %s, visit %s, publicity %s, validity %s, renewal %s before expiry\n",
		labelled(p.Periods.Acceptance), labelled(p.Periods.Visit), labelled(p.Periods.Publicity), labelled(p.Periods.Validity), labelled(p.Periods.RenewalLead))
	fmt.Fprintf(stdout, "self-assessment gate %s, re-application lock %s\n", onOff(p.SelfAssessmentGate != nil), onOff(p.ReapplicationLock != nil))
	sampleExplained(p, in, time.Now(), stdout)
	return nil
}

// sampleExplained shows what the policy makes of a sample person: enrolled
// three years ago, disabled for a year, at home, decided today at each
// qualifying grade.
func sampleExplained(p *policy.Policy, in *forms.Instrument, now time.Time, stdout io.Writer) {
	y, m, d := now.In(ltc.China).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, ltc.China)
	sample := policy.Person{Scheme: p.Schemes[0], BirthDate: today.AddDate(-78, 0, 0),
		OnsetDate: today.AddDate(-1, 0, 0), Enrolments: []policy.Enrolment{{Scheme: p.Schemes[0],
			Start: today.AddDate(-3, 0, 0), FullyPaidOn: today.AddDate(-3, 0, 0)}}}
	for i, g := range p.QualifyingGrades {
		x := p.Explain(policy.Query{Person: sample, On: today, Conclusion: &policy.Conclusion{Grade: g, On: today}})
		if i == 0 {
			fmt.Fprintf(stdout, "sample person (%s, enrolled 3 years, disabled 1 year, at home): can apply=%v", sample.Scheme, x.CanApply)
			for _, r := range append(x.Refusals, x.Payment...) {
				fmt.Fprintf(stdout, "; %s: %s", r.Code, r.Message.Zh)
			}
			fmt.Fprintln(stdout)
		}
		for _, l := range x.Lines {
			fmt.Fprintf(stdout, "  grade %d %s: %s %s fund %d%%", g, in.GradeName(g).Zh, l.Name.Zh, amount(l), l.FundPercent)
			if l.FundFen != nil {
				fmt.Fprintf(stdout, " = %s", yuan(*l.FundFen))
			}
			if l.Condition.Zh != "" {
				fmt.Fprintf(stdout, " (%s)", l.Condition.Zh)
			}
			fmt.Fprintln(stdout)
		}
		for _, note := range []*ltc.Text{x.CapNote, x.Note} {
			if note != nil {
				fmt.Fprintf(stdout, "  grade %d: %s\n", g, note.Zh)
			}
		}
	}
}

// labelled is a period, marked when it is a local default rather than the seed's.
func labelled(p policy.Period) string {
	if p.LocalDefault {
		return p.String() + " (local default)"
	}
	return p.String()
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

func amount(l policy.StatementLine) string {
	switch l.Unit {
	case policy.PerDay:
		return yuan(*l.AmountFen) + "/天"
	case policy.PerMonth:
		return yuan(*l.AmountFen) + "/月"
	}
	return "符合规定的费用"
}

// yuan prints fen as yuan with two decimals, in integers.
func yuan(fen int64) string { return fmt.Sprintf("%d.%02d元", fen/100, fen%100) }
