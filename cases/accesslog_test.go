package cases

import (
	"context"
	"errors"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"

	"github.com/changhu/ltc"
)

const (
	loggedCase = "0b7e3c1a-6f2d-4e8b-9a15-2c4d6e8f0a11"
	otherCase  = "9d2b1f0e-8a6b-4c21-8e3d-5c9f4b094c1e"
)

// accessStore is a closed case of the demo region with one document, and
// the access log as written; a failing log refuses every line.
type accessStore struct {
	Store
	lines   []Access
	regions []string
	failing bool
}

func (s *accessStore) GetCase(_ context.Context, id string) (*ltc.Case, error) {
	switch id {
	case loggedCase:
		return &ltc.Case{ID: id, Region: "demo", Status: ltc.StatusWithdrawn, PersonName: "张三", ResidentID: "11010519491231002X",
			Evidence: []ltc.Evidence{{ID: "ev-1", ObjectKey: "cases/" + id + "/ev-1", Filename: "诊断.pdf"}}}, nil
	case otherCase:
		return &ltc.Case{ID: id, Region: "elsewhere", Status: ltc.StatusWithdrawn}, nil
	}
	return nil, ltc.NoSuchCase()
}

func (s *accessStore) RecordAccess(_ context.Context, region string, e Access) error {
	if s.failing {
		return errors.New("connection refused")
	}
	s.lines, s.regions = append(s.lines, e), append(s.regions, region)
	return nil
}

type linkFiles struct{ Files }

func (linkFiles) PresignGet(context.Context, string, string, string, time.Duration) (string, error) {
	return "http://files/x", nil
}

func (linkFiles) PresignInline(context.Context, string, string, string, time.Duration) (string, error) {
	return "http://files/inline", nil
}

// A read of personal data or evidence is logged first, with ids only and
// the client's address; one that shows none (masked) is not; a log that
// cannot be written refuses the read as an outage.
func TestReadsOfPersonalDataAreLogged(t *testing.T) {
	cw := ltc.Actor{ID: "cw-1", Role: ltc.RoleCaseworker, Region: "demo"}
	store := &accessStore{}
	s := &Service{Store: store, Files: linkFiles{}, Now: time.Now}
	ctx := WithClient(context.Background(), "192.0.2.7")
	v, err := s.Get(ctx, cw, loggedCase)
	if err != nil || v.PersonName != "张三" {
		t.Fatalf("get: %v %v", v, err)
	}
	if _, _, err := s.EvidenceURL(ctx, cw, loggedCase, "ev-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EvidencePreviews(ctx, cw, loggedCase); err != nil {
		t.Fatal(err)
	}
	want := []Access{{ActorID: "cw-1", ActorRole: ltc.RoleCaseworker, CaseID: loggedCase, What: ReadCase, ClientAddr: "192.0.2.7"},
		{ActorID: "cw-1", ActorRole: ltc.RoleCaseworker, CaseID: loggedCase, What: ReadEvidence, Detail: "ev-1", ClientAddr: "192.0.2.7"},
		{ActorID: "cw-1", ActorRole: ltc.RoleCaseworker, CaseID: loggedCase, What: ReadEvidence, Detail: "ev-1", ClientAddr: "192.0.2.7"}}
	if len(store.lines) != len(want) {
		t.Fatalf("%d lines, want %d: %+v", len(store.lines), len(want), store.lines)
	}
	for i, got := range store.lines {
		got.At = time.Time{}
		if got != want[i] || store.regions[i] != "demo" {
			t.Errorf("line %d: %+v in %s, want %+v in demo", i, got, store.regions[i], want[i])
		}
	}

	// Someone who may not see the case is refused, and nothing is logged.
	store.lines = nil
	if _, err := s.Get(ctx, ltc.Actor{ID: "cw-2", Role: ltc.RoleCaseworker, Region: "elsewhere"}, loggedCase); err == nil {
		t.Fatal("a caseworker of another region saw the case")
	}
	if len(store.lines) != 0 {
		t.Fatalf("a refused read was logged: %+v", store.lines)
	}

	store.failing = true
	for what, read := range map[string]func() error{
		"case":     func() error { _, err := s.Get(ctx, cw, loggedCase); return err },
		"download": func() error { _, _, err := s.EvidenceURL(ctx, cw, loggedCase, "ev-1"); return err },
		"previews": func() error { _, err := s.EvidencePreviews(ctx, cw, loggedCase); return err },
	} {
		var e *ltc.Error
		if err := read(); !errors.As(err, &e) || e.Code != ltc.EUnavailable {
			t.Errorf("%s with the log down: %v, want unavailable", what, err)
		}
	}
}

// Only an administrator of a region reads the access log, of that region
// only, and a filter that is not a case id is named.
func TestOnlyTheRegionsAdministratorReadsTheAccessLog(t *testing.T) {
	s := &Service{Store: &accessStore{}}
	for _, a := range []ltc.Actor{{ID: "cw-1", Role: ltc.RoleCaseworker, Region: "demo"}, {ID: "na-1", Role: ltc.RoleNational},
		{ID: "ad-x", Role: ltc.RoleAdmin}} {
		var e *ltc.Error
		if _, _, err := s.AccessLog(context.Background(), a, AccessFilter{}); !errors.As(err, &e) || e.Code != ltc.EForbidden {
			t.Errorf("%s %q: %v, want forbidden", a.Role, a.Region, err)
		}
	}
	admin := ltc.Actor{ID: "ad-1", Role: ltc.RoleAdmin, Region: "demo"}
	var e *ltc.Error
	if _, _, err := s.AccessLog(context.Background(), admin, AccessFilter{CaseID: "張三", After: "x"}); !errors.As(err, &e) || e.Code != ltc.EInvalid || len(e.Fields) != 2 {
		t.Errorf("bad filters: %v", err)
	}
}

// Decoded payloads are logged against the case they name, which must be of
// the administrator's region; payloads naming none are logged against none.
func TestDecodedPayloadsAreLoggedAgainstTheirCase(t *testing.T) {
	store := &accessStore{}
	s := &Service{Store: store}
	admin := ltc.Actor{ID: "ad-1", Role: ltc.RoleAdmin, Region: "demo"}
	jsonPayload := func(data string) *commonpb.Payload {
		return &commonpb.Payload{Metadata: map[string][]byte{"encoding": []byte("json/plain")}, Data: []byte(data)}
	}
	if err := s.Decoded(context.Background(), admin, []*commonpb.Payload{jsonPayload(`{"CaseID":"` + loggedCase + `","Region":"demo"}`), jsonPayload(`"a reason"`)}); err != nil {
		t.Fatal(err)
	}
	if len(store.lines) != 2 || store.lines[0].CaseID != loggedCase || store.lines[1].CaseID != "" || store.lines[0].What != ReadCodec || store.lines[0].Detail != "2 payloads" {
		t.Fatalf("lines: %+v", store.lines)
	}
	var e *ltc.Error
	if err := s.Decoded(context.Background(), admin, []*commonpb.Payload{jsonPayload(`{"CaseID":"` + otherCase + `"}`)}); !errors.As(err, &e) || e.Code != ltc.EForbidden {
		t.Errorf("another region's case: %v, want forbidden", err)
	}
	if err := s.Decoded(context.Background(), ltc.Actor{ID: "na-1", Role: ltc.RoleNational}, nil); !errors.As(err, &e) || e.Code != ltc.EForbidden {
		t.Errorf("the national role: %v, want forbidden", err)
	}
}
