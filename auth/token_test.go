package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/changhu/ltc"
)

const secret = "a-test-secret-that-is-at-least-32-bytes"

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func tokens(t *testing.T) *Tokens {
	tk, err := New(secret, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestATokenCarriesTheActorAndItsRegion(t *testing.T) {
	tk := tokens(t)
	want := ltc.Actor{ID: "cw-1", Role: ltc.RoleCaseworker, Region: "xuzhou"}
	token, err := tk.Issue(want, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tk.Verify(token)
	if err != nil || got != want {
		t.Fatalf("%+v %v", got, err)
	}
}

func TestIssueRefusesWhatVerifyWouldRefuse(t *testing.T) {
	tk := tokens(t)
	for name, c := range map[string]struct {
		a   ltc.Actor
		ttl time.Duration
	}{
		"a caseworker without a region": {ltc.Actor{ID: "cw", Role: ltc.RoleCaseworker}, time.Hour},
		"an applicant with a region":    {ltc.Actor{ID: "ap", Role: ltc.RoleApplicant, Region: "demo"}, time.Hour},
		"an unknown role":               {ltc.Actor{ID: "x", Role: "root"}, time.Hour},
		"no id":                         {ltc.Actor{Role: ltc.RoleApplicant}, time.Hour},
		"longer than the maximum":       {ltc.Actor{ID: "ap", Role: ltc.RoleApplicant}, MaxLifetime + time.Second},
	} {
		if _, err := tk.Issue(c.a, c.ttl); err == nil {
			t.Errorf("issued %s", name)
		}
	}
}

// Tokens made by someone else, or badly, are refused.
func TestForgedAndBrokenTokensAreRefused(t *testing.T) {
	tk := tokens(t)
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": issuer, "aud": audience, "sub": "cw-1", "role": "caseworker", "region": "demo",
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	}
	with := func(change func(jwt.MapClaims)) jwt.MapClaims { c := base(); change(c); return c }
	sign := func(method jwt.SigningMethod, key any, c jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(method, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	good := sign(jwt.SigningMethodHS256, []byte(secret), base())
	if _, err := tk.Verify(good); err != nil {
		t.Fatalf("the well-made token: %v", err)
	}
	unsigned := sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, base())
	forged := map[string]string{
		"alg none":           unsigned,
		"another key":        sign(jwt.SigningMethodHS256, []byte("another-secret-that-is-32-bytes-long!"), base()),
		"HS512 (not HS256)":  sign(jwt.SigningMethodHS512, []byte(secret), base()),
		"expired":            sign(jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { c["exp"] = now.Add(-2 * time.Minute).Unix() })),
		"no expiry":          sign(jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { delete(c, "exp") })),
		"issued in future":   sign(jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { c["iat"] = now.Add(time.Hour).Unix() })),
		"no issue time":      sign(jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { delete(c, "iat") })),
		"too long a life":    sign(jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { c["exp"] = now.Add(MaxLifetime + time.Hour).Unix() })),
		"another issuer":     sign(jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { c["iss"] = "someone" })),
		"another audience":   sign(jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { c["aud"] = "another-api" })),
		"no region":          sign(jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { delete(c, "region") })),
		"an unknown role":    sign(jwt.SigningMethodHS256, []byte(secret), with(func(c jwt.MapClaims) { c["role"] = "root" })),
		"a tampered payload": strings.Replace(good, strings.Split(good, ".")[1], strings.Split(sign(jwt.SigningMethodHS256, []byte("x"), with(func(c jwt.MapClaims) { c["region"] = "xuzhou" })), ".")[1], 1),
	}
	for name, token := range forged {
		if _, err := tk.Verify(token); ltc.CodeOf(err) != ltc.EUnauthorized {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestAFamilyIDHidesThePhoneNumber(t *testing.T) {
	tk := tokens(t)
	id := tk.FamilyID("13800138000")
	if id != tk.FamilyID("13800138000") || id == tk.FamilyID("13800138001") || strings.Contains(id, "138") {
		t.Fatalf("family id %s", id)
	}
	other, _ := New("another-secret-that-is-32-bytes-long!", time.Now)
	if other.FamilyID("13800138000") == id {
		t.Fatal("the id does not depend on the secret: anyone could compute it from a number")
	}
}
