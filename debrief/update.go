package debrief

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"halo/mission"
)

// Update writes the calibration fit into the named jumper's entry of a mission
// file: drag becomes {cda: X m2} (the fitted CdA, three decimals), canopy.airspeed
// and canopy.sink the fitted sea-level values (one decimal), where the fit has them
// (NaN values are left as they are). Everything else is kept byte for byte,
// comments, alignment and the comment on an edited line included: the values are
// located in the YAML syntax tree (goccy/go-yaml, parser.ParseComments) and
// replaced in the text. Where a value cannot be replaced in place (a block-style
// drag mapping without cda, a canopy without airspeed or sink) the tree is edited
// and written back by the YAML library, which keeps comments but not their
// alignment. The result is decoded with mission.Decode and checked to carry the
// fitted values; any failure is an error and the input is not to be used.
func Update(missionYAML []byte, jumper string, fit Fit) ([]byte, error) {
	type edit struct {
		path, text string
		what       string
	}
	var edits []edit
	if !math.IsNaN(fit.CdA) {
		if fit.CdA < 0.05 || fit.CdA > 5 {
			return nil, fmt.Errorf("debrief: update: fitted CdA %.3f m² is outside what a mission accepts (0.05-5 m²); not written", fit.CdA)
		}
		edits = append(edits, edit{".drag", fmt.Sprintf("%.3f m2", fit.CdA), "cda"})
	}
	if !math.IsNaN(fit.CanopyAirspeed) {
		if fit.CanopyAirspeed < 0 || fit.CanopyAirspeed > 40 {
			return nil, fmt.Errorf("debrief: update: fitted canopy airspeed %.1f m/s is outside 0-40 m/s; not written", fit.CanopyAirspeed)
		}
		edits = append(edits, edit{".canopy.airspeed", fmt.Sprintf("%.1f m/s", fit.CanopyAirspeed), "airspeed"})
	}
	if !math.IsNaN(fit.CanopySink) {
		if fit.CanopySink < 1 || fit.CanopySink > 15 {
			return nil, fmt.Errorf("debrief: update: fitted canopy sink %.1f m/s is outside 1-15 m/s; not written", fit.CanopySink)
		}
		edits = append(edits, edit{".canopy.sink", fmt.Sprintf("%.1f m/s", fit.CanopySink), "sink"})
	}
	if len(edits) == 0 {
		return nil, fmt.Errorf("debrief: update: nothing to write: the fit has no drag area, canopy airspeed or sink")
	}
	m, err := mission.Decode("mission", missionYAML)
	if err != nil {
		return nil, fmt.Errorf("debrief: update: the mission does not decode before the update: %w", err)
	}
	ji := -1
	for i := range m.Jumpers {
		if m.Jumpers[i].Name == jumper {
			ji = i
		}
	}
	if ji < 0 {
		var names []string
		for _, j := range m.Jumpers {
			names = append(names, j.Name)
		}
		return nil, fmt.Errorf("debrief: update: no jumper %q in the mission; its jumpers are %v", jumper, names)
	}
	base := fmt.Sprintf("$.jumpers[%d]", ji)

	f, err := parser.ParseBytes(missionYAML, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("debrief: update: %w", err)
	}
	// In-place text replacements, found in the tree.
	type splice struct {
		from, to int
		text     string
	}
	var spl []splice
	var treeEdits []edit
	for _, e := range edits {
		var n ast.Node
		if e.what == "cda" {
			n = find(f, base+".drag")
			if mn, ok := n.(*ast.MappingNode); ok && !mn.IsFlowStyle {
				// block mapping: edit its cda scalar if there is one
				if c := find(f, base+".drag.cda"); c != nil {
					if a, b, ok := scalarRange(missionYAML, c); ok {
						spl = append(spl, splice{a, b, e.text})
						continue
					}
				}
				treeEdits = append(treeEdits, edit{base + ".drag", "cda: " + e.text, e.what})
				continue
			}
			if n == nil {
				treeEdits = append(treeEdits, edit{base, "drag: {cda: " + e.text + "}", "merge"})
				continue
			}
			if a, b, ok := nodeRange(missionYAML, n); ok {
				spl = append(spl, splice{a, b, "{cda: " + e.text + "}"})
				continue
			}
			treeEdits = append(treeEdits, edit{base + ".drag", "{cda: " + e.text + "}", e.what})
			continue
		}
		n = find(f, base+e.path)
		if n == nil {
			treeEdits = append(treeEdits, edit{base + ".canopy", e.what + ": " + e.text, "merge"})
			continue
		}
		if a, b, ok := scalarRange(missionYAML, n); ok {
			spl = append(spl, splice{a, b, e.text})
			continue
		}
		treeEdits = append(treeEdits, edit{base + e.path, e.text, e.what})
	}

	var out []byte
	if len(treeEdits) == 0 {
		sort.Slice(spl, func(i, j int) bool { return spl[i].from > spl[j].from })
		out = append([]byte(nil), missionYAML...)
		for _, s := range spl {
			out = append(out[:s.from], append([]byte(s.text), out[s.to:]...)...)
		}
	} else {
		// Edit the tree for everything (the splices' positions would not survive a
		// re-serialisation).
		for _, e := range edits {
			var p *yaml.Path
			var src string
			switch {
			case e.what == "cda":
				p, src = mustPath(base+".drag"), "{cda: "+e.text+"}"
				if mn, ok := find(f, base+".drag").(*ast.MappingNode); ok && !mn.IsFlowStyle {
					// a block mapping stays one: replacing it with a flow mapping
					// moves the key's comment into the key (goccy/go-yaml v1.19.2)
					src = "cda: " + e.text
				}
				if find(f, base+".drag") == nil {
					if err := mustPath(base).MergeFromReader(f, strings.NewReader("drag: "+src)); err != nil {
						return nil, fmt.Errorf("debrief: update: adding drag: %w", err)
					}
					continue
				}
			default:
				p, src = mustPath(base+e.path), e.text
				if find(f, base+e.path) == nil {
					if find(f, base+".canopy") == nil {
						return nil, fmt.Errorf("debrief: update: jumper %q has no canopy entry to write %s into", jumper, e.what)
					}
					if err := mustPath(base+".canopy").MergeFromReader(f, strings.NewReader(e.what+": "+src)); err != nil {
						return nil, fmt.Errorf("debrief: update: adding canopy.%s: %w", e.what, err)
					}
					continue
				}
			}
			if err := replaceKeepComment(f, p, src); err != nil {
				return nil, fmt.Errorf("debrief: update: %s: %w", p.String(), err)
			}
		}
		out = []byte(f.String())
		if !bytes.HasSuffix(out, []byte("\n")) {
			out = append(out, '\n')
		}
	}

	// Check: decodes, and carries the values.
	m2, err := mission.Decode("updated mission", out)
	if err != nil {
		return nil, fmt.Errorf("debrief: update: the updated mission does not decode (a bug; the file is unchanged): %w", err)
	}
	j := m2.Jumper(jumper)
	if j == nil {
		return nil, fmt.Errorf("debrief: update: jumper %q lost in the update (a bug)", jumper)
	}
	if !math.IsNaN(fit.CdA) && (j.Drag.Preset != "" || math.Abs(j.Drag.CdA-fit.CdA) > 0.0006) {
		return nil, fmt.Errorf("debrief: update: drag reads back as %+v, not cda %.3f (a bug)", j.Drag, fit.CdA)
	}
	if !math.IsNaN(fit.CanopyAirspeed) && math.Abs(j.Canopy.Airspeed-fit.CanopyAirspeed) > 0.06 {
		return nil, fmt.Errorf("debrief: update: canopy airspeed reads back as %.2f, not %.1f (a bug)", j.Canopy.Airspeed, fit.CanopyAirspeed)
	}
	if !math.IsNaN(fit.CanopySink) && math.Abs(j.Canopy.Sink-fit.CanopySink) > 0.06 {
		return nil, fmt.Errorf("debrief: update: canopy sink reads back as %.2f, not %.1f (a bug)", j.Canopy.Sink, fit.CanopySink)
	}
	return out, nil
}

