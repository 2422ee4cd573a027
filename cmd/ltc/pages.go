package main

import (
	"context"
	"log/slog"

	"github.com/changhu/ltc/accounts"
	"github.com/changhu/ltc/api"
	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/web"
)

// mountPages serves the web pages from the API's engine, over the same
// service layer, with the accounts that sign people in to them.
func mountPages(h *api.Handlers, cfg config, d *deps, svc *cases.Service, tokens *auth.Tokens) error {
	acc := &accounts.Service{Store: d.db, Codes: newCodeSender(d.log, tokens.FamilyID), FamilyID: tokens.FamilyID,
		Secret: []byte(cfg.TokenSecret), Log: d.log, Now: beijingNow}
	scheme := "http://"
	if cfg.MinioSSL {
		scheme = "https://"
	}
	return web.Mount(h.API, web.Deps{Cases: svc, Accounts: acc, Catalog: d.catalog, Policies: d.policies, Log: d.log,
		Now: beijingNow, Secret: []byte(cfg.TokenSecret), FilesOrigin: scheme + cfg.MinioEndpoint, SecureCookies: cfg.SecureCookies}, h.NotFound)
}

// newCodeSender makes the sender of families' sign-in codes. Until the
// notify package's outbox is wired in, it is the development sender; tests
// put a sender of their own here to read the codes.
var newCodeSender = func(log *slog.Logger, familyID func(phone string) string) accounts.CodeSender {
	return devCodeSender{log: log, familyID: familyID}
}

// devCodeSender writes the code to the log, for local use only: by the
// family id, never the phone number.
type devCodeSender struct {
	log      *slog.Logger
	familyID func(phone string) string
}

func (s devCodeSender) SendCode(_ context.Context, phone, code string) error {
	s.log.Warn("sign-in code issued", "family", s.familyID(phone), "code", code, "sender", "development")
	return nil
}
