package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// One rule for every command: "" and an embedded mission's name are that
// mission, unless a file of that name exists (the file wins); a name that is
// neither is an error naming the embedded missions.
func TestResolve(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, c := range []struct {
		path, wantName string
		embedded       bool
	}{
		{"", "fallout (embedded)", true},
		{"fallout", "fallout (embedded)", true},
		{"kittinger1960", "kittinger1960 (embedded example)", true}, // halo mission show prints it, every command takes it
	} {
		src, err := Resolve(c.path)
		if err != nil {
			t.Fatalf("%q: %v", c.path, err)
		}
		if src.Name != c.wantName || (src.Dir == "") != c.embedded || len(src.YAML) == 0 {
			t.Errorf("%q: %q dir %q", c.path, src.Name, src.Dir)
		}
		if _, err := Mission(c.path, time.Now()); err != nil {
			t.Errorf("Mission(%q): %v", c.path, err)
		}
	}
	_, err := Resolve("nosuch")
	if err == nil || !strings.Contains(err.Error(), "nosuch") || !strings.Contains(err.Error(), "fallout") {
		t.Errorf("unknown name: %v", err)
	}
	// a file named like an embedded mission is the file
	src, _ := Resolve("fallout")
	if err := os.WriteFile("fallout", src.YAML, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Resolve("fallout")
	if err != nil || got.Name != "fallout" || got.Dir != "." {
		t.Errorf("file fallout: %+v, %v", got.Name, err)
	}
	sub := filepath.Join("m", "x.yaml")
	os.Mkdir("m", 0o755)
	os.WriteFile(sub, src.YAML, 0o644)
	if got, err := Resolve(sub); err != nil || got.Dir != "m" {
		t.Errorf("file in a folder: dir %q, %v", got.Dir, err)
	}
}
