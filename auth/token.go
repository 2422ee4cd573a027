// Package auth issues and verifies the bearer tokens (JWT, HS256) that carry
// who is calling: the role, an internal id and, for staff, the region they
// work for; never personal data.
package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/changhu/ltc"
)

// Roles that may hold a token.
var Roles = []ltc.Role{ltc.RoleApplicant, ltc.RoleCaseworker, ltc.RoleAssessor, ltc.RoleCommittee, ltc.RoleAdmin, ltc.RoleNational}

// MaxLifetime is the longest a token is valid: a lost token stops working
// within it.
const MaxLifetime = 31 * 24 * time.Hour

// clockSkew is how far ahead of ours the issuer's clock may be.
const clockSkew = time.Minute

// issuer and audience name this system on both ends of a token.
const (
	issuer   = "ltc"
	audience = "ltc-api"
)

type claims struct {
	Role   ltc.Role `json:"role"`
	Region string   `json:"region,omitempty"`
	jwt.RegisteredClaims
}

// Tokens signs and verifies tokens with one secret.
type Tokens struct {
	secret []byte
	now    func() time.Time
}

// New returns Tokens for a secret of at least 32 bytes.
func New(secret string, now func() time.Time) (*Tokens, error) {
	if len(secret) < 32 {
		return nil, errors.New("the token secret must be at least 32 bytes")
	}
	return &Tokens{secret: []byte(secret), now: now}, nil
}

// Check says what is wrong with a principal for a token: an unknown role,
// no id, a regional role without its region, or a region where none belongs.
func Check(a ltc.Actor) error {
	switch {
	case !slices.Contains(Roles, a.Role):
		return fmt.Errorf("role %q is not one of %v", a.Role, Roles)
	case a.ID == "":
		return errors.New("a token needs an id")
	case a.Role.Regional() && a.Region == "":
		return fmt.Errorf("a %s works for one region: give the region", a.Role)
	case !a.Role.Regional() && a.Region != "":
		return fmt.Errorf("a %s has no region", a.Role)
	}
	return nil
}

// Issue signs a token for a principal, valid for ttl (at most MaxLifetime).
func (t *Tokens) Issue(a ltc.Actor, ttl time.Duration) (string, error) {
	if err := Check(a); err != nil {
		return "", fmt.Errorf("issue token: %w", err)
	}
	if ttl <= 0 || ttl > MaxLifetime {
		return "", fmt.Errorf("issue token: a token is valid for at most %s", MaxLifetime)
	}
	now := t.now()
	c := claims{Role: a.Role, Region: a.Region, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: issuer, Audience: jwt.ClaimStrings{audience}, Subject: a.ID,
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
}

// Verify checks a token's signature, issuer, issue time and expiry, and the
// principal it names, and returns that principal.
func (t *Tokens) Verify(token string) (ltc.Actor, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuer(issuer), jwt.WithAudience(audience), jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(), jwt.WithLeeway(clockSkew), jwt.WithTimeFunc(t.now))
	if err == nil {
		err = t.checkClaims(c)
	}
	if err != nil {
		return ltc.Actor{}, &ltc.Error{Code: ltc.EUnauthorized, Err: err,
			Message: ltc.Text{Zh: "登录凭证无效或已过期", En: "the token is invalid or expired"}}
	}
	return ltc.Actor{ID: c.Subject, Role: c.Role, Region: c.Region}, nil
}

func (t *Tokens) checkClaims(c claims) error {
	if c.IssuedAt == nil {
		return errors.New("no issue time")
	}
	if c.ExpiresAt.Sub(c.IssuedAt.Time) > MaxLifetime {
		return errors.New("valid for longer than the maximum lifetime")
	}
	return Check(ltc.Actor{ID: c.Subject, Role: c.Role, Region: c.Region})
}

// FamilyID is the id of the family account that signs in with a phone
// number: a keyed hash, so that the number itself is in no token, log line
// or case row, and cannot be recovered from the id.
func (t *Tokens) FamilyID(phone string) string {
	mac := hmac.New(sha256.New, t.secret)
	mac.Write([]byte("family\x00" + phone))
	return "fam-" + hex.EncodeToString(mac.Sum(nil)[:12])
}
