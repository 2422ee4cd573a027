// Package auth issues and verifies the bearer tokens (JWT, HS256) that carry
// who is calling: the role and an internal id, never personal data.
package auth

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/changhu/ltc"
)

// Roles that may hold a token.
var Roles = []ltc.Role{ltc.RoleApplicant, ltc.RoleCaseworker, ltc.RoleAssessor, ltc.RoleCommittee, ltc.RoleAdmin}

const issuer = "ltc"

type claims struct {
	Role   ltc.Role `json:"role"`
	Region string   `json:"region,omitempty"`
	jwt.RegisteredClaims
}

// Principal is a verified caller.
type Principal struct {
	ltc.Actor
	Region string // a caseworker's or administrator's region
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

// Issue signs a token for a principal, valid for ttl.
func (t *Tokens) Issue(p Principal, ttl time.Duration) (string, error) {
	if !slices.Contains(Roles, p.Role) || p.ID == "" {
		return "", fmt.Errorf("issue token: role %q with id %q is not a principal", p.Role, p.ID)
	}
	now := t.now()
	c := claims{Role: p.Role, Region: p.Region, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: issuer, Subject: p.ID, IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(t.secret)
}

// Verify checks a token's signature, issuer and expiry and returns its principal.
func (t *Tokens) Verify(token string) (Principal, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithIssuer(issuer), jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(t.now))
	if err != nil || !slices.Contains(Roles, c.Role) || c.Subject == "" {
		return Principal{}, &ltc.Error{Code: ltc.EUnauthorized, Err: err,
			Message: ltc.Text{Zh: "登录凭证无效或已过期", En: "the token is invalid or expired"}}
	}
	return Principal{Actor: ltc.Actor{ID: c.Subject, Role: c.Role}, Region: c.Region}, nil
}
