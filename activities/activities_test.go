package activities

import (
	"encoding/json"
	"errors"
	"testing"

	"go.temporal.io/sdk/temporal"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// Runs recorded when LoadPolicy returned the whole policy still read as Rules.
func TestAWholePolicyReadsAsTheWorkflowsRules(t *testing.T) {
	reg, err := policy.Load(forms.MustShipped(), "")
	if err != nil {
		t.Fatal(err)
	}
	xuzhou, _ := reg.Latest("xuzhou")
	whole, _ := json.Marshal(xuzhou)
	var rules Rules
	if err := json.Unmarshal(whole, &rules); err != nil {
		t.Fatal(err)
	}
	rulesNow := RulesOf(xuzhou)
	rulesNow.Visits = policy.Visits{} // no run that recorded a whole policy takes appointments (lifecycle version 2)
	want, _ := json.Marshal(rulesNow)
	got, _ := json.Marshal(&rules)
	if string(got) != string(want) || !rules.Qualifies(2) || rules.Periods.Validity.Months != 24 {
		t.Fatalf("rules from the whole policy:\n%s\nwant\n%s", got, want)
	}
}

// A refusal no retry mends ends the activity at once; an outage is retried.
func TestOnlyOutagesAreRetried(t *testing.T) {
	for code, retried := range map[string]bool{
		ltc.EInvalid: false, ltc.EConflict: false, ltc.ENotFound: false,
		ltc.EUnavailable: true, ltc.EInternal: true,
	} {
		err := final(&ltc.Error{Code: code, Message: ltc.Text{Zh: "x", En: "x"}})
		var app *temporal.ApplicationError
		nonRetryable := errors.As(err, &app) && app.NonRetryable()
		if nonRetryable == retried {
			t.Errorf("%s: retried %v, want %v", code, !nonRetryable, retried)
		}
	}
	if final(errors.New("connection reset")) == nil {
		t.Error("a plain error vanished")
	}
}
