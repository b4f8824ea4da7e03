package store

import (
	"bytes"
	"encoding/base64"
	"reflect"
	"strings"
	"testing"
	"time"
)

func sampleDump() Dump {
	t0 := time.Date(2024, 5, 1, 10, 0, 0, 123456000, time.UTC)
	return Dump{
		Exported: t0,
		Missions: []Mission{
			{ID: 1, Name: "alpha", Version: 1, YAML: "exit: {alt: 25000 ft}\n", Created: t0},
			{ID: 4, Name: "alpha", Version: 2, YAML: "exit: {alt: 30000 ft}\n", Created: t0.Add(time.Hour)},
		},
		Jumpers: []Jumper{{ID: 2, Name: "Ana", Notes: "rigger", Created: t0}},
		Attempts: []Attempt{{
			ID: 7, UID: "0123456789abcdef0123456789abcdef", MissionID: 4, MissionName: "alpha", MissionVersion: 2,
			Date: t0.Add(24 * time.Hour), Outcome: OutcomeSuccess, Conditions: `{"wind_kt":12}`,
			Jumpers: []AttemptJumper{
				{Name: "Ana", Role: "jumper", Track: &TrackFile{Name: "A.CSV", Format: "flysight2", Bytes: []byte("$FLYSIGHT,2\r\n\x00\xff")},
					Result: Result{LandingErrorM: F(12.5), FittedCdAM2: F(0.42), DebriefJSON: []byte(`{"k":1}`)}},
				{Name: "Bo", Result: Result{OpenAltAGLM: F(1000)}},
			},
		}},
		Notes: []Note{{ID: 3, UID: "n1", AttemptID: 7, Text: "late pull", Created: t0}},
	}
}

