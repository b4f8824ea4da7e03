package render

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text from a mission (its name, jumpers' names and roles) goes into files other
// programs read line by line or record by record. A control character in it (a
// newline, a carriage return, an escape) could end a record and start a forged
// one: a "$GNSS" row in a FlySight 2 file, a line of a CSV, a line of the text
// briefing. Every writer of this package passes such text through Escape.

// Escape returns s with every control character (C0, DEL, C1), the Unicode line
// and paragraph separators and every byte that is not UTF-8 written as a Go escape
// (\n, \r, \x1b, \u2028, \xff), so that the text stays visible and on one line.
func Escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case isBreak(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func isBreak(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }

func needsEscape(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if isBreak(r) {
			return true
		}
	}
	return false
}

// flySightText is Escape for a FlySight 2 header value: a comma would split the
// record into more fields than the format has, so it becomes a semicolon.
func flySightText(s string) string { return strings.ReplaceAll(Escape(s), ",", ";") }

// csvText is Escape for a CSV cell: a cell that starts with =, +, -, @ (or a
// tab or carriage return, escaped here) is a formula to a spreadsheet; it gets a
// leading apostrophe, as OWASP's "CSV Injection" advice says [OWASP-CSV].
func csvText(s string) string {
	s = Escape(s)
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