// replaceKeepComment replaces the node at p with the YAML src, moving the old
// node's comment onto the new one.
func replaceKeepComment(f *ast.File, p *yaml.Path, src string) error {
	old, err := p.FilterFile(f)
	if err != nil {
		return err
	}
	nf, err := parser.ParseBytes([]byte(src), parser.ParseComments)
	if err != nil || len(nf.Docs) == 0 || nf.Docs[0].Body == nil {
		return fmt.Errorf("parsing %q: %v", src, err)
	}
	n := nf.Docs[0].Body
	if c := old.GetComment(); c != nil && n.GetComment() == nil {
		if _, isMap := n.(*ast.MappingNode); !isMap {
			if err := n.SetComment(c); err != nil {
				return err
			}
		}
	}
	return p.ReplaceWithNode(f, n)
}

func mustPath(s string) *yaml.Path {
	p, err := yaml.PathString(s)
	if err != nil {
		panic(err) // paths are built here from constants and an index
	}
	return p
}

// find returns the node at a YAML path, or nil.
func find(f *ast.File, path string) ast.Node {
	p, err := yaml.PathString(path)
	if err != nil {
		return nil
	}
	n, err := p.FilterFile(f)
	if err != nil || n == nil {
		return nil
	}
	return n
}

// offset returns the byte offset of a 1-based line and (rune) column in src.
func offset(src []byte, line, col int) (int, bool) {
	if line < 1 || col < 1 {
		return 0, false
	}
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	for c := 1; c < col; c++ {
		if off >= len(src) || src[off] == '\n' {
			return 0, false
		}
		_, w := utf8.DecodeRune(src[off:])
		off += w
	}
	return off, true
}

