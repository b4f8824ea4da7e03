// Package examples holds the record stratospheric jumps as mission files
// (Kittinger 1960, Baumgartner 2012, Eustace 2014), each with its published
// figures, their sources and what was fitted to them. `halo mission show NAME`
// prints one; `halo sim FILE` flies it.
package examples

import (
	"embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed *.yaml
var files embed.FS

// Get returns the YAML of the example mission name ("baumgartner2012").
func Get(name string) ([]byte, error) {
	b, err := files.ReadFile(name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no example mission %q; examples: %v", name, Names())
	}
	return b, nil
}

// Names lists the example missions.
func Names() []string {
	ents, _ := files.ReadDir(".")
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(out)
	return out
}
