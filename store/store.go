// Package store defines halo's jump log: its types (missions, jumpers,
// attempts with each jumper's track and debrief numbers, notes), the Log
// interface that the SQLite and PostgreSQL adapters implement, the portable
// export format, and the statistics computed from the log.
//
// Everything here is pure: no I/O beyond the io.Reader/io.Writer handed in.
// The adapters live in store/sqlite and store/postgres; store/storeopen picks
// one from a DSN.
//
// Units are SI: metres, seconds, square metres. Times are stored in UTC with
// microsecond precision (the finest both databases keep); values read back are
// in UTC.
package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrNotFound is returned (wrapped) when a mission, attempt or jumper asked
// for by ID or name is not in the log.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is returned (wrapped) by AddAttempt when an attempt with the
// same UID is already in the log.
var ErrDuplicate = errors.New("an attempt with this uid is already in the log")

// ErrDamaged is returned (wrapped) when the log's own content fails its
// checks: the database's integrity check on open, or a mission or track that
// no longer matches its SHA-256 when exported.
var ErrDamaged = errors.New("the log is damaged")

// ErrReadOnly is returned (wrapped) by every write to a log opened read-only.
var ErrReadOnly = errors.New("the log is open read-only")

// Log is the jump log. Every method that writes does so in one transaction:
// either all of it is stored or none of it. Implementations are safe for
// concurrent use by several goroutines and by several processes sharing the
// same database.
type Log interface {
	// AddMission stores a mission file. The SHA-256 of YAML identifies it:
	// adding the same text again under the same name returns the stored
	// mission unchanged; new text under an existing name becomes the next
	// version (1, 2, ...). Name and YAML must be non-empty.
	AddMission(ctx context.Context, m Mission) (Mission, error)
	// GetMission returns a mission by name and version; version 0 means the
	// latest. ErrNotFound if there is none.
	GetMission(ctx context.Context, name string, version int) (Mission, error)
	// ListMissions returns every mission version, by name then version.
	ListMissions(ctx context.Context) ([]Mission, error)

	// AddJumper stores a jumper, or returns the stored one with that name.
	AddJumper(ctx context.Context, j Jumper) (Jumper, error)
	// ListJumpers returns every jumper, by name.
	ListJumpers(ctx context.Context) ([]Jumper, error)

	// AddAttempt stores an attempt with all its jumpers, their tracks (bytes
	// kept exactly) and debriefs in one transaction. The mission is named by
	// MissionID, or by MissionName and MissionVersion (0 = latest). Jumpers
	// not yet in the log are added. The returned attempt has its ID, UID,
	// mission fields and track hashes filled in. An attempt whose UID is
	// already in the log is refused with an error wrapping ErrDuplicate.
	AddAttempt(ctx context.Context, a Attempt) (Attempt, error)
	// GetAttempt returns one attempt with its tracks' bytes.
	GetAttempt(ctx context.Context, id int64) (Attempt, error)
	// ListAttempts returns the attempts that match f, by date then ID. Track
	// bytes are left out (Track.Bytes is nil; name, format, size and hash are
	// there); use GetAttempt for them.
	ListAttempts(ctx context.Context, f Filter) ([]Attempt, error)

	// AddNote stores a free-text note, optionally about one attempt.
	AddNote(ctx context.Context, n Note) (Note, error)
	// ListNotes returns notes by creation time; attemptID 0 means all notes.
	ListNotes(ctx context.Context, attemptID int64) ([]Note, error)

	// Stats computes landing, opening-altitude and free-fall errors against
	// plan attempt by attempt for the named mission ("" = every mission),
	// their trends, and each jumper's fitted drag over time. See ComputeStats.
	Stats(ctx context.Context, missionName string) (Stats, error)

	// Export writes the whole log in the portable format (see Dump), ending
	// with the trailer (record counts and SHA-256). It validates the log's
	// content as Import would before writing anything, and refuses a damaged
	// log with an error wrapping ErrDamaged.
	Export(ctx context.Context, w io.Writer, form DumpForm) error
	// Import reads a file written by Export (either form) and adds it to the
	// log in one transaction: if anything in it is invalid nothing is stored.
	// The trailer is checked first: a file cut short or altered is refused
	// whole (the error wraps ErrNotWhole) before the database is touched.
	// Into an empty log the IDs and mission versions are kept as they were;
	// into a non-empty log missions are matched by name and SHA-256, jumpers
	// by name, attempts and notes by UID (already present ones are skipped),
	// and the rest get new IDs.
	Import(ctx context.Context, r io.Reader) (ImportResult, error)
	// ImportDump is Import of a dump already read and checked by ReadDump
	// (or ValidateDump): a caller that checks a file before it opens the log
	// stores it with this, without reading it twice.
	ImportDump(ctx context.Context, d Dump) (ImportResult, error)

	// Check verifies the log: the database's own integrity check where it has
	// one, then that every attempt has its jumpers, every track its row and
	// the bytes their SHA-256, and every reference its target. It returns nil
	// when the log is whole, or an error that lists what is wrong.
	Check(ctx context.Context) error

	// Close releases the database.
	Close() error
}

