package sqlite_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"halo/store"
	"halo/store/sqlite"
	"halo/store/storetest"
)

// FuzzImport runs the whole import path (trailer, decoding, validation, the
// transaction) on arbitrary files into a real log, seeded with a real export,
// cut and altered copies of it and small hand-made files. Whatever happens,
// the log stays whole (Check), an import either stores the whole file or
// nothing, and a file that is not whole stores nothing.
func FuzzImport(f *testing.F) {
	ctx := context.Background()
	src, err := sqlite.Open(ctx, filepath.Join(f.TempDir(), "src.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer src.Close()
	storetest.Populate(f, src)
	for _, form := range []store.DumpForm{store.JSONLines, store.JSONDocument} {
		var buf bytes.Buffer
		if err := src.Export(ctx, &buf, form); err != nil {
			f.Fatal(err)
		}
		whole := buf.Bytes()
		f.Add(whole)
		f.Add(whole[:len(whole)-1])
		f.Add(whole[:len(whole)/2])
		f.Add(bytes.Replace(whole, []byte("opened 19 m low"), []byte("opened 91 m low"), 1))
	}
	f.Add([]byte(""))
	f.Add([]byte("{\"format\":\"halo-log\",\"format_version\":2}\n"))
	f.Add(storetest.BigExport(f, 2, 1))

	l, err := sqlite.Open(ctx, filepath.Join(f.TempDir(), "log.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer l.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		before := total(t, l)
		res, err := l.Import(ctx, bytes.NewReader(data))
		after := total(t, l)
		if err != nil {
			if after != before {
				t.Fatalf("a refused import (%v) changed the log: %d records, was %d", err, after, before)
			}
			return
		}
		if _, rerr := store.ReadDump(bytes.NewReader(data)); rerr != nil {
			t.Fatalf("Import accepted a file ReadDump refuses: %v", rerr)
		}
		added := res.Missions + res.Jumpers + res.Attempts + res.Notes
		if after != before+added {
			t.Fatalf("import reported %+v but the log went from %d to %d records", res, before, after)
		}
		if err := l.Check(ctx); err != nil {
			t.Fatalf("the log is not whole after an import: %v", err)
		}
	})
}

func total(t *testing.T, l store.Log) int {
	ctx := context.Background()
	ms, err1 := l.ListMissions(ctx)
	js, err2 := l.ListJumpers(ctx)
	as, err3 := l.ListAttempts(ctx, store.Filter{})
	ns, err4 := l.ListNotes(ctx, 0)
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return len(ms) + len(js) + len(as) + len(ns)
}
