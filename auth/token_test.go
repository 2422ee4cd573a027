package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
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

// Tokens made by someone else, or badly, are refused: each case below is
// refused by one check of Verify (the signing method, the signature, the
// issuer, the audience, the times, the principal), and a test fails if that
// check is taken out.
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
	ours := func(change func(jwt.MapClaims)) string {
		return sign(jwt.SigningMethodHS256, []byte(secret), with(change))
	}
	good := sign(jwt.SigningMethodHS256, []byte(secret), base())
	if _, err := tk.Verify(good); err != nil {
		t.Fatalf("the well-made token: %v", err)
	}
	// Key confusion: a token signed with an asymmetric key, or with HMAC
	// keyed by a public key's bytes (the classic RS256 → HS256 attack on a
	// verifier that takes the algorithm from the token's header).
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	publicPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	forged := map[string]string{
		"alg none":                 sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, base()),
		"alg none, our signature":  noneWithSignature(good),
		"another key":              sign(jwt.SigningMethodHS256, []byte("another-secret-that-is-32-bytes-long!"), base()),
		"HS512 with our secret":    sign(jwt.SigningMethodHS512, []byte(secret), base()),
		"HS384 with our secret":    sign(jwt.SigningMethodHS384, []byte(secret), base()),
		"RS256 with an RSA key":    sign(jwt.SigningMethodRS256, rsaKey, base()),
		"PS256 with an RSA key":    sign(jwt.SigningMethodPS256, rsaKey, base()),
		"ES256 with an EC key":     sign(jwt.SigningMethodES256, ecKey, base()),
		"HS256 keyed by a PEM key": sign(jwt.SigningMethodHS256, publicPEM, base()),
		"HS256 keyed by a DER key": sign(jwt.SigningMethodHS256, der, base()),
		"expired":                  ours(func(c jwt.MapClaims) { c["exp"] = now.Add(-2 * time.Minute).Unix() }),
		"no expiry":                ours(func(c jwt.MapClaims) { delete(c, "exp") }),
		"not yet valid":            ours(func(c jwt.MapClaims) { c["nbf"] = now.Add(time.Hour).Unix() }),
		"issued in future":         ours(func(c jwt.MapClaims) { c["iat"] = now.Add(time.Hour).Unix() }),
		"no issue time":            ours(func(c jwt.MapClaims) { delete(c, "iat") }),
		"too long a life":          ours(func(c jwt.MapClaims) { c["exp"] = now.Add(MaxLifetime + time.Hour).Unix() }),
		"another issuer":           ours(func(c jwt.MapClaims) { c["iss"] = "someone" }),
		"no issuer":                ours(func(c jwt.MapClaims) { delete(c, "iss") }),
		"another audience":         ours(func(c jwt.MapClaims) { c["aud"] = "another-api" }),
		"no audience":              ours(func(c jwt.MapClaims) { delete(c, "aud") }),
		"no region":                ours(func(c jwt.MapClaims) { delete(c, "region") }),
		"an unknown role":          ours(func(c jwt.MapClaims) { c["role"] = "root" }),
		"a tampered payload":       strings.Replace(good, strings.Split(good, ".")[1], strings.Split(sign(jwt.SigningMethodHS256, []byte("x"), with(func(c jwt.MapClaims) { c["region"] = "xuzhou" })), ".")[1], 1),
		"no signature":             strings.Join(strings.Split(good, ".")[:2], ".") + ".",
		"not a token":              "not-a-token",
	}
	for name, token := range forged {
		t.Run(name, func(t *testing.T) {
			_, err := tk.Verify(token)
			if ltc.CodeOf(err) != ltc.EUnauthorized {
				t.Fatalf("not refused: %v", err)
			}
			if e := (*ltc.Error)(nil); !errors.As(err, &e) || e.Message.Zh == "" || e.Message.En == "" {
				t.Fatalf("refused without a message in both languages: %v", err)
			}
		})
	}
}

// noneWithSignature is a token of ours with its header changed to alg none,
// keeping the signature: a verifier that believed the header would skip it.
func noneWithSignature(token string) string {
	parts := strings.Split(token, ".")
	parts[0] = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	return strings.Join(parts, ".")
}

// The clock skew allowed is a minute, no more: a token just inside it is
// taken, and the cases above are outside it.
func TestClockSkewIsAMinute(t *testing.T) {
	tk := tokens(t)
	for name, c := range map[string]struct {
		iat, nbf, exp time.Duration
		ok            bool
	}{
		"issued 30s ahead":     {30 * time.Second, 0, time.Hour, true},
		"issued 2m ahead":      {2 * time.Minute, 0, time.Hour, false},
		"valid from 30s ahead": {0, 30 * time.Second, time.Hour, true},
		"valid from 2m ahead":  {0, 2 * time.Minute, time.Hour, false},
		"expired 30s ago":      {-time.Hour, 0, -30 * time.Second, true},
		"expired 61s ago":      {-time.Hour, 0, -61 * time.Second, false},
	} {
		claims := jwt.MapClaims{"iss": issuer, "aud": audience, "sub": "ap-1", "role": "applicant",
			"iat": now.Add(c.iat).Unix(), "nbf": now.Add(c.nbf).Unix(), "exp": now.Add(c.exp).Unix()}
		token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tk.Verify(token); (err == nil) != c.ok {
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
