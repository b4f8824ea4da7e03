package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"halo/brief"
	"halo/flight"
	"halo/geo"
	"halo/plan"
)

// A mission name and a jumper name written to forge records: a FlySight 2 $GNSS
// row, a CSV line, a briefing line.
const (
	evilMission = "night\r\n$GNSS,2000-01-01T00:00:00.000Z,0,0,0,0,0,0,0,0,0,0\r\nverdict: GO"
	evilJumper  = "=cmd|' /C calc'!A0\nJM,1"
)

func evilPlan() *plan.Plan {
	p := &plan.Plan{Mission: evilMission, Verdict: "NO-GO", ExitTime: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	p.Target.Lat, p.Target.Lon = 24.1, 54.6
	p.Env = &plan.Env{Frame: geo.NewFrame(p.Target.Lat, p.Target.Lon, 0)} // the exports draw in the plan's frame
	p.Jumpers = []plan.JumperPlan{{Name: evilJumper, Role: "lead\x1b[2J\u2028x"}}
	var tr []flight.Sample
	for i := range 3 {
		tr = append(tr, flight.Sample{T: float64(i), Z: 7000 - 50*float64(i), VU: -50})
	}
	p.Traces = [][]flight.Sample{tr}
	return p
}

// No export lets text from the mission start a record: a name with a newline
// writes no line of its own, its control characters show as escapes.
func TestExportsEscapeMissionText(t *testing.T) {
	p := evilPlan()
	write := func(t *testing.T, f func(io.Writer) error) string {
		t.Helper()
		var b bytes.Buffer
		if err := f(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}

	t.Run("FlySight 2", func(t *testing.T) {
		out := write(t, func(w io.Writer) error { return FlySight2(w, p, "") })
		lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		gnss := 0
		for _, l := range lines {
			if strings.ContainsAny(l, "\r\n") {
				t.Errorf("a bare line end inside record %q", l)
			}
			if strings.HasPrefix(l, "$GNSS,") {
				gnss++
			}
			if strings.HasPrefix(l, "$VAR,SESSION_ID,") && strings.Count(l, ",") != 2 {
				t.Errorf("SESSION_ID record with %d fields: %q", strings.Count(l, ",")+1, l)
			}
		}
		if gnss < 3 || len(lines) != 7+gnss { // 7 header records, then only $GNSS rows
			t.Errorf("%d $GNSS rows in %d lines, want 7 header lines and the rest $GNSS rows:\n%s", gnss, len(lines), out)
		}
	})

	t.Run("CSV", func(t *testing.T) {
		out := write(t, func(w io.Writer) error { return SimCSV(w, p, "") })
		if n := strings.Count(out, "\n"); n != 4 {
			t.Errorf("%d lines, want a header and 3 rows:\n%s", n, out)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(recs) != 4 {
			t.Fatalf("%d records, %v", len(recs), err)
		}
		if name := recs[1][0]; !strings.HasPrefix(name, "'=") || strings.ContainsAny(name, "\n\r") {
			t.Errorf("jumper cell %q: want the formula defused and no line end", name)
		}
	})

	t.Run("GeoJSON", func(t *testing.T) {
		out := write(t, func(w io.Writer) error { return GeoJSON(w, p, "") })
		var fc struct {
			Features []struct {
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal([]byte(out), &fc); err != nil {
			t.Fatal(err)
		}
		var last map[string]any // the jumper's path
		for _, f := range fc.Features {
			if f.Properties["kind"] == "path" {
				last = f.Properties
			}
		}
		for _, k := range []string{"name", "role"} {
			if s, _ := last[k].(string); needsEscape(s) || !strings.Contains(s, `\`) {
				t.Errorf("%s %q: control characters left, or not shown", k, s)
			}
		}
	})

	t.Run("KML", func(t *testing.T) {
		out := write(t, func(w io.Writer) error { return KML(w, p, "") })
		d := xml.NewDecoder(strings.NewReader(out))
		var names []string
		inName := false
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("KML does not parse: %v", err)
			}
			switch x := tok.(type) {
			case xml.StartElement:
				inName = x.Name.Local == "name"
			case xml.CharData:
				if inName {
					names = append(names, string(x))
				}
			case xml.EndElement:
				inName = false
			}
		}
		for _, n := range names {
			if needsEscape(n) {
				t.Errorf("KML name %q holds control characters", n)
			}
		}
		if !strings.Contains(strings.Join(names, "|"), `night\r\n$GNSS`) {
			t.Errorf("mission name not shown escaped: %q", names)
		}
	})

	t.Run("text", func(t *testing.T) {
		out := write(t, func(w io.Writer) error { return PlanText(w, &brief.Briefing{Plan: p}) })
		first, _, _ := strings.Cut(out, "\n")
		if !strings.Contains(first, `night\r\n$GNSS`) || !strings.HasSuffix(first, "verdict: NO-GO") || strings.Contains(out, "\nverdict: GO") {
			t.Errorf("briefing header %q", first)
		}
	})
}

func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain Jürgen 北", "plain Jürgen 北"},
		{"a\nb\rc\td", `a\nb\rc\td`},
		{"\x1b[2J\x7f\u0085\u2028", `\x1b[2J\x7f\u0085\u2028`},
		{"bad \xff utf8", `bad \xff utf8`},
		{"", ""},
	} {
		if got := Escape(c.in); got != c.want {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
