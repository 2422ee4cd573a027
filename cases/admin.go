package cases

import (
	"context"
	"io"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/calendar"
	"github.com/changhu/ltc/enrolment"
	"github.com/changhu/ltc/notify"
	"github.com/changhu/ltc/policy"
	"github.com/changhu/ltc/workflows"
)

// maxRefusalsListed bounds the refused rows an import report lists; the
// count says how many there were in all.
const maxRefusalsListed = 100

// ImportReport is what an enrolment import did.
type ImportReport struct {
	enrolment.Report
	RefusedCount int `json:"refused_count"`
}

// ImportEnrolments takes the insurance records as CSV. An administrator
// imports the rows of their own region; every other row is refused, with
// its line. Importing the same file again changes nothing.
func (s *Service) ImportEnrolments(ctx context.Context, a ltc.Actor, csv io.Reader) (*ImportReport, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	ownRegion := func(region string) bool { return region == a.Region }
	records, refused, err := enrolment.Parse(csv, ownRegion, s.Now())
	if err != nil {
		return nil, err
	}
	report, err := s.Store.ImportEnrolments(ctx, records)
	if err != nil {
		return nil, err
	}
	s.tellOpenCases(ctx, report.Changed)
	report.Rows = len(records) + enrolment.CountLines(refused)
	out := &ImportReport{Report: report, RefusedCount: len(refused)}
	out.Refused = append([]enrolment.RowError{}, refused[:min(len(refused), maxRefusalsListed)]...)
	s.Log.Info("enrolments imported", "by", a.ID, "region", a.Region, "report", report.String())
	return out, nil
}

// SaveCalendar loads one year's holidays and make-up working days (调休) as
// the State Council publishes them, for the whole country: a national role's
// task. Deadlines count on it from the next minute.
func (s *Service) SaveCalendar(ctx context.Context, a ltc.Actor, y calendar.Year) error {
	if a.Role != ltc.RoleNational {
		return ltc.Errorf(ltc.EForbidden, "节假日安排由国家层面的管理员维护", "the holiday calendar is kept by the national administration")
	}
	if err := calendar.New().Load(y); err != nil {
		return &ltc.Error{Code: ltc.EInvalid, Err: err, Message: ltc.Text{Zh: "日历有误", En: "the calendar is wrong"},
			Fields: []ltc.FieldError{{Field: "holidays", Message: ltc.Text{Zh: "日历有误：" + err.Error(), En: "the calendar is wrong: " + err.Error()}}}}
	}
	return s.Store.SaveCalendarYear(ctx, y, a.ID)
}

// SaveRoster adds or updates assessment institutions and staff of the
// administrator's own region; nobody of another region can be moved into it.
func (s *Service) SaveRoster(ctx context.Context, a ltc.Actor, institutions []Institution, staff []Staff) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	var staffIDs, institutionIDs []string
	outside := false
	for _, in := range institutions {
		institutionIDs, outside = append(institutionIDs, in.ID), outside || in.Region != a.Region
	}
	for _, st := range staff {
		staffIDs, outside = append(staffIDs, st.ID), outside || st.Region != a.Region
		if st.InstitutionID != "" {
			institutionIDs = append(institutionIDs, st.InstitutionID)
		}
	}
	existing, err := s.Store.Regions(ctx, staffIDs, institutionIDs)
	if err != nil {
		return err
	}
	for _, region := range existing {
		outside = outside || region != a.Region
	}
	if outside {
		return ltc.Errorf(ltc.EForbidden, "只能维护本地区的名册，不能调入其他地区的人员或机构", "you may only manage your own region's roster, not move others' staff or institutions into it")
	}
	return s.Store.UpsertRoster(ctx, institutions, staff)
}

// tellOpenCases signals the open cases of people whose records changed, so
// that arrears suspend or resume their payment. A signal that fails is
// logged: the case reads the records again at its next decision.
func (s *Service) tellOpenCases(ctx context.Context, residentIDs []string) {
	if len(residentIDs) == 0 {
		return
	}
	ids, err := s.Store.OpenCasesOf(ctx, residentIDs)
	if err != nil {
		s.Log.Warn("open cases not told of an enrolment import", "err", err)
		return
	}
	for _, id := range ids {
		if err := s.Temporal.SignalWorkflow(ctx, id, "", workflows.SignalEnrolmentChanged, nil); err != nil {
			s.Log.Warn("case not told of an enrolment import", "workflow", id, "err", err)
		}
	}
}

// SaveIncomeFigure records the per-capita disposable income its region
// published for a year, with where it was published.
func (s *Service) SaveIncomeFigure(ctx context.Context, a ltc.Actor, f policy.IncomeFigure) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	f.Region = a.Region
	return s.Store.SaveIncomeFigure(ctx, f, a.ID)
}

// DeadLetters lists the messages of the administrator's region that could
// not be delivered.
func (s *Service) DeadLetters(ctx context.Context, a ltc.Actor) ([]DeadLetter, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	return s.Store.DeadLetters(ctx, a.Region)
}

// RetryDeadLetter sends a dead letter of the administrator's region again.
func (s *Service) RetryDeadLetter(ctx context.Context, a ltc.Actor, messageID string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	if err := s.Store.Revive(ctx, a.Region, messageID); err != nil {
		return err
	}
	s.Deliveries.Start(ctx, messageID)
	return nil
}

// DevMessages are what the development sink received, newest first.
func (s *Service) DevMessages(ctx context.Context) ([]notify.DevMessage, error) {
	return s.Store.DevMessages(ctx, 100)
}

func requireAdmin(a ltc.Actor) error {
	if a.Role != ltc.RoleAdmin || a.Region == "" {
		return ltc.Errorf(ltc.EForbidden, "只有本地区管理员可以进行此操作", "only an administrator of the region may do this")
	}
	return nil
}

// Roster lists the institutions and staff of the administrator's region.
func (s *Service) Roster(ctx context.Context, a ltc.Actor) ([]Institution, []Staff, error) {
	if err := requireAdmin(a); err != nil {
		return nil, nil, err
	}
	return s.Store.Roster(ctx, a.Region)
}