// Mission is one version of a mission file.
type Mission struct {
	// ID is the log's identifier, assigned when stored.
	ID int64 `json:"id"`
	// Name is the mission's name; versions share it.
	Name string `json:"name"`
	// Version counts from 1 for each name, assigned when stored.
	Version int `json:"version"`
	// YAML is the mission file's text, kept exactly.
	YAML string `json:"yaml"`
	// SHA256 is the lowercase hex SHA-256 of YAML, computed when stored.
	SHA256 string `json:"sha256"`
	// Created is when this version was first stored (UTC).
	Created time.Time `json:"created"`
}

// Jumper is a person in the log.
type Jumper struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	Notes   string    `json:"notes,omitempty"`
	Created time.Time `json:"created"`
}

// Outcome is how an attempt ended.
type Outcome string

// The outcomes an attempt may have.
const (
	OutcomeSuccess     Outcome = "success"     // jumped and landed as planned
	OutcomeAborted     Outcome = "aborted"     // aborted before exit
	OutcomeOffTarget   Outcome = "off-target"  // jumped, landed away from the target
	OutcomeMalfunction Outcome = "malfunction" // parachute malfunction (reserve ride, cutaway)
	OutcomeIncident    Outcome = "incident"    // injury, equipment loss, airspace or other incident
	OutcomeOther       Outcome = "other"       // anything else: say what in Notes
)

// Outcomes lists every valid Outcome in a stable order.
var Outcomes = []Outcome{OutcomeSuccess, OutcomeAborted, OutcomeOffTarget, OutcomeMalfunction, OutcomeIncident, OutcomeOther}

// Valid reports whether o is one of Outcomes.
func (o Outcome) Valid() bool {
	for _, v := range Outcomes {
		if o == v {
			return true
		}
	}
	return false
}

// ParseOutcome reads an outcome, case-insensitively, accepting "off target",
// "off_target" and "aborted before exit" as spellings.
func ParseOutcome(s string) (Outcome, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.NewReplacer("_", "-", " ", "-").Replace(t)
	if t == "aborted-before-exit" {
		t = string(OutcomeAborted)
	}
	o := Outcome(t)
	if !o.Valid() {
		return "", fmt.Errorf("outcome %q: want one of %s", s, outcomeList())
	}
	return o, nil
}

func outcomeList() string {
	s := make([]string, len(Outcomes))
	for i, o := range Outcomes {
		s[i] = string(o)
	}
	return strings.Join(s, ", ")
}

