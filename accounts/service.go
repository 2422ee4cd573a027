// Package accounts signs people in to the pages: staff with a password,
// families with a one-time code sent to their phone, and keeps their
// sessions. Bearer tokens (auth) stay the API's; a session is the pages'.
package accounts

import (
	"context"
	"log/slog"
	"time"

	"github.com/changhu/ltc"
)

// Store keeps credentials, codes and sessions (implemented by postgres).
// Only hashes of passwords, codes and session ids are ever stored.
type Store interface {
	Credentials(ctx context.Context, accountID string) (who ltc.Actor, hash string, found bool, err error)
	StaffRegion(ctx context.Context, staffID string) (region string, found bool, err error)
	SetPassword(ctx context.Context, accountID, hash, by string, at time.Time) error
	SaveCode(ctx context.Context, familyID, codeHash string, expires time.Time) error
	UseCode(ctx context.Context, familyID, codeHash string, at time.Time) (bool, error)
	CreateSession(ctx context.Context, s Stored) error
	Session(ctx context.Context, idHash string, at time.Time) (*Stored, error)
	DeleteSession(ctx context.Context, idHash string) error
	CountHit(ctx context.Context, bucket string, window time.Duration, at time.Time) (int, error)
	Hits(ctx context.Context, bucket string, window time.Duration, at time.Time) (int, error)
}

// CodeSender delivers a one-time sign-in code to a phone (the notify
// package's outbox and SMS gateway; a development sender meanwhile).
type CodeSender interface {
	SendCode(ctx context.Context, phone, code string) error
}

// Service signs people in and out.
type Service struct {
	Store Store
	Codes CodeSender
	// FamilyID names the family account of a phone number (auth.Tokens.FamilyID):
	// the same id the cases list, so a family sees the cases filed for it.
	FamilyID func(phone string) string
	// Secret keys the hashes of one-time codes: a six-digit code hashed
	// without a key is found again by trying all million.
	Secret []byte
	Log    *slog.Logger
	Now    func() time.Time
}

// Limits on sign-in, counted in PostgreSQL so that they hold across processes.
const (
	limitWindow        = 10 * time.Minute
	failuresPerAccount = 5  // a password or code guessed wrong at most this often per window
	attemptsPerClient  = 60 // one network address, every account together
	codesPerFamily     = 5  // texts sent to one family
	sessionLifetime    = 8 * time.Hour
	codeLifetime       = 5 * time.Minute
)

// limit counts one attempt on a bucket; past max it is a refusal to retry later.
func (s *Service) limit(ctx context.Context, bucket string, max int) error {
	n, err := s.Store.CountHit(ctx, bucket, limitWindow, s.Now())
	if err != nil {
		return err
	}
	if n > max {
		return tooMany()
	}
	return nil
}

// limitAttempt counts an attempt of the client, and refuses an account
// guessed wrong too often in the window, even with the right answer now.
func (s *Service) limitAttempt(ctx context.Context, client, account string) error {
	if err := s.limit(ctx, "signin-client:"+digest(client), attemptsPerClient); err != nil {
		return err
	}
	n, err := s.Store.Hits(ctx, "signin-failed:"+digest(account), limitWindow, s.Now())
	if err != nil {
		return err
	}
	if n >= failuresPerAccount {
		return tooMany()
	}
	return nil
}

// failed counts a wrong password or code against the account.
func (s *Service) failed(ctx context.Context, account string) error {
	_, err := s.Store.CountHit(ctx, "signin-failed:"+digest(account), limitWindow, s.Now())
	return err
}

func tooMany() error {
	return &ltc.Error{Code: ltc.ETooMany, Message: ltc.Text{
		Zh: "尝试次数过多，请10分钟后再试", En: "too many attempts; please try again in 10 minutes"}}
}
