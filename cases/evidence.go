package cases

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/changhu/ltc"
)

// MaxEvidenceBytes is the largest file accepted (a long visit video).
const MaxEvidenceBytes = 2 << 30

// evidenceKeys is the namespace of evidence ids derived from idempotency keys.
var evidenceKeys = uuid.MustParse("6f1c1f5e-2b7a-4d8e-9a51-3c0b8f3e2d71")

// AddEvidence streams a file to object storage and records it. If the record
// cannot be written, the object is removed: no evidence row without its file,
// and no file without its row. With a key, a retried upload returns the file
// stored the first time.
func (s *Service) AddEvidence(ctx context.Context, by ltc.Actor, id string, req Request, filename string, r io.Reader) (*ltc.Evidence, error) {
	c, _, err := s.open(ctx, by, id, ltc.ActionAddEvidence)
	if err != nil {
		return nil, err
	}
	ev := ltc.Evidence{ID: uuid.NewString(), CaseID: c.ID, Filename: ltc.Filename(filename), UploadedBy: by}
	if req.Key != "" {
		ev.ID = uuid.NewSHA1(evidenceKeys, []byte(req.updateID(by, c.ID))).String()
		for _, stored := range c.Evidence {
			if stored.ID == ev.ID {
				return &stored, nil
			}
		}
	}
	ev.ObjectKey = "cases/" + c.ID + "/" + ev.ID // random, so not guessable
	stored, err := s.Files.Put(ctx, ev.ObjectKey, r, MaxEvidenceBytes)
	if err != nil {
		return nil, fmt.Errorf("upload evidence for case %s: %w", c.ID, err)
	}
	ev.ContentType, ev.Size, ev.SHA256, ev.VersionID = stored.ContentType, stored.Size, stored.SHA256, stored.VersionID
	ev.CreatedAt = s.Now()
	entry := ltc.HistoryEntry{At: ev.CreatedAt, Actor: by, Action: "evidence_added", Status: c.Status,
		Details: map[string]any{"evidence_id": ev.ID, "sha256": ev.SHA256, "size": ev.Size}}
	if err := s.Store.AddEvidence(ctx, ev, entry); err != nil {
		if rmErr := s.Files.Remove(context.WithoutCancel(ctx), ev.ObjectKey, ev.VersionID); rmErr != nil {
			s.Log.Error("orphan evidence object left behind", "case", c.ID, "key", ev.ObjectKey, "err", rmErr)
		}
		return nil, fmt.Errorf("record evidence for case %s: %w", c.ID, err)
	}
	return &ev, nil
}

// EvidenceURL returns a short-lived download link for one file of a case the actor may see.
func (s *Service) EvidenceURL(ctx context.Context, a ltc.Actor, id, evidenceID string) (string, time.Time, error) {
	c, _, err := s.open(ctx, a, id, ltc.ActionView)
	if err != nil {
		return "", time.Time{}, err
	}
	for _, ev := range c.Evidence {
		if ev.ID == evidenceID {
			if err := s.logAccess(ctx, a, c.Region, c.ID, ReadEvidence, ev.ID); err != nil {
				return "", time.Time{}, err
			}
			ttl := 5 * time.Minute
			url, err := s.Files.PresignGet(ctx, ev.ObjectKey, ev.VersionID, ev.Filename, ttl)
			return url, s.Now().Add(ttl), err
		}
	}
	return "", time.Time{}, ltc.Errorf(ltc.ENotFound, "没有这个文件", "no such file")
}

// EvidencePreviews returns a short-lived link per file of a case the actor
// may see, by evidence id, that shows the file inline on a page.
func (s *Service) EvidencePreviews(ctx context.Context, a ltc.Actor, id string) (map[string]string, error) {
	c, _, err := s.open(ctx, a, id, ltc.ActionView)
	if err != nil {
		return nil, err
	}
	urls := make(map[string]string, len(c.Evidence))
	for _, ev := range c.Evidence {
		if err := s.logAccess(ctx, a, c.Region, c.ID, ReadEvidence, ev.ID); err != nil {
			return nil, err
		}
		url, err := s.Files.PresignInline(ctx, ev.ObjectKey, ev.VersionID, ev.ContentType, previewTTL)
		if err != nil {
			return nil, err
		}
		urls[ev.ID] = url
	}
	return urls, nil
}

// previewTTL is how long a page's preview links work: long enough to read
// the page, short enough that a copied link soon stops working.
const previewTTL = 15 * time.Minute
