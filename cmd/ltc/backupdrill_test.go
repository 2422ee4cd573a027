package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"github.com/changhu/ltc/postgres"
	"github.com/changhu/ltc/servicetest"
)

// drillFigures is what the backup must bring back.
type drillFigures struct {
	Cases, History, Evidence, Letters, Versions int
	EvidenceBytes                               int64
}

// mirrored is one object version as the backup keeps it: the file is named
// by its index, in the order the versions were written.
type mirrored struct {
	Key, VersionID, ContentType string
	Modified                    time.Time
	Size                        int64
}

// TestBackupDrill is a step of scripts/backup-drill.sh (make backup-drill),
// on its own throwaway services; it only runs when LTC_DRILL names the step:
//
//	backup   count cases, history lines, evidence rows and object versions,
//	         and mirror every version of the evidence bucket into LTC_DRILL_DIR
//	restore  put every mirrored version back, under its own version id
//	verify   the counts equal the backup's, and every evidence row's object
//	         version re-hashes to its recorded SHA-256 and size
func TestBackupDrill(t *testing.T) {
	step, dir := os.Getenv("LTC_DRILL"), os.Getenv("LTC_DRILL_DIR")
	if step == "" {
		t.Skip("a step of the backup drill: run `make backup-drill`")
	}
	servicetest.Require(t)
	if dir == "" {
		t.Fatal("LTC_DRILL_DIR names the backup's folder")
	}
	ctx := context.Background()
	cfg := loadConfig(os.Getenv)
	mc := rawMinIO(t, cfg)
	objects := filepath.Join(dir, "objects")
	switch step {
	case "backup":
		fig := countDrill(t)
		if err := os.MkdirAll(objects, 0o700); err != nil {
			t.Fatal(err)
		}
		var index []mirrored
		for obj := range mc.ListObjects(ctx, cfg.MinioBucket, minio.ListObjectsOptions{Recursive: true, WithVersions: true, WithMetadata: true}) {
			if obj.Err != nil {
				t.Fatal(obj.Err)
			}
			if obj.IsDeleteMarker {
				continue
			}
			index = append(index, mirrored{Key: obj.Key, VersionID: obj.VersionID, ContentType: obj.ContentType,
				Modified: obj.LastModified, Size: obj.Size})
		}
		// Oldest first, so that the restored latest version of each key is the latest here.
		slices.SortStableFunc(index, func(a, b mirrored) int { return a.Modified.Compare(b.Modified) })
		for i, m := range index {
			obj, err := mc.GetObject(ctx, cfg.MinioBucket, m.Key, minio.GetObjectOptions{VersionID: m.VersionID})
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Create(filepath.Join(objects, fmt.Sprint(i)))
			if err != nil {
				t.Fatal(err)
			}
			n, err := io.Copy(f, obj)
			obj.Close()
			if err != nil || f.Close() != nil || n != m.Size {
				t.Fatalf("mirror %s@%s: %d of %d bytes: %v", m.Key, m.VersionID, n, m.Size, err)
			}
		}
		fig.Versions = len(index)
		writeJSON(t, filepath.Join(dir, "objects.json"), index)
		writeJSON(t, filepath.Join(dir, "figures.json"), fig)
		fmt.Printf("backup: %d cases, %d history lines, %d evidence rows (%d bytes), %d object versions mirrored\n",
			fig.Cases, fig.History, fig.Evidence, fig.EvidenceBytes, fig.Versions)
	case "restore":
		var index []mirrored
		readJSON(t, filepath.Join(dir, "objects.json"), &index)
		for i, m := range index {
			f, err := os.Open(filepath.Join(objects, fmt.Sprint(i)))
			if err != nil {
				t.Fatal(err)
			}
			// The version id comes back too: evidence rows and letters name theirs.
			_, err = mc.PutObject(ctx, cfg.MinioBucket, m.Key, f, m.Size, minio.PutObjectOptions{ContentType: m.ContentType,
				Internal: minio.AdvancedPutOptions{SourceVersionID: m.VersionID, SourceMTime: m.Modified}})
			f.Close()
			if err != nil {
				t.Fatalf("restore %s@%s: %v", m.Key, m.VersionID, err)
			}
		}
		fmt.Printf("restore: %d object versions put back under their version ids\n", len(index))
	case "verify":
		var before drillFigures
		readJSON(t, filepath.Join(dir, "figures.json"), &before)
		after := countDrill(t)
		for obj := range mc.ListObjects(ctx, cfg.MinioBucket, minio.ListObjectsOptions{Recursive: true, WithVersions: true}) {
			if obj.Err != nil {
				t.Fatal(obj.Err)
			}
			if !obj.IsDeleteMarker {
				after.Versions++
			}
		}
		db, err := postgres.Open(ctx, cfg.DatabaseURL)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		files, _ := openEvidence(cfg)
		var hashed, wrong int
		for after := ""; ; {
			rows, err := db.EvidenceAfter(ctx, after, 500)
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range rows {
				sha, size, found, err := files.Hash(ctx, row.ObjectKey, row.VersionID)
				if err != nil {
					t.Fatal(err)
				}
				hashed++
				if !found || sha != row.SHA256 || size != row.Size {
					wrong++
					t.Errorf("evidence %s of case %s: found %v, %s (%d bytes), recorded %s (%d bytes)",
						row.ID, row.CaseID, found, sha, size, row.SHA256, row.Size)
				}
			}
			if len(rows) < 500 {
				break
			}
			after = rows[len(rows)-1].ID
		}
		letters, err := drillDB(t).Query(ctx, `SELECT code, object_key, version_id, sha256, size_bytes FROM letters`)
		if err != nil {
			t.Fatal(err)
		}
		var lettersHashed int
		for letters.Next() {
			var code, key, version, want string
			var wantSize int64
			if err := letters.Scan(&code, &key, &version, &want, &wantSize); err != nil {
				t.Fatal(err)
			}
			sha, size, found, err := files.Hash(ctx, key, version)
			if err != nil {
				t.Fatal(err)
			}
			lettersHashed++
			if !found || sha != want || size != wantSize {
				wrong++
				t.Errorf("letter %s: found %v, %s (%d bytes), recorded %s (%d bytes)", code, found, sha, size, want, wantSize)
			}
		}
		letters.Close()
		fmt.Printf("verify: cases %d/%d, history lines %d/%d, evidence rows %d/%d (%d/%d bytes), letters %d/%d, "+
			"object versions %d/%d (restored/backed up); %d evidence objects and %d letters re-hashed, %d wrong\n",
			after.Cases, before.Cases, after.History, before.History, after.Evidence, before.Evidence,
			after.EvidenceBytes, before.EvidenceBytes, after.Letters, before.Letters, after.Versions, before.Versions,
			hashed, lettersHashed, wrong)
		if after != before || hashed != before.Evidence || lettersHashed != before.Letters || wrong != 0 ||
			before.Cases == 0 || before.Evidence == 0 {
			t.Fatalf("restored %+v, backed up %+v, %d evidence objects and %d letters re-hashed", after, before, hashed, lettersHashed)
		}
	default:
		t.Fatalf("LTC_DRILL=%s: the steps are backup, restore, verify", step)
	}
}

// drillDB is a connection to the drill's database.
func drillDB(t *testing.T) *pgx.Conn { return (&stack{t: t, getenv: os.Getenv}).db(t) }

func countDrill(t *testing.T) drillFigures {
	t.Helper()
	var f drillFigures
	err := drillDB(t).QueryRow(context.Background(), `
		SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM case_history),
		       (SELECT count(*) FROM evidence), (SELECT coalesce(sum(size_bytes), 0) FROM evidence),
		       (SELECT count(*) FROM letters)`).
		Scan(&f.Cases, &f.History, &f.Evidence, &f.EvidenceBytes, &f.Letters)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, _ := json.MarshalIndent(v, "", " ")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		t.Fatal(err)
	}
}
