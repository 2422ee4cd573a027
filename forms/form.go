package forms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/changhu/ltc"
)

// Form is a filled instrument as it arrives from a client: answers are kept
// raw until the instrument says what each must be.
type Form struct {
	Instrument string                     `json:"instrument"`
	Version    string                     `json:"instrument_version,omitempty"`
	Items      map[string]json.RawMessage `json:"items"`
}

// Result is a scored form of any instrument.
type Result interface {
	Scored() Ref
}

// maxFormBytes bounds a form: 17 small answers never come near it.
const maxFormBytes = 64 << 10

// DecodeForm reads one JSON form. Input that is not one JSON object of the
// form's shape is an EMalformed error; the answers are checked by scoring.
func DecodeForm(r io.Reader) (Form, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFormBytes+1))
	if err != nil {
		return Form{}, fmt.Errorf("read form: %w", err)
	}
	if len(data) > maxFormBytes {
		return Form{}, ltc.Errorf(ltc.EMalformed, "表单过大", "the form is too large")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f Form
	if err := dec.Decode(&f); err != nil {
		return Form{}, malformed(JSONFieldError(err))
	}
	if dec.More() {
		return Form{}, ltc.Errorf(ltc.EMalformed, "只能提交一个 JSON 对象", "expected exactly one JSON object")
	}
	return f, nil
}

func malformed(f ltc.FieldError) error {
	return &ltc.Error{Code: ltc.EMalformed, Fields: []ltc.FieldError{f},
		Message: ltc.Text{Zh: "不是有效的 JSON 或字段类型不对", En: "not valid JSON, or a field has the wrong type"}}
}

// JSONFieldError describes a JSON decoding error as a field error.
func JSONFieldError(err error) ltc.FieldError {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return ltc.FieldError{Field: typeErr.Field, Message: ltc.Text{
			Zh: fmt.Sprintf("类型错误：应为 %s", typeErr.Type), En: fmt.Sprintf("wrong type: want %s", typeErr.Type)}}
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return ltc.FieldError{Field: strings.Trim(field, `"`), Message: ltc.Text{Zh: "未知字段", En: "unknown field"}}
	}
	return ltc.FieldError{Message: ltc.Text{Zh: "不是有效的 JSON", En: "not valid JSON"}}
}

// Score scores a form against the instrument it names.
func (c *Catalog) Score(f Form) (Result, error) {
	if f.Instrument == "" {
		return nil, ltc.Invalid([]ltc.FieldError{{Field: "instrument", Message: ltc.Text{
			Zh: "必须指明评估量表", En: "instrument is required"}}})
	}
	in, err := c.Get(f.Instrument, f.Version)
	if err != nil {
		var e *ltc.Error
		errors.As(err, &e)
		return nil, ltc.Invalid([]ltc.FieldError{{Field: "instrument", Message: e.Message}})
	}
	if in.Kind == KindSelfAssessment {
		return in.scoreSelfAssessment(f.Items)
	}
	return in.scorePoints(f.Items)
}

// problems collects field errors in a stable order.
type problems []ltc.FieldError

func (p *problems) add(item string, zh, en string) {
	*p = append(*p, ltc.FieldError{Field: "items." + item, Message: ltc.Text{Zh: zh, En: en}})
}

// maxUnknownListed bounds the unknown items named one by one: a form of
// thousands of made-up items is not answered with thousands of errors.
const maxUnknownListed = 20

// unknownItems reports the answered items the instrument does not have: the
// first few by name, then how many more there are.
func (p *problems) unknownItems(answers map[string]json.RawMessage, known func(string) bool) {
	var unknown []string
	for code := range answers {
		if !known(code) {
			unknown = append(unknown, code)
		}
	}
	sort.Strings(unknown)
	for _, code := range unknown[:min(len(unknown), maxUnknownListed)] {
		p.add(code, fmt.Sprintf("未知评估项 %q", code), fmt.Sprintf("unknown item %q", code))
	}
	if more := len(unknown) - maxUnknownListed; more > 0 {
		*p = append(*p, ltc.FieldError{Field: "items", Message: ltc.Text{
			Zh: fmt.Sprintf("另有 %d 个未知评估项", more), En: fmt.Sprintf("and %d more unknown items", more)}})
	}
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return ltc.Invalid(p)
}

func joinInts(xs []int, sep string) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, sep)
}

// Submitted is an assessment form as an assessor submitted it, stored before
// it is scored, so that health data travels through the workflow as an id.
type Submitted struct {
	ID         string
	CaseID     string
	AssessorID string
	Form       Form
	VisitedAt  time.Time
}
