package main

import (
	"cmp"
	"context"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/changhu/ltc/servicetest"
)

// TestMain lets the test binary run as a worker or API process
// (LTC_TEST_RUN=worker or serve), so that a test can kill a real one with
// SIGKILL, as a crash would.
func TestMain(m *testing.M) {
	if command := os.Getenv("LTC_TEST_RUN"); command != "" {
		ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
		getenv := os.Getenv
		if testLogPath() != "" { // searched for personal data: everything, to the file
			getenv = servicetest.Getenv(map[string]string{"LTC_LOG_LEVEL": "info"})
		}
		err := run(ctx, []string{command}, getenv, stackLog(strings.ToUpper(cmp.Or(os.Getenv("LTC_LOG_LEVEL"), "info"))))
		stop()
		if err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	code := m.Run()
	if found := checkTestLog(); code == 0 { // no personal data in any log line, the tests passing or not
		code = found
	}
	os.Exit(code)
}

func startWorkerProcess(t testing.TB, env ...string) *exec.Cmd {
	return startProcess(t, "worker", env...)
}

// startProcess runs ltc COMMAND as a process of its own.
func startProcess(t testing.TB, command string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), "LTC_TEST_RUN="+command, "LTC_LOG_LEVEL=error"), env...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd
}

func kill(t testing.TB, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
}

func TestWorkerKilledMidCaseFinishesExactlyOnce(t *testing.T) {
	s := startStack(t, "serve") // no worker in this process
	first := startWorkerProcess(t)
	w := s.newWalk()
	created := s.json("POST", "/api/v1/cases", w.applicant, application(w.residentID), nil)
	if created.status != 201 {
		t.Fatalf("create: %d %s", created.status, created.raw)
	}
	w.id = created.body["id"].(string)
	w.accept()
	team := w.confirmTeam()

	kill(t, first) // a crash between the team's confirmation and the visit
	second := startWorkerProcess(t)
	w.visit(team)
	w.waitFor(func(b map[string]any) bool { return b["status"] == "publicity" }, 30*time.Second)

	kill(t, second) // another, with the publicity timers running
	startWorkerProcess(t)
	got := w.waitFor(func(b map[string]any) bool { return b["status"] == "valid" }, 90*time.Second)

	count := map[string]int{}
	for _, h := range got["history"].([]any) {
		count[h.(map[string]any)["action"].(string)]++
	}
	for action, want := range map[string]int{"submitted": 1, "received": 1, "accepted": 1, "assigned": 1,
		"assignment_confirmed": 2, "team_confirmed": 1, "assessed": 1, "conclusion_confirmed": 2, "published": 1, "decided": 1} {
		if count[action] != want {
			t.Errorf("%s happened %d times, want %d (history %v)", action, count[action], want, count)
		}
	}
	if d := got["decision"].(map[string]any); d["grade"] != float64(3) {
		t.Fatalf("decision %v", d)
	}
}
