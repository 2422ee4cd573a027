package cases

import (
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/changhu/ltc"
)

// CorrectEvidence replaces a wrong upload: the new file is a new object and a
// new evidence row that names the one it corrects, with a history line of who
// and why. The corrected row and its object stay as they were (the bucket is
// versioned and locked, and nothing here deletes); a row is corrected once
// (a second correction corrects the correction).
func (s *Service) CorrectEvidence(ctx context.Context, by ltc.Actor, id, evidenceID, reason, filename string, r io.Reader) (*ltc.Evidence, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > 500 {
		return nil, ltc.Invalid([]ltc.FieldError{{Field: "reason", Message: ltc.Text{
			Zh: "请说明更正的原因（不超过500字）", En: "say why the file is corrected (at most 500 characters)"}}})
	}
	c, _, err := s.open(ctx, by, id, ltc.ActionCorrectEvidence)
	if err != nil {
		return nil, err
	}
	var wrong *ltc.Evidence
	for i, ev := range c.Evidence {
		if ev.ID == evidenceID {
			wrong = &c.Evidence[i]
		}
		if ev.Corrects == evidenceID {
			return nil, ltc.Errorf(ltc.EConflict, "这个文件已更正过，请更正最新的文件", "this file was corrected already; correct the newer one")
		}
	}
	if wrong == nil {
		return nil, ltc.Errorf(ltc.ENotFound, "没有这个文件", "no such file")
	}
	ev := ltc.Evidence{ID: uuid.NewString(), CaseID: c.ID, Filename: ltc.Filename(filename), UploadedBy: by, Corrects: wrong.ID}
	ev.ObjectKey = "cases/" + c.ID + "/" + ev.ID // a new key: the corrected object is never written over
	stored, err := s.Files.Put(ctx, ev.ObjectKey, r, MaxEvidenceBytes)
	if err != nil {
		return nil, fmt.Errorf("upload correction for case %s: %w", c.ID, err)
	}
	ev.ContentType, ev.Size, ev.SHA256, ev.VersionID = stored.ContentType, stored.Size, stored.SHA256, stored.VersionID
	ev.CreatedAt = s.Now()
	entry := ltc.HistoryEntry{At: ev.CreatedAt, Actor: by, Action: "evidence_corrected", Status: c.Status, Reason: reason,
		Details: map[string]any{"evidence_id": ev.ID, "corrects": wrong.ID, "sha256": ev.SHA256, "size": ev.Size,
			"corrected_sha256": wrong.SHA256}}
	if err := s.Store.AddEvidence(ctx, ev, entry); err != nil {
		if rmErr := s.Files.Remove(context.WithoutCancel(ctx), ev.ObjectKey, ev.VersionID); rmErr != nil {
			s.Log.Error("orphan evidence object left behind", "case", c.ID, "key", ev.ObjectKey, "err", rmErr)
		}
		return nil, fmt.Errorf("record correction for case %s: %w", c.ID, err)
	}
	return &ev, nil
}
