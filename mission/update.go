package mission

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
)

// Fitted holds the figures a debrief fitted to one jumper's track, SI: the
// free-fall drag area CdA (m²) and the canopy's sea-level airspeed and sink
// (m/s). A NaN leaves that figure as the mission has it.
type Fitted struct {
	CdA, CanopyAirspeed, CanopySink float64
}

// The range-table keys of the figures Update writes: a fitted figure outside
// its range is refused, exactly as the decoder would refuse it in the file.
const (
	keyCdA            = "jumpers[].drag.cda"
	keyCanopyAirspeed = "jumpers[].canopy.airspeed"
	keyCanopySink     = "jumpers[].canopy.sink"
)

// Update writes fitted figures into the named jumper's entry of a mission file:
// drag becomes {cda: X m2} (the fitted CdA, three decimals), canopy.airspeed and
// canopy.sink the fitted sea-level values (one decimal), where fit has them.
// Each figure must lie within the mission's own valid range (RangeOf). Everything
// else is kept byte for byte, comments, alignment and the comment on an edited
// line included: the values are located in the YAML syntax tree (goccy/go-yaml,
// parser.ParseComments) and replaced in the text. Where a value cannot be
// replaced in place (a block-style drag mapping without cda, a canopy without
// airspeed or sink) the tree is edited and written back by the YAML library,
// which keeps comments but not their alignment. The result is decoded with Decode
// and checked to carry the fitted values; any failure is an error and the input
// is not to be used.
func Update(missionYAML []byte, jumper string, fit Fitted) ([]byte, error) {
	edits, err := fitEdits(fit)
	if err != nil {
		return nil, err
	}
	base, err := jumperPath(missionYAML, jumper)
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseBytes(missionYAML, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("mission: update: %w", err)
	}
	var out []byte
	if spl, ok := planSplices(f, missionYAML, base, edits); ok {
		out = applySplices(missionYAML, spl)
	} else if out, err = editTree(f, base, jumper, edits); err != nil {
		return nil, err
	}
	if err := checkUpdated(out, jumper, fit); err != nil {
		return nil, err
	}
	return out, nil
}

// fieldEdit is one figure to write: what ("cda", "airspeed", "sink") and its
// YAML text with unit.
type fieldEdit struct {
	what, text string
}

// fitEdits checks each fitted figure against the mission's valid range and
// returns the edits for the figures that are known (not NaN).
func fitEdits(fit Fitted) ([]fieldEdit, error) {
	var edits []fieldEdit
	for _, f := range []struct {
		key, what, name, unit, format string
		v                             float64
	}{
		{keyCdA, "cda", "fitted CdA", "m2", "%.3f", fit.CdA},
		{keyCanopyAirspeed, "airspeed", "fitted canopy airspeed", "m/s", "%.1f", fit.CanopyAirspeed},
		{keyCanopySink, "sink", "fitted canopy sink", "m/s", "%.1f", fit.CanopySink},
	} {
		if math.IsNaN(f.v) {
			continue
		}
		r, ok := RangeOf(f.key)
		if !ok {
			panic("mission: no range for " + f.key) // a programming error, caught by the tests
		}
		if f.v < r.Min || f.v > r.Max {
			return nil, fmt.Errorf("mission: update: %s "+f.format+" %s is outside what a mission accepts (%s .. %s: %s); not written",
				f.name, f.v, f.unit, fmtSI(r.Kind, r.Min), fmtSI(r.Kind, r.Max), r.Why)
		}
		edits = append(edits, fieldEdit{f.what, fmt.Sprintf(f.format+" %s", f.v, f.unit)})
	}
	if len(edits) == 0 {
		return nil, fmt.Errorf("mission: update: nothing to write: the fit has no drag area, canopy airspeed or sink")
	}
	return edits, nil
}

// jumperPath decodes the mission and returns the YAML path of the named
// jumper's entry ("$.jumpers[1]").
func jumperPath(missionYAML []byte, jumper string) (string, error) {
	m, err := Decode("mission", missionYAML)
	if err != nil {
		return "", fmt.Errorf("mission: update: the mission does not decode before the update: %w", err)
	}
	var names []string
	for i, j := range m.Jumpers {
		if j.Name == jumper {
			return fmt.Sprintf("$.jumpers[%d]", i), nil
		}
		names = append(names, j.Name)
	}
	return "", fmt.Errorf("mission: update: no jumper %q in the mission; its jumpers are %v", jumper, names)
}

// splice replaces src[from:to] with text.
type splice struct {
	from, to int
	text     string
}

