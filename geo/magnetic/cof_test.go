package magnetic

import (
	"errors"
	"strings"
	"testing"
)

// lines of the embedded file, for building broken copies.
func cofLines() []string {
	return strings.Split(strings.TrimSuffix(string(wmm2025COF), "\n"), "\n")
}

func join(l []string) []byte { return []byte(strings.Join(l, "\n") + "\n") }

func TestParseCOF_Refuses(t *testing.T) {
	mod := func(f func(l []string) []string) []byte { return join(f(cofLines())) }
	set := func(i int, s string) []byte {
		return mod(func(l []string) []string { l[i] = s; return l })
	}
	for _, c := range []struct {
		name string
		data []byte
		msg  string
	}{
		{"empty", nil, "empty file"},
		{"no final newline", []byte(strings.TrimSuffix(string(wmm2025COF), "\n")), "does not end with a newline"},
		{"header two fields", set(0, "    2025.0            WMM-2025"), "want three fields"},
		{"header other model", set(0, "    2025.0            WMM-2020        11/13/2024"), `want "WMM-2025"`},
		{"header IGRF", set(0, "    2025.0            IGRF-14        11/13/2024"), "model name"},
		{"header epoch not whole", set(0, "    2025.5            WMM-2025        11/13/2024"), "whole decimal year"},
		{"header epoch text", set(0, "    NaN            WMM-2025        11/13/2024"), "epoch"},
		{"header date", set(0, "    2025.0            WMM-2025        13/45/2024"), "MM/DD/YYYY"},
		{"line missing", mod(func(l []string) []string { return append(l[:50:50], l[51:]...) }), "line 51"},
		{"lines swapped", mod(func(l []string) []string { l[3], l[4] = l[4], l[3]; return l }), "line 4: \"  2  1 "},
		{"five fields", set(7, "  3  1   -2159.2    -927.7      -12.6"), "six fields"},
		{"NaN coefficient", set(7, "  3  1   NaN    -927.7      -12.6        4.8"), "finite number"},
		{"Inf coefficient", set(7, "  3  1   -2159.2    +Inf      -12.6        4.8"), "finite number"},
		{"absurd coefficient", set(7, "  3  1   -2159.2e9    -927.7      -12.6        4.8"), "finite number"},
		{"h at m=0", set(1, "  1  0  -29351.8       1.0       12.0        0.0"), "want 0"},
		{"hdot at m=0", set(1, "  1  0  -29351.8       0.0       12.0        0.3"), "want 0"},
		{"degree 13 line", mod(func(l []string) []string {
			return append(l[:91:91], append([]string{" 13  0      0.1       0.0        0.0        0.0"}, l[91:]...)...)
		}), "closing line of 48 nines"},
		{"no trailer", mod(func(l []string) []string { return l[:91] }), "without its two closing lines"},
		{"one trailer line", mod(func(l []string) []string { return l[:92] }), "without its two closing lines"},
		{"short trailer", set(92, "9999"), "closing line of 48 nines"},
		{"text after trailer", mod(func(l []string) []string { return append(l, "", "junk") }), "after the closing lines"},
		{"cut mid-coefficients", []byte(string(wmm2025COF[:2000]) + "\n"), "line"},
	} {
		m, err := ParseCOF(c.data)
		if m != nil || !errors.Is(err, ErrCOF) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: model %v, error %v; want ErrCOF naming %q", c.name, m != nil, err, c.msg)
		}
	}
}

// TestParseCOF_EveryCutRefused: a coefficient file cut anywhere — every proper
// prefix of NOAA's file, byte by byte — is refused whole.
func TestParseCOF_EveryCutRefused(t *testing.T) {
	for n := 0; n < len(wmm2025COF); n++ {
		if m, err := ParseCOF(wmm2025COF[:n]); err == nil || m != nil {
			t.Fatalf("the first %d of %d bytes parsed as a model", n, len(wmm2025COF))
		}
	}
}

// TestParseCOF_Accepts: CRLF line ends and blank lines after the trailer are the
// same file; the model reads identically.
func TestParseCOF_Accepts(t *testing.T) {
	want := WMM2025()
	for name, data := range map[string][]byte{
		"as is":          wmm2025COF,
		"CRLF":           []byte(strings.ReplaceAll(string(wmm2025COF), "\n", "\r\n")),
		"trailing blank": append(append([]byte{}, wmm2025COF...), "\n  \n"...),
	} {
		m, err := ParseCOF(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if *m != *want {
			t.Errorf("%s: model differs from the embedded one", name)
		}
	}
}
