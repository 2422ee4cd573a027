package cases

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/evidence"
)

// correctionStore keeps one case in memory and what is added to it.
type correctionStore struct {
	Store
	c       ltc.Case
	entries []ltc.HistoryEntry
}

func (s *correctionStore) GetCase(context.Context, string) (*ltc.Case, error) {
	c := s.c
	c.Evidence = append([]ltc.Evidence(nil), s.c.Evidence...)
	return &c, nil
}

func (s *correctionStore) AddEvidence(_ context.Context, ev ltc.Evidence, e ltc.HistoryEntry) error {
	s.c.Evidence = append(s.c.Evidence, ev)
	s.entries = append(s.entries, e)
	return nil
}

// putOnlyFiles stores objects under their keys; it never overwrites or removes.
type putOnlyFiles struct {
	Files
	keys []string
}

func (f *putOnlyFiles) Put(_ context.Context, key string, r io.Reader, _ int64) (evidence.Stored, error) {
	for _, k := range f.keys {
		if k == key {
			panic("an object was written over: " + key)
		}
	}
	f.keys = append(f.keys, key)
	data, _ := io.ReadAll(r)
	return evidence.Stored{ContentType: "application/pdf", Size: int64(len(data)), SHA256: "new", VersionID: "v2"}, nil
}

// A caseworker's correction is a new row and a new object naming the one it
// corrects, which stays; the history says who and why. Without a reason, by
// someone else, or twice for the same row, it is refused.
func TestACorrectionIsANewVersionNeverAnOverwrite(t *testing.T) {
	caseID := "6a4c1d0e-0000-4000-8000-000000000001"
	wrong := ltc.Evidence{ID: "6a4c1d0e-0000-4000-8000-0000000000e1", CaseID: caseID, ObjectKey: "cases/" + caseID + "/e1",
		VersionID: "v1", SHA256: "old", Filename: "wrong.pdf"}
	store := &correctionStore{c: ltc.Case{ID: caseID, Region: "demo", Status: ltc.StatusAwaitingAcceptance, Evidence: []ltc.Evidence{wrong}}}
	files := &putOnlyFiles{keys: []string{wrong.ObjectKey}}
	s := &Service{Store: store, Files: files, Now: func() time.Time { return time.Unix(1_800_000_000, 0) }}
	cw := ltc.Actor{ID: "cw-1", Role: ltc.RoleCaseworker, Region: "demo"}
	ctx := context.Background()

	if _, err := s.CorrectEvidence(ctx, cw, caseID, wrong.ID, " ", "right.pdf", strings.NewReader("%PDF-1.4")); ltc.CodeOf(err) != ltc.EInvalid {
		t.Fatalf("without a reason: %v", err)
	}
	applicant := ltc.Actor{ID: "ap-1", Role: ltc.RoleApplicant}
	store.c.ApplicantID = applicant.ID
	if _, err := s.CorrectEvidence(ctx, applicant, caseID, wrong.ID, "传错了", "right.pdf", strings.NewReader("%PDF-1.4")); ltc.CodeOf(err) != ltc.EForbidden {
		t.Fatalf("by the applicant: %v", err)
	}
	ev, err := s.CorrectEvidence(ctx, cw, caseID, wrong.ID, "上传了他人的诊断证明", "right.pdf", strings.NewReader("%PDF-1.4"))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Corrects != wrong.ID || ev.ID == wrong.ID || ev.ObjectKey == wrong.ObjectKey || len(store.c.Evidence) != 2 ||
		store.c.Evidence[0] != wrong {
		t.Fatalf("correction %+v; evidence now %+v", ev, store.c.Evidence)
	}
	e := store.entries[0]
	if e.Action != "evidence_corrected" || e.Actor != cw || e.Reason != "上传了他人的诊断证明" ||
		e.Details["corrects"] != wrong.ID || e.Details["corrected_sha256"] != "old" {
		t.Fatalf("history line %+v", e)
	}
	if _, err := s.CorrectEvidence(ctx, cw, caseID, wrong.ID, "再改一次", "again.pdf", strings.NewReader("%PDF-1.4")); ltc.CodeOf(err) != ltc.EConflict {
		t.Fatalf("a second correction of the same row: %v", err)
	}
	if _, err := s.CorrectEvidence(ctx, cw, caseID, ev.ID, "再改一次", "again.pdf", strings.NewReader("%PDF-1.4")); err != nil {
		t.Fatalf("a correction of the correction: %v", err)
	}
}
