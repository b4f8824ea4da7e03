package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// DumpFormat is the "format" field of a portable log file.
const DumpFormat = "halo-log"

// DumpVersion is the version of the portable format this package writes and
// the only one it reads. Version 2 added the trailer (record counts and the
// SHA-256 of everything before it); version 1 files have none, so a cut one
// cannot be told from a whole one, and they are refused.
const DumpVersion = 2

// DumpForm selects how Export lays out the portable file.
//
// Both forms end with the same trailer line,
//
//	{"trailer":{"records":N,"missions":..,"jumpers":..,"attempts":..,"notes":..,"sha256":"..."}}
//
// followed by a newline: the record counts and the lowercase hex SHA-256 of
// every byte before the trailer line. ReadDump refuses a file whose trailer is
// missing, cut, or disagrees with the bytes or the records before it, so a
// file cut at any byte, or altered, is refused whole.
type DumpForm int

const (
	// JSONLines writes one JSON object per line: a header line
	// {"format":"halo-log","format_version":2,"exported":...}, then one line
	// per record, each {"mission":{...}}, {"jumper":{...}}, {"attempt":{...}}
	// or {"note":{...}}, in that order of kinds, then the trailer line.
	JSONLines DumpForm = iota
	// JSONDocument writes a single JSON object with the header fields and
	// arrays "missions", "jumpers", "attempts", "notes", then the trailer line.
	JSONDocument
)

// Trailer is the last line of a portable log file: how many records of each
// kind the file holds and the SHA-256 of every byte before the trailer line.
type Trailer struct {
	Records  int    `json:"records"`
	Missions int    `json:"missions"`
	Jumpers  int    `json:"jumpers"`
	Attempts int    `json:"attempts"`
	Notes    int    `json:"notes"`
	SHA256   string `json:"sha256"`
}

type trailerLine struct {
	Trailer *Trailer `json:"trailer"`
}

// counts returns d's record counts in a Trailer (SHA256 left empty).
func counts(d *Dump) Trailer {
	return Trailer{
		Records:  len(d.Missions) + len(d.Jumpers) + len(d.Attempts) + len(d.Notes),
		Missions: len(d.Missions), Jumpers: len(d.Jumpers), Attempts: len(d.Attempts), Notes: len(d.Notes),
	}
}

// ParseDumpForm reads "jsonl" (or "ndjson", "lines") and "json" (or
// "document").
func ParseDumpForm(s string) (DumpForm, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "jsonl", "ndjson", "lines", "":
		return JSONLines, nil
	case "json", "document":
		return JSONDocument, nil
	}
	return 0, fmt.Errorf("export form %q: want jsonl or json", s)
}

// Dump is the whole log in portable form: what Export writes and Import
// reads. IDs inside it are the exporting log's; references between records
// (Attempt.MissionID, Note.AttemptID) use them. Track bytes are base64 in JSON.
type Dump struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	Exported      time.Time `json:"exported"`
	Missions      []Mission `json:"missions"`
	Jumpers       []Jumper  `json:"jumpers"`
	Attempts      []Attempt `json:"attempts"`
	Notes         []Note    `json:"notes"`
}

type dumpRecord struct {
	Mission *Mission `json:"mission,omitempty"`
	Jumper  *Jumper  `json:"jumper,omitempty"`
	Attempt *Attempt `json:"attempt,omitempty"`
	Note    *Note    `json:"note,omitempty"`
}

type dumpHeader struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	Exported      time.Time `json:"exported"`
}

