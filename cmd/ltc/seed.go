package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/postgres"
)

// The demo roster: one region, one institution with four assessors (two of
// them experts), a caseworker, three committee members and an administrator.
var (
	demoInstitutions = []postgres.Institution{{ID: "inst-demo-1", Name: "演示评估机构", Region: "demo"}}
	demoStaff        = []postgres.Staff{
		{ID: "cw-demo-1", Role: "caseworker", Name: "经办员王芳", Region: "demo"},
		{ID: "as-demo-1", Role: "assessor", Name: "评估专家李医生", Region: "demo", InstitutionID: "inst-demo-1", IsExpert: true},
		{ID: "as-demo-2", Role: "assessor", Name: "评估员赵敏", Region: "demo", InstitutionID: "inst-demo-1"},
		{ID: "as-demo-3", Role: "assessor", Name: "评估专家陈医生", Region: "demo", InstitutionID: "inst-demo-1", IsExpert: true},
		{ID: "as-demo-4", Role: "assessor", Name: "评估员孙丽", Region: "demo", InstitutionID: "inst-demo-1", CareProvider: "演示护理院"},
		{ID: "cm-demo-1", Role: "committee", Name: "专家委员周教授", Region: "demo"},
		{ID: "cm-demo-2", Role: "committee", Name: "专家委员吴主任", Region: "demo"},
		{ID: "cm-demo-3", Role: "committee", Name: "专家委员郑医生", Region: "demo"},
		{ID: "ad-demo-1", Role: "admin", Name: "医保局管理员", Region: "demo"},
	}
	demoApplicant = "ap-demo-1"
)

// seed loads the demo roster and prints a token per demo user, as shell
// variables (LTC_TOKEN_CASEWORKER=…) that the README's walk-through uses.
func seed(ctx context.Context, cfg config, stdout io.Writer) error {
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.UpsertRoster(ctx, demoInstitutions, demoStaff); err != nil {
		return fmt.Errorf("seed roster: %w", err)
	}
	tokens, err := auth.New(cfg.TokenSecret, time.Now)
	if err != nil {
		return err
	}
	users := []auth.Principal{
		{Actor: ltc.Actor{ID: demoApplicant, Role: ltc.RoleApplicant}},
		{Actor: ltc.Actor{ID: "cw-demo-1", Role: ltc.RoleCaseworker}, Region: "demo"},
		{Actor: ltc.Actor{ID: "as-demo-1", Role: ltc.RoleAssessor}, Region: "demo"},
		{Actor: ltc.Actor{ID: "cm-demo-1", Role: ltc.RoleCommittee}, Region: "demo"},
		{Actor: ltc.Actor{ID: "ad-demo-1", Role: ltc.RoleAdmin}, Region: "demo"},
	}
	for _, u := range users {
		tok, err := tokens.Issue(u, 30*24*time.Hour)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "LTC_TOKEN_%s=%s\n", strings.ToUpper(string(u.Role)), tok)
	}
	return nil
}
