package workflows

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"

	"github.com/changhu/ltc/activities"
)

// evidenceFakes are the evidence rows and their objects, in memory.
type evidenceFakes struct {
	rows     []activities.StoredEvidence
	objects  map[string]string // key → sha256 of the recorded version
	latest   map[string]string // key → the version on top, when not v1 ("": a delete marker)
	findings map[string]activities.Finding
	started  []string
	finished []activities.EvidenceCheckState
}

func (f *evidenceFakes) EvidenceAfter(_ context.Context, after string, limit int) ([]activities.StoredEvidence, error) {
	i := sort.Search(len(f.rows), func(i int) bool { return f.rows[i].ID > after })
	return f.rows[i:min(i+limit, len(f.rows))], nil
}
func (f *evidenceFakes) StartEvidenceCheck(_ context.Context, id string, _ time.Time) error {
	f.started = append(f.started, id)
	return nil
}
func (f *evidenceFakes) RecordFinding(_ context.Context, x activities.Finding) error {
	f.findings[x.EvidenceID] = x
	return nil
}
func (f *evidenceFakes) FinishEvidenceCheck(_ context.Context, c activities.EvidenceCheckState, _ time.Time) error {
	f.finished = append(f.finished, c)
	return nil
}
func (f *evidenceFakes) Hash(_ context.Context, key, version string) (string, int64, bool, error) {
	if version == "top" {
		return "written over", 12, true, nil
	}
	sha, ok := f.objects[key]
	return sha, 10, ok, nil
}
func (f *evidenceFakes) Latest(_ context.Context, key string) (string, bool, error) {
	if v, ok := f.latest[key]; ok {
		return v, v != "", nil
	}
	return "v1", true, nil
}

// The check pages through every row (250: three pages), and records the
// object changed, the one written over, the one not there and the one
// deleted on top, with their cases; the clean ones not.
func TestTheEvidenceCheckFindsOverwrittenAndMissingObjects(t *testing.T) {
	f := &evidenceFakes{objects: map[string]string{}, latest: map[string]string{}, findings: map[string]activities.Finding{}}
	for i := range 250 {
		id := fmt.Sprintf("%08d-0000-0000-0000-000000000000", i)
		row := activities.StoredEvidence{ID: id, CaseID: "case-" + id, ObjectKey: "k" + id, VersionID: "v1", SHA256: "good" + id, Size: 10}
		f.rows = append(f.rows, row)
		f.objects[row.ObjectKey] = row.SHA256
	}
	f.objects[f.rows[7].ObjectKey] = "other bytes"
	delete(f.objects, f.rows[201].ObjectKey)
	f.latest[f.rows[120].ObjectKey] = "top"
	f.latest[f.rows[249].ObjectKey] = ""

	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflow(EvidenceCheckWorkflow)
	env.RegisterActivity(&activities.Activities{EvidenceRows: f, Objects: f})
	env.ExecuteWorkflow(EvidenceCheckWorkflow, activities.EvidenceCheckState{})
	if err := env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	if len(f.started) != 1 || len(f.finished) != 1 {
		t.Fatalf("started %v, finished %v", f.started, f.finished)
	}
	got := f.finished[0]
	if got.Checked != 250 || got.Problems != 4 || got.CheckID != f.started[0] {
		t.Fatalf("finished %+v", got)
	}
	changed, over, gone, deleted := f.findings[f.rows[7].ID], f.findings[f.rows[120].ID], f.findings[f.rows[201].ID], f.findings[f.rows[249].ID]
	if len(f.findings) != 4 || changed.Problem != "mismatch" || changed.RecordedIntact || changed.CaseID != f.rows[7].CaseID ||
		changed.FoundSHA256 != "other bytes" ||
		over.Problem != "mismatch" || !over.RecordedIntact || over.FoundSHA256 != "written over" || over.FoundVersion != "top" ||
		gone.Problem != "missing" || gone.RecordedIntact || deleted.Problem != "missing" || !deleted.RecordedIntact {
		t.Fatalf("findings %+v", f.findings)
	}
}
