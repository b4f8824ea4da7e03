package mission

import (
	_ "embed"
	"fmt"
	"sort"
)

//go:embed fallout.yaml
var falloutYAML []byte

// builtin maps the names of embedded missions to their YAML.
var builtin = map[string][]byte{"fallout": falloutYAML}

// Builtin returns the YAML of an embedded mission ("fallout").
func Builtin(name string) ([]byte, error) {
	b, ok := builtin[name]
	if !ok {
		return nil, fmt.Errorf("no embedded mission %q; embedded: %v", name, BuiltinNames())
	}
	return append([]byte(nil), b...), nil
}

// BuiltinNames lists the embedded missions.
func BuiltinNames() []string {
	var out []string
	for k := range builtin {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Default decodes the embedded default mission, fallout.
func Default() (*Mission, error) {
	return Decode("fallout (embedded)", falloutYAML)
}
