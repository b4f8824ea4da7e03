// Package sqlcore is the SQL implementation of store.Log shared by the SQLite
// and PostgreSQL adapters: the same queries, the same transactions and the
// same checks, with the few differences (placeholders, time encoding, how a
// write transaction takes its lock, sequence reset, integrity pragma) passed
// in as a Dialect. Sharing it is what makes the two stores behave alike.
package sqlcore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"halo/store"
)

// Dialect is what differs between databases.
type Dialect struct {
	// Name is "sqlite" or "postgres", used in error messages.
	Name string
	// Numbered is true when placeholders are $1, $2, ... instead of ?.
	Numbered bool
	// TimeArg encodes a UTC time for a query argument.
	TimeArg func(time.Time) any
	// BeginWrite starts a transaction that holds the database's write lock
	// (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory transaction lock),
	// so that writers from any process run one after the other.
	BeginWrite func(ctx context.Context) (*sql.Tx, error)
	// BeginRead starts a read-only transaction that sees one snapshot.
	BeginRead func(ctx context.Context) (*sql.Tx, error)
	// ResetSequences makes the next generated IDs follow the largest stored
	// ones after rows were inserted with explicit IDs; nil when not needed.
	ResetSequences func(ctx context.Context, tx *sql.Tx) error
	// Integrity runs the database's own checks; it returns the problems found.
	Integrity func(ctx context.Context, tx *sql.Tx) ([]string, error)
	// Close closes the database handles.
	Close func() error
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
}

// Log implements store.Log over database/sql.
type Log struct {
	d Dialect
}

var _ store.Log = (*Log)(nil)

// New returns a Log over an already migrated database.
func New(d Dialect) *Log {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Log{d: d}
}

// q rewrites ? placeholders to $n for dialects that number them. The queries
// in this package hold no ? inside string literals.
func (l *Log) q(query string) string {
	if !l.d.Numbered {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (l *Log) now() time.Time { return store.NormTime(l.d.Now()) }

// ts scans a time stored as TIMESTAMPTZ (time.Time) or as RFC 3339 text.
type ts struct{ t *time.Time }

func (s ts) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		*s.t = x.UTC()
		return nil
	case string:
		return s.parse(x)
	case []byte:
		return s.parse(string(x))
	case nil:
		*s.t = time.Time{}
		return nil
	}
	return fmt.Errorf("time column: unexpected %T", v)
}

func (s ts) parse(x string) error {
	t, err := time.Parse(time.RFC3339Nano, x)
	if err != nil {
		return fmt.Errorf("time column: %w", err)
	}
	*s.t = t.UTC()
	return nil
}

// SQLiteTime is the text form times are stored in on SQLite: fixed width, so
// that text order is time order.
const SQLiteTime = "2006-01-02T15:04:05.000000Z07:00"

