package accounts

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/changhu/ltc"
)

// MinPasswordLength is the shortest password an administrator may set.
const MinPasswordLength = 10

func wrongCredentials() error {
	return ltc.Errorf(ltc.EUnauthorized, "工号或密码不正确", "the staff id or the password is wrong")
}

// SignInStaff checks a member of staff's password and opens a session.
// client is the caller's network address, for the rate limit.
func (s *Service) SignInStaff(ctx context.Context, client, accountID, password string) (*Session, error) {
	if accountID == "" || len(accountID) > 64 || len(password) > 200 {
		return nil, wrongCredentials()
	}
	if err := s.limitAttempt(ctx, client, "staff:"+accountID); err != nil {
		return nil, err
	}
	who, hash, found, err := s.Store.Credentials(ctx, accountID)
	if err != nil {
		return nil, err
	}
	if !found {
		hash = dummyHash
	}
	ok, err := VerifyPassword(hash, password)
	if err != nil {
		return nil, fmt.Errorf("verify password of %s: %w", accountID, err)
	}
	if !ok || !found {
		s.Log.Info("staff sign-in refused", "account", accountID)
		if err := s.failed(ctx, "staff:"+accountID); err != nil {
			return nil, err
		}
		return nil, wrongCredentials()
	}
	return s.open(ctx, who)
}

// SetPassword lets an administrator set the password of a member of staff of
// their own region; the staff member signs in with it from then on.
func (s *Service) SetPassword(ctx context.Context, by ltc.Actor, staffID, password string) error {
	if by.Role != ltc.RoleAdmin || by.Region == "" {
		return ltc.Errorf(ltc.EForbidden, "只有本地区管理员可以设置密码", "only an administrator of the region may set passwords")
	}
	region, found, err := s.Store.StaffRegion(ctx, staffID)
	if err != nil {
		return err
	}
	if !found || region != by.Region {
		return ltc.Errorf(ltc.ENotFound, "本地区名册中没有这名工作人员", "no such member of staff in your region")
	}
	if utf8.RuneCountInString(password) < MinPasswordLength || len(password) > 200 {
		return ltc.Invalid([]ltc.FieldError{{Field: "password", Message: ltc.Text{
			Zh: fmt.Sprintf("密码至少 %d 个字符", MinPasswordLength), En: fmt.Sprintf("the password needs at least %d characters", MinPasswordLength)}}})
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	if err := s.Store.SetPassword(ctx, staffID, hash, by.ID, s.Now()); err != nil {
		return err
	}
	s.Log.Info("password set", "account", staffID, "by", by.ID)
	return nil
}
