package load

import (
	"fmt"
	"path/filepath"

	"halo/examples"
	"halo/mission"
)

// Source is a mission as a command names it: a file, or the name of an
// embedded mission (halo mission show NAME prints one).
type Source struct {
	// Name is what messages and the log call the mission: the file's path,
	// or "NAME (embedded)".
	Name string
	// YAML is the mission's text.
	YAML []byte
	// Dir is the directory the mission's file references are relative to;
	// "" for an embedded mission (which names no files).
	Dir string
}

// Embedded lists the names Resolve takes for embedded missions: the missions
// (fallout) and the record-jump examples (halo mission show NAME prints each).
func Embedded() []string {
	return append(mission.BuiltinNames(), examples.Names()...)
}

// Resolve finds the mission a command names, the one rule for every command
// (plan, sim, mc, physio, debrief --plan, log add --mission): "" is the
// embedded default (fallout); a path that exists is that file; otherwise an
// embedded mission's or example's name (Embedded) is that mission. A name that is neither is an error
// naming both.
func Resolve(path string) (Source, error) {
	if path == "" {
		path = "fallout"
	}
	if exists(path) {
		data, err := readFile(path)
		if err != nil {
			return Source{}, err
		}
		return Source{Name: path, YAML: data, Dir: filepath.Dir(path)}, nil
	}
	if b, err := mission.Builtin(path); err == nil {
		return Source{Name: path + " (embedded)", YAML: b}, nil
	}
	if b, err := examples.Get(path); err == nil {
		return Source{Name: path + " (embedded example)", YAML: b}, nil
	}
	data, err := readFile(path)
	if err != nil {
		return Source{}, fmt.Errorf("%w (nor is it an embedded mission: %v)", err, Embedded())
	}
	return Source{Name: path, YAML: data, Dir: filepath.Dir(path)}, nil
}
