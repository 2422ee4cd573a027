package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runWithStdin runs the ltc command with args and input on standard input.
func runWithStdin(t *testing.T, input string, args ...string) (string, error) {
	t.Helper()
	f := filepath.Join(t.TempDir(), "stdin")
	if err := os.WriteFile(f, []byte(input), 0o600); err != nil {
		t.Fatal(err)
	}
	in, _ := os.Open(f)
	defer in.Close()
	saved := os.Stdin
	os.Stdin = in
	defer func() { os.Stdin = saved }()
	var out bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, &out)
	return out.String(), err
}

// A Jilin employee back after 4 years' gap (one paid back), decided grade 4:
// waiting 360 days from re-enrolment, the first year's share 10 points lower,
// the cap 4% lower, out of the published 2030 figure.
func TestPolicyExplainContract(t *testing.T) {
	input, _ := os.ReadFile("testdata/explain-jilin.in.json")
	golden, _ := os.ReadFile("testdata/explain-jilin.out.json")
	var want bytes.Buffer
	if err := json.Compact(&want, golden); err != nil {
		t.Fatal(err)
	}
	out, err := runWithStdin(t, string(input), "policy", "explain")
	if err != nil || out != want.String()+"\n" {
		t.Fatalf("got %v\n%s\nwant\n%s", err, out, want.String())
	}
}

func TestPolicyExplainListsEveryProblemWithStatus2(t *testing.T) {
	out, err := runWithStdin(t, `{"region": "atlantis", "date": "2027-02-30", "decided_on": "2027-03-01", "colour": "red",
		"person": {"birth_date": "1950/01/01", "scheme": "commercial", "nickname": "x",
		           "enrolments": [{"start": "2026-07-01", "end": "2026-01-01", "paid": true}]}}`, "policy", "explain")
	var code exitCode
	if !errors.As(err, &code) || code != 2 {
		t.Fatalf("exit %v, want status 2:\n%s", err, out)
	}
	var body struct {
		Error struct {
			Code   string
			Fields []struct {
				Field   string
				Message map[string]string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &body); err != nil {
		t.Fatalf("not JSON: %s", out)
	}
	var got []string
	for _, f := range body.Error.Fields {
		if f.Message["zh"] == "" || f.Message["en"] == "" {
			t.Errorf("%s: not in both languages: %v", f.Field, f.Message)
		}
		got = append(got, f.Field)
	}
	want := "colour,person.enrolments[0].paid,person.nickname,region,person.birth_date,person.scheme,person.enrolments[0].end,date,decided_on"
	if strings.Join(got, ",") != want || body.Error.Code != "invalid" {
		t.Errorf("problems %s\nwant %s", strings.Join(got, ","), want)
	}
	out, err = runWithStdin(t, `{"region": "xuzhou", "date": "2026-05-01", "grade": 9, "decided_on": "2026-04-30",
		"person": {"birth_date": "1950-01-01", "scheme": "resident", "enrolments": [{"start": "2020-01-01"}]}}`, "policy", "explain")
	if !errors.As(err, &code) || code != 2 || !strings.Contains(out, `"field":"decided_on"`) || !strings.Contains(out, `"field":"grade"`) {
		t.Errorf("a decision before the application, of a grade the instrument has not: %v %s", err, out)
	}
	if out, err := runWithStdin(t, `not json`, "policy", "explain"); !errors.As(err, &code) || code != 2 || !strings.Contains(out, "不是有效的 JSON") {
		t.Errorf("not JSON: %v %s", err, out)
	}
}
