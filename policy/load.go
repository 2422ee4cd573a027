package policy

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/changhu/ltc/forms"
)

// shipped holds every version of every region, one file each:
// regions/<region>/<version>.json. A version once shipped is never removed,
// so that a case decided under it can still be explained by it.
//
//go:embed regions/*/*.json
var shipped embed.FS

// Load reads the shipped region policies, then any *.json under extraDir (a
// new city or a new version without a code change), checks each against the
// instruments, and links each region's versions into one line of succession.
func Load(catalog *forms.Catalog, extraDir string) (*Registry, error) {
	r := newRegistry()
	if err := r.loadFS(shipped, "regions", catalog); err != nil {
		return nil, err
	}
	if extraDir != "" {
		if err := r.loadFS(os.DirFS(extraDir), ".", catalog); err != nil {
			return nil, err
		}
	}
	if err := r.link(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Registry) loadFS(fsys fs.FS, root string, catalog *forms.Catalog) error {
	return fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".json" {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("read policy %s: %w", name, err)
		}
		p, err := Parse(data, catalog)
		if err != nil {
			return fmt.Errorf("policy %s: %w", name, err)
		}
		if err := placedAt(p, strings.TrimPrefix(name, root+"/")); err != nil {
			return fmt.Errorf("policy %s: %w", name, err)
		}
		return r.add(p, name)
	})
}

// placedAt checks that a file in a folder is <region>/<version>.json, so
// that a version cannot hide under another's name; a file directly in the
// extra folder may have any name.
func placedAt(p *Policy, rel string) error {
	if !strings.Contains(rel, "/") {
		return nil
	}
	if want := p.Region + "/" + p.Version + ".json"; rel != want {
		return fmt.Errorf("region %q version %q belongs in %s", p.Region, p.Version, want)
	}
	return nil
}

// Parse decodes and checks one policy file; unknown fields are errors, so a
// misspelt rule is not silently ignored.
func Parse(data []byte, catalog *forms.Catalog) (*Policy, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Policy
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	if problems := p.check(catalog); len(problems) > 0 {
		return nil, fmt.Errorf("%d problems:\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
	return &p, nil
}
