package forms

import (
	"encoding/json"
	"testing"
)

// A version shipped ahead of its effective date waits for it: until then
// the version in effect scores, and a case records which one did.
func TestTheVersionInEffectIsTheNewestNotInTheFuture(t *testing.T) {
	c := MustShipped()
	current, err := c.Get("barthel", "")
	if err != nil {
		t.Fatal(err)
	}
	next := *current
	next.Version, next.EffectiveFrom = "2027.1", "2027-01-01"
	data, _ := json.Marshal(next)
	if err := c.add(data); err != nil {
		t.Fatal(err)
	}
	for today, want := range map[string]string{"2026-12-31": current.Version, "2027-01-01": "2027.1"} {
		c.today = func() string { return today }
		got, err := c.Get("barthel", "")
		if err != nil || got.Version != want {
			t.Errorf("on %s: %v %v, want %s", today, got.Version, err, want)
		}
	}
	c.today = func() string { return "2000-01-01" }
	if _, err := c.Get("barthel", ""); err == nil {
		t.Error("a version before any took effect")
	}
}
