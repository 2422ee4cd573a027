package activities

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/enrolment"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/notify"
	"github.com/changhu/ltc/policy"
)

// personStore is one person's case and insurance records, the area's
// income figures, and the decision recorded.
type personStore struct {
	Store
	app        forms.Application
	residentID string
	enrolments []policy.Enrolment
	incomes    []policy.IncomeFigure
	recorded   ltc.Decision
}

func (s *personStore) CaseFacts(context.Context, string) (*CaseFacts, error) {
	app, _ := json.Marshal(s.app)
	return &CaseFacts{Application: app, ResidentID: s.residentID}, nil
}

func (s *personStore) PersonRecords(context.Context, string, string) ([]policy.Enrolment, enrolment.Facts, error) {
	return s.enrolments, enrolment.Facts{}, nil
}

func (s *personStore) IncomeFigure(_ context.Context, region string, year int) (*policy.IncomeFigure, error) {
	for _, f := range s.incomes {
		if f.Region == region && f.Year == year {
			return &f, nil
		}
	}
	return nil, nil
}

func (s *personStore) RecordDecision(_ context.Context, _ string, d ltc.Decision, _ Line, _ []notify.Notice) ([]string, error) {
	s.recorded = d
	return nil, nil
}

// published is the figure explain is given: the only one the store has, if any.
func (s *personStore) published() *policy.IncomeFigure {
	if len(s.incomes) == 0 {
		return nil
	}
	return &s.incomes[0]
}

type noDeliveries struct{}

func (noDeliveries) Start(context.Context, ...string) {}

func chinaDay(s string) time.Time {
	d, _ := time.ParseInLocation(time.DateOnly, s, ltc.China)
	return d
}

// decide runs the decision activity for a conclusion of grade at `at`, as
// the workflow of lifecycle version 2 on does, and returns the statement recorded.
func decide(t *testing.T, reg *policy.Registry, s *personStore, grade int, at time.Time) (ltc.Decision, policy.Statement) {
	t.Helper()
	p, _ := reg.Latest(s.app.Region)
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	acts := &Activities{Store: s, Policies: reg, Deliveries: noDeliveries{}}
	env.RegisterActivity(acts)
	in := DecisionInput{CaseID: "c1", Region: p.Region, Version: p.Version, Key: "k", Seq: 9, Dates: true, Payment: true,
		Decision: ltc.Decision{Grade: grade, Qualifies: p.Qualifies(grade), DecidedAt: at}, Entry: ltc.HistoryEntry{Action: "decided"}}
	if _, err := env.ExecuteActivity(acts.RecordDecision, in); err != nil {
		t.Fatal(err)
	}
	var st policy.Statement
	if err := json.Unmarshal(s.recorded.Statement, &st); err != nil {
		t.Fatal(err)
	}
	return s.recorded, st
}

