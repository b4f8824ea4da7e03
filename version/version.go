// Package version says which halo build is running: its version, the commit it
// was built from, when, whether the tree had uncommitted changes, and the Go
// release that compiled it. Plans, briefs, exports and every logged attempt
// carry it, so that a team can tell which halo planned a jump.
//
// The figures come from the build information the Go toolchain embeds in every
// binary (runtime/debug.ReadBuildInfo: the module version, and vcs.revision,
// vcs.time and vcs.modified when built inside a git checkout), read at each
// call. A release build (release/build, .goreleaser.yaml) may set them instead
// at link time:
//
//	go build -ldflags "-X halo/version.version=v1.2.0 -X halo/version.commit=<sha> -X halo/version.date=<RFC 3339>"
//
// Those three strings are the only package variables; they are set by the
// linker, never at run time, and an empty one falls back to the build
// information.
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Set at link time by release builds with -ldflags -X (see the package doc);
// empty in every other build.
var (
	version string
	commit  string
	date    string
)

// Devel is the version of a build that has no module version (go build or go
// run inside a checkout whose commit carries no tag and no VCS stamp, and tests).
const Devel = "(devel)"

// Info is one build's identity.
type Info struct {
	// Version is the release version (v1.2.0), the pseudo-version the Go
	// toolchain derived from git (v0.0.0-20261202150000-abcdef123456), or
	// Devel.
	Version string `json:"version"`
	// Commit is the full git commit hash, "" when unknown.
	Commit string `json:"commit,omitempty"`
	// Date is the commit time (RFC 3339, UTC) for a VCS-stamped build, or the
	// build time a release build passed; "" when unknown.
	Date string `json:"date,omitempty"`
	// Modified is true when the tree had uncommitted changes at build time.
	Modified bool `json:"modified,omitempty"`
	// Go is the Go release that compiled the binary (go1.26.8).
	Go string `json:"go"`
}

// Get returns the running binary's build identity.
func Get() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		bi = nil
	}
	return FromBuild(bi, version, commit, date)
}

// FromBuild assembles an Info from build information (nil when the binary has
// none) and the link-time strings; a non-empty link-time string wins over the
// build information's figure.
func FromBuild(bi *debug.BuildInfo, ldVersion, ldCommit, ldDate string) Info {
	in := Info{Version: Devel, Go: runtime.Version()}
	if bi != nil {
		if bi.GoVersion != "" {
			in.Go = bi.GoVersion
		}
		if v := bi.Main.Version; v != "" {
			in.Version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				in.Commit = s.Value
			case "vcs.time":
				in.Date = s.Value
			case "vcs.modified":
				in.Modified = s.Value == "true"
			}
		}
	}
	if ldVersion != "" {
		in.Version = ldVersion
	}
	if ldCommit != "" {
		in.Commit = ldCommit
	}
	if ldDate != "" {
		in.Date = ldDate
	}
	return in
}

// String is the one-line identity that plans, briefs, exports and the log
// carry: "halo v1.2.0 (abcdef123456)", with "+modified" after the commit when
// the tree had uncommitted changes, and no parenthesis when the commit is
// unknown. The commit is cut to 12 hex digits, as Go pseudo-versions do.
func (in Info) String() string {
	s := "halo " + in.Version
	if in.Commit == "" {
		return s
	}
	c := in.Commit
	if len(c) > 12 {
		c = c[:12]
	}
	if in.Modified {
		c += "+modified"
	}
	return s + " (" + c + ")"
}

// Text is the `halo version` report: the identity, then one line for each
// figure (unknown ones say so).
func (in Info) Text() string {
	b := &strings.Builder{}
	or := func(s string) string {
		if s == "" {
			return "unknown (not built from a git checkout, nor by release/build)"
		}
		return s
	}
	fmt.Fprintf(b, "halo %s\n", in.Version)
	commit := or(in.Commit)
	if in.Modified {
		commit += " (with uncommitted changes)"
	}
	fmt.Fprintf(b, "commit  %s\n", commit)
	fmt.Fprintf(b, "date    %s\n", or(in.Date))
	fmt.Fprintf(b, "go      %s\n", in.Go)
	return b.String()
}