// Attempt is one try at a mission: the jump (or the abort) with everyone on it.
type Attempt struct {
	// ID is the log's identifier, assigned when stored.
	ID int64 `json:"id"`
	// UID is a random identifier that stays with the attempt across
	// export and import (32 hex digits); assigned when empty.
	UID string `json:"uid"`
	// MissionID is the stored mission version flown.
	MissionID int64 `json:"mission_id"`
	// MissionName and MissionVersion name it too; on AddAttempt they are used
	// when MissionID is 0 (MissionVersion 0 = latest).
	MissionName    string `json:"mission"`
	MissionVersion int    `json:"mission_version"`
	// Date is when the attempt took place (stored in UTC, microseconds).
	Date time.Time `json:"date"`
	// Aircraft is free text: type and registration.
	Aircraft string `json:"aircraft,omitempty"`
	// Conditions is free text or a JSON document (winds, temperature, ...).
	Conditions string `json:"conditions,omitempty"`
	// Outcome is how it ended.
	Outcome Outcome `json:"outcome"`
	// Notes is free text about the attempt.
	Notes string `json:"notes,omitempty"`
	// Planner is the halo build that planned the attempt and debriefed its
	// tracks against that plan ("halo v1.2.0 (abcdef123456)", package
	// version); "" for attempts logged before halo recorded it.
	Planner string `json:"planner,omitempty"`
	// Jumpers are the people on the attempt, in exit order; at least one.
	Jumpers []AttemptJumper `json:"jumpers"`
}

// AttemptJumper is one jumper's part in an attempt.
type AttemptJumper struct {
	// Name is the jumper's name (added to the log if new).
	Name string `json:"name"`
	// Role is free text: "jumper", "camera", "TDI", ...
	Role string `json:"role,omitempty"`
	// Track is the logger file, or nil when there is none.
	Track *TrackFile `json:"track,omitempty"`
	// Result holds the debrief's numbers against plan.
	Result Result `json:"result"`
}

// TrackFile is a logger file kept byte for byte.
type TrackFile struct {
	// Name is the file's original name (no directory).
	Name string `json:"name"`
	// Format names the logger format ("flysight2", "gpx", ...), may be empty.
	Format string `json:"format,omitempty"`
	// Size is len(Bytes), kept when Bytes is left out of a listing.
	Size int64 `json:"size"`
	// SHA256 is the lowercase hex SHA-256 of Bytes, computed when stored.
	SHA256 string `json:"sha256"`
	// Bytes is the file's content; nil in ListAttempts results. JSON encodes
	// it as base64.
	Bytes []byte `json:"bytes,omitempty"`
}

// Result is what the debrief measured for one jumper, next to the plan's
// values. A nil field means "not measured" and is stored as NULL, never as 0.
// A NaN is treated as nil; an infinity is an error.
type Result struct {
	// ExitAltMSLM is the exit altitude above mean sea level (m), and
	// PlannedExitAltMSLM the plan's.
	ExitAltMSLM        *float64 `json:"exit_alt_msl_m,omitempty"`
	PlannedExitAltMSLM *float64 `json:"planned_exit_alt_msl_m,omitempty"`
	// OpenAltAGLM is the opening altitude above ground level (m), and
	// PlannedOpenAltAGLM the plan's.
	OpenAltAGLM        *float64 `json:"open_alt_agl_m,omitempty"`
	PlannedOpenAltAGLM *float64 `json:"planned_open_alt_agl_m,omitempty"`
	// FreefallS is the free-fall time from exit to opening (s), and
	// PlannedFreefallS the plan's.
	FreefallS        *float64 `json:"freefall_s,omitempty"`
	PlannedFreefallS *float64 `json:"planned_freefall_s,omitempty"`
	// LandingErrorM is the horizontal distance from the planned landing
	// point (m), >= 0.
	LandingErrorM *float64 `json:"landing_error_m,omitempty"`
	// MaxVerticalSpeedMPS is the largest descent rate in free fall (m/s), >= 0.
	MaxVerticalSpeedMPS *float64 `json:"max_vertical_speed_mps,omitempty"`
	// FittedCdAM2 is the drag area fitted to the free fall (m²), > 0.
	FittedCdAM2 *float64 `json:"fitted_cda_m2,omitempty"`
	// DebriefJSON is the whole debrief as JSON, kept as given; may be nil.
	DebriefJSON []byte `json:"debrief_json,omitempty"`
}

