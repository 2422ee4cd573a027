package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/changhu/ltc/activities"
)

// EvidenceCheckSchedule is the id of the integrity check's schedule.
const EvidenceCheckSchedule = "ltc-evidence-check"

// evidencePage is how many rows one activity re-hashes, and evidencePages
// how many pages one run takes before it continues as new (its history stays small).
const (
	evidencePage  = 100
	evidencePages = 200
)

// EvidenceCheckWorkflow re-hashes every stored evidence object, a page of
// rows at a time in id order, and records each that is not what its row says
// (another SHA-256 or size, or not there). A Schedule runs it; its state
// carries across continue-as-new, and the check's id is its first run's.
func EvidenceCheckWorkflow(ctx workflow.Context, st activities.EvidenceCheckState) (activities.EvidenceCheckState, error) {
	if st.CheckID == "" {
		st.CheckID = workflow.GetInfo(ctx).WorkflowExecution.RunID
		if err := workflow.ExecuteActivity(activityCtx(ctx), acts.StartEvidenceCheck, st.CheckID).Get(ctx, nil); err != nil {
			return st, err
		}
	}
	pageCtx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		// One page streams up to evidencePage objects (a video is up to 2 GiB);
		// the heartbeat per object is what notices a lost worker.
		StartToCloseTimeout: 6 * time.Hour,
		HeartbeatTimeout:    2 * time.Minute,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute},
	})
	for range evidencePages {
		var page activities.EvidencePage
		in := activities.EvidencePageInput{CheckID: st.CheckID, After: st.After, Limit: evidencePage}
		if err := workflow.ExecuteActivity(pageCtx, acts.CheckEvidencePage, in).Get(ctx, &page); err != nil {
			return st, err
		}
		st.Checked += page.Checked
		st.Bytes += page.Bytes
		st.Problems += page.Problems
		if page.Next == "" {
			err := workflow.ExecuteActivity(activityCtx(ctx), acts.FinishEvidenceCheck, st).Get(ctx, nil)
			return st, err
		}
		st.After = page.Next
	}
	return st, workflow.NewContinueAsNewError(ctx, EvidenceCheckWorkflow, st)
}
