package ltc

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's permission table from ltc.Permissions")

const (
	tableStart = "<!-- permissions:start -->"
	tableEnd   = "<!-- permissions:end -->"
)

// permissionTable renders the permission table as the README shows it.
func permissionTable() string {
	var b strings.Builder
	b.WriteString("| role | relation to the case | action | in statuses |\n|---|---|---|---|\n")
	for _, p := range Permissions {
		in := statusesInWords(p.In)
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", p.Role, p.Relation, p.Action, in)
	}
	return b.String()
}

// statusesInWords names the table's groups of statuses, and lists the others.
func statusesInWords(in []Status) string {
	switch {
	case in == nil:
		return "any, closed too"
	case slices.Equal(in, openStatuses):
		return "any open"
	case slices.Equal(in, beforeDecision):
		return "any before the decision"
	}
	names := make([]string, len(in))
	for i, s := range in {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// TestREADMEShowsThePermissionTable: the README's table is the one the code
// obeys. Run with -update to rewrite it after changing the table.
func TestREADMEShowsThePermissionTable(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := strings.Cut(string(readme), tableStart+"\n")
	_, after, ok2 := strings.Cut(rest, tableEnd)
	if !ok1 || !ok2 {
		t.Fatalf("README.md lacks the %s … %s markers", tableStart, tableEnd)
	}
	want := before + tableStart + "\n" + permissionTable() + tableEnd + after
	if *update {
		if err := os.WriteFile("README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if string(readme) != want {
		t.Fatal("README.md's permission table differs from ltc.Permissions: go test . -run TestREADMEShowsThePermissionTable -update")
	}
}

func TestPermitsReadsEveryColumn(t *testing.T) {
	applicant := []Relation{RelApplicant}
	cases := []struct {
		role      Role
		relations []Relation
		action    Action
		status    Status
		want      bool
	}{
		{RoleApplicant, applicant, ActionObject, StatusPublicity, true},
		{RoleApplicant, applicant, ActionObject, StatusValid, false},      // the status column
		{RoleApplicant, nil, ActionObject, StatusPublicity, false},        // the relation column
		{RoleCaseworker, applicant, ActionObject, StatusPublicity, false}, // the role column
		{RoleApplicant, applicant, ActionVote, StatusAdjudication, false}, // the action column
		{RoleApplicant, applicant, ActionView, StatusWithdrawn, true},     // any status, closed too
	}
	for _, c := range cases {
		if got := Permits(c.role, c.relations, c.action, c.status); got != c.want {
			t.Errorf("%s %v %s in %s: %v", c.role, c.relations, c.action, c.status, got)
		}
	}
	if e := NotPermitted(RoleApplicant, applicant, ActionObject, StatusValid); e.Code != EConflict {
		t.Errorf("an action of the person in another state: %s", e.Code)
	}
	if e := NotPermitted(RoleApplicant, applicant, ActionVote, StatusAdjudication); e.Code != EForbidden {
		t.Errorf("an action not the person's: %s", e.Code)
	}
	if e := NotPermitted(RoleApplicant, nil, ActionView, StatusValid); e.Code != ENotFound {
		t.Errorf("a case the person may not see: %s", e.Code)
	}
}