// planSplices finds, in the tree f of src, the text each edit replaces in
// place. false when one of them cannot be made in the text (a key to add, a
// block mapping to rewrite): then the whole update goes through the tree.
func planSplices(f *ast.File, src []byte, base string, edits []fieldEdit) ([]splice, bool) {
	var spl []splice
	for _, e := range edits {
		s, ok := spliceOf(f, src, base, e)
		if !ok {
			return nil, false
		}
		spl = append(spl, s)
	}
	return spl, true
}

// spliceOf is the in-text replacement of one edit: a canopy scalar, the cda
// scalar of a block drag mapping, or the whole drag value (a preset, a flow
// mapping) replaced by {cda: X}.
func spliceOf(f *ast.File, src []byte, base string, e fieldEdit) (splice, bool) {
	n, text, where := find(f, base+".canopy."+e.what), e.text, scalarRange
	if e.what == "cda" {
		n = find(f, base+".drag")
		if mn, ok := n.(*ast.MappingNode); ok && !mn.IsFlowStyle {
			n = find(f, base+".drag.cda") // block mapping: edit its cda scalar if there is one
		} else {
			text, where = "{cda: "+e.text+"}", nodeRange
		}
	}
	if n == nil {
		return splice{}, false
	}
	a, b, ok := where(src, n)
	return splice{a, b, text}, ok
}

// applySplices returns a copy of src with the splices made (they do not overlap).
func applySplices(src []byte, spl []splice) []byte {
	spl = append([]splice(nil), spl...)
	sort.Slice(spl, func(i, j int) bool { return spl[i].from > spl[j].from })
	out := append([]byte(nil), src...)
	for _, s := range spl {
		out = append(out[:s.from], append([]byte(s.text), out[s.to:]...)...)
	}
	return out
}

// editTree makes every edit in the tree f (a missing drag or canopy key is
// merged in) and writes the tree back as text.
func editTree(f *ast.File, base, jumper string, edits []fieldEdit) ([]byte, error) {
	for _, e := range edits {
		var p *yaml.Path
		var src string
		if e.what == "cda" {
			drag := find(f, base+".drag")
			if drag == nil {
				if err := mustPath(base).MergeFromReader(f, strings.NewReader("drag: {cda: "+e.text+"}")); err != nil {
					return nil, fmt.Errorf("mission: update: adding drag: %w", err)
				}
				continue
			}
			p, src = mustPath(base+".drag"), "{cda: "+e.text+"}"
			if mn, ok := drag.(*ast.MappingNode); ok && !mn.IsFlowStyle {
				// a block mapping stays one: replacing it with a flow mapping
				// moves the key's comment into the key (goccy/go-yaml v1.19.2)
				src = "cda: " + e.text
			}
		} else {
			path := base + ".canopy." + e.what
			if find(f, path) == nil {
				if find(f, base+".canopy") == nil {
					return nil, fmt.Errorf("mission: update: jumper %q has no canopy entry to write %s into", jumper, e.what)
				}
				if err := mustPath(base+".canopy").MergeFromReader(f, strings.NewReader(e.what+": "+e.text)); err != nil {
					return nil, fmt.Errorf("mission: update: adding canopy.%s: %w", e.what, err)
				}
				continue
			}
			p, src = mustPath(path), e.text
		}
		if err := replaceKeepComment(f, p, src); err != nil {
			return nil, fmt.Errorf("mission: update: %s: %w", p.String(), err)
		}
	}
	out := []byte(f.String())
	if !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	return out, nil
}

// checkUpdated decodes the updated mission and checks that the jumper carries
// the fitted figures (to the decimals written).
func checkUpdated(out []byte, jumper string, fit Fitted) error {
	m, err := Decode("updated mission", out)
	if err != nil {
		return fmt.Errorf("mission: update: the updated mission does not decode (a bug; the file is unchanged): %w", err)
	}
	j := m.Jumper(jumper)
	if j == nil {
		return fmt.Errorf("mission: update: jumper %q lost in the update (a bug)", jumper)
	}
	if !math.IsNaN(fit.CdA) && (j.Drag.Preset != "" || math.Abs(j.Drag.CdA-fit.CdA) > 0.0006) {
		return fmt.Errorf("mission: update: drag reads back as %+v, not cda %.3f (a bug)", j.Drag, fit.CdA)
	}
	if !math.IsNaN(fit.CanopyAirspeed) && math.Abs(j.Canopy.Airspeed-fit.CanopyAirspeed) > 0.06 {
		return fmt.Errorf("mission: update: canopy airspeed reads back as %.2f, not %.1f (a bug)", j.Canopy.Airspeed, fit.CanopyAirspeed)
	}
	if !math.IsNaN(fit.CanopySink) && math.Abs(j.Canopy.Sink-fit.CanopySink) > 0.06 {
		return fmt.Errorf("mission: update: canopy sink reads back as %.2f, not %.1f (a bug)", j.Canopy.Sink, fit.CanopySink)
	}
	return nil
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
