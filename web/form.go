package web

import (
	"maps"
	"net/url"
	"slices"

	"github.com/changhu/ltc"
)

// form is what a person typed, kept to show again with the errors beside
// each field: nothing typed is lost when a form comes back. Field names are
// the service's JSON paths (person.name, items.eating), so that an
// ltc.Error's fields land beside the inputs that carry them.
type form struct {
	Values url.Values
	Errors map[string]ltc.Text
	Other  []ltc.Text // errors of no field on the form
	Failed string     // which of a page's forms came back
}

// newForm keeps a copy of the values: what a page leaves out of the form it
// shows again (a password) stays in the request.
func newForm(values url.Values) *form {
	kept := url.Values{}
	maps.Copy(kept, values)
	return &form{Values: kept, Errors: map[string]ltc.Text{}}
}

// withError puts err's field errors beside the form's fields (all of them,
// or only those named, the rest above the form) under a summary at the top.
func (f *form) withError(err *ltc.Error, fields ...string) *form {
	for _, fe := range err.Fields {
		if _, dup := f.Errors[fe.Field]; !dup && (len(fields) == 0 || slices.Contains(fields, fe.Field)) {
			f.Errors[fe.Field] = fe.Message
			continue
		}
		f.Other = append(f.Other, fe.Message)
	}
	f.Other = append([]ltc.Text{err.Message}, f.Other...)
	return f
}

// V is a field's value as typed.
func (p *page) V(name string) string { return p.Form.Values.Get(name) }

// Checked reports whether a radio button or checkbox was chosen.
func (p *page) Checked(name, value string) bool {
	return slices.Contains(p.Form.Values[name], value)
}

// Err is a field's error in the page's language, or "".
func (p *page) Err(name string) string {
	t, ok := p.Form.Errors[name]
	if !ok {
		return ""
	}
	return p.Tx(t)
}

// Failed reports whether the named form of the page came back with errors.
func (p *page) Failed(name string) bool {
	return p.Form.Failed == name && (len(p.Form.Errors) > 0 || len(p.Form.Other) > 0)
}
