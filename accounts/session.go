package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/changhu/ltc"
)

// Session is a signed-in person. ID is the random session id, which only
// the person's cookie holds.
type Session struct {
	ID        string
	Actor     ltc.Actor
	ExpiresAt time.Time
}

// Stored is a session as kept: the hash of its id, never the id.
type Stored struct {
	IDHash    string
	Actor     ltc.Actor
	CreatedAt time.Time
	ExpiresAt time.Time
}

func (s *Service) open(ctx context.Context, who ltc.Actor) (*Session, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("session id: %w", err)
	}
	now := s.Now()
	sess := &Session{ID: base64.RawURLEncoding.EncodeToString(raw), Actor: who, ExpiresAt: now.Add(sessionLifetime)}
	if err := s.Store.CreateSession(ctx, Stored{IDHash: digest(sess.ID), Actor: who, CreatedAt: now, ExpiresAt: sess.ExpiresAt}); err != nil {
		return nil, err
	}
	s.Log.Info("signed in", "actor", who.ID, "role", who.Role)
	return sess, nil
}

// Session returns the person a session id signs in, or an EUnauthorized
// error for an unknown, ended or expired session.
func (s *Service) Session(ctx context.Context, id string) (*Session, error) {
	if id == "" || len(id) > 100 {
		return nil, signedOut()
	}
	st, err := s.Store.Session(ctx, digest(id), s.Now())
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, signedOut()
	}
	return &Session{ID: id, Actor: st.Actor, ExpiresAt: st.ExpiresAt}, nil
}

// SignOut ends a session on the server: its cookie signs nobody in again.
func (s *Service) SignOut(ctx context.Context, id string) error {
	if id == "" {
		return nil
	}
	return s.Store.DeleteSession(ctx, digest(id))
}

func signedOut() error {
	return ltc.Errorf(ltc.EUnauthorized, "请先登录", "please sign in")
}

// digest is the SHA-256 of a value in hex: how session ids and rate-limit
// keys are kept, so that neither a session nor an address is readable.
func digest(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}