func nullF(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

func rollback(tx *sql.Tx) { _ = tx.Rollback() }

// --- missions ---

const missionCols = "id, name, version, yaml, sha256, created"

func scanMission(sc interface{ Scan(...any) error }) (store.Mission, error) {
	var m store.Mission
	err := sc.Scan(&m.ID, &m.Name, &m.Version, &m.YAML, &m.SHA256, ts{&m.Created})
	return m, err
}

// AddMission implements store.Log.
func (l *Log) AddMission(ctx context.Context, m store.Mission) (store.Mission, error) {
	pm, err := store.PrepareMission(m, l.now())
	if err != nil {
		return m, err
	}
	tx, err := l.d.BeginWrite(ctx)
	if err != nil {
		return m, fmt.Errorf("add mission %q: %w", pm.Name, err)
	}
	defer rollback(tx)
	out, _, err := l.putMission(ctx, tx, pm, 0)
	if err != nil {
		return m, fmt.Errorf("add mission %q: %w", pm.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return m, fmt.Errorf("add mission %q: commit: %w", pm.Name, err)
	}
	return out, nil
}

// putMission stores pm unless the same text is stored under that name. With
// keepID > 0 it stores pm with that ID and pm.Version (import into an empty
// log). It reports whether a row was added.
func (l *Log) putMission(ctx context.Context, tx *sql.Tx, pm store.Mission, keepID int64) (store.Mission, bool, error) {
	if keepID > 0 {
		_, err := tx.ExecContext(ctx, l.q("INSERT INTO missions (id, name, version, yaml, sha256, created) VALUES (?, ?, ?, ?, ?, ?)"),
			keepID, pm.Name, pm.Version, pm.YAML, pm.SHA256, l.d.TimeArg(pm.Created))
		if err != nil {
			return pm, false, err
		}
		pm.ID = keepID
		return pm, true, nil
	}
	existing, err := scanMission(tx.QueryRowContext(ctx, l.q("SELECT "+missionCols+" FROM missions WHERE name = ? AND sha256 = ?"), pm.Name, pm.SHA256))
	if err == nil {
		return existing, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return pm, false, err
	}
	var maxV int
	if err := tx.QueryRowContext(ctx, l.q("SELECT COALESCE(MAX(version), 0) FROM missions WHERE name = ?"), pm.Name).Scan(&maxV); err != nil {
		return pm, false, err
	}
	pm.Version = maxV + 1
	if err := tx.QueryRowContext(ctx, l.q("INSERT INTO missions (name, version, yaml, sha256, created) VALUES (?, ?, ?, ?, ?) RETURNING id"),
		pm.Name, pm.Version, pm.YAML, pm.SHA256, l.d.TimeArg(pm.Created)).Scan(&pm.ID); err != nil {
		return pm, false, err
	}
	return pm, true, nil
}

// GetMission implements store.Log.
func (l *Log) GetMission(ctx context.Context, name string, version int) (store.Mission, error) {
	tx, err := l.d.BeginRead(ctx)
	if err != nil {
		return store.Mission{}, err
	}
	defer rollback(tx)
	var row *sql.Row
	if version <= 0 {
		row = tx.QueryRowContext(ctx, l.q("SELECT "+missionCols+" FROM missions WHERE name = ? ORDER BY version DESC LIMIT 1"), name)
	} else {
		row = tx.QueryRowContext(ctx, l.q("SELECT "+missionCols+" FROM missions WHERE name = ? AND version = ?"), name, version)
	}
	m, err := scanMission(row)
	if errors.Is(err, sql.ErrNoRows) {
		if version <= 0 {
			return m, fmt.Errorf("mission %q: %w", name, store.ErrNotFound)
		}
		return m, fmt.Errorf("mission %q version %d: %w", name, version, store.ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("mission %q: %w", name, err)
	}
	return m, nil
}

// ListMissions implements store.Log.
func (l *Log) ListMissions(ctx context.Context) ([]store.Mission, error) {
	tx, err := l.d.BeginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer rollback(tx)
	return l.listMissions(ctx, tx, "ORDER BY name, version")
}

func (l *Log) listMissions(ctx context.Context, tx *sql.Tx, order string) ([]store.Mission, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+missionCols+" FROM missions "+order)
	if err != nil {
		return nil, fmt.Errorf("list missions: %w", err)
	}
	defer rows.Close()
	out := []store.Mission{}
	for rows.Next() {
		m, err := scanMission(rows)
		if err != nil {
			return nil, fmt.Errorf("list missions: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// --- jumpers ---

// AddJumper implements store.Log.
func (l *Log) AddJumper(ctx context.Context, j store.Jumper) (store.Jumper, error) {
	j, err := store.CheckJumper(j, l.now())
	if err != nil {
		return j, fmt.Errorf("add jumper: %w", err)
	}
	tx, err := l.d.BeginWrite(ctx)
	if err != nil {
		return j, fmt.Errorf("add jumper %q: %w", j.Name, err)
	}
	defer rollback(tx)
	out, _, err := l.putJumper(ctx, tx, j, 0)
	if err != nil {
		return j, fmt.Errorf("add jumper %q: %w", j.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return j, fmt.Errorf("add jumper %q: commit: %w", j.Name, err)
	}
	return out, nil
}

func (l *Log) putJumper(ctx context.Context, tx *sql.Tx, j store.Jumper, keepID int64) (store.Jumper, bool, error) {
	if keepID > 0 {
		_, err := tx.ExecContext(ctx, l.q("INSERT INTO jumpers (id, name, notes, created) VALUES (?, ?, ?, ?)"),
			keepID, j.Name, j.Notes, l.d.TimeArg(j.Created))
		j.ID = keepID
		return j, err == nil, err
	}
	var got store.Jumper
	err := tx.QueryRowContext(ctx, l.q("SELECT id, name, notes, created FROM jumpers WHERE name = ?"), j.Name).
		Scan(&got.ID, &got.Name, &got.Notes, ts{&got.Created})
	if err == nil {
		return got, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return j, false, err
	}
	err = tx.QueryRowContext(ctx, l.q("INSERT INTO jumpers (name, notes, created) VALUES (?, ?, ?) RETURNING id"),
		j.Name, j.Notes, l.d.TimeArg(j.Created)).Scan(&j.ID)
	return j, err == nil, err
}

// ListJumpers implements store.Log.
func (l *Log) ListJumpers(ctx context.Context) ([]store.Jumper, error) {
	tx, err := l.d.BeginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer rollback(tx)
	return l.listJumpers(ctx, tx, "ORDER BY name")
}

func (l *Log) listJumpers(ctx context.Context, tx *sql.Tx, order string) ([]store.Jumper, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, name, notes, created FROM jumpers "+order)
	if err != nil {
		return nil, fmt.Errorf("list jumpers: %w", err)
	}
	defer rows.Close()
	out := []store.Jumper{}
	for rows.Next() {
		var j store.Jumper
		if err := rows.Scan(&j.ID, &j.Name, &j.Notes, ts{&j.Created}); err != nil {
			return nil, fmt.Errorf("list jumpers: %w", err)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// --- attempts ---

// AddAttempt implements store.Log.
func (l *Log) AddAttempt(ctx context.Context, a store.Attempt) (store.Attempt, error) {
	pa, err := store.PrepareAttempt(a)
	if err != nil {
		return a, err
	}
	tx, err := l.d.BeginWrite(ctx)
	if err != nil {
		return a, fmt.Errorf("add attempt: %w", err)
	}
	defer rollback(tx)
	if err := l.resolveMission(ctx, tx, &pa); err != nil {
		return a, fmt.Errorf("add attempt: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, l.q("SELECT COUNT(*) FROM attempts WHERE uid = ?"), pa.UID).Scan(&n); err != nil {
		return a, fmt.Errorf("add attempt: %w", err)
	}
	if n > 0 {
		return a, fmt.Errorf("add attempt: uid %s: %w: nothing was added", pa.UID, store.ErrDuplicate)
	}
	if _, err := l.insertAttempt(ctx, tx, &pa, 0, nil); err != nil {
		return a, fmt.Errorf("add attempt: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return a, fmt.Errorf("add attempt: commit: %w", err)
	}
	return pa, nil
}

func (l *Log) resolveMission(ctx context.Context, tx *sql.Tx, a *store.Attempt) error {
	var m store.Mission
	var err error
	switch {
	case a.MissionID != 0:
		m, err = scanMission(tx.QueryRowContext(ctx, l.q("SELECT "+missionCols+" FROM missions WHERE id = ?"), a.MissionID))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("mission id %d: %w", a.MissionID, store.ErrNotFound)
		}
		if err == nil && ((a.MissionName != "" && a.MissionName != m.Name) || (a.MissionVersion != 0 && a.MissionVersion != m.Version)) {
			return fmt.Errorf("mission id %d is %q version %d, not %q version %d", m.ID, m.Name, m.Version, a.MissionName, a.MissionVersion)
		}
	case a.MissionVersion == 0:
		m, err = scanMission(tx.QueryRowContext(ctx, l.q("SELECT "+missionCols+" FROM missions WHERE name = ? ORDER BY version DESC LIMIT 1"), a.MissionName))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("mission %q: %w: add the mission file first", a.MissionName, store.ErrNotFound)
		}
	default:
		m, err = scanMission(tx.QueryRowContext(ctx, l.q("SELECT "+missionCols+" FROM missions WHERE name = ? AND version = ?"), a.MissionName, a.MissionVersion))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("mission %q version %d: %w", a.MissionName, a.MissionVersion, store.ErrNotFound)
		}
	}
	if err != nil {
		return err
	}
	a.MissionID, a.MissionName, a.MissionVersion = m.ID, m.Name, m.Version
	return nil
}

// insertAttempt writes a prepared attempt (mission resolved) with its jumpers
// and tracks. keepID > 0 stores it under that ID. jumperIDs caches name -> ID
// (may be nil); jumpers not in the log are added, and their number returned.
func (l *Log) insertAttempt(ctx context.Context, tx *sql.Tx, a *store.Attempt, keepID int64, jumperIDs map[string]int64) (int, error) {
	if keepID > 0 {
		if _, err := tx.ExecContext(ctx, l.q("INSERT INTO attempts (id, uid, mission_id, date, aircraft, conditions, outcome, notes, planner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
			keepID, a.UID, a.MissionID, l.d.TimeArg(a.Date), a.Aircraft, a.Conditions, string(a.Outcome), a.Notes, a.Planner); err != nil {
			return 0, err
		}
		a.ID = keepID
	} else if err := tx.QueryRowContext(ctx, l.q("INSERT INTO attempts (uid, mission_id, date, aircraft, conditions, outcome, notes, planner) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
		a.UID, a.MissionID, l.d.TimeArg(a.Date), a.Aircraft, a.Conditions, string(a.Outcome), a.Notes, a.Planner).Scan(&a.ID); err != nil {
		return 0, err
	}
	added := 0
	for i := range a.Jumpers {
		j := &a.Jumpers[i]
		jid, ok := jumperIDs[j.Name]
		if !ok {
			got, isNew, err := l.putJumper(ctx, tx, store.Jumper{Name: j.Name, Created: l.now()}, 0)
			if err != nil {
				return added, fmt.Errorf("jumper %q: %w", j.Name, err)
			}
			if isNew {
				added++
			}
			jid = got.ID
			if jumperIDs != nil {
				jumperIDs[j.Name] = jid
			}
		}
		r := j.Result
		var trackSHA any
		if j.Track != nil {
			trackSHA = j.Track.SHA256
		}
		if _, err := tx.ExecContext(ctx, l.q(`INSERT INTO attempt_jumpers (attempt_id, position, jumper_id, role, track_sha256,
			exit_alt_msl_m, planned_exit_alt_msl_m, open_alt_agl_m, planned_open_alt_agl_m, freefall_s, planned_freefall_s,
			landing_error_m, max_vertical_speed_mps, fitted_cda_m2, debrief_json)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			a.ID, i, jid, j.Role, trackSHA,
			r.ExitAltMSLM, r.PlannedExitAltMSLM, r.OpenAltAGLM, r.PlannedOpenAltAGLM, r.FreefallS, r.PlannedFreefallS,
			r.LandingErrorM, r.MaxVerticalSpeedMPS, r.FittedCdAM2, r.DebriefJSON); err != nil {
			return added, fmt.Errorf("jumper %q: %w", j.Name, err)
		}
		if t := j.Track; t != nil {
			if _, err := tx.ExecContext(ctx, l.q("INSERT INTO tracks (attempt_id, position, name, format, size, sha256, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)"),
				a.ID, i, t.Name, t.Format, t.Size, t.SHA256, t.Bytes); err != nil {
				return added, fmt.Errorf("jumper %q: track %q: %w", j.Name, t.Name, err)
			}
		}
	}
	return added, nil
}

// GetAttempt implements store.Log.
func (l *Log) GetAttempt(ctx context.Context, id int64) (store.Attempt, error) {
	tx, err := l.d.BeginRead(ctx)
	if err != nil {
		return store.Attempt{}, err
	}
	defer rollback(tx)
	as, err := l.loadAttempts(ctx, tx, "a.id = ?", []any{id}, true)
	if err != nil {
		return store.Attempt{}, fmt.Errorf("attempt %d: %w", id, err)
	}
	if len(as) == 0 {
		return store.Attempt{}, fmt.Errorf("attempt %d: %w", id, store.ErrNotFound)
	}
	return as[0], nil
}

// ListAttempts implements store.Log.
func (l *Log) ListAttempts(ctx context.Context, f store.Filter) ([]store.Attempt, error) {
	var where []string
	var args []any
	if f.MissionName != "" {
		where = append(where, "m.name = ?")
		args = append(args, f.MissionName)
	}
	if f.Jumper != "" {
		where = append(where, "a.id IN (SELECT aj2.attempt_id FROM attempt_jumpers aj2 JOIN jumpers j2 ON j2.id = aj2.jumper_id WHERE j2.name = ?)")
		args = append(args, f.Jumper)
	}
	if f.Outcome != "" {
		if !f.Outcome.Valid() {
			return nil, fmt.Errorf("list attempts: %w", func() error { _, err := store.ParseOutcome(string(f.Outcome)); return err }())
		}
		where = append(where, "a.outcome = ?")
		args = append(args, string(f.Outcome))
	}
	if !f.From.IsZero() {
		where = append(where, "a.date >= ?")
		args = append(args, l.d.TimeArg(store.NormTime(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, "a.date <= ?")
		args = append(args, l.d.TimeArg(store.NormTime(f.To)))
	}
	if f.Limit < 0 {
		return nil, fmt.Errorf("list attempts: limit %d: want 0 (no limit) or more", f.Limit)
	}
	tx, err := l.d.BeginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer rollback(tx)
	as, err := l.loadAttempts(ctx, tx, strings.Join(where, " AND "), args, false)
	if err != nil {
		return nil, fmt.Errorf("list attempts: %w", err)
	}
	if f.Limit > 0 && len(as) > f.Limit {
		as = as[len(as)-f.Limit:]
	}
	return as, nil
}

// loadAttempts reads the attempts matching where (over attempts a JOIN
// missions m) with their jumpers and tracks, by date then ID.
func (l *Log) loadAttempts(ctx context.Context, tx *sql.Tx, where string, args []any, withBytes bool) ([]store.Attempt, error) {
	if where == "" {
		where = "1 = 1"
	}
	rows, err := tx.QueryContext(ctx, l.q(`SELECT a.id, a.uid, a.mission_id, m.name, m.version, a.date, a.aircraft, a.conditions, a.outcome, a.notes, a.planner
		FROM attempts a JOIN missions m ON m.id = a.mission_id WHERE `+where+` ORDER BY a.date, a.id`), args...)
	if err != nil {
		return nil, err
	}
	out := []store.Attempt{}
	index := map[int64]int{}
	for rows.Next() {
		var a store.Attempt
		var outcome string
		if err := rows.Scan(&a.ID, &a.UID, &a.MissionID, &a.MissionName, &a.MissionVersion, ts{&a.Date}, &a.Aircraft, &a.Conditions, &outcome, &a.Notes, &a.Planner); err != nil {
			rows.Close()
			return nil, err
		}
		a.Outcome = store.Outcome(outcome)
		a.Jumpers = []store.AttemptJumper{}
		index[a.ID] = len(out)
		out = append(out, a)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	bytesCol := "NULL"
	if withBytes {
		bytesCol = "t.bytes"
	}
	rows, err = tx.QueryContext(ctx, l.q(`SELECT aj.attempt_id, aj.position, j.name, aj.role,
		aj.exit_alt_msl_m, aj.planned_exit_alt_msl_m, aj.open_alt_agl_m, aj.planned_open_alt_agl_m, aj.freefall_s, aj.planned_freefall_s,
		aj.landing_error_m, aj.max_vertical_speed_mps, aj.fitted_cda_m2, aj.debrief_json,
		aj.track_sha256, t.name, t.format, t.size, t.sha256, `+bytesCol+`
		FROM attempt_jumpers aj
		JOIN attempts a ON a.id = aj.attempt_id
		JOIN missions m ON m.id = a.mission_id
		JOIN jumpers j ON j.id = aj.jumper_id
		LEFT JOIN tracks t ON t.attempt_id = aj.attempt_id AND t.position = aj.position
		WHERE `+where+` ORDER BY aj.attempt_id, aj.position`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			aid                         int64
			pos                         int
			j                           store.AttemptJumper
			f                           [9]sql.NullFloat64
			debrief, tb                 []byte
			ajSHA, tName, tFormat, tSHA sql.NullString
			tSize                       sql.NullInt64
		)
		if err := rows.Scan(&aid, &pos, &j.Name, &j.Role, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &debrief,
			&ajSHA, &tName, &tFormat, &tSize, &tSHA, &tb); err != nil {
			return nil, err
		}
		j.Result = store.Result{
			ExitAltMSLM: nullF(f[0]), PlannedExitAltMSLM: nullF(f[1]), OpenAltAGLM: nullF(f[2]), PlannedOpenAltAGLM: nullF(f[3]),
			FreefallS: nullF(f[4]), PlannedFreefallS: nullF(f[5]), LandingErrorM: nullF(f[6]), MaxVerticalSpeedMPS: nullF(f[7]),
			FittedCdAM2: nullF(f[8]),
		}
		if len(debrief) > 0 {
			j.Result.DebriefJSON = debrief
		}
		if ajSHA.Valid {
			if !tSHA.Valid {
				return nil, fmt.Errorf("attempt %d jumper %q: the track (sha256 %s) is missing from the log", aid, j.Name, ajSHA.String)
			}
			j.Track = &store.TrackFile{Name: tName.String, Format: tFormat.String, Size: tSize.Int64, SHA256: tSHA.String}
			if withBytes {
				j.Track.Bytes = tb
			}
		}
		k, ok := index[aid]
		if !ok {
			continue
		}
		if pos != len(out[k].Jumpers) {
			return nil, fmt.Errorf("attempt %d: jumper position %d out of sequence", aid, pos)
		}
		out[k].Jumpers = append(out[k].Jumpers, j)
	}
	return out, rows.Err()
}

// --- notes ---

// AddNote implements store.Log.
func (l *Log) AddNote(ctx context.Context, n store.Note) (store.Note, error) {
	pn, err := store.PrepareNote(n, l.now())
	if err != nil {
		return n, err
	}
	tx, err := l.d.BeginWrite(ctx)
	if err != nil {
		return n, fmt.Errorf("add note: %w", err)
	}
	defer rollback(tx)
	if pn.AttemptID != 0 {
		var c int
		if err := tx.QueryRowContext(ctx, l.q("SELECT COUNT(*) FROM attempts WHERE id = ?"), pn.AttemptID).Scan(&c); err != nil {
			return n, fmt.Errorf("add note: %w", err)
		}
		if c == 0 {
			return n, fmt.Errorf("add note: attempt %d: %w", pn.AttemptID, store.ErrNotFound)
		}
	}
	if err := l.insertNote(ctx, tx, &pn, 0); err != nil {
		return n, fmt.Errorf("add note: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return n, fmt.Errorf("add note: commit: %w", err)
	}
	return pn, nil
}

func (l *Log) insertNote(ctx context.Context, tx *sql.Tx, n *store.Note, keepID int64) error {
	var aid any
	if n.AttemptID != 0 {
		aid = n.AttemptID
	}
	if keepID > 0 {
		_, err := tx.ExecContext(ctx, l.q("INSERT INTO notes (id, uid, attempt_id, jumper, created, text) VALUES (?, ?, ?, ?, ?, ?)"),
			keepID, n.UID, aid, n.Jumper, l.d.TimeArg(n.Created), n.Text)
		n.ID = keepID
		return err
	}
	return tx.QueryRowContext(ctx, l.q("INSERT INTO notes (uid, attempt_id, jumper, created, text) VALUES (?, ?, ?, ?, ?) RETURNING id"),
		n.UID, aid, n.Jumper, l.d.TimeArg(n.Created), n.Text).Scan(&n.ID)
}

// ListNotes implements store.Log.
func (l *Log) ListNotes(ctx context.Context, attemptID int64) ([]store.Note, error) {
	tx, err := l.d.BeginRead(ctx)
	if err != nil {
		return nil, err
	}
	defer rollback(tx)
	if attemptID != 0 {
		return l.listNotes(ctx, tx, "WHERE attempt_id = ? ORDER BY created, id", attemptID)
	}
	return l.listNotes(ctx, tx, "ORDER BY created, id")
}

func (l *Log) listNotes(ctx context.Context, tx *sql.Tx, rest string, args ...any) ([]store.Note, error) {
	rows, err := tx.QueryContext(ctx, l.q("SELECT id, uid, attempt_id, jumper, created, text FROM notes "+rest), args...)
	if err != nil {
		return nil, fmt.Errorf("list notes: %w", err)
	}
	defer rows.Close()
	out := []store.Note{}
	for rows.Next() {
		var n store.Note
		var aid sql.NullInt64
		if err := rows.Scan(&n.ID, &n.UID, &aid, &n.Jumper, ts{&n.Created}, &n.Text); err != nil {
			return nil, fmt.Errorf("list notes: %w", err)
		}
		n.AttemptID = aid.Int64
		out = append(out, n)
	}
	return out, rows.Err()
}

// --- stats ---

// Stats implements store.Log.
func (l *Log) Stats(ctx context.Context, missionName string) (store.Stats, error) {
	as, err := l.ListAttempts(ctx, store.Filter{MissionName: missionName})
	if err != nil {
		return store.Stats{}, fmt.Errorf("stats: %w", err)
	}
	return store.ComputeStats(missionName, as), nil
}

// --- export / import ---

// Dump reads the whole log, tracks included, from one snapshot.
func (l *Log) Dump(ctx context.Context) (store.Dump, error) {
	tx, err := l.d.BeginRead(ctx)
	if err != nil {
		return store.Dump{}, err
	}
	defer rollback(tx)
	d := store.Dump{Format: store.DumpFormat, FormatVersion: store.DumpVersion, Exported: l.now()}
	if d.Missions, err = l.listMissions(ctx, tx, "ORDER BY id"); err != nil {
		return d, err
	}
	if d.Jumpers, err = l.listJumpers(ctx, tx, "ORDER BY id"); err != nil {
		return d, err
	}
	if d.Attempts, err = l.loadAttempts(ctx, tx, "", nil, true); err != nil {
		return d, err
	}
	if d.Notes, err = l.listNotes(ctx, tx, "ORDER BY id"); err != nil {
		return d, err
	}
	store.SortDump(&d)
	return d, nil
}

// Export implements store.Log. The dump is validated as Import would before
// a byte is written: a log whose content is damaged (a track or mission that
// no longer matches its SHA-256, a broken reference) is refused with
// store.ErrDamaged rather than written as a file that cannot be imported.
func (l *Log) Export(ctx context.Context, w io.Writer, form store.DumpForm) error {
	d, err := l.Dump(ctx)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	v := d
	v.Missions = append([]store.Mission(nil), d.Missions...)
	v.Jumpers = append([]store.Jumper(nil), d.Jumpers...)
	v.Attempts = append([]store.Attempt(nil), d.Attempts...)
	v.Notes = append([]store.Note(nil), d.Notes...)
	if err := store.ValidateDump(&v); err != nil {
		return fmt.Errorf("export: %w: %v; nothing was written (run halo log check for every problem)", store.ErrDamaged, err)
	}
	return store.WriteDump(w, d, form)
}

// Import implements store.Log.
func (l *Log) Import(ctx context.Context, r io.Reader) (store.ImportResult, error) {
	d, err := store.ReadDump(r)
	if err != nil {
		return store.ImportResult{}, err
	}
	return l.ImportDump(ctx, d)
}

// ImportDump stores a validated dump in one transaction (see store.Log.Import).
func (l *Log) ImportDump(ctx context.Context, d store.Dump) (store.ImportResult, error) {
	var res store.ImportResult
	tx, err := l.d.BeginWrite(ctx)
	if err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	defer rollback(tx)
	var total int64
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM missions) + (SELECT COUNT(*) FROM jumpers) +
		(SELECT COUNT(*) FROM attempts) + (SELECT COUNT(*) FROM notes)`).Scan(&total); err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	if total == 0 {
		res, err = l.importKeepingIDs(ctx, tx, d)
	} else {
		res, err = l.importMerging(ctx, tx, d)
	}
	if err != nil {
		return store.ImportResult{}, fmt.Errorf("import: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return store.ImportResult{}, fmt.Errorf("import: commit: %w", err)
	}
	return res, nil
}

func (l *Log) importKeepingIDs(ctx context.Context, tx *sql.Tx, d store.Dump) (store.ImportResult, error) {
	res := store.ImportResult{KeptIDs: true}
	missionByID := map[int64]store.Mission{}
	for _, m := range d.Missions {
		if _, _, err := l.putMission(ctx, tx, m, m.ID); err != nil {
			return res, fmt.Errorf("mission %d (%q version %d): %w", m.ID, m.Name, m.Version, err)
		}
		missionByID[m.ID] = m
		res.Missions++
	}
	// Jumpers named in attempts but missing from the file's jumper list get
	// IDs after the file's, so that every insert carries an explicit ID.
	jumperIDs := map[string]int64{}
	var maxJ int64
	jumpers := append([]store.Jumper(nil), d.Jumpers...)
	for _, j := range jumpers {
		jumperIDs[j.Name] = j.ID
		if j.ID > maxJ {
			maxJ = j.ID
		}
	}
	for _, a := range d.Attempts {
		for _, aj := range a.Jumpers {
			if _, ok := jumperIDs[aj.Name]; !ok {
				maxJ++
				jumperIDs[aj.Name] = maxJ
				jumpers = append(jumpers, store.Jumper{ID: maxJ, Name: aj.Name, Created: a.Date})
			}
		}
	}
	for _, j := range jumpers {
		if _, _, err := l.putJumper(ctx, tx, j, j.ID); err != nil {
			return res, fmt.Errorf("jumper %d (%q): %w", j.ID, j.Name, err)
		}
		res.Jumpers++
	}
	for i := range d.Attempts {
		a := d.Attempts[i]
		m := missionByID[a.MissionID]
		a.MissionName, a.MissionVersion = m.Name, m.Version
		if _, err := l.insertAttempt(ctx, tx, &a, a.ID, jumperIDs); err != nil {
			return res, fmt.Errorf("attempt %d (uid %s): %w", a.ID, a.UID, err)
		}
		res.Attempts++
	}
	for i := range d.Notes {
		n := d.Notes[i]
		if err := l.insertNote(ctx, tx, &n, n.ID); err != nil {
			return res, fmt.Errorf("note %d (uid %s): %w", n.ID, n.UID, err)
		}
		res.Notes++
	}
	if l.d.ResetSequences != nil {
		if err := l.d.ResetSequences(ctx, tx); err != nil {
			return res, fmt.Errorf("resetting ID sequences: %w", err)
		}
	}
	return res, nil
}

func (l *Log) importMerging(ctx context.Context, tx *sql.Tx, d store.Dump) (store.ImportResult, error) {
	var res store.ImportResult
	ms := append([]store.Mission(nil), d.Missions...)
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Name != ms[j].Name {
			return ms[i].Name < ms[j].Name
		}
		return ms[i].Version < ms[j].Version
	})
	missionMap := map[int64]store.Mission{}
	for _, m := range ms {
		got, added, err := l.putMission(ctx, tx, m, 0)
		if err != nil {
			return res, fmt.Errorf("mission %d (%q version %d): %w", m.ID, m.Name, m.Version, err)
		}
		if added {
			res.Missions++
		}
		missionMap[m.ID] = got
	}
	jumperIDs := map[string]int64{}
	for _, j := range d.Jumpers {
		got, added, err := l.putJumper(ctx, tx, j, 0)
		if err != nil {
			return res, fmt.Errorf("jumper %d (%q): %w", j.ID, j.Name, err)
		}
		if added {
			res.Jumpers++
		}
		jumperIDs[j.Name] = got.ID
	}
	attemptMap := map[int64]int64{}
	for i := range d.Attempts {
		a := d.Attempts[i]
		var existing int64
		err := tx.QueryRowContext(ctx, l.q("SELECT id FROM attempts WHERE uid = ?"), a.UID).Scan(&existing)
		if err == nil {
			attemptMap[a.ID] = existing
			res.SkippedAttempts++
			continue
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return res, fmt.Errorf("attempt %d (uid %s): %w", a.ID, a.UID, err)
		}
		m := missionMap[a.MissionID]
		srcID := a.ID
		a.MissionID, a.MissionName, a.MissionVersion = m.ID, m.Name, m.Version
		added, err := l.insertAttempt(ctx, tx, &a, 0, jumperIDs)
		if err != nil {
			return res, fmt.Errorf("attempt %d (uid %s): %w", srcID, a.UID, err)
		}
		res.Jumpers += added
		attemptMap[srcID] = a.ID
		res.Attempts++
	}
	for i := range d.Notes {
		n := d.Notes[i]
		var c int
		if err := tx.QueryRowContext(ctx, l.q("SELECT COUNT(*) FROM notes WHERE uid = ?"), n.UID).Scan(&c); err != nil {
			return res, fmt.Errorf("note %d (uid %s): %w", n.ID, n.UID, err)
		}
		if c > 0 {
			res.SkippedNotes++
			continue
		}
		if n.AttemptID != 0 {
			n.AttemptID = attemptMap[n.AttemptID]
		}
		if err := l.insertNote(ctx, tx, &n, 0); err != nil {
			return res, fmt.Errorf("note %d (uid %s): %w", n.ID, n.UID, err)
		}
		res.Notes++
	}
	return res, nil
}

// --- check ---

// maxProblems caps how many problems Check lists.
const maxProblems = 50

// Check implements store.Log.
func (l *Log) Check(ctx context.Context) error {
	tx, err := l.d.BeginRead(ctx)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	defer rollback(tx)
	var problems []string
	if l.d.Integrity != nil {
		p, err := l.d.Integrity(ctx, tx)
		if err != nil {
			return fmt.Errorf("check: %s integrity check: %w", l.d.Name, err)
		}
		problems = append(problems, p...)
	}
	queries := []struct {
		what, query string
	}{
		{"attempt %v has no jumpers", "SELECT a.id FROM attempts a WHERE NOT EXISTS (SELECT 1 FROM attempt_jumpers aj WHERE aj.attempt_id = a.id)"},
		{"attempt %v refers to a missing mission", "SELECT a.id FROM attempts a WHERE NOT EXISTS (SELECT 1 FROM missions m WHERE m.id = a.mission_id)"},
		{"attempt %v has a jumper row with a missing jumper", "SELECT aj.attempt_id FROM attempt_jumpers aj WHERE NOT EXISTS (SELECT 1 FROM jumpers j WHERE j.id = aj.jumper_id)"},
		{"jumper row of missing attempt %v", "SELECT aj.attempt_id FROM attempt_jumpers aj WHERE NOT EXISTS (SELECT 1 FROM attempts a WHERE a.id = aj.attempt_id)"},
		{"attempt %v: a jumper's track is missing", "SELECT aj.attempt_id FROM attempt_jumpers aj WHERE aj.track_sha256 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM tracks t WHERE t.attempt_id = aj.attempt_id AND t.position = aj.position)"},
		{"attempt %v: a track belongs to no jumper, or its hash differs from the jumper row's", "SELECT t.attempt_id FROM tracks t WHERE NOT EXISTS (SELECT 1 FROM attempt_jumpers aj WHERE aj.attempt_id = t.attempt_id AND aj.position = t.position AND aj.track_sha256 = t.sha256)"},
		{"attempt %v: jumper positions are not 0, 1, 2, ...", "SELECT aj.attempt_id FROM attempt_jumpers aj GROUP BY aj.attempt_id HAVING MIN(aj.position) <> 0 OR MAX(aj.position) <> COUNT(*) - 1"},
		{"note %v refers to a missing attempt", "SELECT n.id FROM notes n WHERE n.attempt_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.id = n.attempt_id)"},
		{"mission %q: versions are not 1, 2, 3, ...", "SELECT m.name FROM missions m GROUP BY m.name HAVING MIN(m.version) <> 1 OR MAX(m.version) <> COUNT(*)"},
	}
	for _, c := range queries {
		rows, err := tx.QueryContext(ctx, c.query)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		for rows.Next() {
			var v any
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return fmt.Errorf("check: %w", err)
			}
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			problems = append(problems, fmt.Sprintf(c.what, v))
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("check: %w", err)
		}
	}
	hp, err := l.hashProblems(ctx, tx)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	problems = append(problems, hp...)
	if len(problems) == 0 {
		return nil
	}
	n := len(problems)
	if n > maxProblems {
		problems = append(problems[:maxProblems], fmt.Sprintf("... and %d more", n-maxProblems))
	}
	return fmt.Errorf("check: the log has %d problem(s):\n  %s", n, strings.Join(problems, "\n  "))
}

// VerifyContent checks every mission's text and every track's bytes against
// their SHA-256, in one read transaction: the damage a database's page checks
// cannot see (a changed byte inside a value). It returns nil when all match,
// or an error wrapping store.ErrDamaged that lists what does not. It reads
// the whole log once; its cost grows with the log's size.
func (l *Log) VerifyContent(ctx context.Context) error {
	tx, err := l.d.BeginRead(ctx)
	if err != nil {
		return err
	}
	defer rollback(tx)
	problems, err := l.hashProblems(ctx, tx)
	if err != nil {
		return err
	}
	if len(problems) == 0 {
		return nil
	}
	n := len(problems)
	if n > maxProblems {
		problems = append(problems[:maxProblems], fmt.Sprintf("... and %d more", n-maxProblems))
	}
	return fmt.Errorf("%w: %d record(s) no longer match their SHA-256: %s", store.ErrDamaged, n, strings.Join(problems, "; "))
}

// hashProblems lists every mission and track whose content does not match
// its stored size and SHA-256.
func (l *Log) hashProblems(ctx context.Context, tx *sql.Tx) ([]string, error) {
	var problems []string
	rows, err := tx.QueryContext(ctx, "SELECT id, yaml, sha256 FROM missions ORDER BY id")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var y, sum string
		if err := rows.Scan(&id, &y, &sum); err != nil {
			rows.Close()
			return nil, err
		}
		if store.SHA256Hex([]byte(y)) != sum {
			problems = append(problems, fmt.Sprintf("mission %d: text does not match its sha256", id))
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	// One row at a time (database/sql holds only the current row), so that a
	// large log is not read into memory.
	rows, err = tx.QueryContext(ctx, "SELECT attempt_id, position, bytes, size, sha256 FROM tracks ORDER BY attempt_id, position")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var aid, pos, size int64
		var b sql.RawBytes
		var sum string
		if err := rows.Scan(&aid, &pos, &b, &size, &sum); err != nil {
			return nil, fmt.Errorf("tracks: %w", err)
		}
		if int64(len(b)) != size || store.SHA256Hex(b) != sum {
			problems = append(problems, fmt.Sprintf("attempt %d: track of jumper %d: bytes do not match their size and sha256", aid, pos))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tracks: %w", err)
	}
	return problems, nil
}

// Close implements store.Log.
func (l *Log) Close() error {
	if l.d.Close == nil {
		return nil
	}
	return l.d.Close()
}
