package policy

import (
	"fmt"
	"slices"
)

func (p *Policy) checkBenefits(add func(string, ...any)) {
	b := p.Benefits
	if len(b.Lines) == 0 && b.Note == nil {
		add("benefits: no lines and no note saying where the figures are")
	}
	for i, l := range b.Lines {
		p.checkLine(fmt.Sprintf("benefits.lines[%d] (%s)", i, l.CareForm), l, add)
	}
	checkAdjustments(b, add)
	p.checkCoverage(add)
}

func (p *Policy) checkLine(where string, l BenefitLine, add func(string, ...any)) {
	for _, g := range l.Grades {
		if !p.Qualifies(g) {
			add("%s: grade %d does not qualify in this region", where, g)
		}
	}
	for _, s := range l.Schemes {
		if !p.CoversScheme(s) {
			add("%s: scheme %q is not covered", where, s)
		}
	}
	if len(l.Grades) == 0 || len(l.Schemes) == 0 {
		add("%s: grades and schemes are required", where)
	}
	if l.Unit != PerDay && l.Unit != PerMonth && l.Unit != OfCost {
		add("%s: unit %q is not day, month or cost", where, l.Unit)
	}
	if (l.Unit == OfCost) != (l.AmountFen == 0) {
		add("%s: a cost share has no amount; a daily or monthly line needs one", where)
	}
	if l.FundPercent < 0 || l.FundPercent > 100 || l.Clause == "" {
		add("%s: fund_percent must be 0–100 and the clause named", where)
	}
	if hasZh, hasEn := l.Condition.Zh != "", l.Condition.En != ""; hasZh != hasEn || hasZh != (l.ConditionClause != "") {
		add("%s: a condition needs zh, en and condition_clause", where)
	}
}

// checkAdjustments: the cap, reductions and bonuses are in range, named
// groups are known, and each names its clause.
func checkAdjustments(b Benefits, add func(string, ...any)) {
	if a := b.AnnualCap; a != nil && (a.IncomePercent < 1 || a.IncomePercent > 100 || a.HomePercent < 1 || a.HomePercent > 100 ||
		a.Clause == "" || a.BonusClause == "" || a.GapClause == "") {
		add("benefits.annual_cap: income_percent and home_percent are 1–100, and every clause is named")
	}
	for i, pen := range b.GapRatioPenalty {
		if pen.Clause == "" || pen.Points < 0 || pen.Points > 100 {
			add("benefits.gap_ratio_penalty[%d]: points are 0–100 and the clause is named", i)
		}
	}
	for i, bonus := range b.FundBonuses {
		for _, g := range bonus.Groups {
			if !slices.Contains(knownGroups, g) {
				add("benefits.fund_bonuses[%d]: unknown group %q (known: %v)", i, g, knownGroups)
			}
		}
	}
}

// checkCoverage: every qualifying grade and scheme has benefit lines, one
// per care form, or the region says (note) where its figures are.
func (p *Policy) checkCoverage(add func(string, ...any)) {
	if p.Benefits.Note != nil {
		return
	}
	for _, g := range p.QualifyingGrades {
		for _, s := range p.Schemes {
			var careForms []string
			for _, l := range p.Benefits.Lines {
				if !slices.Contains(l.Grades, g) || !slices.Contains(l.Schemes, s) {
					continue
				}
				if slices.Contains(careForms, l.CareForm) {
					add("benefits: grade %d under scheme %s has two %s lines", g, s, l.CareForm)
				}
				careForms = append(careForms, l.CareForm)
			}
			if len(careForms) == 0 {
				add("benefits: grade %d under scheme %s qualifies but has no benefit line", g, s)
			}
		}
	}
}
