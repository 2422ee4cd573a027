package letter

import (
	"errors"
	"fmt"
	"os"
)

// DefaultFont is LXGW WenKai from Debian's fonts-lxgw-wenkai: a TrueType (glyf)
// font, which the PDF library can subset, covering GBK's hanzi, Ⅰ Ⅱ Ⅲ and
// full-width punctuation. Noto CJK is CFF in a .ttc and cannot be embedded here.
const DefaultFont = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"

// FontPackage is the Debian package that provides DefaultFont.
const FontPackage = "fonts-lxgw-wenkai"

// ErrFontMissing means the font to embed is not there: nothing can be rendered.
var ErrFontMissing = errors.New("letter: the Chinese font is missing")

// fontPath is LTC_PDF_FONT when set, else DefaultFont.
func fontPath() string {
	if p := os.Getenv("LTC_PDF_FONT"); p != "" {
		return p
	}
	return DefaultFont
}

// findFont is the font's path, naming the package to install when it is missing.
func findFont() (string, error) {
	path := fontPath()
	_, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("%w: %s not found; install it with `apt-get install %s` (scripts/services.sh install does) or set LTC_PDF_FONT to a TrueType font",
			ErrFontMissing, path, FontPackage)
	}
	if err != nil {
		return "", fmt.Errorf("letter: the font %s: %w", path, err)
	}
	return path, nil
}