// WriteDump writes d to w in the given form. Format and FormatVersion are
// set to DumpFormat and DumpVersion.
func WriteDump(w io.Writer, d Dump, form DumpForm) error {
	d.Format, d.FormatVersion = DumpFormat, DumpVersion
	out := bufio.NewWriterSize(w, 1<<16)
	h := sha256.New()
	bw := io.MultiWriter(out, h)
	switch form {
	case JSONDocument:
		if d.Missions == nil {
			d.Missions = []Mission{}
		}
		if d.Jumpers == nil {
			d.Jumpers = []Jumper{}
		}
		if d.Attempts == nil {
			d.Attempts = []Attempt{}
		}
		if d.Notes == nil {
			d.Notes = []Note{}
		}
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		if err := enc.Encode(d); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	case JSONLines:
		enc := json.NewEncoder(bw)
		if err := enc.Encode(dumpHeader{d.Format, d.FormatVersion, d.Exported}); err != nil {
			return fmt.Errorf("export: header: %w", err)
		}
		for i := range d.Missions {
			if err := enc.Encode(dumpRecord{Mission: &d.Missions[i]}); err != nil {
				return fmt.Errorf("export: mission %d: %w", d.Missions[i].ID, err)
			}
		}
		for i := range d.Jumpers {
			if err := enc.Encode(dumpRecord{Jumper: &d.Jumpers[i]}); err != nil {
				return fmt.Errorf("export: jumper %d: %w", d.Jumpers[i].ID, err)
			}
		}
		for i := range d.Attempts {
			if err := enc.Encode(dumpRecord{Attempt: &d.Attempts[i]}); err != nil {
				return fmt.Errorf("export: attempt %d: %w", d.Attempts[i].ID, err)
			}
		}
		for i := range d.Notes {
			if err := enc.Encode(dumpRecord{Note: &d.Notes[i]}); err != nil {
				return fmt.Errorf("export: note %d: %w", d.Notes[i].ID, err)
			}
		}
	default:
		return fmt.Errorf("export: unknown form %d", form)
	}
	tr := counts(&d)
	tr.SHA256 = hex.EncodeToString(h.Sum(nil))
	if err := json.NewEncoder(out).Encode(trailerLine{&tr}); err != nil {
		return fmt.Errorf("export: trailer: %w", err)
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// ErrNotWhole is wrapped by ReadDump's error when the file is not whole: its
// trailer is missing or cut, or disagrees with the bytes or the records
// before it (the file was cut short, or altered).
var ErrNotWhole = errors.New("the file is not a whole halo log export")

// ReadDump reads a portable log file in either form, checks its trailer (the
// SHA-256 of the bytes, then the record counts) before anything else, and
// validates it (see ValidateDump). Errors name the line (and the record) at
// fault; a file that is not whole wraps ErrNotWhole.
func ReadDump(r io.Reader) (Dump, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Dump{}, fmt.Errorf("import: reading: %w", err)
	}
	body, tr, err := splitTrailer(data)
	if err != nil {
		return Dump{}, fmt.Errorf("import: %w", err)
	}
	d, locs, err := decodeDump(body)
	if err != nil {
		return Dump{}, fmt.Errorf("import: %w", err)
	}
	got := counts(&d)
	if got.Missions != tr.Missions || got.Jumpers != tr.Jumpers || got.Attempts != tr.Attempts || got.Notes != tr.Notes || got.Records != tr.Records {
		return Dump{}, fmt.Errorf("import: %w: the trailer counts %d records (%d missions, %d jumpers, %d attempts, %d notes) but the file holds %d (%d, %d, %d, %d); nothing was imported",
			ErrNotWhole, tr.Records, tr.Missions, tr.Jumpers, tr.Attempts, tr.Notes, got.Records, got.Missions, got.Jumpers, got.Attempts, got.Notes)
	}
	if err := validateDump(&d, locs); err != nil {
		return Dump{}, fmt.Errorf("import: %w", err)
	}
	return d, nil
}

// splitTrailer finds the trailer line at the end of data and checks the
// SHA-256 of the bytes before it. It returns those bytes and the trailer.
func splitTrailer(data []byte) ([]byte, Trailer, error) {
	var tr Trailer
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, tr, errors.New("the file is empty: want a halo log export (JSON lines or a JSON document)")
	}
	lines := 1 + bytes.Count(data, []byte{'\n'})
	if data[len(data)-1] != '\n' {
		return nil, tr, fmt.Errorf("%w: it ends in the middle of line %d (byte %d) without the trailer line that ends every export: it was cut short; nothing was imported%s",
			ErrNotWhole, lines, len(data), versionHint(data))
	}
	lines-- // the final newline ends the last line
	start := bytes.LastIndexByte(data[:len(data)-1], '\n') + 1
	last := data[start : len(data)-1]
	dec := json.NewDecoder(bytes.NewReader(last))
	dec.DisallowUnknownFields()
	var tl trailerLine
	if err := dec.Decode(&tl); err != nil || tl.Trailer == nil || dec.More() {
		return nil, tr, fmt.Errorf("%w: its last line (line %d) is not the trailer {\"trailer\":{\"records\":...,\"sha256\":...}} that ends every export: it was cut short or altered; nothing was imported%s",
			ErrNotWhole, lines, versionHint(data))
	}
	tr = *tl.Trailer
	body := data[:start]
	if sum := SHA256Hex(body); !strings.EqualFold(sum, tr.SHA256) {
		return nil, tr, fmt.Errorf("%w: the SHA-256 of lines 1 to %d is %s but the trailer (line %d) says %q: the file was altered or damaged; nothing was imported",
			ErrNotWhole, lines-1, sum, lines, tr.SHA256)
	}
	return body, tr, nil
}

