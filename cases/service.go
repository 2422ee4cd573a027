// Package cases is what the API does with a case: it records applications,
// evidence and forms in PostgreSQL and MinIO, and hands human actions to the
// case's workflow as Temporal Updates.
package cases

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/google/uuid"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/evidence"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/postgres"
	"github.com/changhu/ltc/workflows"
)

// MaxEvidenceBytes is the largest file accepted (a long visit video).
const MaxEvidenceBytes = 2 << 30

// Service acts on cases.
type Service struct {
	DB        *postgres.DB
	Temporal  client.Client
	Evidence  *evidence.Store
	Validator *forms.Validator
	Catalog   *forms.Catalog
	Log       *slog.Logger
	Now       func() time.Time
}

// Submit validates an application, records it and starts its workflow, all or
// nothing. A non-empty region limits where the caller may apply (a caseworker's own).
func (s *Service) Submit(ctx context.Context, by ltc.Actor, region string, app forms.Application) (*ltc.Case, error) {
	checked, err := s.Validator.CheckApplication(app)
	if err != nil {
		return nil, err
	}
	if region != "" && app.Region != region {
		return nil, ltc.Errorf(ltc.EForbidden, "只能为本地区受理申请", "a caseworker files applications for their own region only")
	}
	if app.SelfAssessment.ExceptionReason != "" && by.Role != ltc.RoleCaseworker {
		return nil, ltc.Invalid([]ltc.FieldError{{Field: "self_assessment.exception_reason", Message: ltc.Text{
			Zh: "只有经办人员可以登记自评例外", En: "only a caseworker can record a self-assessment exception"}}})
	}
	raw, err := json.Marshal(app)
	if err != nil {
		return nil, fmt.Errorf("encode application: %w", err)
	}
	caseID, err := s.DB.CreateCase(ctx, postgres.NewCase{
		ResidentID: string(checked.ResidentID), Name: app.Person.Name, Phone: app.Person.Phone,
		Region: app.Region, Scheme: app.Scheme, SelfGrade: checked.SelfAssessment.Grade,
		Application: raw, Actor: by, At: s.Now(),
	}, func(ctx context.Context, caseID, personID string) (string, error) {
		return s.startWorkflow(ctx, caseID, personID, app.Region, by.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("submit application: %w", err)
	}
	s.Log.Info("case submitted", "case", caseID, "region", app.Region, "by", by.ID)
	return s.DB.GetCase(ctx, caseID)
}

func (s *Service) startWorkflow(ctx context.Context, caseID, personID, region, applicant string) (string, error) {
	id := workflows.CaseWorkflowID(personID)
	_, err := s.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       id,
		TaskQueue:                workflows.TaskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		TypedSearchAttributes:    temporalAttributes(region),
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

// Get returns a case with its history.
func (s *Service) Get(ctx context.Context, id string) (*ltc.Case, error) {
	if _, err := uuid.Parse(id); err != nil {
		return nil, ltc.Errorf(ltc.ENotFound, "没有编号为 %s 的案件", "no case %s", id)
	}
	return s.DB.GetCase(ctx, id)
}

// Act sends a human action to the case's workflow as an Update and returns
// the case as it stands after. requestID (the Idempotency-Key) makes a retried
// click count once.
func (s *Service) Act(ctx context.Context, c *ltc.Case, requestID, update string, arg any) (*ltc.Case, error) {
	if err := s.update(ctx, c, requestID, update, arg); err != nil {
		return nil, fmt.Errorf("%s on case %s: %w", update, c.ID, err)
	}
	return s.DB.GetCase(ctx, c.ID)
}

// SubmitAssessment stores an assessor's form and hands it to the workflow,
// which scores it with the region's instrument and decides.
func (s *Service) SubmitAssessment(ctx context.Context, by ltc.Actor, c *ltc.Case, requestID string, f forms.Form, visitedAt time.Time, signatures []string) (*ltc.Case, error) {
	id := c.ID
	if _, err := s.Catalog.ScoreAssessment(f); err != nil {
		return nil, err
	}
	formID := uuid.NewString()
	err := s.DB.SaveSubmittedForm(ctx, postgres.SubmittedForm{ID: formID, CaseID: id, AssessorID: by.ID, Form: f, VisitedAt: visitedAt})
	if err != nil {
		return nil, err
	}
	sub := workflows.AssessmentSubmission{Actor: by, FormID: formID, Signatures: signatures}
	if err := s.update(ctx, c, requestID, workflows.UpdateSubmitAssessment, sub); err != nil {
		return nil, fmt.Errorf("submit assessment of case %s: %w", id, err)
	}
	return s.DB.GetCase(ctx, id)
}

// update sends a human action to the case's workflow by workflow id (never a
// stored run id) and waits for its answer; a refusal comes back as an ltc.Error.
func (s *Service) update(ctx context.Context, c *ltc.Case, requestID, name string, arg any) error {
	if c.Status.Closed() {
		return &ltc.Error{Code: ltc.EConflict, Message: ltc.Text{
			Zh: "案件已办结（" + c.Status.Label().Zh + "），不能再操作", En: "the case is closed (" + c.Status.Label().En + ")"}}
	}
	if requestID == "" {
		requestID = uuid.NewString()
	}
	handle, err := s.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: c.WorkflowID, UpdateID: requestID, UpdateName: name,
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
	return temporalUnavailable(name, err)
}

// State asks the case's workflow for its state and pending actions. The wait
// is short: with no worker up, a case is still shown, without them.
func (s *Service) State(ctx context.Context, c *ltc.Case) (*workflows.View, error) {
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

// AddEvidence streams a file to object storage and records it. If the record
// cannot be written, the object is removed: no evidence row without its file,
// and no file without its row.
//
// With a requestID (Idempotency-Key), a retried upload returns the file stored
// the first time instead of storing it again.
func (s *Service) AddEvidence(ctx context.Context, by ltc.Actor, c *ltc.Case, filename string, r io.Reader, requestID string) (*ltc.Evidence, error) {
	id := c.ID
	ev := ltc.Evidence{ID: uuid.NewString(), CaseID: c.ID, Filename: filename, UploadedBy: by}
	if requestID != "" {
		ev.ID = uuid.NewSHA1(evidenceKeys, []byte(c.ID+"\x00"+by.ID+"\x00"+requestID)).String()
		for _, stored := range c.Evidence {
			if stored.ID == ev.ID {
				return &stored, nil
			}
		}
	}
	ev.ObjectKey = "cases/" + c.ID + "/" + ev.ID // random, so not guessable
	stored, err := s.Evidence.Put(ctx, ev.ObjectKey, r, MaxEvidenceBytes)
	if err != nil {
		return nil, fmt.Errorf("upload evidence for case %s: %w", id, err)
	}
	ev.ContentType, ev.Size, ev.SHA256, ev.VersionID = stored.ContentType, stored.Size, stored.SHA256, stored.VersionID
	ev.CreatedAt = s.Now()
	entry := ltc.HistoryEntry{At: ev.CreatedAt, Actor: by, Action: "evidence_added", Status: c.Status,
		Details: map[string]any{"evidence_id": ev.ID, "sha256": ev.SHA256, "size": ev.Size}}
	if err := s.DB.AddEvidence(ctx, ev, entry); err != nil {
		if rmErr := s.Evidence.Remove(context.WithoutCancel(ctx), ev.ObjectKey, ev.VersionID); rmErr != nil {
			s.Log.Error("orphan evidence object left behind", "case", c.ID, "key", ev.ObjectKey, "err", rmErr)
		}
		return nil, fmt.Errorf("record evidence for case %s: %w", id, err)
	}
	return &ev, nil
}

// evidenceKeys is the namespace of evidence ids derived from idempotency keys.
var evidenceKeys = uuid.MustParse("6f1c1f5e-2b7a-4d8e-9a51-3c0b8f3e2d71")

func temporalUnavailable(what string, err error) error {
	return &ltc.Error{Code: ltc.EUnavailable, Err: fmt.Errorf("%s: %w", what, err),
		Message: ltc.Text{Zh: "流程服务暂时不可用，请稍后重试", En: "the workflow service is unavailable; please retry"}}
}

// EvidenceURL returns a short-lived download link for one file of a case.
func (s *Service) EvidenceURL(ctx context.Context, c *ltc.Case, evidenceID string) (string, time.Time, error) {
	for _, ev := range c.Evidence {
		if ev.ID == evidenceID {
			ttl := 5 * time.Minute
			url, err := s.Evidence.PresignGet(ctx, ev.ObjectKey, ev.VersionID, ev.Filename, ttl)
			return url, s.Now().Add(ttl), err
		}
	}
	return "", time.Time{}, ltc.Errorf(ltc.ENotFound, "没有这个文件", "no such file")
}
