package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/changhu/ltc"
)

// maxExplainBytes bounds the input; a person's enrolments fit many times over.
const maxExplainBytes = 1 << 20

// policyCommand runs `ltc policy check FILE` or `ltc policy explain`.
func policyCommand(cfg config, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 1 && args[0] == "explain" {
		return policyExplain(cfg, stdin, stdout, time.Now)
	}
	if len(args) == 2 && args[0] == "check" {
		return policyCheck(cfg, args[1], stdout)
	}
	fmt.Fprintln(stdout, "usage: ltc policy check FILE | ltc policy explain < query.json")
	return exitCode(2)
}

// policyExplain reads one query from stdin and prints, as one JSON object,
// what the region's policy makes of it: whether the person can apply, when
// benefits would start, and what a conclusion would pay. An invalid query
// prints every problem and exits with status 2.
func policyExplain(cfg config, stdin io.Reader, stdout io.Writer, now func() time.Time) error {
	catalog, policies, err := loadRules(cfg)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(stdin, maxExplainBytes+1))
	if err != nil {
		return fmt.Errorf("read query: %w", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	y, m, d := now().In(ltc.China).Date()
	p, q, problems := parseExplainInput(data, policies, catalog, time.Date(y, m, d, 0, 0, 0, 0, ltc.China))
	if len(data) > maxExplainBytes {
		problems = []ltc.FieldError{{Message: ltc.Text{Zh: "输入过大", En: "the input is too large"}}}
	}
	if len(problems) > 0 {
		var out scoreError
		out.Error.Code, out.Error.Fields = ltc.EInvalid, problems
		out.Error.Message = ltc.Text{Zh: "输入有误，请按提示修改", En: "the input has errors; see the fields"}
		if err := enc.Encode(out); err != nil {
			return err
		}
		return exitCode(2)
	}
	return enc.Encode(p.Explain(q))
}
