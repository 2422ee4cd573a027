package letter

// column is a table column: its heading, width in mm and alignment (L, C, R).
type column struct {
	title string
	width float64
	align string
}

// cell is what a table cell holds: its text and, below it in small print, a note.
type cell struct {
	text string
	note string
}

var (
	cellStyle     = style{size: 9.5}
	cellHeadStyle = style{size: 9.5, bold: true}
	cellNoteStyle = style{size: 8, r: 90, g: 90, b: 90}
)

// The grid: thin grey rules, a light grey heading row, and padding in mm.
const (
	tableRuleGray  = 150
	tableRuleWidth = 0.2
	tableHeadFill  = 238
	cellPaddingX   = 2.0
	cellPaddingY   = 1.0
)

// table draws the heading row and the rows in a ruled grid, every cell centred
// vertically; after a page break the heading row is drawn again.
func (d *doc) table(cols []column, rows [][]cell) {
	head := make([]cell, len(cols))
	for i, c := range cols {
		head[i] = cell{text: c.title}
	}
	headHeight := d.rowHeight(cols, head, cellHeadStyle)
	if len(rows) > 0 {
		d.room(headHeight + d.rowHeight(cols, rows[0], cellStyle))
	}
	d.row(cols, head, cellHeadStyle, headHeight, true)
	for _, r := range rows {
		h := d.rowHeight(cols, r, cellStyle)
		if d.room(h) {
			d.row(cols, head, cellHeadStyle, headHeight, true)
		}
		d.row(cols, r, cellStyle, h, false)
	}
}

// cellLines are a cell's lines in its style and in the note style.
func (d *doc) cellLines(c cell, width float64, s style) (text, note []string) {
	d.use(s)
	text = d.wrap(c.text, width-2*cellPaddingX)
	if c.note != "" {
		d.use(cellNoteStyle)
		note = d.wrap(c.note, width-2*cellPaddingX)
	}
	return text, note
}

func cellHeight(text, note []string, s style) float64 {
	return float64(len(text))*s.lineHeight() + float64(len(note))*cellNoteStyle.lineHeight()
}

// rowHeight is the height of the tallest cell of a row, with padding.
func (d *doc) rowHeight(cols []column, r []cell, s style) float64 {
	tallest := 0.0
	for i, c := range r {
		text, note := d.cellLines(c, cols[i].width, s)
		tallest = max(tallest, cellHeight(text, note, s))
	}
	return tallest + 2*cellPaddingY
}

// row draws one row of height h at the current position and moves below it.
func (d *doc) row(cols []column, r []cell, s style, h float64, heading bool) {
	x, y := marginX, d.pdf.GetY()
	box := "D"
	if heading {
		box = "FD"
	}
	for i, c := range r {
		d.pdf.SetDrawColor(tableRuleGray, tableRuleGray, tableRuleGray)
		d.pdf.SetFillColor(tableHeadFill, tableHeadFill, tableHeadFill)
		d.pdf.SetLineWidth(tableRuleWidth)
		d.pdf.Rect(x, y, cols[i].width, h, box)
		d.cell(c, cols[i], s, x, y, h)
		x += cols[i].width
	}
	d.pdf.SetXY(marginX, y+h)
}

// cell writes a cell's text and note, centred vertically in a row of height h.
func (d *doc) cell(c cell, col column, s style, x, y, h float64) {
	text, note := d.cellLines(c, col.width, s)
	top := y + (h-cellHeight(text, note, s))/2
	align := col.align
	if len(text) > 1 {
		align = "L" // a wrapped text reads best from the left
	}
	d.use(s)
	for i, l := range text {
		d.pdf.SetXY(x+cellPaddingX, top+float64(i)*s.lineHeight())
		d.pdf.CellFormat(col.width-2*cellPaddingX, s.lineHeight(), l, "", 0, align, false, 0, "")
	}
	d.use(cellNoteStyle)
	top += float64(len(text)) * s.lineHeight()
	for i, l := range note {
		d.pdf.SetXY(x+cellPaddingX, top+float64(i)*cellNoteStyle.lineHeight())
		d.pdf.CellFormat(col.width-2*cellPaddingX, cellNoteStyle.lineHeight(), l, "", 0, "L", false, 0, "")
	}
}
