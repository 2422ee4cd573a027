package forms

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
)

// FuzzScore feeds arbitrary bytes to the decoder and scorer: they must never
// panic, and a form they accept must hold only allowed answers for every item.
func FuzzScore(f *testing.F) {
	good, _ := json.Marshal(nationalForm(40, 12, 9))
	f.Add(good)
	f.Add([]byte(`{"instrument":"barthel","items":{"eating":5}}`))
	f.Add([]byte(`{"instrument":"self-assessment","items":{"eating":"dependent","continence":"dependent","bathing":"dependent","dressing":"independent","toileting":"dependent","transfer":"dependent"}}`))
	f.Add([]byte(`{"instrument":"national-2021","items":{"eating":1e1,"walking":15.0}}`))
	c := MustShipped()
	f.Fuzz(func(t *testing.T, data []byte) {
		form, err := DecodeForm(bytes.NewReader(data))
		if err != nil {
			return
		}
		r, err := c.Score(form)
		if err != nil {
			return
		}
		in, _ := c.Get(form.Instrument, form.Version)
		switch res := r.(type) {
		case *Assessment:
			for _, d := range in.Dimensions {
				for _, it := range d.Items {
					var v int
					if json.Unmarshal(form.Items[it.Code], &v) != nil || !slices.Contains(it.Points, v) {
						t.Fatalf("accepted %s=%s, allowed %v", it.Code, form.Items[it.Code], it.Points)
					}
				}
			}
			if in.GradeName(res.Grade).Zh == "" {
				t.Fatalf("grade %d has no name", res.Grade)
			}
		case *SelfAssessment:
			for _, a := range in.Activities {
				v := string(form.Items[a.Code])
				if v != `"independent"` && v != `"dependent"` {
					t.Fatalf("accepted %s=%s", a.Code, v)
				}
			}
		}
		if len(form.Items) > countItems(in) {
			t.Fatalf("accepted %d answers for %d items", len(form.Items), countItems(in))
		}
	})
}

func countItems(in *Instrument) int {
	n := len(in.Activities)
	for _, d := range in.Dimensions {
		n += len(d.Items)
	}
	return n
}
