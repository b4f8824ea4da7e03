package store

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
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
	if len(lines) != 1+2+1+1+1+1 {
		t.Errorf("JSON lines: %d lines, want a header, one per record and the trailer (7)", len(lines))
	}
	if !strings.HasPrefix(lines[0], `{"format":"halo-log","format_version":2,`) {
		t.Errorf("header line %q", lines[0])
	}
	body := strings.Join(lines[:6], "\n") + "\n"
	if want := `{"trailer":{"records":5,"missions":2,"jumpers":1,"attempts":1,"notes":1,"sha256":"` + SHA256Hex([]byte(body)) + `"}}`; lines[6] != want {
		t.Errorf("trailer line\n%s\nwant\n%s", lines[6], want)
	}
}

// seal appends a trailer that matches body (which must hold whole lines), so
// that a test reaches the checks behind the trailer's.
func seal(t testing.TB, body string) string {
	t.Helper()
	d, _, err := decodeDump([]byte(body))
	tr := counts(&d)
	if err != nil {
		tr = Trailer{}
	}
	tr.SHA256 = SHA256Hex([]byte(body))
	b, _ := json.Marshal(trailerLine{&tr})
	return body + string(b) + "\n"
}

func TestReadDumpErrors(t *testing.T) {
	all := strings.Split(strings.TrimSpace(string(encode(t, sampleDump(), JSONLines))), "\n")
	good := all[:len(all)-1] // without the trailer
	join := func(ls ...string) string { return seal(t, strings.Join(ls, "\n")+"\n") }
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
		{"not an export", seal(t, `{"hello":1}`+"\n"), []string{"line 1", "format"}},
		{"other format", seal(t, `{"format":"gpx","format_version":2}`+"\n"), []string{"line 1", `"gpx"`}},
		{"newer version", seal(t, `{"format":"halo-log","format_version":3}`+"\n"), []string{"format_version 3", "newer"}},
		{"version 1", seal(t, `{"format":"halo-log","format_version":1}`+"\n"), []string{"format_version 1", "export the log again"}},
		{"version 1 without trailer", strings.Replace(strings.Join(good, "\n")+"\n", `"format_version":2`, `"format_version":1`, 1), []string{"not a whole", "format_version 1"}},
		{"no trailer", strings.Join(good, "\n") + "\n", []string{"not a whole", "line 6", "trailer", "cut short"}},
		{"cut in the trailer", strings.Join(all, "\n")[:len(strings.Join(all, "\n"))-5], []string{"not a whole", "middle of line 7"}},
		{"no final newline", strings.Join(all, "\n"), []string{"not a whole", "middle of line 7"}},
		{"altered", strings.Replace(strings.Join(all, "\n")+"\n", "late pull", "late pulL", 1), []string{"not a whole", "SHA-256 of lines 1 to 6", "altered"}},
		{"a record dropped", strings.Join(append(append([]string(nil), all[:4]...), all[5:]...), "\n") + "\n", []string{"not a whole", "altered"}},
		{"counts disagree", strings.Join(good, "\n") + "\n" + miscount(t, strings.Join(good, "\n")+"\n") + "\n", []string{"not a whole", "6 records", "holds 5"}},
		{"trailer with unknown field", strings.Join(good, "\n") + "\n" + `{"trailer":{"records":5,"sha256":"x","extra":1}}` + "\n", []string{"not a whole", "line 7"}},
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
		{"document with trailing data", seal(t, strings.Join(strings.Split(string(encode(t, sampleDump(), JSONDocument)), "\n")[:len(strings.Split(string(encode(t, sampleDump(), JSONDocument)), "\n"))-2], "\n")+"\n{}\n"), []string{"after the JSON document"}},
		{"array", seal(t, "[1]\n"), []string{"line 1"}},
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

// miscount returns a trailer whose SHA-256 matches body but which counts one
// attempt more than the body holds.
func miscount(t testing.TB, body string) string {
	d, _, err := decodeDump([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	tr := counts(&d)
	tr.Attempts++
	tr.Records++
	tr.SHA256 = SHA256Hex([]byte(body))
	b, _ := json.Marshal(trailerLine{&tr})
	return string(b)
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
	for _, body := range []string{
		`{"format":"halo-log","format_version":2}` + "\n",
		`{"format":"halo-log","format_version":2,"missions":[],"attempts":null}` + "\n",
		"{\"format\":\"halo-log\",\"format_version\":2}\n{\"jumper\":{\"id\":1,\"name\":\"A\",\"created\":\"2024-01-01T00:00:00Z\"}}\n",
		`{"format":"halo-log","format_version":2}` + "\n" + `{"note":{"id":1,"uid":"x","text":"t","created":"2024-01-01T00:00:00Z"}}` + "\n",
	} {
		f.Add([]byte(body))
		f.Add([]byte(seal(f, body)))
	}
	// cut and altered exports
	whole := encode(f, d, JSONLines)
	f.Add(whole[:len(whole)-1])
	f.Add(whole[:len(whole)/2])
	f.Add(bytes.Replace(whole, []byte("late pull"), []byte("late pulL"), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadDump(bytes.NewReader(data))
		if err != nil {
			return
		}
		// An accepted file is whole: it ends with a trailer that matches it,
		// and no proper prefix of it is accepted.
		body, tr, err := splitTrailer(data)
		if err != nil || counts(&got).Records != tr.Records {
			t.Fatalf("accepted a file whose trailer does not match: %v", err)
		}
		for _, cut := range []int{len(data) - 1, len(body), len(body) / 2} {
			if _, err := ReadDump(bytes.NewReader(data[:cut])); err == nil {
				t.Fatalf("accepted the file cut at byte %d of %d", cut, len(data))
			}
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
