package accounts

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"regexp"

	"github.com/changhu/ltc"
)

// mobile is a mainland mobile number, as the application form requires.
var mobile = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

var code6 = regexp.MustCompile(`^[0-9]{6}$`)

func badPhone() error {
	return ltc.Invalid([]ltc.FieldError{{Field: "phone", Message: ltc.Text{
		Zh: "请填写11位手机号码", En: "enter an 11-digit mobile number"}}})
}

// SendCode sends a six-digit code to a phone, valid five minutes and once;
// a new code replaces the last. client is the caller's network address.
func (s *Service) SendCode(ctx context.Context, client, phone string) error {
	if !mobile.MatchString(phone) {
		return badPhone()
	}
	family := s.FamilyID(phone)
	if err := s.limitAttempt(ctx, client, "family:"+family); err != nil {
		return err
	}
	if err := s.limit(ctx, "code-sent:"+digest(family), codesPerFamily); err != nil {
		return err
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return fmt.Errorf("draw a code: %w", err)
	}
	code := fmt.Sprintf("%06d", n.Int64())
	if err := s.Store.SaveCode(ctx, family, s.codeHash(family, code), s.Now().Add(codeLifetime)); err != nil {
		return err
	}
	if err := s.Codes.SendCode(ctx, phone, code); err != nil {
		return &ltc.Error{Code: ltc.EUnavailable, Err: fmt.Errorf("send code to %s: %w", family, err), Message: ltc.Text{
			Zh: "验证码暂时无法发送，请稍后重试", En: "the code cannot be sent just now; please retry"}}
	}
	return nil
}

// SignInFamily checks a code sent to a phone and opens the family's session.
func (s *Service) SignInFamily(ctx context.Context, client, phone, code string) (*Session, error) {
	if !mobile.MatchString(phone) {
		return nil, badPhone()
	}
	family := s.FamilyID(phone)
	if err := s.limitAttempt(ctx, client, "family:"+family); err != nil {
		return nil, err
	}
	wrong := ltc.Invalid([]ltc.FieldError{{Field: "code", Message: ltc.Text{
		Zh: "验证码不正确或已过期，请重新获取", En: "the code is wrong or has expired; ask for a new one"}}})
	ok := false
	if code6.MatchString(code) {
		var err error
		if ok, err = s.Store.UseCode(ctx, family, s.codeHash(family, code), s.Now()); err != nil {
			return nil, err
		}
	}
	if !ok {
		if err := s.failed(ctx, "family:"+family); err != nil {
			return nil, err
		}
		return nil, wrong
	}
	return s.open(ctx, ltc.Actor{ID: family, Role: ltc.RoleApplicant})
}

// codeHash keys the code to the family, so that one family's code is no other's.
func (s *Service) codeHash(family, code string) string {
	mac := hmac.New(sha256.New, s.Secret)
	mac.Write([]byte("sign-in-code\x00" + family + "\x00" + code))
	return hex.EncodeToString(mac.Sum(nil))
}