// Note is a dated free-text entry in the log.
type Note struct {
	ID int64 `json:"id"`
	// UID stays with the note across export and import; assigned when empty.
	UID string `json:"uid"`
	// AttemptID is the attempt it is about, or 0.
	AttemptID int64 `json:"attempt_id,omitempty"`
	// Jumper is the jumper it is about, or "".
	Jumper string `json:"jumper,omitempty"`
	// Created is when it was written (UTC); now when zero.
	Created time.Time `json:"created"`
	Text    string    `json:"text"`
}

// Filter selects attempts; zero fields select everything.
type Filter struct {
	// MissionName keeps attempts at any version of that mission.
	MissionName string
	// Jumper keeps attempts that jumper was on.
	Jumper string
	// Outcome keeps attempts with that outcome.
	Outcome Outcome
	// From and To bound Date (inclusive; zero = unbounded).
	From, To time.Time
	// Limit caps the number returned (0 = no cap); the most recent are kept.
	Limit int
}

// ImportResult counts what Import stored and skipped.
type ImportResult struct {
	Missions        int `json:"missions"`
	Jumpers         int `json:"jumpers"`
	Attempts        int `json:"attempts"`
	Notes           int `json:"notes"`
	SkippedAttempts int `json:"skipped_attempts"`
	SkippedNotes    int `json:"skipped_notes"`
	// KeptIDs is true when the log was empty and the file's IDs were kept.
	KeptIDs bool `json:"kept_ids"`
}

// SHA256Hex returns the lowercase hex SHA-256 of b.
func SHA256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// NewUID returns 32 random hex digits.
func NewUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand.Read does not fail on supported platforms (Go 1.24+).
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	return hex.EncodeToString(b[:])
}

// NormTime returns t in UTC truncated to the microsecond: the form the log
// stores, so that SQLite and PostgreSQL give back the same value.
func NormTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// PrepareMission checks m before it is stored and fills SHA256. now is the
// creation time to use when m.Created is zero.
func PrepareMission(m Mission, now time.Time) (Mission, error) {
	if strings.TrimSpace(m.Name) == "" {
		return m, errors.New("mission: name is empty: give the mission a name")
	}
	if m.YAML == "" {
		return m, fmt.Errorf("mission %q: the mission file is empty", m.Name)
	}
	if err := checkText("name", m.Name); err != nil {
		return m, fmt.Errorf("mission: %w", err)
	}
	if err := checkText("yaml", m.YAML); err != nil {
		return m, fmt.Errorf("mission %q: %w", m.Name, err)
	}
	sum := SHA256Hex([]byte(m.YAML))
	if m.SHA256 != "" && !strings.EqualFold(m.SHA256, sum) {
		return m, fmt.Errorf("mission %q: sha256 %s does not match the file's %s", m.Name, m.SHA256, sum)
	}
	m.SHA256 = sum
	if m.Created.IsZero() {
		m.Created = now
	}
	m.Created = NormTime(m.Created)
	return m, nil
}

