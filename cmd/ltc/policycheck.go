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
// sample person: enrolled three years ago, disabled for a year, at home.
func policyCheck(cfg config, args []string, stdout io.Writer) error {
	if len(args) != 2 || args[0] != "check" {
		fmt.Fprintln(stdout, "usage: ltc policy check FILE")
		return exitCode(2)
	}
	data, err := os.ReadFile(args[1])
	if err != nil {
		return err
	}
	catalog, err := forms.LoadCatalog(cfg.InstrumentsDir)
	if err != nil {
		return err
	}
	p, err := policy.Parse(data, catalog)
	if err != nil {
		fmt.Fprintf(stdout, "%s: refused: %v\n", args[1], err)
		return exitCode(1)
	}
	in, _ := catalog.Get(p.Instrument.ID, p.Instrument.Version)
	fmt.Fprintf(stdout, "%s %s (%s) version %s: ok\n", p.Name.Zh, p.Name.En, p.Region, p.Version)
	fmt.Fprintf(stdout, "instrument %s@%s; qualifying grades:", p.Instrument.ID, p.Instrument.Version)
	for _, g := range p.QualifyingGrades {
		fmt.Fprintf(stdout, " %d %s", g, in.GradeName(g).Zh)
	}
	fmt.Fprintf(stdout, "\nacceptance %s, visit %s, publicity %s, validity %s, renewal %s before expiry\n",
		p.Periods.Acceptance, p.Periods.Visit, p.Periods.Publicity, p.Periods.Validity, p.Periods.RenewalLead)

	now := time.Now().In(ltc.China)
	sample := policy.Person{Scheme: p.Schemes[0], CareSetting: "home", BirthDate: now.AddDate(-78, 0, 0),
		OnsetDate: now.AddDate(-1, 0, 0), Enrolments: []policy.Enrolment{{Scheme: p.Schemes[0],
			Start: now.AddDate(-3, 0, 0), FullyPaidOn: now.AddDate(-3, 0, 0)}}}
	e := p.Check(sample, now)
	fmt.Fprintf(stdout, "sample person (%s, enrolled 3 years, disabled 1 year, at home): eligible=%v", sample.Scheme, e.Eligible())
	for _, r := range e.Refusals {
		fmt.Fprintf(stdout, "; %s: %s", r.Code, r.Message.Zh)
	}
	fmt.Fprintln(stdout)
	for _, g := range p.QualifyingGrades {
		claimant := p.ClaimantOf(sample, now)
		claimant.Grade = g
		s := p.Statement(claimant, p.BenefitsFrom(now, e), nil)
		for _, l := range s.Lines {
			fmt.Fprintf(stdout, "  grade %d %s: %s %s fund %d%%", g, in.GradeName(g).Zh, l.Name.Zh, amount(l), l.FundPercent)
			if l.FundFen != nil {
				fmt.Fprintf(stdout, " = %s", yuan(*l.FundFen))
			}
			fmt.Fprintln(stdout)
		}
		if s.CapNote != nil {
			fmt.Fprintf(stdout, "  grade %d: %s\n", g, s.CapNote.Zh)
		}
		if s.Note != nil {
			fmt.Fprintf(stdout, "  grade %d: %s\n", g, s.Note.Zh)
		}
	}
	return nil
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
