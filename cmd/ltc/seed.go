package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/accounts"
	"github.com/changhu/ltc/auth"
	"github.com/changhu/ltc/cases"
	"github.com/changhu/ltc/enrolment"
	"github.com/changhu/ltc/policy"
	"github.com/changhu/ltc/postgres"
)

// The demo roster: one region, one institution with four assessors (two of
// them experts), a caseworker, three committee members and an administrator.
var (
	demoInstitutions = []cases.Institution{{ID: "inst-demo-1", Name: "演示评估机构", Region: "demo"}}
	demoStaff        = []cases.Staff{
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
	demoNational  = "na-demo-1" // the national administration: the holiday calendar
	// demoPassword signs every demo member of staff in to the pages.
	demoPassword = "ltc-demo-password"
)

// demoPerson is the insured person of the README's walk-through, with an
// enrolment record so that the eligibility gates let the application through.
const (
	demoPerson     = "11010519491231002X"
	demoPersonName = "张三"
)

// seed loads the demo roster and the walk-through person's insurance record,
// and prints a token per demo user as shell variables: LTC_TOKEN_APPLICANT,
// LTC_TOKEN_CASEWORKER, LTC_TOKEN_ADMIN, LTC_TOKEN_NATIONAL, and LTC_TOKEN_AS_DEMO_1 … by id.
func seed(ctx context.Context, cfg config, stdout io.Writer) error {
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.UpsertRoster(ctx, demoInstitutions, demoStaff); err != nil {
		return fmt.Errorf("seed roster: %w", err)
	}
	record := enrolment.Record{ResidentID: demoPerson, Name: demoPersonName, Region: "demo", Enrolment: policy.Enrolment{
		Scheme: "employee", Start: time.Date(2019, 1, 1, 0, 0, 0, 0, ltc.China), FullyPaidOn: time.Date(2019, 1, 1, 0, 0, 0, 0, ltc.China)}}
	if _, err := db.ImportEnrolments(ctx, []enrolment.Record{record}); err != nil {
		return fmt.Errorf("seed enrolment: %w", err)
	}
	if err := seedPasswords(ctx, db); err != nil {
		return err
	}
	tokens, err := auth.New(cfg.TokenSecret, time.Now)
	if err != nil {
		return err
	}
	type demoUser struct {
		variable string
		who      ltc.Actor
	}
	users := []demoUser{{"APPLICANT", ltc.Actor{ID: demoApplicant, Role: ltc.RoleApplicant}},
		{"NATIONAL", ltc.Actor{ID: demoNational, Role: ltc.RoleNational}}}
	for _, st := range demoStaff {
		variable := strings.ToUpper(strings.ReplaceAll(st.ID, "-", "_"))
		users = append(users, demoUser{variable, ltc.Actor{ID: st.ID, Role: ltc.Role(st.Role), Region: st.Region}})
	}
	for _, u := range users {
		tok, err := tokens.Issue(u.who, auth.MaxLifetime)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "LTC_TOKEN_%s=%s\n", u.variable, tok)
		if u.who.Role != ltc.RoleApplicant {
			fmt.Fprintf(stdout, "LTC_PASSWORD_%s=%s\n", strings.ToUpper(strings.ReplaceAll(u.who.ID, "-", "_")), demoPassword)
		}
		switch u.who.ID {
		case "cw-demo-1":
			fmt.Fprintf(stdout, "LTC_TOKEN_CASEWORKER=%s\n", tok)
		case "ad-demo-1":
			fmt.Fprintf(stdout, "LTC_TOKEN_ADMIN=%s\n", tok)
		}
	}
	return nil
}

// seedPasswords gives every demo member of staff, and the national
// administration's demo account, the demo password for the pages.
func seedPasswords(ctx context.Context, db *postgres.DB) error {
	if err := db.AddNationalAccount(ctx, demoNational, "国家医保局（演示）"); err != nil {
		return fmt.Errorf("seed national account: %w", err)
	}
	hash, err := accounts.HashPassword(demoPassword)
	if err != nil {
		return err
	}
	ids := []string{demoNational}
	for _, st := range demoStaff {
		ids = append(ids, st.ID)
	}
	for _, id := range ids {
		if err := db.SeedPassword(ctx, id, hash, time.Now()); err != nil {
			return fmt.Errorf("seed password of %s: %w", id, err)
		}
	}
	return nil
}
