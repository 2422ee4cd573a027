package forms

import (
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/zh"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	entrans "github.com/go-playground/validator/v10/translations/en"
	zhtrans "github.com/go-playground/validator/v10/translations/zh"

	"github.com/changhu/ltc"
)

// Validator checks input structs with go-playground/validator and explains
// every problem in Chinese and English through validator's translations.
type Validator struct {
	validate *validator.Validate
	zh, en   ut.Translator
	catalog  *Catalog
	usesGate func(region string) (Gate, bool)
	now      func() time.Time
}

// Gate is a region's self-assessment gate (only E, F and G may apply): the
// clause it rests on, and whether it is a local default, for the refusal.
type Gate struct {
	Clause       string
	LocalDefault bool
}

// customMessages are this project's tags, in validator's translation format.
var customMessages = map[string]ltc.Text{
	"resident_id": {Zh: "{0}无效：须为18位，末位校验码符合 GB 11643，出生日期真实且不晚于今天", En: "{0} is not valid: 18 characters, a GB 11643 check character, and a real birth date not in the future"},
	"mobile":      {Zh: "{0}必须是11位手机号码", En: "{0} must be an 11-digit mobile number"},
	"notfuture":   {Zh: "{0}不能晚于今天", En: "{0} cannot be in the future"},
	"afterbirth":  {Zh: "{0}不能早于出生日期", En: "{0} cannot be before the date of birth"},
	"region":      {Zh: "{0}不是已开展长期护理保险的地区", En: "{0} is not a region this system serves"},
	"accepted":    {Zh: "必须同意{0}", En: "{0} must be given"},
}

var mobilePattern = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

// NewValidator builds the validator. knownRegion says whether a region code is
// served; usesGate whether a region admits only self-assessed grades E, F and
// G (domain §4.3), and by which rule; now is the clock (Beijing time) that
// "not in the future" is judged by.
func NewValidator(catalog *Catalog, knownRegion func(region string) bool, usesGate func(region string) (Gate, bool), now func() time.Time) (*Validator, error) {
	v := &Validator{validate: validator.New(validator.WithRequiredStructEnabled()), catalog: catalog, usesGate: usesGate, now: now}
	v.validate.RegisterTagNameFunc(jsonName)
	uni := ut.New(zh.New(), zh.New(), en.New())
	v.zh, _ = uni.GetTranslator("zh")
	v.en, _ = uni.GetTranslator("en")
	if err := zhtrans.RegisterDefaultTranslations(v.validate, v.zh); err != nil {
		return nil, err
	}
	if err := entrans.RegisterDefaultTranslations(v.validate, v.en); err != nil {
		return nil, err
	}
	rules := map[string]validator.Func{
		"resident_id": func(fl validator.FieldLevel) bool {
			_, ok := ParseResidentID(fl.Field().String(), v.today())
			return ok
		},
		"mobile":    func(fl validator.FieldLevel) bool { return mobilePattern.MatchString(fl.Field().String()) },
		"notfuture": func(fl validator.FieldLevel) bool { return !v.parseDate(fl.Field().String()).After(v.today()) },
		"region":    func(fl validator.FieldLevel) bool { return knownRegion(fl.Field().String()) },
		"accepted":  func(fl validator.FieldLevel) bool { return fl.Field().Bool() },
	}
	for tag, fn := range rules {
		if err := v.validate.RegisterValidation(tag, fn); err != nil {
			return nil, err
		}
	}
	for tag, msg := range customMessages {
		if err := v.registerMessage(tag, v.zh, msg.Zh); err != nil {
			return nil, err
		}
		if err := v.registerMessage(tag, v.en, msg.En); err != nil {
			return nil, err
		}
	}
	v.validate.RegisterStructValidation(v.onsetAfterBirth, Application{})
	return v, nil
}

func (v *Validator) registerMessage(tag string, trans ut.Translator, text string) error {
	return v.validate.RegisterTranslation(tag, trans,
		func(ut ut.Translator) error { return ut.Add(tag, text, true) },
		func(ut ut.Translator, fe validator.FieldError) string {
			msg, _ := ut.T(tag, fe.Field())
			return msg
		})
}

// onsetAfterBirth: a disability cannot begin before the person was born.
func (v *Validator) onsetAfterBirth(sl validator.StructLevel) {
	a := sl.Current().Interface().(Application)
	id, ok := ParseResidentID(a.Person.ResidentID, v.today())
	onset := v.parseDate(a.OnsetDate)
	if ok && !onset.IsZero() && onset.Before(id.BirthDate()) {
		sl.ReportError(a.OnsetDate, "onset_date", "OnsetDate", "afterbirth", "")
	}
}

func (v *Validator) today() time.Time {
	y, m, d := v.now().In(ltc.China).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, ltc.China)
}

// parseDate returns the zero time for a malformed date; the datetime tag reports it.
func (v *Validator) parseDate(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, ltc.China)
	if err != nil {
		return time.Time{}
	}
	return t
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// Struct validates s and returns every field problem, each with its JSON path
// and the field named in the reader's language.
func (v *Validator) Struct(s any) []ltc.FieldError {
	err := v.validate.Struct(s)
	verrs, ok := err.(validator.ValidationErrors)
	if !ok {
		return nil
	}
	out := make([]ltc.FieldError, 0, len(verrs))
	for _, fe := range verrs {
		labelZh, labelEn := fieldLabels(reflect.TypeOf(s), fe.StructNamespace())
		if labelZh == "" {
			labelZh, labelEn = fe.Field(), fe.Field()
		}
		out = append(out, ltc.FieldError{
			Field: strings.SplitN(fe.Namespace(), ".", 2)[1],
			Message: ltc.Text{
				Zh: strings.Replace(fe.Translate(v.zh), fe.Field(), labelZh, 1),
				En: strings.Replace(fe.Translate(v.en), fe.Field(), labelEn, 1),
			},
		})
	}
	return out
}

// fieldLabels follows a struct namespace (Application.Person.Name) to the
// field's zh and en tags, falling back to the Go name.
func fieldLabels(t reflect.Type, namespace string) (zhLabel, enLabel string) {
	parts := strings.Split(namespace, ".")[1:]
	for i, name := range parts {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		f, ok := t.FieldByName(name)
		if !ok {
			return name, name
		}
		if i == len(parts)-1 {
			return f.Tag.Get("zh"), f.Tag.Get("en")
		}
		t = f.Type
	}
	return namespace, namespace
}
