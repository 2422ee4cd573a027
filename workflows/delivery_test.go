package workflows

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/testsuite"

	"github.com/changhu/ltc/activities"
)

func deliveryEnv(t *testing.T, deliver func(context.Context, string) error) (*testsuite.TestWorkflowEnvironment, *[]activities.DeadLetterInput) {
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	env.RegisterWorkflow(DeliveryWorkflow)
	env.RegisterWorkflow(DeliveriesWorkflow)
	env.OnActivity(acts.Deliver, mock.Anything, mock.Anything).Return(deliver)
	var dead []activities.DeadLetterInput
	env.OnActivity(acts.MarkDead, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.DeadLetterInput) error {
		dead = append(dead, in)
		return nil
	})
	return env, &dead
}

// A gateway that fails three times and then answers delivers once, backed off.
func TestAMessageIsRetriedWithBackoffUntilDelivered(t *testing.T) {
	tries := 0
	var at []time.Time
	var env *testsuite.TestWorkflowEnvironment
	env, dead := deliveryEnv(t, func(context.Context, string) error {
		tries++
		at = append(at, env.Now())
		if tries <= 3 {
			return errors.New("gateway answered 500")
		}
		return nil
	})
	env.ExecuteWorkflow(DeliveryWorkflow, "m-1")
	if err := env.GetWorkflowError(); err != nil || tries != 4 || len(*dead) != 0 {
		t.Fatalf("%v after %d tries, dead %v", err, tries, *dead)
	}
	if gap := at[3].Sub(at[2]); gap != 8*time.Second {
		t.Fatalf("the third retry came %s after the second, want 8s (2s, doubling)", gap)
	}
}

// A message the gateway never takes is a dead letter after the retry budget.
func TestAMessageBeyondTheRetryBudgetIsADeadLetter(t *testing.T) {
	tries := 0
	env, dead := deliveryEnv(t, func(context.Context, string) error { tries++; return errors.New("gateway answered 500") })
	env.ExecuteWorkflow(DeliveryWorkflow, "m-1")
	if err := env.GetWorkflowError(); err != nil || tries != int(DeliveryRetries.MaximumAttempts) || len(*dead) != 1 || (*dead)[0].MessageID != "m-1" {
		t.Fatalf("%v after %d tries, dead %v", err, tries, *dead)
	}
}

// The two phones of one line are texted by one workflow: the person's
// number the gateway refuses is a dead letter, the agent's is delivered.
func TestTheMessagesOfALineAreDeliveredEachOnItsOwn(t *testing.T) {
	tries := map[string]int{}
	env, dead := deliveryEnv(t, func(_ context.Context, id string) error {
		tries[id]++
		if id == "m-person" {
			return errors.New("gateway refused the number")
		}
		return nil
	})
	env.ExecuteWorkflow(DeliveriesWorkflow, []string{"m-person", "m-agent"})
	if err := env.GetWorkflowError(); err != nil || tries["m-agent"] != 1 || tries["m-person"] != int(DeliveryRetries.MaximumAttempts) ||
		len(*dead) != 1 || (*dead)[0].MessageID != "m-person" {
		t.Fatalf("%v: tries %v, dead %v", err, tries, *dead)
	}
}
