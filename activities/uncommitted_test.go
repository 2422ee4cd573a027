package activities

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/enrolment"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// committingStore finds a case only after some reads, as a case whose
// transaction commits after its workflow started.
type committingStore struct {
	Store
	notYet, reads int
}

func (s *committingStore) CaseFacts(context.Context, string) (*CaseFacts, error) {
	s.reads++
	if s.reads <= s.notYet {
		return nil, ltc.Errorf(ltc.ENotFound, "没有这个案件", "no such case")
	}
	app, _ := json.Marshal(forms.Application{Region: "xuzhou", Scheme: "employee"})
	return &CaseFacts{Application: app, ResidentID: "320106194702144225", SelfGrade: "F"}, nil
}

func (s *committingStore) PersonRecords(context.Context, string, string) ([]policy.Enrolment, enrolment.Facts, error) {
	return nil, enrolment.Facts{}, nil
}

// eligibilityOnce runs CheckEligibility as a case's workflow does, with its
// retries, and says how it ended.
func eligibilityOnce(t *testing.T, store *committingStore) error {
	reg, err := policy.Load(forms.MustShipped(), "")
	if err != nil {
		t.Fatal(err)
	}
	xuzhou, _ := reg.Latest("xuzhou")
	acts := &Activities{Store: store, Policies: reg}
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterActivity(acts)
	env.ExecuteWorkflow(func(ctx workflow.Context) error {
		ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Second,
			RetryPolicy: &temporal.RetryPolicy{MaximumInterval: time.Minute}})
		return workflow.ExecuteActivity(ctx, acts.CheckEligibility, EligibilityInput{CaseID: "c1", Region: "xuzhou", Version: xuzhou.Version}).Get(ctx, nil)
	})
	return env.GetWorkflowError()
}

// The first reads of a case may come before its application is committed:
// they are tried again, and the case goes on.
func TestACaseCommittedLateIsReadAgain(t *testing.T) {
	store := &committingStore{notYet: 2}
	if err := eligibilityOnce(t, store); err != nil || store.reads != 3 {
		t.Fatalf("%v after %d reads", err, store.reads)
	}
}

// A case that never appears was never recorded: after half a minute of
// tries the workflow is told so, and ends it.
func TestACaseNeverCommittedIsNotFoundInTheEnd(t *testing.T) {
	store := &committingStore{notYet: 1000}
	err := eligibilityOnce(t, store)
	var app *temporal.ApplicationError
	if !errors.As(err, &app) || app.Type() != ltc.ENotFound || store.reads != uncommittedTries {
		t.Fatalf("%v after %d reads", err, store.reads)
	}
}
