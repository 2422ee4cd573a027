package main

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/activities"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/postgres"
	"github.com/changhu/ltc/servicetest"
	"github.com/changhu/ltc/workflows"
)

// rawMinIO is a client of the evidence bucket that bypasses the application,
// as an attacker with the storage's credentials, or a fault, would.
func rawMinIO(t testing.TB, cfg config) *minio.Client {
	t.Helper()
	mc, err := minio.New(cfg.MinioEndpoint, &minio.Options{
		Creds: credentials.NewStaticV4(cfg.MinioAccessKey, cfg.MinioSecretKey, ""), Secure: cfg.MinioSSL})
	if err != nil {
		t.Fatal(err)
	}
	return mc
}

// runEvidenceCheck runs the integrity check's activities over every row, as
// its workflow does, and returns the check's id.
func runEvidenceCheck(t *testing.T, acts *activities.Activities) string {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(acts)
	st := activities.EvidenceCheckState{CheckID: "test-" + uuid.NewString()}
	if _, err := env.ExecuteActivity(acts.StartEvidenceCheck, st.CheckID); err != nil {
		t.Fatal(err)
	}
	for {
		v, err := env.ExecuteActivity(acts.CheckEvidencePage, activities.EvidencePageInput{CheckID: st.CheckID, After: st.After, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var page activities.EvidencePage
		if err := v.Get(&page); err != nil {
			t.Fatal(err)
		}
		st.Checked, st.Bytes, st.Problems = st.Checked+page.Checked, st.Bytes+page.Bytes, st.Problems+page.Problems
		if page.Next == "" {
			break
		}
		st.After = page.Next
	}
	if _, err := env.ExecuteActivity(acts.FinishEvidenceCheck, st); err != nil {
		t.Fatal(err)
	}
	t.Logf("evidence check %s: %d objects, %d bytes re-hashed, %d problems", st.CheckID, st.Checked, st.Bytes, st.Problems)
	return st.CheckID
}

// A stored version cannot be deleted (object lock); an object written over
// in MinIO directly is reported by the integrity check with its case, and
// shown to the region's administrator; a clean object is not reported.
func TestEvidenceIsLockedAndCheckedForTampering(t *testing.T) {
	s := startStack(t)
	ctx := context.Background()
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	if created.status != http.StatusCreated {
		t.Fatalf("create: %d %s", created.status, created.raw)
	}
	w.id = created.body["id"].(string)
	clean := s.upload(w.id, w.applicant, "诊断证明.pdf", []byte("%PDF-1.4\n诊断证明 clean\n"))
	tampered := s.upload(w.id, w.applicant, "护理记录.pdf", []byte("%PDF-1.4\n护理记录 original\n"))
	if clean.status != http.StatusCreated || tampered.status != http.StatusCreated {
		t.Fatalf("uploads: %s / %s", clean.raw, tampered.raw)
	}
	cfg := loadConfig(s.getenv)
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files, _ := openEvidence(cfg)
	rows, err := db.ListEvidence(ctx, w.id)
	if err != nil || len(rows) != 2 {
		t.Fatalf("evidence rows: %v %v", rows, err)
	}
	byID := map[string]ltc.Evidence{rows[0].ID: rows[0], rows[1].ID: rows[1]}
	cleanRow, tamperedRow := byID[clean.body["id"].(string)], byID[tampered.body["id"].(string)]
	mc := rawMinIO(t, cfg)

	// 1. Deleting a stored version is refused for the retention period.
	if locked, err := files.Locked(ctx); err != nil || !locked {
		t.Fatalf("the evidence bucket %s has no object lock (%v): start from wiped services, as make test does", cfg.MinioBucket, err)
	}
	err = mc.RemoveObject(ctx, cfg.MinioBucket, cleanRow.ObjectKey, minio.RemoveObjectOptions{VersionID: cleanRow.VersionID})
	if err == nil {
		t.Fatal("a stored evidence version was deleted")
	}
	t.Logf("deleting a stored version: %v", err)
	if _, err := mc.StatObject(ctx, cfg.MinioBucket, cleanRow.ObjectKey, minio.StatObjectOptions{VersionID: cleanRow.VersionID}); err != nil {
		t.Fatalf("the version is gone after a refused delete: %v", err)
	}

	// 2. Other bytes written over an object (a new latest version) are found.
	other := []byte("%PDF-1.4\nsomething else entirely\n")
	if _, err := mc.PutObject(ctx, cfg.MinioBucket, tamperedRow.ObjectKey, bytes.NewReader(other), int64(len(other)),
		minio.PutObjectOptions{ContentType: "application/pdf"}); err != nil {
		t.Fatal(err)
	}
	checkID := runEvidenceCheck(t, &activities.Activities{EvidenceRows: db, Objects: files})

	report, err := db.LastEvidenceCheck(ctx, "demo")
	if err != nil || report.Check == nil || report.Check.ID != checkID || report.Check.FinishedAt == nil || report.Check.Checked < 2 {
		t.Fatalf("last check: %+v %v", report, err)
	}
	var found, cleanFound int
	for _, f := range report.Findings {
		switch f.EvidenceID {
		case tamperedRow.ID:
			found++
			if f.CaseID != w.id || f.Problem != "mismatch" || !f.RecordedIntact || f.ExpectedSHA256 != tamperedRow.SHA256 ||
				f.FoundSize != int64(len(other)) || f.FoundSHA256 == tamperedRow.SHA256 {
				t.Errorf("finding: %+v", f)
			}
		case cleanRow.ID:
			cleanFound++
		}
	}
	if found != 1 || cleanFound != 0 {
		t.Fatalf("findings of the tampered object %d (want 1), of the clean one %d (want 0): %+v", found, cleanFound, report.Findings)
	}
	elsewhere, err := db.LastEvidenceCheck(ctx, "xuzhou")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range elsewhere.Findings {
		if f.CaseID == w.id {
			t.Fatal("another region's administrator sees the finding")
		}
	}
	s.checkEvidenceCheckRoute(w.id, tamperedRow.ID)

	// 3. The worker's Schedule runs the same check as a workflow.
	tc, err := client.Dial(client.Options{HostPort: cfg.TemporalAddress, Logger: quietTemporal{}})
	if err != nil {
		t.Fatal(err)
	}
	defer tc.Close()
	if err := tc.ScheduleClient().GetHandle(ctx, workflows.EvidenceCheckSchedule).Trigger(ctx, client.ScheduleTriggerOptions{}); err != nil {
		t.Fatalf("trigger the schedule: %v", err)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		r, err := db.LastEvidenceCheck(ctx, "demo")
		if err != nil {
			t.Fatal(err)
		}
		if r.Check != nil && r.Check.ID != checkID && r.Check.FinishedAt != nil {
			if !slices.ContainsFunc(r.Findings, func(f cases.EvidenceFinding) bool { return f.EvidenceID == tamperedRow.ID }) {
				t.Fatalf("the scheduled check did not find the tampered object: %+v", r.Findings)
			}
			t.Logf("scheduled check %s: %d objects re-hashed", r.Check.ID, r.Check.Checked)
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the scheduled check did not finish within a minute")
		}
	}

	// 4. A correction is a new row naming the one it corrects; a row is corrected once.
	fix := ltc.Evidence{ID: uuid.NewString(), CaseID: w.id, ObjectKey: "cases/" + w.id + "/" + uuid.NewString(), Filename: "fix.pdf",
		ContentType: "application/pdf", SHA256: cleanRow.SHA256, Size: cleanRow.Size, CreatedAt: time.Now(),
		UploadedBy: ltc.Actor{ID: "cw-demo-1", Role: ltc.RoleCaseworker}, Corrects: tamperedRow.ID}
	line := ltc.HistoryEntry{At: fix.CreatedAt, Actor: fix.UploadedBy, Action: "evidence_corrected", Status: ltc.StatusSubmitted, Reason: "传错了"}
	if err := db.AddEvidence(ctx, fix, line); err != nil {
		t.Fatal(err)
	}
	again := fix
	again.ID, again.ObjectKey = uuid.NewString(), fix.ObjectKey+"-2"
	if err := db.AddEvidence(ctx, again, line); ltc.CodeOf(err) != ltc.EConflict {
		t.Fatalf("a second correction of the same row: %v", err)
	}
	after, _ := db.ListEvidence(ctx, w.id)
	if len(after) != 3 || after[2].Corrects != tamperedRow.ID || after[0].Corrects != "" || after[1].Corrects != "" {
		t.Fatalf("evidence after the correction: %+v", after)
	}
}

// checkEvidenceCheckRoute: the region's administrator reads the finding at
// GET /api/v1/admin/evidence-check; a caseworker may not.
func (s *stack) checkEvidenceCheckRoute(caseID, evidenceID string) {
	s.t.Helper()
	r := s.json("GET", "/api/v1/admin/evidence-check", s.token("admin", "ad-demo-1"), nil, nil)
	if r.status != http.StatusOK || r.body["check"] == nil {
		s.t.Fatalf("evidence check report: %d %s", r.status, r.raw)
	}
	var shown bool
	for _, f := range r.body["findings"].([]any) {
		f := f.(map[string]any)
		shown = shown || (f["evidence_id"] == evidenceID && f["case_id"] == caseID && f["problem"] == "mismatch")
	}
	if !shown {
		s.t.Fatalf("the administrator is not shown the finding: %s", r.raw)
	}
	if r := s.json("GET", "/api/v1/admin/evidence-check", s.token("caseworker", "cw-demo-1"), nil, nil); r.status != http.StatusForbidden {
		s.t.Fatalf("a caseworker reads the evidence check: %d %s", r.status, r.raw)
	}
}

// A bucket made before the lock keeps working: migrate says, every time,
// that its evidence is not protected from deletion, and does not fail.
func TestMigrateWarnsOfABucketWithoutObjectLock(t *testing.T) {
	servicetest.Require(t)
	bucket := "ltc-unlocked-" + uuid.NewString()[:8]
	for _, c := range []struct{ days, want string }{
		{"0", "no retention"},
		{"3650", "WARNING: evidence bucket " + bucket + " ready (versioned) but NOT protected from deletion"},
	} {
		var out bytes.Buffer
		getenv := servicetest.Getenv(map[string]string{"LTC_MINIO_BUCKET": bucket, "LTC_EVIDENCE_RETENTION_DAYS": c.days})
		if err := run(context.Background(), []string{"migrate"}, getenv, &out); err != nil || !strings.Contains(out.String(), c.want) {
			t.Fatalf("migrate with %s days: %v\n%s", c.days, err, out.String())
		}
		t.Log(strings.TrimSpace(out.String()))
	}
}
