package cases

import (
	"slices"
	"testing"

	"github.com/changhu/ltc"
)

// The lists show what the permission table lets each role see, and names
// only where the table lets them be seen.
func TestListScopesComeFromThePermissionTable(t *testing.T) {
	for _, c := range []struct {
		a    ltc.Actor
		want []Scope
	}{
		{ltc.Actor{ID: "ap", Role: ltc.RoleApplicant}, []Scope{{Relation: ltc.RelApplicant, ActorID: "ap", Personal: true}}},
		{ltc.Actor{ID: "cw", Role: ltc.RoleCaseworker, Region: "demo"}, []Scope{{Relation: ltc.RelRegion, ActorID: "cw", Region: "demo", Personal: true}}},
		{ltc.Actor{ID: "cw", Role: ltc.RoleCaseworker}, nil}, // no region: nothing
		{ltc.Actor{ID: "cm", Role: ltc.RoleCommittee, Region: "demo"}, []Scope{{Relation: ltc.RelCommittee, ActorID: "cm", Region: "demo"}}},
		{ltc.Actor{ID: "as", Role: ltc.RoleAssessor, Region: "demo"}, []Scope{
			{Relation: ltc.RelTeam, ActorID: "as", Region: "demo", Personal: true},
			{Relation: ltc.RelAssessed, ActorID: "as", Region: "demo"},
			{Relation: ltc.RelExpert, ActorID: "as", Region: "demo", Statuses: []ltc.Status{ltc.StatusConfirming}},
		}},
		{ltc.Actor{ID: "x", Role: ltc.RolePublic}, nil},
	} {
		got := scopes(c.a)
		if !slices.EqualFunc(got, c.want, func(a, b Scope) bool {
			return a.Relation == b.Relation && a.ActorID == b.ActorID && a.Region == b.Region && a.Personal == b.Personal && slices.Equal(a.Statuses, b.Statuses)
		}) {
			t.Errorf("%s: %+v, want %+v", c.a.Role, got, c.want)
		}
	}
}

// A key names one request: the same key from another person, for another
// action or on another case is another request, and so another update.
func TestAnUpdateIDIsScopedToWhoWhatAndWhichCase(t *testing.T) {
	cw := ltc.Actor{ID: "cw-1", Role: ltc.RoleCaseworker}
	ap := ltc.Actor{ID: "ap-1", Role: ltc.RoleApplicant}
	ret := Request{Key: "k", Scope: "POST /api/v1/cases/:id/acceptance"}
	resub := Request{Key: "k", Scope: "POST /api/v1/cases/:id/resubmission"}
	ids := []string{ret.updateID(cw, "c1"), resub.updateID(ap, "c1"), ret.updateID(ap, "c1"), ret.updateID(cw, "c2")}
	if unique := slices.Compact(slices.Sorted(slices.Values(ids))); len(unique) != 4 {
		t.Fatalf("update ids collide: %v", ids)
	}
	if ret.updateID(cw, "c1") != ret.updateID(cw, "c1") {
		t.Fatal("a retry of the same request is another update")
	}
	if (Request{}).updateID(cw, "c1") == (Request{}).updateID(cw, "c1") {
		t.Fatal("two requests without a key are one update")
	}
}

func TestNamesCompareAsPeopleWriteThem(t *testing.T) {
	for _, pair := range [][2]string{{"张三", " 张 三 "}, {"阿依古丽·买买提", "阿依古丽•买买提"}, {"阿依古丽·买买提", "阿依古丽．买买提"}} {
		if sameName(pair[0]) != sameName(pair[1]) {
			t.Errorf("%q and %q differ", pair[0], pair[1])
		}
	}
	if sameName("张三") == sameName("张山") {
		t.Error("two names are one")
	}
}
