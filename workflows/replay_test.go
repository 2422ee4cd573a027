package workflows

import (
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	tlog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"github.com/changhu/ltc/payload"
)

// TestReplayRecordedHistories replays histories recorded from real cases on
// a Temporal server against the current code: a change that would break
// cases already running fails here. Such a change needs workflow.GetVersion.
// Record more with: temporal workflow show -w WORKFLOW_ID --output json > testdata/histories/NAME.json
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob("testdata/histories/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded histories: %v", err)
	}
	codec, err := payload.NewCodec(payload.DevelopmentKey)
	if err != nil {
		t.Fatal(err)
	}
	replayer, err := worker.NewWorkflowReplayerWithOptions(worker.WorkflowReplayerOptions{DataConverter: codec.DataConverter()})
	if err != nil {
		t.Fatal(err)
	}
	replayer.RegisterWorkflow(CaseWorkflow)
	logger := tlog.NewStructuredLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			if err := replayer.ReplayWorkflowHistoryFromJSONFile(logger, file); err != nil {
				t.Fatal(err)
			}
		})
	}
}
