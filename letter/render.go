package letter

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/changhu/ltc/policy"
)

// Title is the letter's title, as printed and in the PDF's metadata.
const Title = "长期护理保险失能等级评估结论书"

// pageCountAlias stands for the number of pages until the last one is drawn.
const pageCountAlias = "{nb}"

// Render draws the letter as a PDF: one A4 page where it fits, more when the
// benefit statement is long. The same letter always gives the same bytes, so a
// letter can be stored once and served as it was issued.
func Render(l Letter) ([]byte, error) {
	if err := check(l); err != nil {
		return nil, err
	}
	font, err := findFont()
	if err != nil {
		return nil, err
	}
	d, err := newDoc(l, font)
	if err != nil {
		return nil, err
	}
	d.write(l)
	var out bytes.Buffer
	if err := d.pdf.Output(&out); err != nil {
		return nil, fmt.Errorf("letter: rendering the letter of case %s: %w", l.CaseID, err)
	}
	return out.Bytes(), nil
}

// check refuses a letter that would print wrong: above all a resident ID
// number that is not masked.
func check(l Letter) error {
	var problems []error
	if !strings.Contains(l.Person.MaskedID, "*") {
		problems = append(problems, errors.New("the resident ID number is not masked"))
	}
	if l.DecidedOn.IsZero() {
		problems = append(problems, errors.New("the decision date is missing"))
	}
	if l.Qualifies && (l.Validity.From.IsZero() || l.Validity.Until.IsZero() || l.BenefitsFrom.IsZero()) {
		problems = append(problems, errors.New("a qualifying conclusion needs its validity and the date benefits start"))
	}
	if l.Objection.Deadline.IsZero() {
		problems = append(problems, errors.New("the objection deadline is missing"))
	}
	if l.Verification.Code == "" || l.Verification.URL == "" {
		problems = append(problems, errors.New("the verification code and URL are missing"))
	}
	for _, b := range l.Benefits {
		if b.Unit != policy.PerDay && b.Unit != policy.PerMonth && b.Unit != policy.OfCost {
			problems = append(problems, fmt.Errorf("benefit line %q has an unknown unit %q", b.CareForm, b.Unit))
		}
	}
	if err := errors.Join(problems...); err != nil {
		return fmt.Errorf("letter: case %s: %w", l.CaseID, err)
	}
	return nil
}

// newDoc starts an A4 document with the font embedded, its first page added.
func newDoc(l Letter, font string) (*doc, error) {
	pdf := fpdf.New("P", "mm", "A4", filepath.Dir(font))
	// Sorted catalogs and dates from the letter instead of the clock: same letter,
	// same bytes. In UTC, because fpdf writes the date without a zone.
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(l.DecidedOn.UTC())
	pdf.SetModificationDate(l.DecidedOn.UTC())
	pdf.SetProducer("ltc", false)
	pdf.SetTitle(Title, true)
	pdf.SetLang("zh-CN")
	pdf.SetMargins(marginX, marginTop, marginX)
	pdf.SetCellMargin(0) // text lines up with the margins and the table rules; cells pad themselves
	pdf.SetAutoPageBreak(true, marginBottom)
	pdf.AliasNbPages(pageCountAlias)
	pdf.AddUTF8Font(family, "", filepath.Base(font))
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("letter: the font %s cannot be embedded (a TrueType .ttf is needed, not a .ttc or CFF/OpenType font): %s",
			font, strings.TrimSpace(err.Error()))
	}
	d := &doc{pdf: pdf}
	pdf.SetHeaderFunc(func() { d.continuation(l) })
	pdf.SetFooterFunc(func() { d.footer(l.Verification) })
	pdf.AddPage()
	return d, nil
}