// PrepareAttempt checks a before it is stored: outcome, at least one jumper
// with a name, no jumper twice, finite numbers, track hashes. It fills UID,
// the tracks' SHA256 and Size, normalises Date and turns NaN results into nil.
func PrepareAttempt(a Attempt) (Attempt, error) {
	where := "attempt"
	if a.UID != "" {
		where = "attempt " + a.UID
	}
	if a.UID == "" {
		a.UID = NewUID()
	} else if !validUID(a.UID) {
		return a, fmt.Errorf("%s: uid %q: want 1 to 64 characters of [0-9a-zA-Z_-]", where, a.UID)
	}
	if !a.Outcome.Valid() {
		return a, fmt.Errorf("%s: outcome %q: want one of %s", where, a.Outcome, outcomeList())
	}
	if a.Date.IsZero() {
		return a, fmt.Errorf("%s: date is missing: give the date and time of the attempt", where)
	}
	a.Date = NormTime(a.Date)
	for _, f := range [][2]string{{"mission", a.MissionName}, {"aircraft", a.Aircraft}, {"conditions", a.Conditions}, {"notes", a.Notes}, {"planner", a.Planner}} {
		if err := checkText(f[0], f[1]); err != nil {
			return a, fmt.Errorf("%s: %w", where, err)
		}
	}
	if a.MissionID == 0 && strings.TrimSpace(a.MissionName) == "" {
		return a, fmt.Errorf("%s: no mission: give the mission's ID or name", where)
	}
	if a.MissionVersion < 0 {
		return a, fmt.Errorf("%s: mission version %d: want 0 (latest) or more", where, a.MissionVersion)
	}
	if len(a.Jumpers) == 0 {
		return a, fmt.Errorf("%s: no jumpers: an attempt has at least one jumper", where)
	}
	seen := map[string]int{}
	js := make([]AttemptJumper, len(a.Jumpers))
	for i, j := range a.Jumpers {
		jw := fmt.Sprintf("%s: jumpers[%d]", where, i)
		j.Name = strings.TrimSpace(j.Name)
		if j.Name == "" {
			return a, fmt.Errorf("%s: name is empty", jw)
		}
		if k, dup := seen[j.Name]; dup {
			return a, fmt.Errorf("%s: %q is already jumpers[%d]", jw, j.Name, k)
		}
		seen[j.Name] = i
		for _, f := range [][2]string{{"name", j.Name}, {"role", j.Role}} {
			if err := checkText(f[0], f[1]); err != nil {
				return a, fmt.Errorf("%s: %w", jw, err)
			}
		}
		r, err := prepareResult(j.Result)
		if err != nil {
			return a, fmt.Errorf("%s (%s): %w", jw, j.Name, err)
		}
		j.Result = r
		if j.Track != nil {
			t := *j.Track
			if len(t.Bytes) == 0 {
				return a, fmt.Errorf("%s (%s): track %q is empty: leave the track out when there is none", jw, j.Name, t.Name)
			}
			t.Name = strings.TrimSpace(t.Name)
			if t.Name == "" {
				return a, fmt.Errorf("%s (%s): track has no file name", jw, j.Name)
			}
			sum := SHA256Hex(t.Bytes)
			if t.SHA256 != "" && !strings.EqualFold(t.SHA256, sum) {
				return a, fmt.Errorf("%s (%s): track %q: sha256 %s does not match its bytes' %s", jw, j.Name, t.Name, t.SHA256, sum)
			}
			for _, f := range [][2]string{{"track name", t.Name}, {"track format", t.Format}} {
				if err := checkText(f[0], f[1]); err != nil {
					return a, fmt.Errorf("%s (%s): %w", jw, j.Name, err)
				}
			}
			t.SHA256 = sum
			t.Size = int64(len(t.Bytes))
			j.Track = &t
		}
		js[i] = j
	}
	a.Jumpers = js
	return a, nil
}

