package policy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/changhu/ltc/forms"
)

// shippedJSON is a shipped policy file as a map, to be altered by a test.
func shippedJSON(t *testing.T, name string) map[string]any {
	t.Helper()
	data, err := shipped.ReadFile("regions/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(data, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// loadExtra loads the shipped policies with extra files (path → policy).
func loadExtra(t *testing.T, files map[string]map[string]any) (*Registry, error) {
	t.Helper()
	dir := t.TempDir()
	for name, p := range files {
		out, _ := json.Marshal(p)
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return Load(forms.MustShipped(), dir)
}

func version(p map[string]any, v, supersedes string) map[string]any {
	out := map[string]any{}
	for k, x := range p {
		out[k] = x
	}
	out["version"], out["supersedes"] = v, supersedes
	return out
}

func TestANewVersionIsInForceAndTheOldOneStaysLoadable(t *testing.T) {
	old := shippedJSON(t, "demo/2026.1.json")
	next := version(old, "2027.1", "2026.1")
	next["name"] = map[string]string{"zh": "演示地区（新版）", "en": "Demo region (new)"}
	r, err := loadExtra(t, map[string]map[string]any{"demo/2027.1.json": next})
	if err != nil {
		t.Fatal(err)
	}
	latest, _ := r.Latest("demo")
	before, err := r.Version("demo", "2026.1")
	if err != nil || latest.Version != "2027.1" || before.Name.Zh != "演示地区（时间以秒计）" {
		t.Fatalf("latest %s, 2026.1 %+v %v", latest.Version, before, err)
	}
	if _, err := r.Version("demo", "2025.9"); err == nil {
		t.Fatal("an unknown version was found")
	}
	if regions := r.Regions(); len(regions) != 6 || regions[1].Version != "2027.1" {
		t.Fatalf("regions: one per region, the version in force: %d", len(regions))
	}
}

func TestVersionsThatDoNotFormOneLineRefuseToLoad(t *testing.T) {
	demo := shippedJSON(t, "demo/2026.1.json")
	for name, tc := range map[string]struct {
		files map[string]map[string]any
		want  string
	}{
		"two in force": {map[string]map[string]any{"demo/2027.1.json": version(demo, "2027.1", "")},
			"region demo: 2 versions are superseded by none"},
		"a fork": {map[string]map[string]any{"demo/2027.1.json": version(demo, "2027.1", "2026.1"), "demo/2027.2.json": version(demo, "2027.2", "2026.1")},
			"both supersede demo \"2026.1\""},
		"a missing predecessor": {map[string]map[string]any{"demo/2027.1.json": version(demo, "2027.1", "2020.1")},
			"demo/2027.1.json: supersedes demo \"2020.1\", which is not loaded"},
		"a loop": {map[string]map[string]any{"demo/2027.1.json": version(demo, "2027.1", "2027.2"), "demo/2027.2.json": version(demo, "2027.2", "2027.1")},
			"region demo: the supersedes of its versions form a loop"},
		"a twin": {map[string]map[string]any{"demo/2026.1.json": demo},
			"region \"demo\" version \"2026.1\" is also in regions/demo/2026.1.json"},
		"a misplaced file": {map[string]map[string]any{"demo/2027.json": version(demo, "2027.1", "2026.1")},
			"belongs in demo/2027.1.json"},
	} {
		_, err := loadExtra(t, tc.files)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", name, err, tc.want)
		}
	}
}
