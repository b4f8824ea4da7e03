package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestPath(t *testing.T) {
	home := func() (string, error) { return "/home/u/.config", nil }
	none := func() (string, error) { return "", errors.New("no home") }
	for _, c := range []struct {
		name string
		env  map[string]string
		dir  func() (string, error)
		want string
	}{
		{"HALO_CONFIG wins", map[string]string{"HALO_CONFIG": "/etc/halo.yaml", "XDG_CONFIG_HOME": "/x"}, home, "/etc/halo.yaml"},
		{"XDG_CONFIG_HOME", map[string]string{"XDG_CONFIG_HOME": "/x"}, home, filepath.Join("/x", "halo", "config.yaml")},
		{"relative XDG_CONFIG_HOME is ignored (XDG spec)", map[string]string{"XDG_CONFIG_HOME": "x"}, home, filepath.Join("/home/u/.config", "halo", "config.yaml")},
		{"user config dir", nil, home, filepath.Join("/home/u/.config", "halo", "config.yaml")},
	} {
		if got, err := Path(env(c.env), c.dir); err != nil || got != c.want {
			t.Errorf("%s: Path = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
	if _, err := Path(env(nil), none); err == nil || !strings.Contains(err.Error(), "XDG_CONFIG_HOME") {
		t.Errorf("no directory at all: %v", err)
	}
}

func TestParse(t *testing.T) {
	f := File{Path: "team.yaml"}
	if err := Parse(&f, []byte("db: /srv/log.db\ntile_url: ' http://t/{z}/{x}/{y}.png '\n")); err != nil {
		t.Fatal(err)
	}
	if f.Values["db"] != "/srv/log.db" || f.Values["tile_url"] != "http://t/{z}/{x}/{y}.png" || len(f.Values) != 2 {
		t.Errorf("Values = %v", f.Values)
	}
	// a key halo does not know is refused with its line (a typo must not be a silent default)
	err := Parse(&File{Path: "team.yaml"}, []byte("db: x\nunits: metric\n"))
	if err == nil || !strings.Contains(err.Error(), "team.yaml") || !strings.Contains(err.Error(), "[2:") || !strings.Contains(err.Error(), "token_file") {
		t.Errorf("unknown key: %v, want the file, line 2 and the keys", err)
	}
	if err := Parse(&File{Path: "team.yaml"}, []byte("db: [1, 2\n")); err == nil {
		t.Error("broken YAML was accepted")
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	f, err := Read(filepath.Join(dir, "none.yaml"))
	if err != nil || f.Found || len(f.Values) != 0 {
		t.Errorf("missing file: %+v, %v; want empty, no error", f, err)
	}
	p := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(p, []byte("token_file: /etc/halo/token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if f, err = Read(p); err != nil || !f.Found || f.Values["token_file"] != "/etc/halo/token" {
		t.Errorf("Read = %+v, %v", f, err)
	}
}

// A flag wins over the environment, the environment over the file, the file
// over the default; each setting says which.
func TestResolve(t *testing.T) {
	f := File{Path: "/c.yaml", Values: map[string]string{"db": "file.db", "tile_url": "http://file/{z}/{x}/{y}", "token_file": "/file/token"}}
	got := f.Resolve(env(map[string]string{"HALO_DB": "env.db", "HALO_TILE_URL": "http://env/{z}/{x}/{y}", "HALO_TOKEN_FILE": "  "}),
		map[string]string{"--db": "flag.db"})
	want := map[string][2]string{
		"db":         {"flag.db", "flag --db"},
		"tile_url":   {"http://env/{z}/{x}/{y}", "$HALO_TILE_URL"},
		"token_file": {"/file/token", "file /c.yaml"},
		"units":      {"", "default"},
	}
	if len(got) != len(want) {
		t.Fatalf("Resolve = %+v", got)
	}
	for _, s := range got {
		if w := want[s.Name]; s.Value != w[0] || s.From != w[1] {
			t.Errorf("%s = %q from %q, want %q from %q", s.Name, s.Value, s.From, w[0], w[1])
		}
	}
	for _, s := range (File{}).Resolve(env(nil), nil) {
		if s.Value != "" || s.From != "default" {
			t.Errorf("nothing set: %s = %q from %q", s.Name, s.Value, s.From)
		}
	}
}

func TestGetenv(t *testing.T) {
	f := File{Values: map[string]string{"db": "file.db"}}
	g := f.Getenv(env(map[string]string{"HALO_TILE_URL": "http://env/{z}/{x}/{y}", "HOME": "/h"}))
	for k, want := range map[string]string{"HALO_DB": "file.db", "HALO_TILE_URL": "http://env/{z}/{x}/{y}", "HOME": "/h", "HALO_TOKEN_FILE": ""} {
		if got := g(k); got != want {
			t.Errorf("Getenv(%s) = %q, want %q", k, got, want)
		}
	}
	g = f.Getenv(env(map[string]string{"HALO_DB": "env.db"}))
	if got := g("HALO_DB"); got != "env.db" {
		t.Errorf("the environment should win over the file: %q", got)
	}
}

func TestToken(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "token")
	os.WriteFile(p, []byte("  s3cret \nsecond line\n"), 0o600)
	if tok, err := Token(p); err != nil || tok != "s3cret" {
		t.Errorf("Token = %q, %v", tok, err)
	}
	os.WriteFile(p, []byte("\n"), 0o600)
	if _, err := Token(p); err == nil {
		t.Error("an empty token file gave a token")
	}
	if _, err := Token(filepath.Join(dir, "none")); err == nil {
		t.Error("a missing token file gave a token")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"db: /srv/log.db\n", "tile_url: http://t/{z}/{x}/{y}.png\ntoken_file: /t\n", "units: metric\n", "db: [\n", "", "---\n", "db:\n  nested: 1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := File{Path: "fuzz.yaml"}
		if err := Parse(&c, data); err != nil {
			return
		}
		for k, v := range c.Values {
			if !strings.Contains(names(), k) || v == "" || v != strings.TrimSpace(v) {
				t.Errorf("Values[%q] = %q", k, v)
			}
		}
	})
}

// units: in the file is read as the report's lead units, in ParseLead's form;
// a unit halo does not know is an error naming the file and the choices.
func TestParseUnits(t *testing.T) {
	f := File{Path: "/c.yaml"}
	if err := Parse(&f, []byte("units: {speed: KT, distance: NM, altitude: ft}\n")); err != nil || f.Values["units"] != "distance: NM, altitude: ft, speed: kt" {
		t.Errorf("units read as %q, %v", f.Values["units"], err)
	}
	for _, bad := range []string{"units: {distance: miles}\n", "units: {height: ft}\n", "units: NM\n"} {
		f := File{Path: "/c.yaml"}
		if err := Parse(&f, []byte(bad)); err == nil || !strings.Contains(err.Error(), "/c.yaml") {
			t.Errorf("%q: error %v, want one naming the file", bad, err)
		}
	}
}
