// Package storetest is the one test suite every store.Log implementation
// passes: store/sqlite and store/postgres run it against real databases.
//
// Use it from an adapter's tests:
//
//	func TestMain(m *testing.M) {
//		storetest.ChildMain(open) // the crash test's writer process
//		os.Exit(m.Run())
//	}
//	func TestSuite(t *testing.T) { storetest.Run(t, fresh) }
//	func TestCrash(t *testing.T) { storetest.RunCrash(t, dsn, open) }
package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"halo/store"
)

// Opener returns a new, empty log for one test and registers its cleanup
// (closing it, removing its file or schema) with t.Cleanup.
type Opener func(t testing.TB) store.Log

// Run runs the whole suite; each case gets its own empty log from open.
func Run(t *testing.T, open Opener) {
	cases := []struct {
		name string
		fn   func(*testing.T, store.Log)
	}{
		{"Missions", testMissions},
		{"Jumpers", testJumpers},
		{"Attempts", testAttempts},
		{"AttemptValidation", testAttemptValidation},
		{"Filters", testFilters},
		{"Notes", testNotes},
		{"Stats", testStats},
		{"ExportImportRoundTrip", func(t *testing.T, l store.Log) { testRoundTrip(t, l, open) }},
		{"ImportMerge", testImportMerge},
		{"ImportWithoutJumperList", testImportWithoutJumperList},
		{"ImportInvalidLeavesNothing", testImportInvalid},
		{"ImportCancelledLeavesNothing", testImportCancelled},
		{"CutExportRefusedWhole", func(t *testing.T, l store.Log) { testCutExportRefused(t, l, open) }},
		{"DuplicateUID", testDuplicateUID},
		{"ConcurrentWriters", testConcurrent},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := open(t)
			c.fn(t, l)
			if err := l.Check(context.Background()); err != nil {
				t.Errorf("Check after %s: %v", c.name, err)
			}
		})
	}
}

// RunTransfer exports a populated log from one store, imports it into an
// empty log of another and exports again: the two exports must be equal
// (IDs, versions, times, bytes), so a log moves between stores without loss.
func RunTransfer(t *testing.T, from, to Opener) {
	ctx := context.Background()
	a := from(t)
	populate(t, a)
	var buf bytes.Buffer
	if err := a.Export(ctx, &buf, store.JSONLines); err != nil {
		t.Fatal(err)
	}
	first := buf.Bytes()
	b := to(t)
	res, err := b.Import(ctx, bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if !res.KeptIDs {
		t.Errorf("import into an empty log did not keep IDs: %+v", res)
	}
	var again bytes.Buffer
	if err := b.Export(ctx, &again, store.JSONLines); err != nil {
		t.Fatal(err)
	}
	compareDumps(t, first, again.Bytes())
	if err := b.Check(ctx); err != nil {
		t.Error(err)
	}
	// And back again into a fresh log of the first kind.
	c := from(t)
	if _, err := c.Import(ctx, bytes.NewReader(again.Bytes())); err != nil {
		t.Fatal(err)
	}
	var third bytes.Buffer
	if err := c.Export(ctx, &third, store.JSONDocument); err != nil {
		t.Fatal(err)
	}
	compareDumps(t, first, third.Bytes())
}

func compareDumps(t *testing.T, a, b []byte) {
	t.Helper()
	da, err := store.ReadDump(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.ReadDump(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	da.Exported, db.Exported = time.Time{}, time.Time{}
	if !reflect.DeepEqual(da, db) {
		ja, _ := json.MarshalIndent(da, "", " ")
		jb, _ := json.MarshalIndent(db, "", " ")
		t.Errorf("exports differ:\n%s", firstDiff(string(ja), string(jb)))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, x, y)
		}
	}
	return "(no line differs)"
}

// missionYAML is a small mission file; the store keeps it as opaque text.
func missionYAML(variant int) string {
	return fmt.Sprintf("name: Test HALO\ndz: {lat: 35.0, lon: -117.0, elev: 700 m}\nexit: {alt: 25000 ft}\nopen: {alt: %d ft}\n", 3500+500*variant)
}

// trackBytes is a track-like file with the bytes that trip naive storage:
// CRLF, NUL, bytes above 0x7f that are not UTF-8, and no final newline.
func trackBytes(seed int) []byte {
	var b bytes.Buffer
	b.WriteString("$FLYSIGHT,2\r\n$COL,TIME,lat,lon,hMSL\r\n")
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, "$GNSS,2024-05-01T12:00:%02d.%03dZ,35.%06d,-117.%06d,%d.%d\r\n", i%60, seed%1000, 1000+i*seed, 2000+i, 7600-i*50, i%10)
	}
	b.Write([]byte{0x00, 0xff, 0xfe, 0x80, byte(seed), '\r'})
	return b.Bytes()
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func mustMission(t testing.TB, l store.Log, name string, variant int) store.Mission {
	t.Helper()
	m, err := l.AddMission(ctxT(t), store.Mission{Name: name, YAML: missionYAML(variant)})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func attempt(mission string, day int, outcome store.Outcome, jumpers ...store.AttemptJumper) store.Attempt {
	return store.Attempt{
		MissionName: mission,
		Date:        time.Date(2024, 5, day, 14, 30, 15, 123456789, time.FixedZone("PDT", -7*3600)),
		Aircraft:    "C-130 N123",
		Conditions:  `{"wind_kt": 12, "oat_c": -40}`,
		Outcome:     outcome,
		Notes:       "green light on time",
		Planner:     "halo v1.2.0 (0123456789ab)",
		Jumpers:     jumpers,
	}
}

func jumper(name string, seed int, r store.Result) store.AttemptJumper {
	var tr *store.TrackFile
	if seed > 0 {
		tr = &store.TrackFile{Name: fmt.Sprintf("%s-%d.CSV", name, seed), Format: "flysight2", Bytes: trackBytes(seed)}
	}
	return store.AttemptJumper{Name: name, Role: "jumper", Track: tr, Result: r}
}

func testMissions(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	m1 := mustMission(t, l, "alpha", 0)
	if m1.ID == 0 || m1.Version != 1 || m1.SHA256 != store.SHA256Hex([]byte(missionYAML(0))) || m1.Created.IsZero() {
		t.Errorf("first mission = %+v", m1)
	}
	again := mustMission(t, l, "alpha", 0)
	if again.ID != m1.ID || again.Version != 1 || !again.Created.Equal(m1.Created) {
		t.Errorf("same text again = %+v, want the stored %+v", again, m1)
	}
	m2 := mustMission(t, l, "alpha", 1)
	if m2.Version != 2 || m2.ID == m1.ID {
		t.Errorf("new text = version %d id %d, want version 2 and a new id", m2.Version, m2.ID)
	}
	// Going back to the first text is not a new version.
	if back := mustMission(t, l, "alpha", 0); back.Version != 1 {
		t.Errorf("first text again = version %d, want 1", back.Version)
	}
	// Another name starts at 1, even with the same text.
	if b := mustMission(t, l, "bravo", 0); b.Version != 1 {
		t.Errorf("bravo version %d, want 1", b.Version)
	}
	latest, err := l.GetMission(ctx, "alpha", 0)
	if err != nil || latest.Version != 2 || latest.YAML != missionYAML(1) {
		t.Errorf("GetMission(alpha, latest) = v%d, %v", latest.Version, err)
	}
	v1, err := l.GetMission(ctx, "alpha", 1)
	if err != nil || v1.YAML != missionYAML(0) || !v1.Created.Equal(m1.Created) {
		t.Errorf("GetMission(alpha, 1) = %+v, %v", v1, err)
	}
	if _, err := l.GetMission(ctx, "alpha", 3); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetMission(alpha, 3) error = %v, want ErrNotFound", err)
	}
	if _, err := l.GetMission(ctx, "charlie", 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetMission(charlie) error = %v, want ErrNotFound", err)
	}
	ms, err := l.ListMissions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, fmt.Sprintf("%s/%d", m.Name, m.Version))
	}
	if want := "alpha/1 alpha/2 bravo/1"; strings.Join(got, " ") != want {
		t.Errorf("ListMissions = %v, want %s", got, want)
	}
	for _, bad := range []store.Mission{{Name: "", YAML: "x"}, {Name: "x", YAML: ""}, {Name: "x", YAML: "a\x00b"}, {Name: "x", YAML: "\xff"}, {Name: "x", YAML: "a", SHA256: "00"}} {
		if _, err := l.AddMission(ctx, bad); err == nil {
			t.Errorf("AddMission(%+v) succeeded, want an error", bad)
		}
	}
}

