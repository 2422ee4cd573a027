package policy

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

//go:embed regions/*.json
var shipped embed.FS

// Registry holds the loaded policies, one version per region.
type Registry struct {
	byRegion map[string]*Policy
}

// Load reads the shipped region policies, then any *.json in extraDir (a new
// city without a code change), and checks each against the instruments.
func Load(catalog *forms.Catalog, extraDir string) (*Registry, error) {
	r := &Registry{byRegion: map[string]*Policy{}}
	if err := r.loadFS(shipped, "regions", catalog); err != nil {
		return nil, err
	}
	if extraDir != "" {
		if err := r.loadFS(os.DirFS(extraDir), ".", catalog); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (r *Registry) loadFS(fsys fs.FS, dir string, catalog *forms.Catalog) error {
	files, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("read policy %s: %w", name, err)
		}
		p, err := Parse(data, catalog)
		if err != nil {
			return fmt.Errorf("policy %s: %w", name, err)
		}
		r.byRegion[p.Region] = p
	}
	return nil
}

// Parse decodes and checks one policy file; unknown fields are errors, so a
// misspelt rule is not silently ignored.
func Parse(data []byte, catalog *forms.Catalog) (*Policy, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Policy
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	if problems := p.check(catalog); len(problems) > 0 {
		return nil, fmt.Errorf("%d problems:\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
	return &p, nil
}

var knownExclusions = []string{ExcludeInpatient, ExcludeStudentOrChild, ExcludeWorkInjuryCare}

// check lists every hole and contradiction, each naming where it is.
func (p *Policy) check(catalog *forms.Catalog) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if p.Region == "" || p.Version == "" || p.Name.Zh == "" {
		add("region, version and name.zh are required")
	}
	if len(p.Schemes) == 0 {
		add("schemes: none covered")
	}
	for _, s := range p.Schemes {
		if s != "employee" && s != "resident" {
			add("schemes: %q is not employee or resident", s)
		}
	}
	for _, e := range p.Exclusions {
		if !slices.Contains(knownExclusions, e.Rule) {
			add("exclusions: unknown rule %q (known: %v)", e.Rule, knownExclusions)
		}
	}
	in, err := catalog.Get(p.Instrument.ID, p.Instrument.Version)
	if err != nil {
		add("instrument: %s@%s is not loaded", p.Instrument.ID, p.Instrument.Version)
	}
	if len(p.QualifyingGrades) == 0 {
		add("qualifying_grades: none")
	}
	for _, g := range p.QualifyingGrades {
		if in != nil && in.GradeName(g).Zh == "" {
			add("qualifying_grades: %d is not a grade of %s", g, p.Instrument.ID)
		}
	}
	p.checkPeriods(add)
	p.checkRules(add)
	p.checkBenefits(add)
	return problems
}

func (p *Policy) checkPeriods(add func(string, ...any)) {
	named := map[string]Period{
		"acceptance": p.Periods.Acceptance, "correction": p.Periods.Correction,
		"assignment_confirm": p.Periods.AssignmentConfirm, "visit": p.Periods.Visit,
		"committee_audit": p.Periods.CommitteeAudit, "publicity": p.Periods.Publicity,
		"applicant_objection": p.Periods.ApplicantObjection, "reassessment": p.Periods.Reassessment,
		"adjudication": p.Periods.Adjudication, "objection_check": p.Periods.ObjectionCheck,
		"validity": p.Periods.Validity, "renewal_lead": p.Periods.RenewalLead,
		"reapplication_lock": p.ReapplicationLock,
	}
	names := make([]string, 0, len(named))
	for name := range named {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if named[name].units() != 1 {
			add("periods.%s: give exactly one of working_days, days, months, seconds", name)
		}
	}
	for name, per := range map[string]Period{"validity": p.Periods.Validity, "renewal_lead": p.Periods.RenewalLead, "reapplication_lock": p.ReapplicationLock} {
		if per.WorkingDays > 0 {
			add("%s: must be in days, months or seconds, not working days", name)
		}
	}
	if p.Stabilisation != nil && (p.Stabilisation.units() != 1 || p.Stabilisation.WorkingDays > 0) {
		add("stabilisation: give exactly one of days, months, seconds")
	}
	if p.Periods.RenewalLead.approx() >= p.Periods.Validity.approx() {
		add("periods.renewal_lead (%s) must be shorter than periods.validity (%s)", p.Periods.RenewalLead, p.Periods.Validity)
	}
}

func (p *Policy) checkRules(add func(string, ...any)) {
	if w := p.WaitingPeriod; w != nil {
		if w.From != "day_after_full_payment" && w.From != "enrolment_start" {
			add("waiting_period.from: %q is not day_after_full_payment or enrolment_start", w.From)
		}
		if w.Fixed.units() != 1 || w.Fixed.WorkingDays > 0 {
			add("waiting_period.fixed: give exactly one of days, months, seconds")
		}
		if w.PerFurtherGapYearDays > 0 && w.Fixed.Days == 0 {
			add("waiting_period: gap-year days need fixed in days")
		}
	}
	if p.Team.Size < 2 || p.Team.Experts < 1 || p.Team.Experts > p.Team.Size {
		add("team: at least 2 assessors with 1 to size experts (got size %d, experts %d)", p.Team.Size, p.Team.Experts)
	}
	if c := p.Committee; c.Quorum < 1 || c.Majority*2 <= c.Quorum || c.Majority > c.Quorum {
		add("committee: majority %d must be more than half of quorum %d and at most the quorum", c.Majority, c.Quorum)
	}
	if p.QualitySamplingPercent < 0 || p.QualitySamplingPercent > 100 {
		add("quality_sampling_percent: %d is not 0–100", p.QualitySamplingPercent)
	}
	payers := []string{PayerFund, PayerGovernment, PayerApplicant}
	for name, payer := range map[string]string{"assessment": p.Fees.Assessment, "reassessment_if_changed": p.Fees.ReassessmentIfChanged, "reassessment_if_unchanged": p.Fees.ReassessmentIfUnchanged} {
		if !slices.Contains(payers, payer) {
			add("fees.%s: %q is not one of %v", name, payer, payers)
		}
	}
	if p.BenefitStart != "next_day" && p.BenefitStart != "next_month" {
		add("benefit_start: %q is not next_day or next_month", p.BenefitStart)
	}
}

func (p *Policy) checkBenefits(add func(string, ...any)) {
	b := p.Benefits
	if len(b.Lines) == 0 && b.Note == nil {
		add("benefits: no lines and no note saying where the figures are")
	}
	for i, l := range b.Lines {
		where := fmt.Sprintf("benefits.lines[%d] (%s)", i, l.CareForm)
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
	}
	p.checkCoverage(add)
}

// checkCoverage: every qualifying grade and scheme must have a benefit line,
// or the region must say (note) where its figures are.
func (p *Policy) checkCoverage(add func(string, ...any)) {
	if p.Benefits.Note != nil {
		return
	}
	for _, g := range p.QualifyingGrades {
		for _, s := range p.Schemes {
			if !slices.ContainsFunc(p.Benefits.Lines, func(l BenefitLine) bool {
				return slices.Contains(l.Grades, g) && slices.Contains(l.Schemes, s)
			}) {
				add("benefits: grade %d under scheme %s qualifies but has no benefit line", g, s)
			}
		}
	}
}

// Get returns the region's policy, or an ENotFound error.
func (r *Registry) Get(region string) (*Policy, error) {
	p, ok := r.byRegion[region]
	if !ok {
		return nil, ltc.Errorf(ltc.ENotFound, "没有地区 %q 的长护险政策", "no policy for region %q", region)
	}
	return p, nil
}

// Latest returns the region's newest policy version.
func (r *Registry) Latest(region string) (*Policy, error) { return r.Get(region) }

// Version returns one version of a region's policy.
func (r *Registry) Version(region, version string) (*Policy, error) {
	p, err := r.Get(region)
	if err != nil {
		return nil, err
	}
	if p.Version != version {
		return nil, ltc.Errorf(ltc.ENotFound, "地区 %[1]q 没有政策版本 %[2]q", "region %[1]q has no policy version %[2]q", region, version)
	}
	return p, nil
}

// Known reports whether a region has a policy.
func (r *Registry) Known(region string) bool {
	_, ok := r.byRegion[region]
	return ok
}

// Regions lists the regions, ordered by code.
func (r *Registry) Regions() []*Policy {
	out := make([]*Policy, 0, len(r.byRegion))
	for _, p := range r.byRegion {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Region < out[j].Region })
	return out
}
