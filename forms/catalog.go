package forms

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"time"

	"github.com/changhu/ltc"
)

//go:embed instruments/*.json
var shipped embed.FS

// Catalog holds every loaded instrument version. It is read-only after loading.
type Catalog struct {
	versions map[string][]*Instrument // by id, newest effective_from first
	today    func() string            // the Beijing date, YYYY-MM-DD: what is in effect
}

// LoadCatalog loads the shipped instruments and then any *.json files in
// extraDir (a region's own versions, added without a code change).
// Any broken file makes the whole load fail, naming the file and the problem.
func LoadCatalog(extraDir string) (*Catalog, error) {
	c := &Catalog{versions: map[string][]*Instrument{}, today: func() string {
		return time.Now().In(ltc.China).Format(time.DateOnly)
	}}
	if err := c.loadFS(shipped, "instruments"); err != nil {
		return nil, err
	}
	if extraDir != "" {
		if err := c.loadFS(os.DirFS(extraDir), "."); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// MustShipped returns the catalog of shipped instruments; they are checked by
// the tests, so a failure here is a build defect.
func MustShipped() *Catalog {
	c, err := LoadCatalog("")
	if err != nil {
		panic(err)
	}
	return c
}

func (c *Catalog) loadFS(fsys fs.FS, dir string) error {
	files, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return fmt.Errorf("list instruments in %s: %w", dir, err)
	}
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("read instrument %s: %w", name, err)
		}
		if err := c.add(data); err != nil {
			return fmt.Errorf("load instrument %s: %w", name, err)
		}
	}
	return nil
}

func (c *Catalog) add(data []byte) error {
	var in Instrument
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	if err := in.check(); err != nil {
		return err
	}
	for _, v := range c.versions[in.ID] {
		if v.Version == in.Version {
			return fmt.Errorf("%s@%s is loaded twice", in.ID, in.Version)
		}
		if v.EffectiveFrom == in.EffectiveFrom {
			return fmt.Errorf("%s@%s and @%s take effect the same day", in.ID, in.Version, v.Version)
		}
	}
	vs := append(c.versions[in.ID], &in)
	sort.Slice(vs, func(i, j int) bool { return vs[i].EffectiveFrom > vs[j].EffectiveFrom })
	c.versions[in.ID] = vs
	return nil
}

// ErrUnknownInstrument is wrapped by Get for an id or version not loaded.
var ErrUnknownInstrument = errors.New("unknown instrument")

// Get returns an instrument version; an empty version means the newest in
// effect today (a version shipped ahead of its effective date waits for it).
func (c *Catalog) Get(id, version string) (*Instrument, error) {
	vs := c.versions[id]
	if len(vs) == 0 {
		return nil, &ltc.Error{Code: ltc.ENotFound, Err: ErrUnknownInstrument,
			Message: ltc.Text{Zh: fmt.Sprintf("没有评估量表 %q", id), En: fmt.Sprintf("no instrument %q", id)}}
	}
	if version == "" {
		if in := c.inEffect(vs); in != nil {
			return in, nil
		}
		return nil, &ltc.Error{Code: ltc.ENotFound, Err: ErrUnknownInstrument,
			Message: ltc.Text{Zh: fmt.Sprintf("评估量表 %q 尚未生效", id), En: fmt.Sprintf("instrument %q is not in effect yet", id)}}
	}
	for _, v := range vs {
		if v.Version == version {
			return v, nil
		}
	}
	return nil, &ltc.Error{Code: ltc.ENotFound, Err: ErrUnknownInstrument,
		Message: ltc.Text{Zh: fmt.Sprintf("评估量表 %s 没有版本 %q", id, version), En: fmt.Sprintf("instrument %s has no version %q", id, version)}}
}

// inEffect is the newest version in effect today, or nil.
func (c *Catalog) inEffect(newestFirst []*Instrument) *Instrument {
	today := c.today()
	for _, in := range newestFirst {
		if in.EffectiveFrom <= today {
			return in
		}
	}
	return nil
}

// List returns the version in effect of every instrument, ordered by id.
func (c *Catalog) List() []*Instrument {
	out := make([]*Instrument, 0, len(c.versions))
	for _, vs := range c.versions {
		if in := c.inEffect(vs); in != nil {
			out = append(out, in)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
