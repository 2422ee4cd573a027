package web

import (
	"net/url"
	"testing"
)

// Texts go to both numbers unless the form says no for one of them.
func TestTheApplicationFormCarriesTheSMSChoice(t *testing.T) {
	for _, c := range []struct {
		form          url.Values
		person, agent bool
	}{
		{url.Values{}, true, true},
		{url.Values{"sms.person": {"yes"}, "sms.agent": {"no"}}, true, false},
		{url.Values{"sms.person": {"no"}, "sms.agent": {"yes"}}, false, true},
	} {
		app, err := applicationFrom(c.form, nil)
		if err != nil {
			t.Fatal(err)
		}
		if *app.SMS.Person != c.person || *app.SMS.Agent != c.agent {
			t.Errorf("%v: person %v agent %v", c.form, *app.SMS.Person, *app.SMS.Agent)
		}
	}
}
