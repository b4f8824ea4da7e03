// Package testdata finds test fixtures for halo's tests: a package's own files
// in its testdata/ folder, and the files several packages read in the one
// shared tree at the repository's root, testdata/<kind>/ (tracks, winds,
// missions), each file kept once with its source in testdata/SOURCES.md.
//
// A name found both in the package's folder and in the shared tree is a copy
// again, and the test fails.
package testdata

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Root is the shared tree: the testdata folder beside go.mod, found by walking
// up from the working directory (a test runs in its package's folder).
func Root(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata")
		}
		up := filepath.Dir(dir)
		if up == dir {
			tb.Fatal("testdata: no go.mod above the working directory")
		}
		dir = up
	}
}

// Path is the absolute path of the fixture name: the package's testdata/name,
// or the one shared file of that name (testdata/<kind>/name at the root).
func Path(tb testing.TB, name string) string {
	tb.Helper()
	local, err := filepath.Abs(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	shared, _ := filepath.Glob(filepath.Join(Root(tb), "*", name))
	_, lerr := os.Stat(local)
	switch {
	case lerr == nil && len(shared) > 0:
		tb.Fatalf("testdata: %s is both in testdata/ and in the shared tree (%s): keep one", name, shared[0])
	case lerr == nil:
		return local
	case len(shared) == 1:
		return shared[0]
	case len(shared) > 1:
		tb.Fatalf("testdata: %s is in more than one shared folder: %v", name, shared)
	}
	tb.Fatalf("testdata: no fixture %s (in testdata/ or the shared tree)", name)
	return ""
}

// Read returns the contents of the fixture name (see Path).
func Read(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(Path(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// Glob returns the files matching pattern (a file-name pattern) in the
// package's testdata/ and in the shared folder kind, sorted by file name.
func Glob(tb testing.TB, kind, pattern string) []string {
	tb.Helper()
	local, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		tb.Fatal(err)
	}
	shared, _ := filepath.Glob(filepath.Join(Root(tb), kind, pattern))
	out := append(local, shared...)
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(strings.Compare(filepath.Base(a), filepath.Base(b)), strings.Compare(a, b))
	})
	return out
}