// versionHint explains a missing trailer when the header says format_version 1.
func versionHint(data []byte) string {
	first := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		first = data[:i]
	}
	var h struct {
		Format        string `json:"format"`
		FormatVersion int    `json:"format_version"`
	}
	if json.Unmarshal(first, &h) == nil && h.Format == DumpFormat && h.FormatVersion == 1 {
		return " (its header says format_version 1: files written by a halo before version 2 carry no trailer, so a cut one cannot be told from a whole one; export the log again with this halo)"
	}
	if !bytes.Contains(first, []byte(`"halo-log"`)) {
		return " (its first line does not name the halo-log format either: is this a halo log export?)"
	}
	return ""
}

// dumpLocs says where each record came from, for error messages.
type dumpLocs struct {
	missions, jumpers, attempts, notes []string
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

// jsonErr names the line of a decoding error. A SyntaxError's offset counts
// from the start of the stream; an UnmarshalTypeError's from the start of the
// value being decoded, which begins at base.
func jsonErr(data []byte, base int64, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("line %d: %w", lineAt(data, se.Offset), err)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("line %d: field %q: %w", lineAt(data, base+te.Offset), te.Field, err)
	}
	return err
}

func decodeDump(data []byte) (Dump, dumpLocs, error) {
	var locs dumpLocs
	dec := json.NewDecoder(bytes.NewReader(data))
	var first map[string]json.RawMessage
	if err := dec.Decode(&first); err != nil {
		if err == io.EOF {
			return Dump{}, locs, errors.New("the file is empty: want a halo log export (JSON lines or a JSON document)")
		}
		return Dump{}, locs, jsonErr(data, 0, err)
	}
	firstEnd := dec.InputOffset()
	var h dumpHeader
	for _, k := range []string{"format", "format_version", "exported"} {
		raw, ok := first[k]
		if !ok {
			if k == "exported" {
				continue
			}
			return Dump{}, locs, fmt.Errorf("line 1: no %q field: this is not a halo log export", k)
		}
		var dst any
		switch k {
		case "format":
			dst = &h.Format
		case "format_version":
			dst = &h.FormatVersion
		default:
			dst = &h.Exported
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			return Dump{}, locs, fmt.Errorf("line 1: field %q: %w", k, err)
		}
	}
	if h.Format != DumpFormat {
		return Dump{}, locs, fmt.Errorf("line 1: format %q: want %q (a halo log export)", h.Format, DumpFormat)
	}
	if h.FormatVersion > DumpVersion {
		return Dump{}, locs, fmt.Errorf("line 1: format_version %d is newer than this halo reads (%d): use a newer halo", h.FormatVersion, DumpVersion)
	}
	if h.FormatVersion != DumpVersion {
		return Dump{}, locs, fmt.Errorf("line 1: format_version %d: this halo reads version %d only (earlier versions carry no count or checksum): export the log again with this halo", h.FormatVersion, DumpVersion)
	}
	d := Dump{Format: h.Format, FormatVersion: h.FormatVersion, Exported: h.Exported}
	_, hasM := first["missions"]
	_, hasJ := first["jumpers"]
	_, hasA := first["attempts"]
	_, hasN := first["notes"]
	if hasM || hasJ || hasA || hasN {
		// A single JSON document.
		if err := json.Unmarshal(data[:firstEnd], &d); err != nil {
			return Dump{}, locs, jsonErr(data, 0, err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return Dump{}, locs, fmt.Errorf("line %d: data after the JSON document", lineAt(data, dec.InputOffset()))
		}
		for i := range d.Missions {
			locs.missions = append(locs.missions, fmt.Sprintf("missions[%d]", i))
		}
		for i := range d.Jumpers {
			locs.jumpers = append(locs.jumpers, fmt.Sprintf("jumpers[%d]", i))
		}
		for i := range d.Attempts {
			locs.attempts = append(locs.attempts, fmt.Sprintf("attempts[%d]", i))
		}
		for i := range d.Notes {
			locs.notes = append(locs.notes, fmt.Sprintf("notes[%d]", i))
		}
		return d, locs, nil
	}
	// JSON lines: one record per value.
	for {
		start := dec.InputOffset()
		var rec dumpRecord
		err := dec.Decode(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			return Dump{}, locs, jsonErr(data, start, err)
		}
		// The record starts after any white space following the previous one.
		s := start
		for s < int64(len(data)) && (data[s] == ' ' || data[s] == '\n' || data[s] == '\r' || data[s] == '\t') {
			s++
		}
		loc := fmt.Sprintf("line %d", lineAt(data, s))
		n := 0
		if rec.Mission != nil {
			n++
			d.Missions = append(d.Missions, *rec.Mission)
			locs.missions = append(locs.missions, loc)
		}
		if rec.Jumper != nil {
			n++
			d.Jumpers = append(d.Jumpers, *rec.Jumper)
			locs.jumpers = append(locs.jumpers, loc)
		}
		if rec.Attempt != nil {
			n++
			d.Attempts = append(d.Attempts, *rec.Attempt)
			locs.attempts = append(locs.attempts, loc)
		}
		if rec.Note != nil {
			n++
			d.Notes = append(d.Notes, *rec.Note)
			locs.notes = append(locs.notes, loc)
		}
		if n != 1 {
			return Dump{}, locs, fmt.Errorf("%s: want exactly one of \"mission\", \"jumper\", \"attempt\", \"note\" in a record, found %d", loc, n)
		}
	}
	return d, locs, nil
}

// ValidateDump checks a dump that was not read by ReadDump (which validates
// already): every record valid, IDs positive and unique per kind, UIDs unique,
// missions unique by (name, version) and (name, sha256), and every reference
// pointing at a record in the dump. It normalises times, hashes and results as
// AddMission/AddAttempt would.
func ValidateDump(d *Dump) error {
	var locs dumpLocs
	for i := range d.Missions {
		locs.missions = append(locs.missions, fmt.Sprintf("missions[%d]", i))
	}
	for i := range d.Jumpers {
		locs.jumpers = append(locs.jumpers, fmt.Sprintf("jumpers[%d]", i))
	}
	for i := range d.Attempts {
		locs.attempts = append(locs.attempts, fmt.Sprintf("attempts[%d]", i))
	}
	for i := range d.Notes {
		locs.notes = append(locs.notes, fmt.Sprintf("notes[%d]", i))
	}
	return validateDump(d, locs)
}

func validateDump(d *Dump, locs dumpLocs) error {
	type nv struct {
		name string
		v    int
	}
	missionByID := map[int64]int{}
	byNameVersion := map[nv]string{}
	byNameSHA := map[nv]string{}
	for i := range d.Missions {
		m, loc := d.Missions[i], locs.missions[i]
		if m.ID <= 0 {
			return fmt.Errorf("%s: mission id %d: want a positive ID", loc, m.ID)
		}
		if _, dup := missionByID[m.ID]; dup {
			return fmt.Errorf("%s: mission id %d appears twice", loc, m.ID)
		}
		if m.Version <= 0 {
			return fmt.Errorf("%s: mission %q version %d: want 1 or more", loc, m.Name, m.Version)
		}
		if m.Created.IsZero() {
			return fmt.Errorf("%s: mission %q: created is missing", loc, m.Name)
		}
		pm, err := PrepareMission(m, time.Time{})
		if err != nil {
			return fmt.Errorf("%s: %w", loc, err)
		}
		if prev, dup := byNameVersion[nv{pm.Name, pm.Version}]; dup {
			return fmt.Errorf("%s: mission %q version %d is also at %s", loc, pm.Name, pm.Version, prev)
		}
		byNameVersion[nv{pm.Name, pm.Version}] = loc
		// The SHA is folded into the key's name to reuse the type.
		if prev, dup := byNameSHA[nv{pm.Name + "\x00" + pm.SHA256, 0}]; dup {
			return fmt.Errorf("%s: mission %q version %d has the same text as %s", loc, pm.Name, pm.Version, prev)
		}
		byNameSHA[nv{pm.Name + "\x00" + pm.SHA256, 0}] = loc
		d.Missions[i] = pm
		missionByID[m.ID] = i
	}
	jumperIDs := map[int64]bool{}
	jumperNames := map[string]string{}
	for i := range d.Jumpers {
		j, loc := d.Jumpers[i], locs.jumpers[i]
		if j.ID <= 0 {
			return fmt.Errorf("%s: jumper id %d: want a positive ID", loc, j.ID)
		}
		if jumperIDs[j.ID] {
			return fmt.Errorf("%s: jumper id %d appears twice", loc, j.ID)
		}
		jumperIDs[j.ID] = true
		if j.Created.IsZero() {
			return fmt.Errorf("%s: jumper %q: created is missing", loc, j.Name)
		}
		j, err := CheckJumper(j, time.Time{})
		if err != nil {
			return fmt.Errorf("%s: %w", loc, err)
		}
		if prev, dup := jumperNames[j.Name]; dup {
			return fmt.Errorf("%s: jumper %q is also at %s", loc, j.Name, prev)
		}
		jumperNames[j.Name] = loc
		d.Jumpers[i] = j
	}
	attempts := newRecordIDs("attempt")
	for i := range d.Attempts {
		a, loc := d.Attempts[i], locs.attempts[i]
		if err := attempts.add(loc, a.ID, a.UID); err != nil {
			return err
		}
		mi, ok := missionByID[a.MissionID]
		if !ok {
			return fmt.Errorf("%s: attempt %d: mission_id %d is not among the file's missions", loc, a.ID, a.MissionID)
		}
		m := d.Missions[mi]
		if (a.MissionName != "" && a.MissionName != m.Name) || (a.MissionVersion != 0 && a.MissionVersion != m.Version) {
			return fmt.Errorf("%s: attempt %d: says mission %q version %d but mission_id %d is %q version %d",
				loc, a.ID, a.MissionName, a.MissionVersion, a.MissionID, m.Name, m.Version)
		}
		a.MissionName, a.MissionVersion = m.Name, m.Version
		pa, err := PrepareAttempt(a)
		if err != nil {
			return fmt.Errorf("%s: %w", loc, err)
		}
		d.Attempts[i] = pa
	}
	notes := newRecordIDs("note")
	for i := range d.Notes {
		n, loc := d.Notes[i], locs.notes[i]
		if err := notes.add(loc, n.ID, n.UID); err != nil {
			return err
		}
		if n.AttemptID != 0 && !attempts.ids[n.AttemptID] {
			return fmt.Errorf("%s: note %d: attempt_id %d is not among the file's attempts", loc, n.ID, n.AttemptID)
		}
		if n.Created.IsZero() {
			return fmt.Errorf("%s: note %d: created is missing", loc, n.ID)
		}
		pn, err := PrepareNote(n, time.Time{})
		if err != nil {
			return fmt.Errorf("%s: %w", loc, err)
		}
		d.Notes[i] = pn
	}
	return nil
}

// SortDump orders every kind of record by ID, the order Export writes.
func SortDump(d *Dump) {
	sort.Slice(d.Missions, func(i, j int) bool { return d.Missions[i].ID < d.Missions[j].ID })
	sort.Slice(d.Jumpers, func(i, j int) bool { return d.Jumpers[i].ID < d.Jumpers[j].ID })
	sort.Slice(d.Attempts, func(i, j int) bool { return d.Attempts[i].ID < d.Attempts[j].ID })
	sort.Slice(d.Notes, func(i, j int) bool { return d.Notes[i].ID < d.Notes[j].ID })
}

// recordIDs checks that the records of one kind in a dump have positive, unique
// IDs and present, unique UIDs, naming where each was seen.
type recordIDs struct {
	kind string
	ids  map[int64]bool
	uids map[string]string // uid -> where it was seen
}

func newRecordIDs(kind string) *recordIDs {
	return &recordIDs{kind: kind, ids: map[int64]bool{}, uids: map[string]string{}}
}

func (r *recordIDs) add(loc string, id int64, uid string) error {
	switch {
	case id <= 0:
		return fmt.Errorf("%s: %s id %d: want a positive ID", loc, r.kind, id)
	case r.ids[id]:
		return fmt.Errorf("%s: %s id %d appears twice", loc, r.kind, id)
	case uid == "":
		return fmt.Errorf("%s: %s %d: uid is missing", loc, r.kind, id)
	}
	if prev, dup := r.uids[uid]; dup {
		return fmt.Errorf("%s: %s uid %s is also at %s", loc, r.kind, uid, prev)
	}
	r.ids[id], r.uids[uid] = true, loc
	return nil
}
