package main

import (
	"encoding/json"
	"errors"
	"testing"
)

// runScore runs `ltc score` with input on standard input.
func runScore(t *testing.T, input string) (string, error) {
	t.Helper()
	return runWithStdin(t, input, "score")
}

func TestScoreCommandContract(t *testing.T) {
	out, err := runScore(t, `{"instrument": "national-2021", "items": {"eating": 5, "dressing": 5, "grooming": 0,
		"bowel": 5, "bladder": 5, "toileting": 5, "walking": 5, "transfer": 5, "stairs": 5, "bathing": 0,
		"time_orientation": 3, "person_orientation": 3, "place_orientation": 3, "memory": 3,
		"vision": 3, "hearing": 3, "communication": 3}}`)
	want := `{"instrument":"national-2021","instrument_version":"2021.1","grade":3,"grade_name":"重度失能Ⅰ级","dimensions":{"adl":{"score":40,"level":"severe"},"cognition":{"score":12,"level":"mild"},"sensory":{"score":9,"level":"mild"}}}` + "\n"
	if err != nil || out != want {
		t.Fatalf("got %v\n%s\nwant\n%s", err, out, want)
	}

	out, err = runScore(t, `{"instrument":"self-assessment","items":{"eating":"dependent","continence":"dependent","bathing":"dependent","dressing":"independent","toileting":"independent","transfer":"independent"}}`)
	if err != nil || out != `{"instrument":"self-assessment","instrument_version":"2021.1","grade":"E","may_apply":true}`+"\n" {
		t.Fatalf("self-assessment: %v %s", err, out)
	}
}

func TestScoreCommandRefusesWithStatus2(t *testing.T) {
	for _, input := range []string{`{"instrument":"barthel","items":{"eating":7,"flying":5}}`, `not json`} {
		out, err := runScore(t, input)
		var code exitCode
		if !errors.As(err, &code) || code != 2 {
			t.Fatalf("%s: exit %v, want status 2", input, err)
		}
		var body struct {
			Error struct {
				Code    string
				Message map[string]string
				Fields  []struct {
					Field   string
					Message map[string]string
				}
			}
		}
		if json.Unmarshal([]byte(out), &body) != nil || body.Error.Message["zh"] == "" || body.Error.Message["en"] == "" {
			t.Fatalf("%s: not a bilingual JSON error: %s", input, out)
		}
		if input[0] == '{' && len(body.Error.Fields) != 11 { // eating, flying and the nine missing items
			t.Errorf("want every problem listed, got %d: %s", len(body.Error.Fields), out)
		}
	}
}
