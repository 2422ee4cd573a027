// Package policy holds each region's long-term care scheme as versioned data:
// who is covered, which grades qualify, the instrument, and the periods of the
// lifecycle. A new city is a new file, not a code change.
package policy

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

//go:embed regions/*.json
var shipped embed.FS

// Policy is one version of one region's rules.
type Policy struct {
	Region           string        `json:"region"`
	Version          string        `json:"version"`
	Name             ltc.Text      `json:"name"`
	Source           string        `json:"source"`
	Schemes          []string      `json:"schemes"`
	Instrument       InstrumentRef `json:"instrument"`
	QualifyingGrades []int         `json:"qualifying_grades"`
	QualifyingClause string        `json:"qualifying_grades_clause,omitempty"`
	Validity         Period        `json:"validity"`
	ValidityClause   string        `json:"validity_clause,omitempty"`
}

// InstrumentRef names the instrument version a region scores with.
type InstrumentRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

// Ref is the reference in the form the instruments use.
func (r InstrumentRef) Ref() forms.Ref { return forms.Ref{ID: r.ID, Version: r.Version} }

// Period is a span of the lifecycle, in exactly one unit.
type Period struct {
	Months  int `json:"months,omitempty"`
	Days    int `json:"days,omitempty"`
	Seconds int `json:"seconds,omitempty"`
}

// After returns the instant the period ends when it starts at t. Months and
// days count on the Beijing calendar.
func (p Period) After(t time.Time) time.Time {
	local := t.In(ltc.China)
	switch {
	case p.Months > 0:
		return local.AddDate(0, p.Months, 0)
	case p.Days > 0:
		return local.AddDate(0, 0, p.Days)
	}
	return t.Add(time.Duration(p.Seconds) * time.Second)
}

func (p Period) units() int {
	n := 0
	for _, v := range []int{p.Months, p.Days, p.Seconds} {
		if v > 0 {
			n++
		}
	}
	return n
}

// Qualifies reports whether a grade of the region's instrument qualifies for benefits.
func (p *Policy) Qualifies(grade int) bool { return slices.Contains(p.QualifyingGrades, grade) }

// CoversScheme reports whether the region's scheme covers an insurance scheme.
func (p *Policy) CoversScheme(scheme string) bool { return slices.Contains(p.Schemes, scheme) }

// Registry holds the loaded policies, newest version per region.
type Registry struct {
	byRegion map[string]*Policy
}

// Load reads and checks every shipped region policy against the instruments.
func Load(catalog *forms.Catalog) (*Registry, error) {
	r := &Registry{byRegion: map[string]*Policy{}}
	files, _ := fs.Glob(shipped, "regions/*.json")
	for _, name := range files {
		data, err := shipped.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read policy %s: %w", name, err)
		}
		var p Policy
		if err := json.Unmarshal(data, &p); err != nil {
			return nil, fmt.Errorf("policy %s: %w", name, err)
		}
		if err := p.check(catalog); err != nil {
			return nil, fmt.Errorf("policy %s: %w", name, err)
		}
		r.byRegion[p.Region] = &p
	}
	return r, nil
}

func (p *Policy) check(catalog *forms.Catalog) error {
	var problems []string
	if p.Region == "" || p.Version == "" {
		problems = append(problems, "region and version are required")
	}
	if len(p.Schemes) == 0 {
		problems = append(problems, "no schemes covered")
	}
	in, err := catalog.Get(p.Instrument.ID, p.Instrument.Version)
	if err != nil {
		problems = append(problems, fmt.Sprintf("instrument %s@%s is not loaded", p.Instrument.ID, p.Instrument.Version))
	}
	for _, g := range p.QualifyingGrades {
		if in != nil && in.GradeName(g).Zh == "" {
			problems = append(problems, fmt.Sprintf("qualifying grade %d is not a grade of %s", g, p.Instrument.ID))
		}
	}
	if len(p.QualifyingGrades) == 0 {
		problems = append(problems, "no qualifying grades")
	}
	if p.Validity.units() != 1 {
		problems = append(problems, "validity must be given in exactly one unit")
	}
	if len(problems) > 0 {
		return fmt.Errorf("%v", problems)
	}
	return nil
}

// Get returns the region's policy, or an ENotFound error.
func (r *Registry) Get(region string) (*Policy, error) {
	p, ok := r.byRegion[region]
	if !ok {
		return nil, ltc.Errorf(ltc.ENotFound, "没有地区 %q 的长护险政策", "no policy for region %q", region)
	}
	return p, nil
}

// Known reports whether a region has a policy.
func (r *Registry) Known(region string) bool { _, ok := r.byRegion[region]; return ok }

// Regions lists the regions, ordered by code.
func (r *Registry) Regions() []*Policy {
	out := make([]*Policy, 0, len(r.byRegion))
	for _, p := range r.byRegion {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Region < out[j].Region })
	return out
}