func validUID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func prepareResult(r Result) (Result, error) {
	fields := []struct {
		name string
		p    **float64
		min  float64 // inclusive lower bound
		pos  bool    // strictly positive
	}{
		{"exit_alt_msl_m", &r.ExitAltMSLM, math.Inf(-1), false},
		{"planned_exit_alt_msl_m", &r.PlannedExitAltMSLM, math.Inf(-1), false},
		{"open_alt_agl_m", &r.OpenAltAGLM, math.Inf(-1), false},
		{"planned_open_alt_agl_m", &r.PlannedOpenAltAGLM, math.Inf(-1), false},
		{"freefall_s", &r.FreefallS, 0, false},
		{"planned_freefall_s", &r.PlannedFreefallS, 0, false},
		{"landing_error_m", &r.LandingErrorM, 0, false},
		{"max_vertical_speed_mps", &r.MaxVerticalSpeedMPS, 0, false},
		{"fitted_cda_m2", &r.FittedCdAM2, 0, true},
	}
	for _, f := range fields {
		if *f.p == nil {
			continue
		}
		v := **f.p
		switch {
		case math.IsNaN(v):
			*f.p = nil
		case math.IsInf(v, 0):
			return r, fmt.Errorf("%s is infinite: leave it out when it was not measured", f.name)
		case v < f.min || (f.pos && v <= 0):
			return r, fmt.Errorf("%s = %g: must be %s", f.name, v, map[bool]string{true: "> 0", false: ">= 0"}[f.pos])
		default:
			c := v // copy so the caller's value is not aliased
			*f.p = &c
		}
	}
	if len(r.DebriefJSON) == 0 {
		r.DebriefJSON = nil
	} else {
		r.DebriefJSON = append([]byte(nil), r.DebriefJSON...)
	}
	return r, nil
}

// PrepareNote checks n before it is stored and fills UID and Created.
func PrepareNote(n Note, now time.Time) (Note, error) {
	if n.UID == "" {
		n.UID = NewUID()
	} else if !validUID(n.UID) {
		return n, fmt.Errorf("note: uid %q: want 1 to 64 characters of [0-9a-zA-Z_-]", n.UID)
	}
	if strings.TrimSpace(n.Text) == "" {
		return n, fmt.Errorf("note %s: text is empty", n.UID)
	}
	if n.AttemptID < 0 {
		return n, fmt.Errorf("note %s: attempt_id %d: want 0 (none) or an attempt's ID", n.UID, n.AttemptID)
	}
	n.Jumper = strings.TrimSpace(n.Jumper)
	for _, f := range [][2]string{{"text", n.Text}, {"jumper", n.Jumper}} {
		if err := checkText(f[0], f[1]); err != nil {
			return n, fmt.Errorf("note %s: %w", n.UID, err)
		}
	}
	if n.Created.IsZero() {
		n.Created = now
	}
	n.Created = NormTime(n.Created)
	return n, nil
}

// CheckJumper checks a jumper before it is stored: a name, text both
// databases accept. It trims the name and fills Created with now when zero.
func CheckJumper(j Jumper, now time.Time) (Jumper, error) {
	j.Name = strings.TrimSpace(j.Name)
	if j.Name == "" {
		return j, errors.New("jumper: name is empty")
	}
	if err := checkText("name", j.Name); err != nil {
		return j, fmt.Errorf("jumper: %w", err)
	}
	if err := checkText("notes", j.Notes); err != nil {
		return j, fmt.Errorf("jumper %q: %w", j.Name, err)
	}
	if j.Created.IsZero() {
		j.Created = now
	}
	j.Created = NormTime(j.Created)
	return j, nil
}

// checkText rejects text that one of the databases would refuse or alter:
// invalid UTF-8 and NUL characters (PostgreSQL stores neither).
func checkText(field, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8: convert the text to UTF-8", field)
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		return fmt.Errorf("%s has a NUL character at byte %d: remove it", field, i)
	}
	return nil
}

// F returns a pointer to v: a shorthand for filling Result fields.
func F(v float64) *float64 { return &v }

// Known is v as a Result field: nil (NULL) when v is NaN or infinite. Inside
// halo "not known" is NaN; the log's NULL is its form at this boundary only,
// and Known and Value are the one conversion each way.
func Known(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// Value is the number p holds, NaN (not known) when p is nil (NULL).
func Value(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}
