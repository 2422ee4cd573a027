package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// The baseline of BenchmarkLifecycle: a workflow with nothing of ours in it
// that takes the same number of updates, runs the same number of no-op
// activities and waits the same publicity timer, on a worker in the same
// process against the same Temporal server.
const bareTaskQueue = "bench-bare"

type bareInput struct {
	Updates, Activities int
	Publicity           time.Duration
}

// bareWorkflow spreads the activities over the waits for its updates.
func bareWorkflow(ctx workflow.Context, in bareInput) error {
	taken := 0
	if err := workflow.SetUpdateHandler(ctx, "step", func(ctx workflow.Context) error {
		taken++
		return nil
	}); err != nil {
		return err
	}
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second})
	perStep := in.Activities / (in.Updates + 1)
	for step := 0; step <= in.Updates; step++ {
		if step > 0 {
			if err := workflow.Await(ctx, func() bool { return taken >= step }); err != nil {
				return err
			}
		}
		runs := perStep
		if step == in.Updates {
			runs = in.Activities - perStep*in.Updates
		}
		for range runs {
			if err := workflow.ExecuteActivity(ctx, bareActivity).Get(ctx, nil); err != nil {
				return err
			}
		}
	}
	return workflow.Sleep(ctx, in.Publicity)
}

func bareActivity(context.Context) error { return nil }

type bareCases struct {
	c    client.Client
	w    worker.Worker
	in   bareInput
	run0 string
}

func newBareCases(b *testing.B, s *stack, counts historyCount) *bareCases {
	c := s.temporalClient(b)
	w := worker.New(c, bareTaskQueue, worker.Options{})
	w.RegisterWorkflow(bareWorkflow)
	w.RegisterActivity(bareActivity)
	if err := w.Start(); err != nil {
		b.Fatal(err)
	}
	return &bareCases{c: c, w: w, run0: fmt.Sprint(time.Now().UnixNano()),
		in: bareInput{Updates: counts.updates, Activities: counts.activities, Publicity: time.Second}}
}

// run starts bare case i, sends its updates one after the other as the
// people of a real case would, and waits for its end.
func (bc *bareCases) run(i int) error {
	ctx := context.Background()
	run, err := bc.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("bare-%s-%d", bc.run0, i), TaskQueue: bareTaskQueue}, bareWorkflow, bc.in)
	if err != nil {
		return err
	}
	for range bc.in.Updates {
		h, err := bc.c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: run.GetID(), RunID: run.GetRunID(),
			UpdateName: "step", WaitForStage: client.WorkflowUpdateStageCompleted})
		if err != nil {
			return err
		}
		if err := h.Get(ctx, nil); err != nil {
			return err
		}
	}
	return run.Get(ctx, nil)
}

func (bc *bareCases) stop() {
	bc.w.Stop()
	bc.c.Close()
}

// countHistory counts the accepted updates and the activities scheduled in
// a workflow's first run.
func countHistory(b *testing.B, s *stack, workflowID string) historyCount {
	c := s.temporalClient(b)
	defer c.Close()
	var n historyCount
	it := c.GetWorkflowHistory(context.Background(), workflowID, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			b.Fatal(err)
		}
		switch e.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
			n.updates++
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			n.activities++
		}
	}
	return n
}

// temporalClient is a plain client of the stack's Temporal server: what it
// reads of histories needs no payload decoded.
func (s *stack) temporalClient(b *testing.B) client.Client {
	c, err := client.Dial(client.Options{HostPort: loadConfig(s.getenv).TemporalAddress, Logger: quietTemporal{}})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// quietTemporal drops the SDK's log lines, which would land among the figures.
type quietTemporal struct{}

func (quietTemporal) Debug(string, ...any) {}
func (quietTemporal) Info(string, ...any)  {}
func (quietTemporal) Warn(string, ...any)  {}
func (quietTemporal) Error(string, ...any) {}

// dbRow runs one query on a connection of its own.
func (s *stack) dbRow(sql string, args ...any) pgx.Row {
	return s.db(s.t).QueryRow(context.Background(), sql, args...)
}

// db is a connection to the stack's database, closed with the test.
func (s *stack) db(t testing.TB) *pgx.Conn {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, loadConfig(s.getenv).DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn
}