// `ltc policy explain` says what the decision records for the same person,
// conclusion and day: the first day paid, the shares, the caps, the lines
// and what makes payment wait or suspends it.
func TestExplainAndTheDecisionAgree(t *testing.T) {
	reg, err := policy.Load(forms.MustShipped(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name                string
		store               *personStore
		applied, decided    string
		wantFrom, wantUntil string
		wantPayment         int
	}{
		{"jilin: 5 continuous years by the decision", &personStore{residentID: "220102195001010021",
			app:        forms.Application{Region: "jilin", Scheme: "resident", CareSetting: "home", OnsetDate: "2026-01-01"},
			enrolments: []policy.Enrolment{{Scheme: "resident", Start: chinaDay("2022-01-01")}},
			incomes:    []policy.IncomeFigure{{Region: "jilin", Year: 2026, Fen: 3100000, Source: "某市2026年国民经济和社会发展统计公报"}}},
			"2026-12-07", "2027-01-15", "2027-01-16", "2029-01-15", 0},
		{"xuzhou: waiting, owing and in hospital", &personStore{residentID: "320303194805170022",
			app:        forms.Application{Region: "xuzhou", Scheme: "employee", CareSetting: "hospital", OnsetDate: "2026-01-01"},
			enrolments: []policy.Enrolment{{Scheme: "employee", Start: chinaDay("2026-11-10"), FullyPaidOn: chinaDay("2026-11-10"), InArrears: true}}},
			"2026-11-12", "2026-11-23", "2027-05-11", "2028-11-23", 3},
	} {
		decided, st := decide(t, reg, c.store, 3, chinaDay(c.decided).Add(10*time.Hour))
		p, _ := reg.Latest(c.store.app.Region)
		who := policy.Person{Scheme: c.store.app.Scheme, InHospital: c.store.app.CareSetting == "hospital", BirthDate: forms.ResidentID(c.store.residentID).BirthDate(),
			OnsetDate: chinaDay(c.store.app.OnsetDate), Enrolments: c.store.enrolments}
		x := p.Explain(policy.Query{Person: who, On: chinaDay(c.applied), Conclusion: &policy.Conclusion{Grade: 3, On: chinaDay(c.decided)}, Income: c.store.published()})
		got, _ := json.Marshal([]any{st.BenefitsFrom, st.FundShares, st.ReductionUntil, st.AnnualCapFen, st.HomeCapFen, st.Lines, append([]policy.Finding{}, st.Payment...)})
		want, _ := json.Marshal([]any{x.BenefitsFrom, x.FundSharePercent, x.ReductionUntil, x.AnnualCapFen, x.HomeCapFen, x.Lines, x.Payment})
		if string(got) != string(want) {
			t.Errorf("%s: the decision recorded\n%s\nexplain says\n%s", c.name, got, want)
		}
		if !decided.BenefitsFrom.Equal(chinaDay(c.wantFrom)) || !decided.ValidUntil.Equal(chinaDay(c.wantUntil).Add(10*time.Hour)) || len(st.Payment) != c.wantPayment {
			t.Errorf("%s: benefits from %s, valid until %s, %d payment reasons", c.name, decided.BenefitsFrom, decided.ValidUntil, len(st.Payment))
		}
	}
}

// A decision after the first reads the hospital stay from the case, which
// recorded the discharge: the application from hospital no longer suspends it.
func TestALaterDecisionAsksTheCaseWhetherThePersonIsInHospital(t *testing.T) {
	reg, err := policy.Load(forms.MustShipped(), "")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := reg.Latest("xuzhou")
	store := &personStore{residentID: "320303194805170022",
		app:        forms.Application{Region: "xuzhou", Scheme: "employee", CareSetting: "hospital", OnsetDate: "2024-01-01"},
		enrolments: []policy.Enrolment{{Scheme: "employee", Start: chinaDay("2019-01-01"), FullyPaidOn: chinaDay("2019-01-01")}}}
	acts := &Activities{Store: store, Policies: reg, Deliveries: noDeliveries{}}
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivity(acts)
	discharged, admitted := false, true
	for _, c := range []struct {
		name       string
		inHospital *bool
		want       bool
	}{{"the first decision", nil, true}, {"after a discharge", &discharged, false}, {"admitted again", &admitted, true}} {
		in := DecisionInput{CaseID: "c1", Region: p.Region, Version: p.Version, Key: "k", Seq: 30, Dates: true, Payment: true, InHospital: c.inHospital,
			Decision: ltc.Decision{Grade: 3, Qualifies: true, DecidedAt: chinaDay("2026-11-23").Add(10 * time.Hour)}, Entry: ltc.HistoryEntry{Action: "decided"}}
		v, err := env.ExecuteActivity(acts.RecordDecision, in)
		var res DecisionResult
		if err == nil {
			err = v.Get(&res)
		}
		var st policy.Statement
		_ = json.Unmarshal(store.recorded.Statement, &st)
		if err != nil || res.Inpatient != c.want || (len(st.Payment) == 1) != c.want {
			t.Errorf("%s: %v, inpatient %v, payment %+v; want inpatient %v", c.name, err, res.Inpatient, st.Payment, c.want)
		}
	}
}
