package cases

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

// Submit validates an application, records it and starts its workflow, all
// or nothing. A caseworker files applications for their own region only.
// The insured person's identity is the insurance record's: an application
// whose name does not match the record of that ID number is refused, so that
// nobody can apply in another person's name by knowing their number.
func (s *Service) Submit(ctx context.Context, by ltc.Actor, app forms.Application) (*View, error) {
	if by.Role != ltc.RoleApplicant && by.Role != ltc.RoleCaseworker {
		return nil, ltc.Errorf(ltc.EForbidden, "当前角色不能提交申请", "your role may not apply")
	}
	checked, err := s.Validator.CheckApplication(app)
	if err != nil {
		return nil, err
	}
	if by.Role == ltc.RoleCaseworker && app.Region != by.Region {
		return nil, ltc.Errorf(ltc.EForbidden, "只能为本地区受理申请", "a caseworker files applications for their own region only")
	}
	if app.SelfAssessment.ExceptionReason != "" && by.Role != ltc.RoleCaseworker {
		return nil, ltc.Invalid([]ltc.FieldError{{Field: "self_assessment.exception_reason", Message: ltc.Text{
			Zh: "只有经办人员可以登记自评例外", En: "only a caseworker can record a self-assessment exception"}}})
	}
	if err := s.checkIdentity(ctx, string(checked.ResidentID), app); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(app)
	if err != nil {
		return nil, fmt.Errorf("encode application: %w", err)
	}
	caseID, err := s.Store.CreateCase(ctx, NewCase{
		ResidentID: string(checked.ResidentID), Name: sameName(app.Person.Name), Region: app.Region, Scheme: app.Scheme,
		SelfGrade: checked.SelfAssessment.Grade, Application: raw, Family: s.family(app), Actor: by, At: s.Now(),
	}, func(ctx context.Context, caseID, personID string) (string, error) {
		return s.startWorkflow(ctx, caseID, personID, app.Region, by.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("submit application: %w", err)
	}
	s.Log.Info("case submitted", "case", caseID, "region", app.Region, "by", by.ID)
	return s.Get(ctx, by, caseID)
}

// checkIdentity compares the name with the insurance record of the ID number
// in the region; without a record, the eligibility gates say what is missing.
func (s *Service) checkIdentity(ctx context.Context, residentID string, app forms.Application) error {
	name, found, err := s.Store.InsuredName(ctx, residentID, app.Region)
	if err != nil || !found || name == "" {
		return err
	}
	if sameName(name) != sameName(app.Person.Name) {
		return ltc.Invalid([]ltc.FieldError{{Field: "person.name", Message: ltc.Text{
			Zh: "姓名与该身份号码的参保登记信息不一致，请以社会保障卡上的姓名为准",
			En: "the name does not match the insurance record of this ID number; use the name on the social security card"}}})
	}
	return nil
}

// sameName is a name as compared and stored: normal form C, without spaces,
// with the middle dots of minority names made one.
func sameName(name string) string {
	name = strings.Join(strings.Fields(norm.NFC.String(name)), "")
	return strings.NewReplacer("•", "·", "．", "·", "・", "·").Replace(name)
}

// family are the family accounts of the person's and the agent's phones.
func (s *Service) family(app forms.Application) []string {
	if s.FamilyID == nil {
		return nil
	}
	return []string{s.FamilyID(app.Person.Phone), s.FamilyID(app.Agent.Phone)}
}

func newID() string { return uuid.NewString() }
