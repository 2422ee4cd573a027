package cases

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/workflows"
)

func (s *Service) startWorkflow(ctx context.Context, caseID, personID, region, applicant string) (string, error) {
	id := workflows.CaseWorkflowID(personID)
	_, err := s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       id,
		TaskQueue:                workflows.TaskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		TypedSearchAttributes: temporal.NewSearchAttributes( // no personal data
			workflows.SearchStatus.ValueSet(string(ltc.StatusSubmitted)),
			workflows.SearchRegion.ValueSet(region),
		),
	}, workflows.CaseWorkflow, workflows.CaseInput{CaseID: caseID, Region: region, Applicant: applicant})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return "", ltc.Errorf(ltc.EConflict, "该参保人已有办理中的申请，不能重复申请", "this person already has an open case")
	}
	if err != nil {
		return "", temporalUnavailable("start case workflow", err)
	}
	return id, nil
}

// Request identifies one action a person asked for, so that a retried click
// counts once: the update id is derived from who asked, for what, on which
// case, under their Idempotency-Key; without a key every request is new.
type Request struct {
	Key   string // the Idempotency-Key, or ""
	Scope string // method and route, e.g. "POST /api/v1/cases/:id/acceptance"
}

func (r Request) updateID(a ltc.Actor, caseID string) string {
	if r.Key == "" {
		return uuid.NewString()
	}
	sum := sha256.Sum256([]byte(a.ID + "\x00" + r.Scope + "\x00" + caseID + "\x00" + r.Key))
	return hex.EncodeToString(sum[:16])
}

// update sends an action to the case's workflow by workflow id (never a
// stored run id) and waits for its answer, at most UpdateTimeout: a person is
// never left hanging. A refusal comes back as the workflow's ltc.Error.
func (s *Service) update(ctx context.Context, c *ltc.Case, updateID, name string, arg any) error {
	ctx, cancel := context.WithTimeout(ctx, s.updateTimeout())
	defer cancel()
	handle, err := s.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: c.WorkflowID, UpdateID: updateID, UpdateName: name,
		Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = handle.Get(ctx, nil)
	}
	if err == nil {
		return nil
	}
	if domainErr := workflows.AsDomainError(err); domainErr != nil {
		return domainErr
	}
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		return ltc.Errorf(ltc.EConflict, "案件流程已结束", "the case workflow has ended")
	}
	if ctx.Err() != nil {
		return &ltc.Error{Code: ltc.EUnavailable, Err: fmt.Errorf("%s on case %s: %w", name, c.ID, err), Message: ltc.Text{
			Zh: "系统正在处理您的操作，请稍后用相同的请求重试", En: "your action is still being processed; retry the same request shortly"}}
	}
	return temporalUnavailable(name, err)
}

// state asks the case's workflow for its state and pending actions. The wait
// is short: with no worker up, a case is still shown, without them.
func (s *Service) state(ctx context.Context, c *ltc.Case) (*workflows.View, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	res, err := s.Temporal.QueryWorkflow(ctx, c.WorkflowID, "", workflows.QueryState)
	if err != nil {
		return nil, temporalUnavailable("query case", err)
	}
	var v workflows.View
	if err := res.Get(&v); err != nil {
		return nil, fmt.Errorf("decode case state: %w", err)
	}
	return &v, nil
}

func temporalUnavailable(what string, err error) error {
	return ltc.Unavailable(ltc.ServiceWorkflow, what, err)
}
