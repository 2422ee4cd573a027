package cases

import (
	"context"
	"log/slog"
	"testing"

	"github.com/changhu/ltc"
)

// rosterStore is a roster of members with their active flag, and what the
// service saved to it.
type rosterStore struct {
	Store
	members map[string]member
	saved   []Staff
}

type member struct {
	who    ltc.Actor
	active bool
}

func (r *rosterStore) StaffMember(_ context.Context, id string) (ltc.Actor, bool, bool, error) {
	m, ok := r.members[id]
	return m.who, m.active, ok, nil
}

func (r *rosterStore) SetStaffActive(_ context.Context, id string, active bool) error {
	m := r.members[id]
	m.active = active
	r.members[id] = m
	return nil
}

func (r *rosterStore) Regions(_ context.Context, ids, _ []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range ids {
		if m, ok := r.members[id]; ok {
			out["staff:"+id] = m.who.Region
		}
	}
	return out, nil
}

func (r *rosterStore) UpsertRoster(_ context.Context, _ []Institution, staff []Staff) error {
	r.saved = append(r.saved, staff...)
	for _, st := range staff {
		m, ok := r.members[st.ID]
		m.who = ltc.Actor{ID: st.ID, Role: ltc.Role(st.Role), Region: st.Region}
		if !ok {
			m.active = true
		}
		r.members[st.ID] = m
	}
	return nil
}

var (
	rosterAdmin      = ltc.Actor{ID: "ad-demo-1", Role: ltc.RoleAdmin, Region: "demo"}
	rosterCaseworker = ltc.Actor{ID: "cw-demo-1", Role: ltc.RoleCaseworker, Region: "demo"}
)

func rosterService() (*Service, *rosterStore) {
	st := &rosterStore{members: map[string]member{
		rosterAdmin.ID:      {rosterAdmin, true},
		rosterCaseworker.ID: {rosterCaseworker, true},
		"as-xz-1":           {ltc.Actor{ID: "as-xz-1", Role: ltc.RoleAssessor, Region: "xuzhou"}, true},
		"cw-demo-2":         {ltc.Actor{ID: "cw-demo-2", Role: ltc.RoleCaseworker, Region: "demo"}, false},
	}}
	return &Service{Store: st, Log: slog.New(slog.DiscardHandler)}, st
}

func TestADeactivatedMemberOfStaffIsRefusedAtOnce(t *testing.T) {
	s, _ := rosterService()
	ctx := context.Background()
	if err := s.Active(ctx, rosterCaseworker); err != nil {
		t.Fatalf("an active caseworker: %v", err)
	}
	if err := s.SetActive(ctx, rosterAdmin, rosterCaseworker.ID, false); err != nil {
		t.Fatal(err)
	}
	err := s.Active(ctx, rosterCaseworker)
	if ltc.CodeOf(err) != ltc.EUnauthorized {
		t.Fatalf("a deactivated caseworker: %v", err)
	}
	if e := err.(*ltc.Error); e.Message.Zh == "" || e.Message.En == "" {
		t.Fatalf("no message in both languages: %+v", e)
	}
	if err := s.SetActive(ctx, rosterAdmin, rosterCaseworker.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Active(ctx, rosterCaseworker); err != nil {
		t.Fatalf("taken back: %v", err)
	}
}

func TestActiveChecksTheRosterNotTheToken(t *testing.T) {
	s, _ := rosterService()
	for name, c := range map[string]struct {
		a  ltc.Actor
		ok bool
	}{
		"deactivated before":       {ltc.Actor{ID: "cw-demo-2", Role: ltc.RoleCaseworker, Region: "demo"}, false},
		"another role than listed": {ltc.Actor{ID: rosterCaseworker.ID, Role: ltc.RoleAdmin, Region: "demo"}, false},
		"another region":           {ltc.Actor{ID: "as-xz-1", Role: ltc.RoleAssessor, Region: "demo"}, false},
		"on no roster":             {ltc.Actor{ID: "cw-elsewhere-1", Role: ltc.RoleCaseworker, Region: "elsewhere"}, true},
		"a family":                 {ltc.Actor{ID: "fam-1", Role: ltc.RoleApplicant}, true},
		"the national role":        {ltc.Actor{ID: "na-demo-1", Role: ltc.RoleNational}, true},
	} {
		if err := s.Active(context.Background(), c.a); (err == nil) != c.ok {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestOnlyTheRegionsAdministratorDeactivates(t *testing.T) {
	s, st := rosterService()
	ctx := context.Background()
	for name, c := range map[string]struct {
		by   ltc.Actor
		id   string
		code string
	}{
		"a caseworker":            {rosterCaseworker, rosterCaseworker.ID, ltc.EForbidden},
		"another region's member": {rosterAdmin, "as-xz-1", ltc.ENotFound},
		"nobody on the roster":    {rosterAdmin, "cw-nobody", ltc.ENotFound},
		"themselves":              {rosterAdmin, rosterAdmin.ID, ltc.EInvalid},
	} {
		if err := s.SetActive(ctx, c.by, c.id, false); ltc.CodeOf(err) != c.code {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !st.members["as-xz-1"].active || !st.members[rosterAdmin.ID].active || !st.members[rosterCaseworker.ID].active {
		t.Fatalf("a refused deactivation changed the roster: %+v", st.members)
	}
}

func TestARosterDeactivatesOnlyWhomItSaysSo(t *testing.T) {
	s, st := rosterService()
	ctx := context.Background()
	staff := []Staff{{ID: rosterCaseworker.ID, Role: "caseworker", Name: "经办员", Region: "demo"},
		{ID: "cw-demo-2", Role: "caseworker", Name: "经办员二", Region: "demo"},
		{ID: "as-demo-9", Role: "assessor", Name: "评估员", Region: "demo"}}
	if err := s.SaveRosterActive(ctx, rosterAdmin, nil, staff, map[string]bool{rosterCaseworker.ID: false, "as-demo-9": false}); err != nil {
		t.Fatal(err)
	}
	if st.members[rosterCaseworker.ID].active || st.members["as-demo-9"].active {
		t.Fatalf("not deactivated: %+v", st.members)
	}
	if st.members["cw-demo-2"].active {
		t.Fatal("a roster sent again without active took back a deactivated member")
	}
	if err := s.SaveRosterActive(ctx, rosterAdmin, nil, staff[1:2], map[string]bool{"cw-demo-2": true}); err != nil || !st.members["cw-demo-2"].active {
		t.Fatalf("taken back: %v %+v", err, st.members["cw-demo-2"])
	}
	saved := len(st.saved)
	if err := s.SaveRosterActive(ctx, rosterAdmin, nil, []Staff{{ID: rosterAdmin.ID, Role: "admin", Name: "管理员", Region: "demo"}}, map[string]bool{rosterAdmin.ID: false}); ltc.CodeOf(err) != ltc.EInvalid || len(st.saved) != saved {
		t.Fatalf("an administrator deactivated themselves: %v", err)
	}
}
