// Package config reads a team's halo defaults from a YAML file and says where
// each setting in force came from: a command-line flag wins over the
// environment, which wins over the file, which wins over halo's default.
//
// The file is $HALO_CONFIG when set, else $XDG_CONFIG_HOME/halo/config.yaml,
// else the system's user configuration directory (os.UserConfigDir:
// ~/.config on Linux, ~/Library/Application Support on macOS, %AppData% on
// Windows) + halo/config.yaml. A missing file is no error (nothing set); a
// file that does not parse, or names a key halo does not know, is one, with its
// line. Example:
//
//	db: /srv/halo/log.db              # the jump log (a path or postgres://...)
//	tile_url: http://tiles.lan/{z}/{x}/{y}.png
//	token_file: /etc/halo/token       # the server's write token, in a file
//	units: {distance: NM, altitude: ft, speed: kt}   # what halo plan's report leads with
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"

	"halo/units"
)

// The environment variables halo reads for its settings: EnvConfig names
// another configuration file than the default; the others are the settings
// of Keys (the jump log's is storeopen.EnvDB, "HALO_DB").
const (
	EnvConfig    = "HALO_CONFIG"
	EnvTileURL   = "HALO_TILE_URL"
	EnvTokenFile = "HALO_TOKEN_FILE"
	EnvUnits     = "HALO_UNITS"
)

// Key is one setting: its name in the file, its environment variable, the
// flag that sets it, what it is and halo's default when nothing sets it.
type Key struct {
	Name    string `json:"key"`
	Env     string `json:"env"`
	Flag    string `json:"flag"`
	Doc     string `json:"doc"`
	Default string `json:"default"`
}

// Keys lists the settings a configuration file may hold, in the order
// `halo config show` prints them.
func Keys() []Key {
	return []Key{
		{"db", "HALO_DB", "--db", "the jump log: a file path or postgres://...", "halo/log.db in the user data directory"},
		{"tile_url", EnvTileURL, "--tile-url", "map tiles under the web map (halo serve), a {z}/{x}/{y} template", "none: the metric grid only"},
		{"token_file", EnvTokenFile, "--token-file", "a file whose first line is the server's write token (halo serve); $HALO_TOKEN and --token win over it", "none: writes need $HALO_TOKEN or --token"},
		{"units", EnvUnits, "--units", "the units halo plan's report leads with when the mission names none, e.g. distance: NM, altitude: ft, speed: kt (a mission's own units: win, --units wins over both)", "none: SI first, the field's units in brackets"},
	}
}

// file is the configuration file's shape; Strict decoding refuses any other key.
type file struct {
	DB        string            `yaml:"db"`
	TileURL   string            `yaml:"tile_url"`
	TokenFile string            `yaml:"token_file"`
	Units     map[string]string `yaml:"units"`
}

// File is a configuration file as read.
type File struct {
	// Path is where it was looked for; Found says whether it was there.
	Path  string
	Found bool
	// Values maps a key's name to its value (only the keys it sets).
	Values map[string]string
}

// Path is the configuration file's path (see the package doc). getenv is
// os.Getenv in production; userConfigDir is os.UserConfigDir.
func Path(getenv func(string) string, userConfigDir func() (string, error)) (string, error) {
	if p := strings.TrimSpace(getenv(EnvConfig)); p != "" {
		return p, nil
	}
	if x := getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "halo", "config.yaml"), nil
	}
	d, err := userConfigDir()
	if err != nil {
		return "", fmt.Errorf("the configuration file: no user configuration directory (%w): set $%s or $XDG_CONFIG_HOME", err, EnvConfig)
	}
	return filepath.Join(d, "halo", "config.yaml"), nil
}

// Read reads the configuration file at path; a missing one is an empty File.
func Read(path string) (File, error) {
	f := File{Path: path, Values: map[string]string{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, fmt.Errorf("configuration file %s: %w", path, err)
	}
	f.Found = true
	return f, Parse(&f, data)
}

// Parse reads data, the text of the configuration file f.Path, into f.Values.
func Parse(f *File, data []byte) error {
	var d file
	if err := yaml.UnmarshalWithOptions(data, &d, yaml.Strict()); err != nil {
		return fmt.Errorf("configuration file %s: %s (the keys are %s)", f.Path, yaml.FormatError(err, false, false), names())
	}
	if f.Values == nil {
		f.Values = map[string]string{}
	}
	for k, v := range map[string]string{"db": d.DB, "tile_url": d.TileURL, "token_file": d.TokenFile} {
		if v = strings.TrimSpace(v); v != "" {
			f.Values[k] = v
		}
	}
	if len(d.Units) > 0 {
		var parts []string
		for k, v := range d.Units {
			parts = append(parts, k+": "+v)
		}
		l, err := units.ParseLead(strings.Join(parts, ", "))
		if err != nil {
			return fmt.Errorf("configuration file %s: units: %w", f.Path, err)
		}
		f.Values["units"] = l.String()
	}
	return nil
}

func names() string {
	var s []string
	for _, k := range Keys() {
		s = append(s, k.Name)
	}
	return strings.Join(s, ", ")
}

// Setting is one setting in force and where it came from.
type Setting struct {
	Key
	// Value is the setting's value, "" when halo's default applies.
	Value string `json:"value"`
	// From is "flag --db", "$HALO_DB", "file PATH" or "default".
	From string `json:"from"`
}

// Resolve gives every setting of Keys with its source. flags maps a flag (as
// in Key.Flag) to its value, for the flags given on the command line only;
// getenv is os.Getenv in production. An environment variable set to spaces
// counts as unset here.
func (f File) Resolve(getenv func(string) string, flags map[string]string) []Setting {
	var out []Setting
	for _, k := range Keys() {
		s := Setting{Key: k, From: "default"}
		if v, ok := flags[k.Flag]; ok {
			s.Value, s.From = v, "flag "+k.Flag
		} else if v := strings.TrimSpace(getenv(k.Env)); v != "" {
			s.Value, s.From = v, "$"+k.Env
		} else if v := f.Values[k.Name]; v != "" {
			s.Value, s.From = v, "file "+f.Path
		}
		out = append(out, s)
	}
	return out
}

// Getenv is getenv with the file behind it: a key's environment variable
// when set, else the file's value for that key. The commands read their
// settings through it, so the file supplies what the environment would.
func (f File) Getenv(getenv func(string) string) func(string) string {
	byEnv := map[string]string{}
	for _, k := range Keys() {
		byEnv[k.Env] = f.Values[k.Name]
	}
	return func(key string) string {
		if v := getenv(key); strings.TrimSpace(v) != "" {
			return v
		}
		return byEnv[key]
	}
}

// Token reads the server's write token from the file at path: its first line,
// trimmed. An empty file is an error, never an open server.
func Token(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	tok := strings.TrimSpace(line)
	if tok == "" {
		return "", fmt.Errorf("token file %s: its first line is empty: put the token there", path)
	}
	return tok, nil
}
