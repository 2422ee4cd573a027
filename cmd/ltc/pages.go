package main

import (
	"github.com/changhu/ltc/accounts"
	"github.com/changhu/ltc/api"
	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/notify"
	"github.com/changhu/ltc/web"
)

// mountPages serves the web pages from the API's engine, over the same
// service layer, with the accounts that sign people in to them.
func mountPages(h *api.Handlers, cfg config, d *deps, svc *cases.Service, tokens *auth.Tokens) error {
	outbox := &notify.Outbox{Store: d.db, Deliveries: svc.Deliveries}
	acc := &accounts.Service{Store: d.db, Codes: newCodeSender(outbox), FamilyID: tokens.FamilyID,
		Secret: []byte(cfg.TokenSecret), Log: d.log, Now: beijingNow}
	scheme := "http://"
	if cfg.MinioSSL {
		scheme = "https://"
	}
	return web.Mount(h.API, web.Deps{Cases: svc, Accounts: acc, Catalog: d.catalog, Policies: d.policies, Log: d.log,
		Now: beijingNow, Secret: []byte(cfg.TokenSecret), FilesOrigin: scheme + cfg.MinioEndpoint, SecureCookies: cfg.SecureCookies}, h.NotFound)
}

// newCodeSender is the sender of families' sign-in codes: the outbox, like
// every message to families. Tests put a sender of their own here to read
// the codes.
var newCodeSender = func(outbox *notify.Outbox) accounts.CodeSender { return outbox }
