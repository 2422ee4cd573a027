package letter

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"
)

// The page: A4 with the margins of an official letter; the bottom margin leaves
// room for the footer with the verification code.
const (
	pageWidth    = 210.0
	marginX      = 22.0
	marginTop    = 14.0
	marginBottom = 20.0
	contentWidth = pageWidth - 2*marginX
	family       = "cjk"
)

// style is a size in points, a weight and a colour.
type style struct {
	size    float64
	bold    bool
	r, g, b int
}

var (
	bodyStyle    = style{size: 10.5}
	strongStyle  = style{size: 10.5, bold: true}
	labelStyle   = style{size: 10.5, r: 90, g: 90, b: 90}
	noteStyle    = style{size: 8, r: 90, g: 90, b: 90}
	headingStyle = style{size: 12.5, bold: true}
	titleStyle   = style{size: 20, bold: true}
	mastStyle    = style{size: 15, bold: true, r: 190, g: 20, b: 20}
)

const mmPerPoint = 25.4 / 72

// lineHeight is the distance between lines of a style, in mm: 1.4 times the size.
func (s style) lineHeight() float64 { return s.size * mmPerPoint * 1.4 }

// doc draws on the PDF top to bottom.
type doc struct {
	pdf     *fpdf.Fpdf
	current style
}

// use selects a style. The font has no bold face: bold is the glyphs filled and
// outlined with a thin stroke of the same colour.
func (d *doc) use(s style) {
	d.current = s
	d.pdf.SetFont(family, "", s.size)
	d.pdf.SetTextColor(s.r, s.g, s.b)
	d.pdf.SetDrawColor(s.r, s.g, s.b)
	if s.bold {
		d.pdf.SetLineWidth(s.size * 0.012)
		d.pdf.SetTextRenderingMode(2)
		return
	}
	d.pdf.SetTextRenderingMode(0)
}

// space moves down by mm.
func (d *doc) space(mm float64) { d.pdf.Ln(mm) }

// room starts a new page unless mm of height still fit on this one; the style in
// use goes on, since the page header and footer change it.
func (d *doc) room(mm float64) bool {
	_, pageHeight := d.pdf.GetPageSize()
	if d.pdf.GetY()+mm <= pageHeight-marginBottom {
		return false
	}
	s := d.current
	d.pdf.AddPage()
	d.use(s)
	return true
}

// line writes one line of text across the content width.
func (d *doc) line(s style, text, align string) {
	d.use(s)
	d.pdf.SetX(marginX)
	d.pdf.CellFormat(contentWidth, s.lineHeight(), text, "", 1, align, false, 0, "")
}

// paragraph writes text wrapped to the content width, indent mm in from the left.
func (d *doc) paragraph(s style, text string, indent float64) {
	d.block(marginX+indent, contentWidth-indent, "", s, text, s)
}

// field writes "label：value", the value in style s wrapped beside the label.
func (d *doc) field(label, value string, s style) {
	d.block(marginX, contentWidth, label+"：", labelStyle, value, s)
}

// fields writes two short fields side by side, each in half the width.
func (d *doc) fields(label1, value1, label2, value2 string) {
	d.room(bodyStyle.lineHeight())
	y := d.pdf.GetY()
	d.block(marginX, contentWidth/2, label1+"：", labelStyle, value1, bodyStyle)
	below := d.pdf.GetY()
	d.pdf.SetY(y)
	d.block(marginX+contentWidth/2, contentWidth/2, label2+"：", labelStyle, value2, bodyStyle)
	d.pdf.SetY(max(below, d.pdf.GetY()))
}

// block writes a lead (a label, a number) at x, and text wrapped beside it
// within width, so that its lines hang under the text's start, not the lead's.
func (d *doc) block(x, width float64, lead string, ls style, text string, ts style) {
	d.use(ls)
	leadWidth := d.pdf.GetStringWidth(lead)
	d.use(ts)
	lines := d.wrap(text, width-leadWidth)
	d.room(ts.lineHeight())
	d.use(ls)
	d.pdf.SetX(x)
	if lead != "" { // a cell of width 0 would reach the right margin
		d.pdf.CellFormat(leadWidth, ts.lineHeight(), lead, "", 0, "L", false, 0, "")
	}
	d.use(ts)
	for i, l := range lines {
		if i > 0 {
			d.room(ts.lineHeight())
			d.pdf.SetX(x + leadWidth)
		}
		d.pdf.CellFormat(width-leadWidth, ts.lineHeight(), l, "", 1, "L", false, 0, "")
	}
}

// Marks a Chinese line must not begin with (避头) or end with (避尾).
const (
	noLineStart = "，。、；：？！）》」』〕】”’％,.;:?!)%"
	noLineEnd   = "（《「『〔【“‘("
)

// wrap breaks text into lines no wider than width in the current font: between
// any two Chinese characters, but never inside a number or a Latin word unless
// it alone is wider than a line, never before a closing mark and never after an
// opening one.
func (d *doc) wrap(text string, width float64) []string {
	var lines []string
	var line []string
	for _, tok := range d.tokens(text, width) {
		if len(line) > 0 && d.pdf.GetStringWidth(strings.Join(line, "")+tok) > width {
			keep := len(line)
			if first, _ := utf8.DecodeRuneInString(tok); strings.ContainsRune(noLineStart, first) && keep > 1 {
				keep--
			}
			if keep > 1 && strings.Contains(noLineEnd, line[keep-1]) {
				keep--
			}
			lines = append(lines, strings.Join(line[:keep], ""))
			line = slices.Clone(line[keep:])
		}
		line = append(line, tok)
	}
	return append(lines, strings.Join(line, ""))
}

// tokens splits text into what wrap may not break: a run of ASCII letters,
// digits and signs (42.50, national-2021), or else one character. A run wider
// than a line is split into characters.
func (d *doc) tokens(text string, width float64) []string {
	var toks []string
	run := func(s string) bool { return s != "" && s[0] < utf8.RuneSelf && s[0] != ' ' }
	for _, r := range text {
		last := len(toks) - 1
		if r < utf8.RuneSelf && r != ' ' && last >= 0 && run(toks[last]) {
			toks[last] += string(r)
			continue
		}
		toks = append(toks, string(r))
	}
	var fitted []string
	for _, t := range toks {
		if len(t) > 1 && d.pdf.GetStringWidth(t) > width {
			fitted = append(fitted, strings.Split(t, "")...)
			continue
		}
		fitted = append(fitted, t)
	}
	return fitted
}