// scalarRange returns the byte range of a plain or quoted scalar in src, checked
// against the token's value.
func scalarRange(src []byte, n ast.Node) (int, int, bool) {
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 0, 0, false
	}
	switch n.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NullNode, *ast.InfinityNode, *ast.NanNode:
	default:
		return 0, 0, false
	}
	a, ok := offset(src, tk.Position.Line, tk.Position.Column)
	if !ok || a >= len(src) {
		return 0, 0, false
	}
	if q := src[a]; q == '"' || q == '\'' {
		for b := a + 1; b < len(src) && src[b] != '\n'; b++ {
			if src[b] == q && (q == '\'' || src[b-1] != '\\') {
				if q == '\'' && b+1 < len(src) && src[b+1] == '\'' {
					b++
					continue
				}
				return a, b + 1, true
			}
		}
		return 0, 0, false
	}
	v := tk.Value
	if v == "" || !bytes.HasPrefix(src[a:], []byte(v)) {
		return 0, 0, false
	}
	return a, a + len(v), true
}

// nodeRange returns the byte range of a scalar, or of a flow mapping or sequence
// from its opening to its matching closing bracket.
func nodeRange(src []byte, n ast.Node) (int, int, bool) {
	if a, b, ok := scalarRange(src, n); ok {
		return a, b, true
	}
	var open, close byte
	switch v := n.(type) {
	case *ast.MappingNode:
		if !v.IsFlowStyle {
			return 0, 0, false
		}
		open, close = '{', '}'
	case *ast.SequenceNode:
		if !v.IsFlowStyle {
			return 0, 0, false
		}
		open, close = '[', ']'
	default:
		return 0, 0, false
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 0, 0, false
	}
	a, ok := offset(src, tk.Position.Line, tk.Position.Column)
	if !ok || a >= len(src) || src[a] != open {
		return 0, 0, false
	}
	depth := 0
	var quote byte
	for b := a; b < len(src); b++ {
		c := src[b]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#' && b > 0 && (src[b-1] == ' ' || src[b-1] == '\t'):
			for b < len(src) && src[b] != '\n' {
				b++
			}
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				if c != close {
					return 0, 0, false
				}
				return a, b + 1, true
			}
		}
	}
	return 0, 0, false
}
