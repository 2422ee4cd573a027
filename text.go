package ltc

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CleanText reports whether a text a person sent may be stored: valid UTF-8
// without NUL or other control characters (tab and line breaks excepted, for
// reasons written on several lines) and without the invisible marks that
// reorder text (a right-to-left override makes "gpj.exe" read "exe.jpg").
func CleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		if unicode.IsControl(r) || isFormatMark(r) {
			return false
		}
	}
	return true
}

// isFormatMark: bidirectional embeddings, overrides and isolates, and the
// byte-order mark, none of which belongs in a name or a reason.
func isFormatMark(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0xFEFF
}

// UncleanText is the field error for a text CleanText refuses.
func UncleanText(field string) FieldError {
	return FieldError{Field: field, Message: Text{
		Zh: "含有无效字符（控制字符、不可见的排版符号或无效编码），请删除后重试",
		En: "contains characters that cannot be stored (control or invisible formatting characters, or invalid encoding)"}}
}

// maxFilenameRunes bounds a stored filename; the extension is kept.
const maxFilenameRunes = 100

// Filename turns the name a client gave an upload into one safe to store and
// show: the last path element, without control or reordering characters, in
// Unicode normal form C, at most 100 characters with its extension kept.
func Filename(raw string) string {
	raw = strings.ToValidUTF8(raw, "")
	raw = raw[strings.LastIndexAny(raw, `/\`)+1:]
	var b strings.Builder
	for _, r := range norm.NFC.String(raw) {
		if !unicode.IsControl(r) && !isFormatMark(r) {
			b.WriteRune(r)
		}
	}
	name := strings.Trim(strings.TrimSpace(b.String()), ".")
	if name == "" {
		return "file"
	}
	runes := []rune(name)
	if len(runes) <= maxFilenameRunes {
		return name
	}
	ext := []rune(path.Ext(name))
	if len(ext) > 10 {
		ext = nil
	}
	return string(runes[:maxFilenameRunes-len(ext)]) + string(ext)
}
