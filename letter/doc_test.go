package letter

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

func TestWrapNeverStartsALineWithAClosingMark(t *testing.T) {
	d := testDoc(t)
	text := strings.Repeat("长期护理保险待遇，", 12)
	lines := d.wrap(text, 40)
	if len(lines) < 3 || strings.Join(lines, "") != text {
		t.Fatalf("wrap lost or kept text: %q", lines)
	}
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "，") {
			t.Errorf("a line starts with a comma: %q", lines)
		}
	}
}

func TestWrapKeepsNumbersWhole(t *testing.T) {
	d := testDoc(t)
	text := strings.Repeat("基金支付12345.67元", 8)
	lines := d.wrap(text, 40)
	numeric := func(s string) bool { return s != "" && strings.ContainsAny(s, "0123456789.") }
	for i := 1; i < len(lines); i++ {
		before, after := lines[i-1][len(lines[i-1])-1:], lines[i][:1]
		if numeric(before) && numeric(after) {
			t.Errorf("a number is broken across lines: %q", lines)
		}
	}
}

// testDoc is a document with the font, to measure text in the body style.
func testDoc(t *testing.T) *doc {
	t.Helper()
	needFont(t)
	pdf := fpdf.New("P", "mm", "A4", filepath.Dir(fontPath()))
	pdf.AddUTF8Font(family, "", filepath.Base(fontPath()))
	d := &doc{pdf: pdf}
	d.use(bodyStyle)
	return d
}
