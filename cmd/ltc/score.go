package main

import (
	"encoding/json"
	"errors"
	"io"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
)

// scoreError is what `ltc score` prints for a form it cannot score.
type scoreError struct {
	Error struct {
		Code    string           `json:"code"`
		Message ltc.Text         `json:"message"`
		Fields  []ltc.FieldError `json:"fields,omitempty"`
	} `json:"error"`
}

// score reads one form from stdin and prints its scoring as one JSON object;
// an invalid form prints every problem and exits with status 2.
func score(cfg config, stdin io.Reader, stdout io.Writer) error {
	catalog, err := forms.LoadCatalog(cfg.InstrumentsDir)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	form, err := forms.DecodeForm(stdin)
	var result forms.Result
	if err == nil {
		result, err = catalog.Score(form)
	}
	var e *ltc.Error
	if errors.As(err, &e) {
		var out scoreError
		out.Error.Code, out.Error.Message, out.Error.Fields = e.Code, e.Message, e.Fields
		if err := enc.Encode(out); err != nil {
			return err
		}
		return exitCode(2)
	}
	if err != nil {
		return err
	}
	return enc.Encode(result)
}