func encode(t testing.TB, d Dump, form DumpForm) []byte {
	var b bytes.Buffer
	if err := WriteDump(&b, d, form); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDumpRoundTripBothForms(t *testing.T) {
	want := sampleDump()
	if err := ValidateDump(&want); err != nil {
		t.Fatal(err)
	}
	want.Format, want.FormatVersion = DumpFormat, DumpVersion
	for _, form := range []DumpForm{JSONLines, JSONDocument} {
		data := encode(t, want, form)
		got, err := ReadDump(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("form %d: %v", form, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("form %d: round trip changed the dump:\n got %+v\nwant %+v", form, got, want)
		}
		// Tracks travel as base64 of the exact bytes.
		if b64 := base64.StdEncoding.EncodeToString([]byte("$FLYSIGHT,2\r\n\x00\xff")); !bytes.Contains(data, []byte(b64)) {
			t.Errorf("form %d: track bytes not base64 in the file", form)
		}
	}
	lines := strings.Split(strings.TrimSpace(string(encode(t, want, JSONLines))), "\n")
	if len(lines) != 1+2+1+1+1 {
		t.Errorf("JSON lines: %d lines, want a header and one per record (6)", len(lines))
	}
	if !strings.HasPrefix(lines[0], `{"format":"halo-log","format_version":1,`) {
		t.Errorf("header line %q", lines[0])
	}
}

func TestReadDumpErrors(t *testing.T) {
	good := strings.Split(strings.TrimSpace(string(encode(t, sampleDump(), JSONLines))), "\n")
	join := func(ls ...string) string { return strings.Join(ls, "\n") + "\n" }
	replace := func(i int, old, new string) string {
		ls := append([]string(nil), good...)
		if !strings.Contains(ls[i], old) {
			t.Fatalf("line %d has no %q", i+1, old)
		}
		ls[i] = strings.Replace(ls[i], old, new, 1)
		return join(ls...)
	}
	for _, c := range []struct {
		name, in string
		want     []string // substrings of the error
	}{
		{"empty", "", []string{"empty"}},
		{"not an export", `{"hello":1}`, []string{"line 1", "format"}},
		{"other format", `{"format":"gpx","format_version":1}`, []string{"line 1", `"gpx"`}},
		{"newer version", `{"format":"halo-log","format_version":2}`, []string{"format_version 2", "newer"}},
		{"syntax error line 3", join(good[0], good[1], `{"mission": {"id": 1,,}}`, good[3]), []string{"line 3"}},
		{"type error", replace(3, `"id":2`, `"id":"two"`), []string{"line 4", "id"}},
		{"two kinds in a record", replace(3, `{"jumper":`, `{"note":{"id":9},"jumper":`), []string{"line 4", "exactly one"}},
		{"bad outcome", replace(4, `"outcome":"success"`, `"outcome":"landed"`), []string{"line 5", `"landed"`, "success"}},
		{"dangling mission", replace(4, `"mission_id":4`, `"mission_id":99`), []string{"line 5", "mission_id 99"}},
		{"mission mismatch", replace(4, `"mission_version":2`, `"mission_version":1`), []string{"line 5", "version 1", "version 2"}},
		{"dangling note", replace(5, `"attempt_id":7`, `"attempt_id":8`), []string{"line 6", "attempt_id 8"}},
		{"duplicate mission version", replace(2, `"version":2`, `"version":1`), []string{"line 3", "version 1", "line 2"}},
		{"wrong mission hash", replace(1, `"sha256":"`, `"sha256":"00`), []string{"line 2", "does not match"}},
		{"wrong track hash", replace(4, `"sha256":"`, `"sha256":"ab`), []string{"line 5", "does not match"}},
		{"infinite number", replace(4, `"landing_error_m":12.5`, `"landing_error_m":1e999`), []string{"line 5"}},
		{"no id", replace(3, `"id":2`, `"id":0`), []string{"line 4", "positive"}},
		{"zero date", replace(4, `"date":"2024-05-02T10:00:00.123456Z"`, `"date":"0001-01-01T00:00:00Z"`), []string{"line 5", "date"}},
		{"missing uid", replace(4, `"uid":"0123456789abcdef0123456789abcdef"`, `"uid":""`), []string{"line 5", "uid"}},
		{"document with trailing data", string(encode(t, sampleDump(), JSONDocument)) + "{}", []string{"after the JSON document"}},
		{"array", `[1]`, []string{"line 1"}},
	} {
		_, err := ReadDump(strings.NewReader(c.in))
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
}

func TestParseOutcome(t *testing.T) {
	for in, want := range map[string]Outcome{
		"success": OutcomeSuccess, " Success ": OutcomeSuccess, "aborted before exit": OutcomeAborted,
		"off target": OutcomeOffTarget, "OFF_TARGET": OutcomeOffTarget, "malfunction": OutcomeMalfunction,
		"incident": OutcomeIncident, "other": OutcomeOther,
	} {
		if got, err := ParseOutcome(in); err != nil || got != want {
			t.Errorf("ParseOutcome(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "ok", "sucess", "aborted-after-exit"} {
		if _, err := ParseOutcome(bad); err == nil || !strings.Contains(err.Error(), "off-target") {
			t.Errorf("ParseOutcome(%q) error %v, want one listing the outcomes", bad, err)
		}
	}
}

func TestParseDumpForm(t *testing.T) {
	for in, want := range map[string]DumpForm{"jsonl": JSONLines, "": JSONLines, "NDJSON": JSONLines, "json": JSONDocument, "document": JSONDocument} {
		if got, err := ParseDumpForm(in); err != nil || got != want {
			t.Errorf("ParseDumpForm(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseDumpForm("xml"); err == nil {
		t.Error("xml accepted")
	}
}

func TestPrepareAttemptDoesNotAlias(t *testing.T) {
	v := 5.0
	a := Attempt{MissionName: "m", Date: time.Now(), Outcome: OutcomeSuccess,
		Jumpers: []AttemptJumper{{Name: "A", Result: Result{LandingErrorM: &v}}}}
	p, err := PrepareAttempt(a)
	if err != nil {
		t.Fatal(err)
	}
	v = 6
	if *p.Jumpers[0].Result.LandingErrorM != 5 {
		t.Error("prepared attempt shares the caller's number")
	}
	if a.UID != "" || p.UID == "" {
		t.Error("UID filled in the caller's attempt, or not at all")
	}
}

// FuzzReadDump feeds the reader arbitrary files, seeded with real exports in
// both forms and broken variants. A file it accepts must survive being
// written and read again unchanged.
func FuzzReadDump(f *testing.F) {
	d := sampleDump()
	f.Add(encode(f, d, JSONLines))
	f.Add(encode(f, d, JSONDocument))
	f.Add([]byte(`{"format":"halo-log","format_version":1}`))
	f.Add([]byte(`{"format":"halo-log","format_version":1,"missions":[],"attempts":null}`))
	f.Add([]byte("{\"format\":\"halo-log\",\"format_version\":1}\n{\"jumper\":{\"id\":1,\"name\":\"A\",\"created\":\"2024-01-01T00:00:00Z\"}}\n"))
	f.Add([]byte(`{"format":"halo-log","format_version":1}` + "\n" + `{"note":{"id":1,"uid":"x","text":"t","created":"2024-01-01T00:00:00Z"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadDump(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, form := range []DumpForm{JSONLines, JSONDocument} {
			again, err := ReadDump(bytes.NewReader(encode(t, got, form)))
			if err != nil {
				t.Fatalf("form %d: an accepted file does not read back: %v", form, err)
			}
			// nil and empty slices are the same file.
			norm := func(d *Dump) {
				if len(d.Missions) == 0 {
					d.Missions = nil
				}
				if len(d.Jumpers) == 0 {
					d.Jumpers = nil
				}
				if len(d.Attempts) == 0 {
					d.Attempts = nil
				}
				if len(d.Notes) == 0 {
					d.Notes = nil
				}
			}
			g := got
			norm(&g)
			norm(&again)
			if !reflect.DeepEqual(g, again) {
				t.Fatalf("form %d: round trip changed the dump:\n%+v\n%+v", form, g, again)
			}
		}
	})
}

// FuzzParseOutcome: whatever is accepted is a valid outcome that parses to
// itself.
func FuzzParseOutcome(f *testing.F) {
	for _, s := range []string{"success", "off target", "aborted before exit", "x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOutcome(s)
		if err != nil {
			return
		}
		if !o.Valid() {
			t.Fatalf("ParseOutcome(%q) = invalid %q", s, o)
		}
		if o2, err := ParseOutcome(string(o)); err != nil || o2 != o {
			t.Fatalf("ParseOutcome(%q) = %q, %v", o, o2, err)
		}
	})
}
