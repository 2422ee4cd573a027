package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/auth"
)

// token issues a bearer token for local use: ltc token -role caseworker -id cw-1 -region demo
func token(cfg config, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.SetOutput(stdout)
	role := fs.String("role", "", "applicant, caseworker, assessor, committee, admin or national")
	id := fs.String("id", "", "the internal id of the user (never a resident ID number)")
	region := fs.String("region", "", "the region of a caseworker, assessor, committee member or administrator (required for them)")
	ttl := fs.Duration("ttl", 24*time.Hour, "how long the token is valid (at most 744h)")
	if err := fs.Parse(args); err != nil {
		return exitCode(2)
	}
	tokens, err := auth.New(cfg.TokenSecret, time.Now)
	if err != nil {
		return err
	}
	tok, err := tokens.Issue(ltc.Actor{ID: *id, Role: ltc.Role(*role), Region: *region}, *ttl)
	if err != nil {
		fmt.Fprintln(stdout, "ltc token:", err)
		return exitCode(2)
	}
	fmt.Fprintln(stdout, tok)
	return nil
}
