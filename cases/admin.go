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

// SaveRosterActive is SaveRoster that also deactivates or takes back the
// members active names (staff id → active); a member it does not name keeps
// their state, so that sending a roster again never undoes a deactivation.
// Every member it names must be among staff.
func (s *Service) SaveRosterActive(ctx context.Context, a ltc.Actor, institutions []Institution, staff []Staff, active map[string]bool) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	if on, named := active[a.ID]; named && !on {
		return ltc.Invalid([]ltc.FieldError{{Field: "active", Message: ltc.Text{
			Zh: "不能停用自己的账号", En: "you cannot deactivate your own account"}}})
	}
	if err := s.SaveRoster(ctx, a, institutions, staff); err != nil {
		return err
	}
	for _, st := range staff {
		if on, named := active[st.ID]; named {
			if err := s.SetActive(ctx, a, st.ID, on); err != nil {
				return err
			}
		}
	}
	return nil
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

// Members is the roster's part of the Store that revocation reads and
// writes. Every signed-in request reads a member by id (the primary key),
// never from a cache: a deactivation holds from the next request.
type Members interface {
	StaffMember(ctx context.Context, staffID string) (who ltc.Actor, active, found bool, err error)
	SetStaffActive(ctx context.Context, staffID string, active bool) error
}

// Active says whether a signed-in principal may still act; the API asks it
// of every bearer token and the pages of every session. A member of staff
// deactivated on the roster is refused from the next request on, and so is
// one whose role or region on the roster is no longer the one the token or
// session names. Families (applicants) and the national administration are
// on no roster, and a token naming a member of staff whom no roster holds
// (issued by an operator with `ltc token`) is taken as its signature vouches:
// the roster can only take back what it holds.
func (s *Service) Active(ctx context.Context, a ltc.Actor) error {
	if !a.Role.Regional() {
		return nil
	}
	who, active, found, err := s.Store.StaffMember(ctx, a.ID)
	switch {
	case err != nil:
		return err
	case !found:
		return nil
	case !active:
		s.Log.Info("deactivated staff refused", "actor", a.ID, "role", a.Role)
		return ltc.Errorf(ltc.EUnauthorized, "您的账号已停用，请联系本地区管理员", "your account has been deactivated; ask your region's administrator")
	case who.Role != a.Role || who.Region != a.Region:
		s.Log.Info("staff of another role or region on the roster refused", "actor", a.ID, "role", a.Role)
		return ltc.Errorf(ltc.EUnauthorized, "您在名册中的角色或地区已变更，请重新登录", "your role or region on the roster has changed; sign in again")
	}
	return nil
}

// SetActive deactivates a member of staff of the administrator's own region,
// or takes them back: a deactivated member's tokens and sessions stop
// working at once (their page sessions are deleted), and their password
// signs them in no more. An administrator cannot deactivate themselves.
func (s *Service) SetActive(ctx context.Context, a ltc.Actor, staffID string, active bool) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	who, _, found, err := s.Store.StaffMember(ctx, staffID)
	if err != nil {
		return err
	}
	if !found || who.Region != a.Region {
		return ltc.Errorf(ltc.ENotFound, "本地区名册中没有这名工作人员", "no such member of staff in your region")
	}
	if !active && staffID == a.ID {
		return ltc.Invalid([]ltc.FieldError{{Field: "active", Message: ltc.Text{
			Zh: "不能停用自己的账号", En: "you cannot deactivate your own account"}}})
	}
	if err := s.Store.SetStaffActive(ctx, staffID, active); err != nil {
		return err
	}
	s.Log.Info("staff active set", "staff", staffID, "active", active, "by", a.ID)
	return nil
}
