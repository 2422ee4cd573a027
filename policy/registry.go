package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

// Registry holds every version of every region's policy. Each region's
// versions form one line: each new version names the one it supersedes, and
// the version no other supersedes is the one in force.
type Registry struct {
	versions map[string]map[string]*Policy // region → version → policy
	files    map[*Policy]string            // where each was read, for messages
	latest   map[string]*Policy
}

func newRegistry() *Registry {
	return &Registry{versions: map[string]map[string]*Policy{}, files: map[*Policy]string{}, latest: map[string]*Policy{}}
}

func (r *Registry) add(p *Policy, file string) error {
	if r.versions[p.Region] == nil {
		r.versions[p.Region] = map[string]*Policy{}
	}
	if twin, ok := r.versions[p.Region][p.Version]; ok {
		return fmt.Errorf("policy %s: region %q version %q is also in %s", file, p.Region, p.Version, r.files[twin])
	}
	r.versions[p.Region][p.Version] = p
	r.files[p] = file
	return nil
}

// link finds each region's version in force and checks that its versions
// form one unbroken line, naming the files where they do not.
func (r *Registry) link() error {
	var problems []string
	for region, versions := range r.versions {
		head, err := r.lineOf(region, versions)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		r.latest[region] = head
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("policy versions:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}

func (r *Registry) lineOf(region string, versions map[string]*Policy) (*Policy, error) {
	supersededBy := map[string]*Policy{}
	for _, p := range versions {
		if p.Supersedes == "" {
			continue
		}
		if _, ok := versions[p.Supersedes]; !ok {
			return nil, fmt.Errorf("%s: supersedes %s %q, which is not loaded", r.files[p], region, p.Supersedes)
		}
		if other, ok := supersededBy[p.Supersedes]; ok {
			return nil, fmt.Errorf("%s and %s both supersede %s %q", r.files[other], r.files[p], region, p.Supersedes)
		}
		supersededBy[p.Supersedes] = p
	}
	var heads []*Policy
	for v, p := range versions {
		if supersededBy[v] == nil {
			heads = append(heads, p)
		}
	}
	if len(heads) != 1 {
		return nil, fmt.Errorf("region %s: %d versions are superseded by none; exactly one must be in force (give the others' successor a supersedes)", region, len(heads))
	}
	seen := 0
	for p := heads[0]; p != nil && seen <= len(versions); p = versions[p.Supersedes] {
		seen++
	}
	if seen != len(versions) {
		return nil, fmt.Errorf("region %s: the supersedes of its versions form a loop", region)
	}
	return heads[0], nil
}

// Version returns one version of a region's policy, or an ENotFound error.
func (r *Registry) Version(region, version string) (*Policy, error) {
	p, ok := r.versions[region][version]
	if !ok {
		return nil, ltc.Errorf(ltc.ENotFound, "没有地区 %q 版本 %q 的长护险政策", "no policy for region %q version %q", region, version)
	}
	return p, nil
}

// Latest returns the version of a region's policy in force, or an ENotFound error.
func (r *Registry) Latest(region string) (*Policy, error) {
	p, ok := r.latest[region]
	if !ok {
		return nil, ltc.Errorf(ltc.ENotFound, "没有地区 %q 的长护险政策", "no policy for region %q", region)
	}
	return p, nil
}

// Known reports whether a region has a policy.
func (r *Registry) Known(region string) bool {
	_, ok := r.latest[region]
	return ok
}

// Regions lists the version in force of each region, ordered by code.
func (r *Registry) Regions() []*Policy {
	out := make([]*Policy, 0, len(r.latest))
	for _, p := range r.latest {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Region < out[j].Region })
	return out
}

// UsesSelfAssessmentGate reports whether the region's policy in force admits
// only self-assessed grades E, F and G (an option no seed states), and the
// clause and label of that rule.
func (r *Registry) UsesSelfAssessmentGate(region string) (forms.Gate, bool) {
	p, ok := r.latest[region]
	if !ok || p.SelfAssessmentGate == nil {
		return forms.Gate{}, false
	}
	return forms.Gate{Clause: p.SelfAssessmentGate.Clause, LocalDefault: p.SelfAssessmentGate.LocalDefault}, true
}
