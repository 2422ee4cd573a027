package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"
)

// EvidenceRows is what the integrity check reads and writes in the system of
// record (implemented by postgres).
type EvidenceRows interface {
	// EvidenceAfter is a page of evidence rows in id order, after the id given ("" for the first).
	EvidenceAfter(ctx context.Context, after string, limit int) ([]StoredEvidence, error)
	StartEvidenceCheck(ctx context.Context, checkID string, at time.Time) error
	// RecordFinding keeps what a check found wrong with one row; a retry is a no-op.
	RecordFinding(ctx context.Context, f Finding) error
	FinishEvidenceCheck(ctx context.Context, c EvidenceCheckState, at time.Time) error
}

// Objects re-reads stored evidence (implemented by evidence).
type Objects interface {
	// Hash streams a version through SHA-256 ("" the latest); found is false when it is not there.
	Hash(ctx context.Context, key, versionID string) (sha string, size int64, found bool, err error)
	// Latest is the version a read of the key without a version gets;
	// found is false when none (a delete marker lies on top).
	Latest(ctx context.Context, key string) (versionID string, found bool, err error)
}

// StoredEvidence is what a row says of its object.
type StoredEvidence struct {
	ID, CaseID, ObjectKey, VersionID, SHA256 string
	Size                                     int64
}

// Finding is an evidence row whose object is not what was stored. Problem
// is "mismatch": the bytes at its key are not the row's, because the recorded
// version changed or because something was written over it (a new version on
// top; RecordedIntact then says the recorded version still hashes right, so
// the evidence is there to restore); or "missing": the recorded version is
// not there, or a delete marker lies on top of it.
type Finding struct {
	CheckID, EvidenceID, CaseID string
	Problem                     string
	ExpectedSHA256              string
	ExpectedSize                int64
	FoundSHA256                 string // what a read of the key gets now ("" for none)
	FoundSize                   int64
	FoundVersion                string
	RecordedIntact              bool
	At                          time.Time
}

// EvidenceCheckState is a run of the integrity check so far: the workflow
// carries it from page to page and across continue-as-new.
type EvidenceCheckState struct {
	CheckID  string
	After    string // the last evidence id checked
	Checked  int64
	Bytes    int64
	Problems int64
}

// EvidencePageInput asks for one page of the check, after the id given.
type EvidencePageInput struct {
	CheckID string
	After   string
	Limit   int
}

// EvidencePage is what one page found; Next is "" after the last page.
type EvidencePage struct {
	Next     string
	Checked  int64
	Bytes    int64
	Problems int64
}

// StartEvidenceCheck records that a run of the integrity check began.
func (a *Activities) StartEvidenceCheck(ctx context.Context, checkID string) error {
	return final(a.EvidenceRows.StartEvidenceCheck(ctx, checkID, time.Now()))
}

// CheckEvidencePage streams the objects of one page of evidence rows (keyset,
// by id) through SHA-256 and records each that differs from its row, or is not
// there. It heartbeats per object, so a lost worker is noticed within the
// heartbeat timeout; a retried page records its findings once.
func (a *Activities) CheckEvidencePage(ctx context.Context, in EvidencePageInput) (EvidencePage, error) {
	rows, err := a.EvidenceRows.EvidenceAfter(ctx, in.After, in.Limit)
	if err != nil {
		return EvidencePage{}, final(err)
	}
	var page EvidencePage
	for _, row := range rows {
		activity.RecordHeartbeat(ctx, row.ID)
		f, size, err := a.checkOne(ctx, row)
		if err != nil {
			return EvidencePage{}, err // storage unreachable: the page is retried
		}
		page.Checked++
		page.Bytes += size
		if f == nil {
			continue
		}
		f.CheckID, f.At = in.CheckID, time.Now()
		page.Problems++
		activity.GetLogger(ctx).Error("evidence integrity: object is not what was stored",
			"problem", f.Problem, "case", row.CaseID, "evidence", row.ID, "recorded_intact", f.RecordedIntact)
		if err := a.EvidenceRows.RecordFinding(ctx, *f); err != nil {
			return EvidencePage{}, final(err)
		}
	}
	if len(rows) == in.Limit && len(rows) > 0 {
		page.Next = rows[len(rows)-1].ID
	}
	return page, nil
}

// checkOne re-hashes the recorded version of a row's object, and looks at
// what lies on top of it at its key: nil when both are what was stored.
func (a *Activities) checkOne(ctx context.Context, row StoredEvidence) (*Finding, int64, error) {
	f := &Finding{EvidenceID: row.ID, CaseID: row.CaseID, ExpectedSHA256: row.SHA256, ExpectedSize: row.Size}
	sha, size, found, err := a.Objects.Hash(ctx, row.ObjectKey, row.VersionID)
	if err != nil {
		return nil, 0, err
	}
	f.FoundSHA256, f.FoundSize, f.FoundVersion = sha, size, row.VersionID
	switch {
	case !found:
		f.Problem = "missing"
		return f, 0, nil
	case sha != row.SHA256 || size != row.Size:
		f.Problem = "mismatch"
		return f, size, nil
	}
	if row.VersionID == "" {
		return nil, size, nil // stored unversioned: the key's object is the one just hashed
	}
	latest, found, err := a.Objects.Latest(ctx, row.ObjectKey)
	if err != nil {
		return nil, 0, err
	}
	if found && latest == row.VersionID {
		return nil, size, nil
	}
	f.RecordedIntact, f.FoundVersion, f.FoundSHA256, f.FoundSize = true, latest, "", 0
	if !found {
		f.Problem = "missing" // deleted on top: a read of the key finds nothing
		return f, size, nil
	}
	f.Problem = "mismatch" // written over: a read of the key gets other bytes
	if f.FoundSHA256, f.FoundSize, _, err = a.Objects.Hash(ctx, row.ObjectKey, latest); err != nil {
		return nil, 0, err
	}
	return f, size, nil
}

// FinishEvidenceCheck records what a finished run re-hashed.
func (a *Activities) FinishEvidenceCheck(ctx context.Context, c EvidenceCheckState) error {
	return final(a.EvidenceRows.FinishEvidenceCheck(ctx, c, time.Now()))
}
