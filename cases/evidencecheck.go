package cases

import (
	"context"
	"time"

	"github.com/changhu/ltc"
)

// EvidenceCheckReport is the last run of the evidence integrity check and
// what it found wrong in the administrator's region.
type EvidenceCheckReport struct {
	Check    *EvidenceCheckRun `json:"check"` // null before the first run
	Findings []EvidenceFinding `json:"findings"`
}

// EvidenceCheckRun is one run: every stored object re-hashed.
type EvidenceCheckRun struct {
	ID         string     `json:"id"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"` // null while it runs
	Checked    int64      `json:"checked"`     // objects re-hashed, every region's
	Bytes      int64      `json:"bytes"`
}

// EvidenceFinding is a file whose stored object is not what was uploaded:
// "mismatch" (the bytes at its key differ: the stored version changed, or
// something was written over it) or "missing" (gone, or deleted on top).
// RecordedIntact says the version recorded at upload still hashes right, so
// the file can be restored from it.
type EvidenceFinding struct {
	EvidenceID     string    `json:"evidence_id"`
	CaseID         string    `json:"case_id"`
	Problem        string    `json:"problem"`
	ExpectedSHA256 string    `json:"expected_sha256"`
	ExpectedSize   int64     `json:"expected_size"`
	FoundSHA256    string    `json:"found_sha256"`
	FoundSize      int64     `json:"found_size"`
	RecordedIntact bool      `json:"recorded_intact"`
	FoundAt        time.Time `json:"found_at"`
}

// EvidenceChecks is the store's side of the report (implemented by postgres).
type EvidenceChecks interface {
	// LastEvidenceCheck is the last finished run (or the one under way
	// before any finished) with its findings on the cases of region.
	LastEvidenceCheck(ctx context.Context, region string) (*EvidenceCheckReport, error)
}

// EvidenceCheck is the last integrity check's findings on the administrator's region.
func (s *Service) EvidenceCheck(ctx context.Context, a ltc.Actor) (*EvidenceCheckReport, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	checks, ok := s.Store.(EvidenceChecks)
	if !ok {
		return nil, ltc.Errorf(ltc.EInternal, "完整性检查不可用", "the integrity check is not available")
	}
	return checks.LastEvidenceCheck(ctx, a.Region)
}