func testJumpers(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	a, err := l.AddJumper(ctx, store.Jumper{Name: " Ana ", Notes: "rigger"})
	if err != nil || a.Name != "Ana" || a.ID == 0 {
		t.Fatalf("AddJumper = %+v, %v", a, err)
	}
	a2, err := l.AddJumper(ctx, store.Jumper{Name: "Ana"})
	if err != nil || a2.ID != a.ID || a2.Notes != "rigger" {
		t.Errorf("AddJumper again = %+v, %v; want the stored one", a2, err)
	}
	if _, err := l.AddJumper(ctx, store.Jumper{Name: "Bo"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddJumper(ctx, store.Jumper{Name: "  "}); err == nil {
		t.Error("AddJumper with a blank name succeeded")
	}
	js, err := l.ListJumpers(ctx)
	if err != nil || len(js) != 2 || js[0].Name != "Ana" || js[1].Name != "Bo" {
		t.Errorf("ListJumpers = %+v, %v", js, err)
	}
}

func testAttempts(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	m := mustMission(t, l, "alpha", 0)
	zero := 0.0
	in := attempt("alpha", 1, store.OutcomeSuccess,
		jumper("Ana", 1, store.Result{
			ExitAltMSLM: store.F(7620), PlannedExitAltMSLM: store.F(7620.5), OpenAltAGLM: store.F(1066.8), PlannedOpenAltAGLM: store.F(1000),
			FreefallS: store.F(121.25), PlannedFreefallS: store.F(118), LandingErrorM: &zero, MaxVerticalSpeedMPS: store.F(71.3),
			FittedCdAM2: store.F(0.4321), DebriefJSON: []byte(`{"phases":[1,2,3]}`),
		}),
		jumper("Bo", 2, store.Result{OpenAltAGLM: store.F(math.NaN())}),
		jumper("Cy", 0, store.Result{}), // no track, nothing measured
	)
	got, err := l.AddAttempt(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID == 0 || len(got.UID) != 32 || got.MissionID != m.ID || got.MissionVersion != 1 {
		t.Errorf("AddAttempt = id %d uid %q mission %d v%d", got.ID, got.UID, got.MissionID, got.MissionVersion)
	}
	back, err := l.GetAttempt(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Date.Equal(in.Date.Truncate(time.Microsecond)) || back.Date.Location() != time.UTC {
		t.Errorf("date = %v, want %v in UTC to the microsecond", back.Date, in.Date)
	}
	if back.Aircraft != in.Aircraft || back.Conditions != in.Conditions || back.Notes != in.Notes || back.Planner != in.Planner || back.Outcome != in.Outcome || back.MissionName != "alpha" {
		t.Errorf("attempt fields = %+v", back)
	}
	if len(back.Jumpers) != 3 {
		t.Fatalf("jumpers = %d, want 3", len(back.Jumpers))
	}
	for i, name := range []string{"Ana", "Bo", "Cy"} {
		if back.Jumpers[i].Name != name || back.Jumpers[i].Role != "jumper" {
			t.Errorf("jumpers[%d] = %q %q, want %q in exit order", i, back.Jumpers[i].Name, back.Jumpers[i].Role, name)
		}
	}
	for i, seed := range []int{1, 2} {
		tr := back.Jumpers[i].Track
		want := trackBytes(seed)
		if tr == nil || !bytes.Equal(tr.Bytes, want) || tr.SHA256 != store.SHA256Hex(want) || tr.Size != int64(len(want)) || tr.Format != "flysight2" {
			t.Errorf("jumpers[%d] track not kept byte for byte: %+v", i, tr)
		}
	}
	if back.Jumpers[2].Track != nil {
		t.Errorf("jumper without a track came back with %+v", back.Jumpers[2].Track)
	}
	r := back.Jumpers[0].Result
	if r.LandingErrorM == nil || *r.LandingErrorM != 0 {
		t.Errorf("a measured 0 m landing error came back as %v", r.LandingErrorM)
	}
	if r.OpenAltAGLM == nil || *r.OpenAltAGLM != 1066.8 || r.FittedCdAM2 == nil || *r.FittedCdAM2 != 0.4321 || *r.PlannedExitAltMSLM != 7620.5 {
		t.Errorf("result numbers changed: %+v", r)
	}
	if string(r.DebriefJSON) != `{"phases":[1,2,3]}` {
		t.Errorf("debrief = %q", r.DebriefJSON)
	}
	if b := back.Jumpers[1].Result; b.OpenAltAGLM != nil || b.LandingErrorM != nil || b.DebriefJSON != nil {
		t.Errorf("NaN and missing numbers must come back nil, got %+v", b)
	}
	if c := back.Jumpers[2].Result; !reflect.DeepEqual(c, store.Result{}) {
		t.Errorf("empty result came back as %+v", c)
	}
	list, err := l.ListAttempts(ctx, store.Filter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("ListAttempts = %d, %v", len(list), err)
	}
	if tr := list[0].Jumpers[0].Track; tr == nil || tr.Bytes != nil || tr.SHA256 != store.SHA256Hex(trackBytes(1)) || tr.Size != int64(len(trackBytes(1))) {
		t.Errorf("listed track = %+v, want metadata without bytes", tr)
	}
	// By mission ID and by explicit version.
	mm := mustMission(t, l, "alpha", 1)
	byID := attempt("", 2, store.OutcomeAborted, jumper("Ana", 0, store.Result{}))
	byID.MissionID = m.ID
	if a, err := l.AddAttempt(ctx, byID); err != nil || a.MissionVersion != 1 || a.MissionName != "alpha" {
		t.Errorf("by mission ID: %+v, %v", a, err)
	}
	latest := attempt("alpha", 3, store.OutcomeOffTarget, jumper("Ana", 3, store.Result{}))
	if a, err := l.AddAttempt(ctx, latest); err != nil || a.MissionID != mm.ID || a.MissionVersion != 2 {
		t.Errorf("by name, latest version: %+v, %v", a, err)
	}
	v1 := attempt("alpha", 4, store.OutcomeMalfunction, jumper("Ana", 0, store.Result{}))
	v1.MissionVersion = 1
	if a, err := l.AddAttempt(ctx, v1); err != nil || a.MissionID != m.ID {
		t.Errorf("by name, version 1: %+v, %v", a, err)
	}
	if _, err := l.GetAttempt(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetAttempt(999999) error = %v, want ErrNotFound", err)
	}
	// The UID is kept and may not be reused.
	dup := attempt("alpha", 5, store.OutcomeSuccess, jumper("Ana", 0, store.Result{}))
	dup.UID = got.UID
	if _, err := l.AddAttempt(ctx, dup); err == nil {
		t.Error("AddAttempt with a UID already in the log succeeded")
	}
	js, _ := l.ListJumpers(ctx)
	if len(js) != 3 {
		t.Errorf("jumpers added with the attempt: %d, want 3", len(js))
	}
}

func testAttemptValidation(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	mustMission(t, l, "alpha", 0)
	ok := func() store.Attempt {
		return attempt("alpha", 1, store.OutcomeSuccess, jumper("Ana", 1, store.Result{}))
	}
	cases := map[string]func(a *store.Attempt){
		"bad outcome":      func(a *store.Attempt) { a.Outcome = "sucess" },
		"no date":          func(a *store.Attempt) { a.Date = time.Time{} },
		"no mission":       func(a *store.Attempt) { a.MissionName = "" },
		"unknown mission":  func(a *store.Attempt) { a.MissionName = "zulu" },
		"unknown version":  func(a *store.Attempt) { a.MissionVersion = 7 },
		"unknown id":       func(a *store.Attempt) { a.MissionID = 987654 },
		"no jumpers":       func(a *store.Attempt) { a.Jumpers = nil },
		"blank jumper":     func(a *store.Attempt) { a.Jumpers[0].Name = " " },
		"jumper twice":     func(a *store.Attempt) { a.Jumpers = append(a.Jumpers, a.Jumpers[0]) },
		"infinite":         func(a *store.Attempt) { a.Jumpers[0].Result.FreefallS = store.F(math.Inf(1)) },
		"negative landing": func(a *store.Attempt) { a.Jumpers[0].Result.LandingErrorM = store.F(-1) },
		"zero CdA":         func(a *store.Attempt) { a.Jumpers[0].Result.FittedCdAM2 = store.F(0) },
		"empty track":      func(a *store.Attempt) { a.Jumpers[0].Track.Bytes = nil },
		"wrong track hash": func(a *store.Attempt) { a.Jumpers[0].Track.SHA256 = strings.Repeat("0", 64) },
		"NUL in notes":     func(a *store.Attempt) { a.Notes = "a\x00b" },
		"latin-1 aircraft": func(a *store.Attempt) { a.Aircraft = "Cessna \xe9" },
		"bad uid":          func(a *store.Attempt) { a.UID = "has space" },
	}
	for name, mutate := range cases {
		a := ok()
		mutate(&a)
		if _, err := l.AddAttempt(ctx, a); err == nil {
			t.Errorf("%s: AddAttempt succeeded, want an error", name)
		}
	}
	as, err := l.ListAttempts(ctx, store.Filter{})
	if err != nil || len(as) != 0 {
		t.Errorf("after only invalid attempts the log has %d attempts (%v)", len(as), err)
	}
	js, _ := l.ListJumpers(ctx)
	if len(js) != 0 {
		t.Errorf("a rejected attempt left jumpers behind: %+v", js)
	}
	if _, err := l.AddAttempt(ctx, ok()); err != nil {
		t.Errorf("the valid attempt: %v", err)
	}
}

func testFilters(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	mustMission(t, l, "alpha", 0)
	mustMission(t, l, "bravo", 0)
	add := func(mission string, day int, o store.Outcome, names ...string) {
		var js []store.AttemptJumper
		for _, n := range names {
			js = append(js, jumper(n, 0, store.Result{}))
		}
		if _, err := l.AddAttempt(ctx, attempt(mission, day, o, js...)); err != nil {
			t.Fatal(err)
		}
	}
	add("alpha", 3, store.OutcomeSuccess, "Ana", "Bo")
	add("alpha", 1, store.OutcomeAborted, "Ana")
	add("bravo", 2, store.OutcomeSuccess, "Bo")
	add("alpha", 5, store.OutcomeIncident, "Cy", "Ana")
	days := func(f store.Filter) string {
		as, err := l.ListAttempts(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, a := range as {
			s = append(s, fmt.Sprint(a.Date.Day()))
		}
		return strings.Join(s, ",")
	}
	day := func(d int) time.Time { return time.Date(2024, 5, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		f    store.Filter
		want string
	}{
		{store.Filter{}, "1,2,3,5"},
		{store.Filter{MissionName: "alpha"}, "1,3,5"},
		{store.Filter{Jumper: "Bo"}, "2,3"},
		{store.Filter{Jumper: "Ana", MissionName: "alpha"}, "1,3,5"},
		{store.Filter{Outcome: store.OutcomeSuccess}, "2,3"},
		{store.Filter{From: day(2), To: day(4)}, "2,3"},
		{store.Filter{Limit: 2}, "3,5"},
		{store.Filter{Jumper: "nobody"}, ""},
	} {
		if got := days(c.f); got != c.want {
			t.Errorf("ListAttempts(%+v) days = %q, want %q", c.f, got, c.want)
		}
	}
	// Jumpers in an attempt keep their exit order even when filtered by one.
	as, _ := l.ListAttempts(ctx, store.Filter{Jumper: "Ana", From: day(5)})
	if len(as) != 1 || len(as[0].Jumpers) != 2 || as[0].Jumpers[0].Name != "Cy" {
		t.Errorf("filtered attempt lost its other jumpers: %+v", as)
	}
	if _, err := l.ListAttempts(ctx, store.Filter{Outcome: "bogus"}); err == nil {
		t.Error("filter on an unknown outcome succeeded")
	}
}

func testNotes(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	mustMission(t, l, "alpha", 0)
	a, err := l.AddAttempt(ctx, attempt("alpha", 1, store.OutcomeSuccess, jumper("Ana", 0, store.Result{})))
	if err != nil {
		t.Fatal(err)
	}
	n1, err := l.AddNote(ctx, store.Note{AttemptID: a.ID, Jumper: "Ana", Text: "late pull, 200 ft low", Created: time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil || n1.ID == 0 || n1.UID == "" {
		t.Fatalf("AddNote = %+v, %v", n1, err)
	}
	if _, err := l.AddNote(ctx, store.Note{Text: "new altimeter", Created: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddNote(ctx, store.Note{AttemptID: 424242, Text: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("note on a missing attempt: error %v, want ErrNotFound", err)
	}
	if _, err := l.AddNote(ctx, store.Note{Text: " "}); err == nil {
		t.Error("empty note accepted")
	}
	all, err := l.ListNotes(ctx, 0)
	if err != nil || len(all) != 2 || all[0].Text != "new altimeter" {
		t.Errorf("ListNotes(0) = %+v, %v", all, err)
	}
	mine, err := l.ListNotes(ctx, a.ID)
	if err != nil || len(mine) != 1 || mine[0] != n1 {
		t.Errorf("ListNotes(%d) = %+v, %v; want [%+v]", a.ID, mine, err, n1)
	}
}

func testStats(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	mustMission(t, l, "alpha", 0)
	mustMission(t, l, "bravo", 0)
	// Ana's landing error halves roughly each attempt: improving. Bo's goes
	// up and down: not improving. Cy jumps twice: not enough data.
	// Listed in insertion order; the dates run the other way (day 10-i), so
	// in attempt order Ana's errors are 400, 210, ..., 20.
	ana := []float64{20, 45, 80, 150, 210, 400}
	bo := []float64{50, 300, 40, 280, 60, 310}
	for i := range ana {
		js := []store.AttemptJumper{
			jumper("Ana", 0, store.Result{LandingErrorM: store.F(ana[i]), OpenAltAGLM: store.F(1000 + 10*float64(i)), PlannedOpenAltAGLM: store.F(1000), FittedCdAM2: store.F(0.40 + 0.01*float64(i))}),
			jumper("Bo", 0, store.Result{LandingErrorM: store.F(bo[i]), FreefallS: store.F(120), PlannedFreefallS: store.F(118)}),
		}
		if i < 2 {
			js = append(js, jumper("Cy", 0, store.Result{LandingErrorM: store.F(100)}))
		}
		if _, err := l.AddAttempt(ctx, attempt("alpha", 10-i, store.OutcomeSuccess, js...)); err != nil { // dates out of insertion order
			t.Fatal(err)
		}
	}
	// An aborted attempt in between: numbered, but nothing measured.
	if _, err := l.AddAttempt(ctx, attempt("alpha", 20, store.OutcomeAborted, jumper("Ana", 0, store.Result{}))); err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddAttempt(ctx, attempt("bravo", 1, store.OutcomeSuccess, jumper("Ana", 0, store.Result{LandingErrorM: store.F(9999)}))); err != nil {
		t.Fatal(err)
	}
	st, err := l.Stats(ctx, "alpha")
	if err != nil {
		t.Fatal(err)
	}
	if st.Attempts != 7 || st.Outcomes[store.OutcomeSuccess] != 6 || st.Outcomes[store.OutcomeAborted] != 1 {
		t.Errorf("attempts %d outcomes %v", st.Attempts, st.Outcomes)
	}
	trend := func(metric, who string) store.Trend {
		for _, tr := range st.Trends {
			if tr.Metric == metric && tr.Jumper == who {
				return tr
			}
		}
		t.Fatalf("no trend %s/%s", metric, who)
		return store.Trend{}
	}
	// Dates run backwards to insertion: day 5 (i=5) is attempt 1.
	if tr := trend(store.MetricLandingError, "Ana"); tr.Verdict != store.Improving || tr.N != 6 {
		t.Errorf("Ana landing: %v", tr)
	}
	if tr := trend(store.MetricLandingError, "Bo"); tr.Verdict != store.NotImproving {
		t.Errorf("Bo landing: %v", tr)
	}
	if tr := trend(store.MetricLandingError, "Cy"); tr.Verdict != store.NotEnoughData || tr.N != 2 {
		t.Errorf("Cy landing: %v", tr)
	}
	// Ana opens 10 m higher per attempt in insertion order, so 10 m lower
	// per attempt in date order: |error| falls 50, 40, ..., 0: improving.
	if tr := trend(store.MetricOpenAltError, "Ana"); tr.Slope == nil || math.Abs(*tr.Slope+10) > 1e-9 || tr.Verdict != store.Improving {
		t.Errorf("Ana opening: %v", tr)
	}
	if tr := trend(store.MetricFreefallError, "Bo"); tr.Slope == nil || *tr.Slope != 0 || tr.Verdict != store.NotImproving {
		t.Errorf("Bo free fall (constant 2 s long): %v", tr)
	}
	var ana1 *store.StatPoint
	for i, p := range st.Points {
		if p.Number == 1 && p.Jumper == "Ana" {
			ana1 = &st.Points[i]
		}
		if p.Number == 7 && (p.Outcome != store.OutcomeAborted || p.LandingErrorM != nil) {
			t.Errorf("aborted attempt point = %+v", p)
		}
	}
	if ana1 == nil || ana1.OpenAltErrorM == nil || *ana1.OpenAltErrorM != 50 || *ana1.LandingErrorM != 400 || ana1.FreefallErrorS != nil {
		t.Errorf("Ana's first point = %+v", ana1)
	}
	if len(st.Drag) != 1 || st.Drag[0].Jumper != "Ana" || len(st.Drag[0].Points) != 6 || math.Abs(st.Drag[0].Points[0].CdAM2-0.45) > 1e-12 {
		t.Errorf("drag series = %+v", st.Drag)
	}
	all, err := l.Stats(ctx, "")
	if err != nil || all.Attempts != 8 {
		t.Errorf("Stats(all) attempts = %d, %v", all.Attempts, err)
	}
	none, err := l.Stats(ctx, "nothing")
	if err != nil || none.Attempts != 0 {
		t.Errorf("Stats(nothing) = %+v, %v", none, err)
	}
}

// populate fills a log with a bit of everything.
func populate(t testing.TB, l store.Log) {
	ctx := ctxT(t)
	mustMission(t, l, "alpha", 0)
	mustMission(t, l, "alpha", 1)
	mustMission(t, l, "bravo", 2)
	if _, err := l.AddJumper(ctx, store.Jumper{Name: "Ana", Notes: "D-12345"}); err != nil {
		t.Fatal(err)
	}
	a1, err := l.AddAttempt(ctx, attempt("alpha", 1, store.OutcomeSuccess,
		jumper("Ana", 11, store.Result{LandingErrorM: store.F(35.5), FittedCdAM2: store.F(0.41), DebriefJSON: []byte(`{"a":1}`)}),
		jumper("Bo", 12, store.Result{OpenAltAGLM: store.F(1200), PlannedOpenAltAGLM: store.F(1219.2)})))
	if err != nil {
		t.Fatal(err)
	}
	a := attempt("bravo", 2, store.OutcomeAborted, jumper("Cy", 0, store.Result{}))
	a.Conditions = "cloud 8/8 at FL120, no exit"
	if _, err := l.AddAttempt(ctx, a); err != nil {
		t.Fatal(err)
	}
	v1 := attempt("alpha", 3, store.OutcomeOffTarget, jumper("Bo", 13, store.Result{LandingErrorM: store.F(820)}))
	v1.MissionVersion = 1
	if _, err := l.AddAttempt(ctx, v1); err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddNote(ctx, store.Note{AttemptID: a1.ID, Jumper: "Bo", Text: "opened 19 m low"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddNote(ctx, store.Note{Text: "new AAD fitted"}); err != nil {
		t.Fatal(err)
	}
}

func counts(t *testing.T, l store.Log) string {
	ctx := ctxT(t)
	ms, err1 := l.ListMissions(ctx)
	js, err2 := l.ListJumpers(ctx)
	as, err3 := l.ListAttempts(ctx, store.Filter{})
	ns, err4 := l.ListNotes(ctx, 0)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("missions=%d jumpers=%d attempts=%d notes=%d", len(ms), len(js), len(as), len(ns))
}

func testRoundTrip(t *testing.T, l store.Log, open Opener) {
	ctx := ctxT(t)
	populate(t, l)
	for _, form := range []store.DumpForm{store.JSONLines, store.JSONDocument} {
		var buf bytes.Buffer
		if err := l.Export(ctx, &buf, form); err != nil {
			t.Fatal(err)
		}
		first := append([]byte(nil), buf.Bytes()...)
		if form == store.JSONLines && !bytes.HasPrefix(first, []byte(`{"format":"halo-log","format_version":2`)) {
			t.Errorf("JSON lines export starts %q", first[:min(60, len(first))])
		}
		other := open(t)
		res, err := other.Import(ctx, bytes.NewReader(first))
		if err != nil {
			t.Fatal(err)
		}
		if want := (store.ImportResult{Missions: 3, Jumpers: 3, Attempts: 3, Notes: 2, KeptIDs: true}); res != want {
			t.Errorf("import result %+v, want %+v", res, want)
		}
		var again bytes.Buffer
		if err := other.Export(ctx, &again, form); err != nil {
			t.Fatal(err)
		}
		compareDumps(t, first, again.Bytes())
		// Importing the same file again adds nothing.
		res, err = other.Import(ctx, bytes.NewReader(first))
		if err != nil {
			t.Fatal(err)
		}
		if res.Attempts != 0 || res.SkippedAttempts != 3 || res.SkippedNotes != 2 || res.Missions != 0 || res.KeptIDs {
			t.Errorf("re-import result %+v, want everything skipped", res)
		}
		if c, want := counts(t, other), counts(t, l); c != want {
			t.Errorf("after re-import %s, want %s", c, want)
		}
		// New IDs keep following the imported ones.
		got, err := other.AddAttempt(ctx, attempt("alpha", 9, store.OutcomeSuccess, jumper("Dee", 0, store.Result{})))
		if err != nil {
			t.Fatal(err)
		}
		if got.ID <= 3 {
			t.Errorf("attempt added after import got id %d, want > 3", got.ID)
		}
		if err := other.Check(ctx); err != nil {
			t.Error(err)
		}
	}
}

func testImportMerge(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	src := func() store.Log { return l }()
	populate(t, src)
	var buf bytes.Buffer
	if err := src.Export(ctx, &buf, store.JSONLines); err != nil {
		t.Fatal(err)
	}
	d, err := store.ReadDump(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// Pretend the file came from another log: new attempt and note UIDs, and
	// one mission text this log has not seen.
	for i := range d.Attempts {
		d.Attempts[i].UID = store.NewUID()
	}
	for i := range d.Notes {
		d.Notes[i].UID = store.NewUID()
	}
	d.Missions[2].YAML += "# edited\n"
	d.Missions[2].SHA256 = ""
	var out bytes.Buffer
	if err := store.WriteDump(&out, d, store.JSONDocument); err != nil {
		t.Fatal(err)
	}
	res, err := l.Import(ctx, &out)
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.ImportResult{Missions: 1, Attempts: 3, Notes: 2}); res != want {
		t.Errorf("merge result %+v, want %+v", res, want)
	}
	b, err := l.GetMission(ctx, "bravo", 0)
	if err != nil || b.Version != 2 || !strings.HasSuffix(b.YAML, "# edited\n") {
		t.Errorf("edited bravo = v%d (%v), want version 2", b.Version, err)
	}
	as, err := l.ListAttempts(ctx, store.Filter{MissionName: "bravo"})
	if err != nil || len(as) != 2 {
		t.Fatalf("bravo attempts %d, %v", len(as), err)
	}
	versions := map[int]int{}
	for _, a := range as {
		versions[a.MissionVersion]++
	}
	if versions[1] != 1 || versions[2] != 1 {
		t.Errorf("bravo attempts by version %v, want one each on 1 and 2", versions)
	}
	notes, _ := l.ListNotes(ctx, 0)
	linked := 0
	for _, n := range notes {
		if n.AttemptID != 0 {
			if _, err := l.GetAttempt(ctx, n.AttemptID); err != nil {
				t.Errorf("note %d points at attempt %d: %v", n.ID, n.AttemptID, err)
			}
			linked++
		}
	}
	if linked != 2 {
		t.Errorf("%d notes linked to attempts, want 2", linked)
	}
}

// testImportWithoutJumperList imports, into an empty log, a file whose
// attempts name jumpers that its jumper list lacks: they are added with IDs
// after the file's, and IDs handed out later follow them.
func testImportWithoutJumperList(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	d := bigDump(2, 1, 10, "handmade")
	var buf bytes.Buffer
	if err := store.WriteDump(&buf, d, store.JSONDocument); err != nil {
		t.Fatal(err)
	}
	res, err := l.Import(ctx, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.ImportResult{Missions: 1, Jumpers: 3, Attempts: 2, KeptIDs: true}); res != want {
		t.Errorf("import %+v, want %+v", res, want)
	}
	a, err := l.GetAttempt(ctx, 11)
	if err != nil || a.MissionID != 10 || len(a.Jumpers) != 3 {
		t.Fatalf("attempt 11 = %+v, %v", a, err)
	}
	j, err := l.AddJumper(ctx, store.Jumper{Name: "Dee"})
	if err != nil || j.ID != 4 {
		t.Errorf("next jumper = id %d (%v), want 4", j.ID, err)
	}
	m, err := l.AddMission(ctx, store.Mission{Name: "next", YAML: "x: 1\n"})
	if err != nil || m.ID != 11 {
		t.Errorf("next mission = id %d (%v), want 11", m.ID, err)
	}
	n, err := l.AddAttempt(ctx, attempt("next", 1, store.OutcomeSuccess, jumper("Dee", 0, store.Result{})))
	if err != nil || n.ID != 12 {
		t.Errorf("next attempt = id %d (%v), want 12", n.ID, err)
	}
}

func testImportInvalid(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	src := l
	populate(t, src)
	var buf bytes.Buffer
	if err := src.Export(ctx, &buf, store.JSONLines); err != nil {
		t.Fatal(err)
	}
	before := counts(t, l)
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	// Make every record new, then break the last attempt's outcome.
	var last int
	for i, ln := range lines {
		if strings.HasPrefix(ln, `{"attempt"`) {
			last = i
		}
	}
	for i, ln := range lines {
		if strings.HasPrefix(ln, `{"attempt"`) || strings.HasPrefix(ln, `{"note"`) {
			var rec map[string]map[string]any
			if err := json.Unmarshal([]byte(ln), &rec); err != nil {
				t.Fatal(err)
			}
			for _, v := range rec {
				v["uid"] = store.NewUID()
				if i == last {
					v["outcome"] = "landed in a tree"
				}
			}
			b, _ := json.Marshal(rec)
			lines[i] = string(b)
		}
	}
	_, err := l.Import(ctx, strings.NewReader(reseal(t, lines)))
	if err == nil {
		t.Fatal("import with a bad outcome succeeded")
	}
	if want := fmt.Sprintf("line %d", last+1); !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "landed in a tree") {
		t.Errorf("error %q does not name %s and the bad value", err, want)
	}
	if got := counts(t, l); got != before {
		t.Errorf("failed import changed the log: %s, was %s", got, before)
	}
	for _, bad := range []string{"", "{}", `{"format":"halo-log","format_version":2}`, `{"format":"halo-log","format_version":1}` + "\n{\"attempt\":", "[1,2]"} {
		if _, err := l.Import(ctx, strings.NewReader(bad)); err == nil {
			t.Errorf("Import(%q) succeeded", bad)
		}
	}
}

// reseal joins the lines of an export whose records a test edited, replacing
// its trailer (the last line) with one that matches the edited lines, so that
// the test reaches the checks behind the trailer's.
func reseal(t testing.TB, lines []string) string {
	t.Helper()
	var tl struct {
		Trailer store.Trailer `json:"trailer"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &tl); err != nil || tl.Trailer.SHA256 == "" {
		t.Fatalf("last line %q is not a trailer (%v)", lines[len(lines)-1], err)
	}
	body := strings.Join(lines[:len(lines)-1], "\n") + "\n"
	tl.Trailer.SHA256 = store.SHA256Hex([]byte(body))
	b, _ := json.Marshal(tl)
	return body + string(b) + "\n"
}

// testCutExportRefused cuts a real export at every line and at a sample of
// byte offsets, and alters single bytes: Import refuses every one with
// store.ErrNotWhole, and nothing reaches either an empty log or a full one.
func testCutExportRefused(t *testing.T, l store.Log, open Opener) {
	ctx := ctxT(t)
	populate(t, l)
	empty := open(t)
	full := counts(t, l)
	for _, form := range []store.DumpForm{store.JSONLines, store.JSONDocument} {
		var buf bytes.Buffer
		if err := l.Export(ctx, &buf, form); err != nil {
			t.Fatal(err)
		}
		file := buf.Bytes()
		var cuts []int
		for i, c := range file {
			if c == '\n' && i+1 < len(file) {
				cuts = append(cuts, i+1, i) // after a line's newline, and before it
			}
		}
		for k := 0; k < 97; k++ { // and a spread of byte offsets
			cuts = append(cuts, k*len(file)/97)
		}
		cuts = append(cuts, len(file)-1)
		for _, n := range cuts {
			for name, target := range map[string]store.Log{"empty": empty, "full": l} {
				res, err := target.Import(ctx, bytes.NewReader(file[:n]))
				if err == nil {
					t.Fatalf("form %d: the export cut at byte %d of %d was imported into the %s log: %+v", form, n, len(file), name, res)
				}
				if n > 0 && !errors.Is(err, store.ErrNotWhole) {
					t.Errorf("form %d: cut at byte %d: error %v does not wrap store.ErrNotWhole", form, n, err)
				}
			}
		}
		for _, at := range []int{len(file) / 3, len(file) / 2, len(file) - 10} {
			bad := append([]byte(nil), file...)
			bad[at] ^= 0x01
			if _, err := empty.Import(ctx, bytes.NewReader(bad)); err == nil {
				t.Errorf("form %d: the export with byte %d flipped was imported", form, at)
			}
		}
	}
	if got := counts(t, empty); got != "missions=0 jumpers=0 attempts=0 notes=0" {
		t.Errorf("refused imports left %s in the empty log", got)
	}
	if got := counts(t, l); got != full {
		t.Errorf("refused imports changed the full log: %s, was %s", got, full)
	}
}

// testDuplicateUID: an attempt whose UID is in the log is refused with
// store.ErrDuplicate and nothing is added.
func testDuplicateUID(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	mustMission(t, l, "alpha", 0)
	a := attempt("alpha", 1, store.OutcomeSuccess, jumper("Ana", 1, store.Result{}))
	a.UID = "fixed-uid-1"
	if _, err := l.AddAttempt(ctx, a); err != nil {
		t.Fatal(err)
	}
	before := counts(t, l)
	a.Jumpers = []store.AttemptJumper{jumper("Newcomer", 2, store.Result{})}
	_, err := l.AddAttempt(ctx, a)
	if !errors.Is(err, store.ErrDuplicate) || !strings.Contains(err.Error(), "fixed-uid-1") {
		t.Errorf("second attempt with uid fixed-uid-1: error %v, want one wrapping store.ErrDuplicate that names the uid", err)
	}
	if got := counts(t, l); got != before {
		t.Errorf("the refused duplicate changed the log: %s, was %s", got, before)
	}
}

// bigDump builds a dump of n attempts with 3 jumpers and a track of
// trackKB kilobytes each, all with fresh UIDs; the IDs start at base.
func bigDump(n, trackKB int, base int64, tag string) store.Dump {
	now := store.NormTime(time.Now())
	d := store.Dump{Format: store.DumpFormat, FormatVersion: store.DumpVersion, Exported: now}
	d.Missions = []store.Mission{{ID: base, Name: "crash-test", Version: 1, YAML: missionYAML(0), Created: now}}
	for i := 0; i < n; i++ {
		a := store.Attempt{
			ID: base + int64(i), UID: store.NewUID(), MissionID: base, Date: now.Add(time.Duration(i) * time.Second),
			Outcome: store.OutcomeSuccess, Notes: fmt.Sprintf("batch %s size %d", tag, n),
			Conditions: `{"wind_kt": 5}`,
		}
		for k, name := range []string{"Ana", "Bo", "Cy"} {
			tb := bytes.Repeat(trackBytes(i*3+k+1), trackKB*1024/len(trackBytes(1))+1)
			a.Jumpers = append(a.Jumpers, store.AttemptJumper{Name: name, Track: &store.TrackFile{Name: fmt.Sprintf("%s.CSV", name), Bytes: tb},
				Result: store.Result{LandingErrorM: store.F(float64(10 * i)), FittedCdAM2: store.F(0.4)}})
		}
		d.Attempts = append(d.Attempts, a)
	}
	return d
}

func testImportCancelled(t *testing.T, l store.Log) {
	populate(t, l)
	before := counts(t, l)
	d := bigDump(40, 64, 1, "cancel")
	var buf bytes.Buffer
	if err := store.WriteDump(&buf, d, store.JSONLines); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	cancelled := 0
	for _, after := range []time.Duration{time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond} {
		ctx, cancel := context.WithTimeout(context.Background(), after)
		_, err := l.Import(ctx, bytes.NewReader(file))
		cancel()
		if err == nil {
			break // the whole import went in before the deadline
		}
		cancelled++
		if got := counts(t, l); got != before {
			t.Fatalf("import cancelled after %v left %s, was %s (error %v)", after, got, before, err)
		}
	}
	if cancelled == 0 {
		t.Log("every import finished before its deadline; nothing was cancelled")
	}
}

func testConcurrent(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	const workers, each = 6, 5
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*2)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				// Every worker adds versions of the same mission and
				// attempts for the same jumpers at the same time.
				if _, err := l.AddMission(ctx, store.Mission{Name: "shared", YAML: missionYAML(w*each + i)}); err != nil {
					errs <- err
					return
				}
				a := attempt("shared", 1+i, store.OutcomeSuccess, jumper("Ana", w*each+i+1, store.Result{}), jumper(fmt.Sprintf("W%d", w), 0, store.Result{}))
				if _, err := l.AddAttempt(ctx, a); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	ms, _ := l.ListMissions(ctx)
	if len(ms) != workers*each {
		t.Errorf("%d mission versions, want %d", len(ms), workers*each)
	}
	for i, m := range ms {
		if m.Version != i+1 {
			t.Errorf("versions not 1..n: %d at %d", m.Version, i)
			break
		}
	}
	as, _ := l.ListAttempts(ctx, store.Filter{})
	if len(as) != workers*each {
		t.Errorf("%d attempts, want %d", len(as), workers*each)
	}
	js, _ := l.ListJumpers(ctx)
	if len(js) != workers+1 {
		t.Errorf("%d jumpers, want %d", len(js), workers+1)
	}
}

// Populate fills a log with a bit of everything: three mission versions,
// three jumpers, three attempts (two with tracks) and two notes.
func Populate(t testing.TB, l store.Log) { populate(t, l) }

// RunReadOnly checks a log opened read-only: given a populated log rw and a
// read-only view ro of the same database, ro reads what rw holds (the same
// export, record for record) and every write through ro fails with
// store.ErrReadOnly, leaving the log as it was.
func RunReadOnly(t *testing.T, rw, ro store.Log) {
	ctx := ctxT(t)
	want := counts(t, rw)
	if got := counts(t, ro); got != want {
		t.Errorf("read-only view holds %s, the log %s", got, want)
	}
	var a, b bytes.Buffer
	if err := rw.Export(ctx, &a, store.JSONLines); err != nil {
		t.Fatal(err)
	}
	if err := ro.Export(ctx, &b, store.JSONLines); err != nil {
		t.Fatalf("export of the read-only view: %v", err)
	}
	compareDumps(t, a.Bytes(), b.Bytes())
	if err := ro.Check(ctx); err != nil {
		t.Errorf("check of the read-only view: %v", err)
	}
	if _, err := ro.Stats(ctx, ""); err != nil {
		t.Errorf("stats of the read-only view: %v", err)
	}
	writes := map[string]error{}
	_, writes["AddMission"] = ro.AddMission(ctx, store.Mission{Name: "ro", YAML: "x: 1\n"})
	_, writes["AddJumper"] = ro.AddJumper(ctx, store.Jumper{Name: "Ro"})
	_, writes["AddAttempt"] = ro.AddAttempt(ctx, attempt("alpha", 1, store.OutcomeSuccess, jumper("Ro", 0, store.Result{})))
	_, writes["AddNote"] = ro.AddNote(ctx, store.Note{Text: "ro"})
	_, writes["Import"] = ro.Import(ctx, bytes.NewReader(a.Bytes()))
	d, err := store.ReadDump(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	_, writes["ImportDump"] = ro.ImportDump(ctx, d)
	for name, err := range writes {
		if !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("%s on a read-only log: error %v, want one wrapping store.ErrReadOnly", name, err)
		}
	}
	if got := counts(t, rw); got != want {
		t.Errorf("writes through the read-only view changed the log: %s, was %s", got, want)
	}
}

// CheckDamagedExport checks a log whose content the caller has damaged (a
// byte of a stored track changed behind the log's back): Export refuses it
// with store.ErrDamaged and writes nothing, and Check names the track.
func CheckDamagedExport(t *testing.T, l store.Log) {
	ctx := ctxT(t)
	for _, form := range []store.DumpForm{store.JSONLines, store.JSONDocument} {
		var buf bytes.Buffer
		err := l.Export(ctx, &buf, form)
		if !errors.Is(err, store.ErrDamaged) {
			t.Errorf("form %d: export of a damaged log: error %v, want one wrapping store.ErrDamaged", form, err)
		}
		if buf.Len() != 0 {
			t.Errorf("form %d: export of a damaged log wrote %d bytes", form, buf.Len())
		}
	}
	if err := l.Check(ctx); err == nil || !strings.Contains(err.Error(), "track") {
		t.Errorf("Check of a damaged log: %v, want the damaged track named", err)
	}
}

// BigExport is an export of n attempts with three jumpers and a track of
// trackKB kilobytes each (for benchmarks).
func BigExport(t testing.TB, n, trackKB int) []byte {
	var buf bytes.Buffer
	if err := store.WriteDump(&buf, bigDump(n, trackKB, 1, "bench"), store.JSONLines); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
