package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuild(t *testing.T) {
	stamped := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "halo", Version: "v0.0.0-20261202150000-0123456789ab"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-12-02T15:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	for _, c := range []struct {
		name                    string
		bi                      *debug.BuildInfo
		ldVersion, ldCommit, ld string
		want                    Info
		str                     string
	}{
		{"no build info", nil, "", "", "", Info{Version: Devel}, "halo (devel)"},
		{"go test: no vcs", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "halo"}}, "", "", "",
			Info{Version: Devel, Go: "go1.26.8"}, "halo (devel)"},
		{"go build in a checkout", stamped, "", "", "",
			Info{Version: "v0.0.0-20261202150000-0123456789ab", Commit: "0123456789abcdef0123456789abcdef01234567", Date: "2026-12-02T15:00:00Z", Modified: true, Go: "go1.26.8"},
			"halo v0.0.0-20261202150000-0123456789ab (0123456789ab+modified)"},
		{"release build: -ldflags -X wins", stamped, "v1.2.0", "fedcba9876543210", "2026-12-03T00:00:00Z",
			Info{Version: "v1.2.0", Commit: "fedcba9876543210", Date: "2026-12-03T00:00:00Z", Modified: true, Go: "go1.26.8"},
			"halo v1.2.0 (fedcba987654+modified)"},
	} {
		got := FromBuild(c.bi, c.ldVersion, c.ldCommit, c.ld)
		if c.want.Go == "" {
			c.want.Go = got.Go // the running toolchain's
		}
		if got != c.want {
			t.Errorf("%s: FromBuild = %+v, want %+v", c.name, got, c.want)
		}
		if s := got.String(); s != c.str {
			t.Errorf("%s: String = %q, want %q", c.name, s, c.str)
		}
	}
}

func TestTextSaysWhatIsUnknown(t *testing.T) {
	txt := Info{Version: Devel, Go: "go1.26.8"}.Text()
	for _, w := range []string{"halo (devel)", "commit  unknown", "date    unknown", "go      go1.26.8"} {
		if !strings.Contains(txt, w) {
			t.Errorf("Text lacks %q:\n%s", w, txt)
		}
	}
}

func TestGetIsTheRunningBuild(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("test binary without build information")
	}
	if got, want := Get(), FromBuild(bi, version, commit, date); got != want {
		t.Errorf("Get = %+v, want %+v", got, want)
	}
}
