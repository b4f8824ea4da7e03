package mission

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// A mission saved with a UTF-8 byte-order mark (Windows Notepad does) decodes
// like the same file without it; a UTF-16 file gets a message saying so and how to
// fix it (it was "1: unknown key").
func TestByteOrderMark(t *testing.T) {
	plain, _ := Builtin("fallout")
	m, err := Decode("bom.yaml", append([]byte("\xef\xbb\xbf"), plain...))
	if err != nil {
		t.Fatalf("UTF-8 BOM: %v", err)
	}
	want, _ := Decode("plain.yaml", plain)
	if m.Name != want.Name || len(m.Jumpers) != len(want.Jumpers) {
		t.Errorf("with a BOM: %q, %d jumpers; want %q, %d", m.Name, len(m.Jumpers), want.Name, len(want.Jumpers))
	}
	for _, bom := range []string{"\xff\xfe", "\xfe\xff"} {
		_, err := Decode("u16.yaml", append([]byte(bom), bytes.Repeat([]byte("a\x00"), 10)...))
		var es Errors
		if !errors.As(err, &es) || len(es) != 1 || es[0].Line != 1 || !strings.Contains(es[0].Msg, "UTF-16") || !strings.Contains(es[0].Msg, "UTF-8") {
			t.Errorf("UTF-16 BOM %q: %v; want one error at line 1 saying UTF-16, save as UTF-8", bom, err)
		}
	}
}

// open_after: 0 s passed decoding and failed in the simulator as "invalid jump";
// it is an error at its line that says what values are allowed.
func TestOpenAfterZero(t *testing.T) {
	b, _ := Builtin("fallout")
	src := string(b)
	i := strings.Index(src, "open_at:")
	if i < 0 {
		t.Fatal("fallout has no open_at")
	}
	end := i + strings.IndexAny(src[i:], ",}\n")
	line := strings.Count(src[:i], "\n") + 1
	bad := src[:i] + "open_after: 0 s" + src[end:]
	_, err := Decode("m.yaml", []byte(bad))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("open_after: 0 s accepted (%v)", err)
	}
	found := false
	for _, e := range es {
		if strings.HasSuffix(e.Path, ".open_after") && e.Line == line && strings.Contains(e.Msg, "more than 0 s") && strings.Contains(e.Msg, "900 s") {
			found = true
		}
	}
	if !found {
		t.Errorf("open_after: 0 s on line %d: %v; want an error at that line giving the allowed values", line, err)
	}
}
