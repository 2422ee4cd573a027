package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/changhu/ltc/servicetest"
)

// No resident ID number, phone number, name or diagnosis in any log line
// (PIPL; issue 15). With LTC_TEST_LOG=path (scripts/test.sh sets it), every
// ltc process the tests start logs at info level to that file as well, its
// warnings still on stderr, and when the tests have run, TestMain searches
// every line for the personal data the tests used: the resident ID numbers
// servicetest handed out and the names, phones and diagnoses of their
// applications. A hit fails the run, naming the line's message only.

// testLogPath is the file the tests' ltc logs go to; "" keeps them on stderr only.
func testLogPath() string { return os.Getenv("LTC_TEST_LOG") }

// stackLogLevel is the level of a stack's ltc: info when its lines are
// searched, else warnings only.
func stackLogLevel() string {
	if testLogPath() != "" {
		return "info"
	}
	return "warn"
}

var (
	testLogOnce sync.Once
	testLogFile *os.File
	testLogErr  error
)

// stackLog is where a stack's ltc logs: stderr, and with LTC_TEST_LOG the
// file too, with only the lines at or above shown on stderr (minStderr:
// "WARN" or "ERROR").
func stackLog(minStderr string) io.Writer {
	if testLogPath() == "" {
		return os.Stderr
	}
	testLogOnce.Do(func() {
		flags := os.O_CREATE | os.O_WRONLY | os.O_APPEND
		if os.Getenv("LTC_TEST_RUN") == "" { // the test binary itself starts the file; its child processes add to it
			flags |= os.O_TRUNC
		}
		testLogFile, testLogErr = os.OpenFile(testLogPath(), flags, 0o600)
	})
	if testLogErr != nil {
		fmt.Fprintf(os.Stderr, "LTC_TEST_LOG: %v\n", testLogErr)
		return os.Stderr
	}
	return &splitLog{file: testLogFile, min: minStderr}
}

// splitLog writes every line to the file, and the serious ones to stderr.
// slog writes a record in one Write.
type splitLog struct {
	file *os.File
	min  string
}

var levelOrder = map[string]int{"DEBUG": 0, "INFO": 1, "WARN": 2, "ERROR": 3}

func (s *splitLog) Write(p []byte) (int, error) {
	if _, err := s.file.Write(p); err != nil {
		return 0, err
	}
	var line struct{ Level string }
	if json.Unmarshal(p, &line) != nil || levelOrder[strings.SplitN(line.Level, "+", 2)[0]] >= levelOrder[s.min] {
		os.Stderr.Write(p)
	}
	return len(p), nil
}

// fixedPersonalData are the names, phones, diagnoses and addresses the
// tests' applications and enrolments use (application(), seed, probes).
var fixedPersonalData = map[string][]string{
	"name":               {"张三", "张小三", "李四", "王五"},
	"phone number":       {"13800138000", "13900139000", "13700137000", "13912345678"},
	"diagnosis":          {"脑梗死后遗症"},
	"address":            {"演示市幸福路1号"},
	"resident ID number": {demoPerson},
}

// checkTestLog searches the test log for personal data; it returns the exit
// code: 1 on any hit (or when the file cannot be read), 0 otherwise.
func checkTestLog() int {
	if testLogPath() == "" {
		return 0
	}
	data, err := os.ReadFile(testLogPath())
	if err != nil {
		if os.IsNotExist(err) {
			return 0 // no stack ran
		}
		fmt.Fprintf(os.Stderr, "LTC_TEST_LOG: %v\n", err)
		return 1
	}
	wanted := map[string][]string{}
	for kind, values := range fixedPersonalData {
		wanted[kind] = values
	}
	wanted["resident ID number"] = append(wanted["resident ID number"], servicetest.ResidentIDs()...)
	hits := personalDataIn(data, wanted)
	lines := bytes.Count(data, []byte("\n"))
	if len(hits) == 0 {
		fmt.Fprintf(os.Stderr, "log check: %d log lines searched for %d resident ID numbers and %d other personal data: none found\n",
			lines, len(wanted["resident ID number"]), countValues(wanted)-len(wanted["resident ID number"]))
		return 0
	}
	fmt.Fprintf(os.Stderr, "log check: personal data in %d of %d log lines (%s):\n", len(hits), lines, testLogPath())
	for _, h := range hits {
		fmt.Fprintf(os.Stderr, "  line %d, msg %q: a %s\n", h.line, h.msg, h.kind)
	}
	return 1
}

type logHit struct {
	line      int
	msg, kind string
}

// personalDataIn finds the lines holding any of the values, as written or
// as JSON escapes them, and says which kind, never the value.
func personalDataIn(data []byte, wanted map[string][]string) []logHit {
	kinds := make([]string, 0, len(wanted))
	for k := range wanted {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var hits []logHit
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		raw := sc.Text()
		text := raw
		var fields map[string]any
		if json.Unmarshal(sc.Bytes(), &fields) == nil {
			text += "\n" + strings.Join(stringsIn(fields), "\n") // escaped text, decoded
		}
	line:
		for _, kind := range kinds {
			for _, v := range wanted[kind] {
				if v != "" && strings.Contains(text, v) {
					msg, _ := fields["msg"].(string)
					hits = append(hits, logHit{line: n, msg: msg, kind: kind})
					break line
				}
			}
		}
	}
	return hits
}

func stringsIn(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case map[string]any:
		var out []string
		for k, x := range v {
			out = append(append(out, k), stringsIn(x)...)
		}
		return out
	case []any:
		var out []string
		for _, x := range v {
			out = append(out, stringsIn(x)...)
		}
		return out
	}
	return nil
}

func countValues(m map[string][]string) int {
	n := 0
	for _, v := range m {
		n += len(v)
	}
	return n
}

// The search finds a value as written and as JSON escapes it, and names the
// line by its message only.
func TestTheLogCheckFindsPersonalDataByItsKind(t *testing.T) {
	log := []byte(`{"level":"INFO","msg":"case submitted","case":"c1"}
{"level":"WARN","msg":"request failed","err":"person \u5f20\u4e09 not found"}
not json 320106194501010011
{"level":"INFO","msg":"http","route":"/api/v1/cases/:id","status":200}
`)
	hits := personalDataIn(log, map[string][]string{"name": {"张三"}, "resident ID number": {"320106194501010011"}})
	if fmt.Sprint(hits) != "[{2 request failed name} {3  resident ID number}]" {
		t.Fatalf("hits: %v", hits)
	}
}
