package mission

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"halo/units"
)

// FieldError is one problem in a mission file, located by line and path.
type FieldError struct {
	File string
	Line int    // 1-based; 0 when unknown
	Path string // e.g. jumpers[1].mass
	Msg  string
}

func (e FieldError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Path == "" {
		return fmt.Sprintf("%s: %s", loc, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", loc, e.Path, e.Msg)
}

// Errors is every problem found in one mission file, in line order.
type Errors []FieldError

func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// ErrInvalid is wrapped by every decoding failure (errors.Is(err, ErrInvalid)).
var ErrInvalid = errors.New("invalid mission")

// Is lets errors.Is(err, ErrInvalid) match an Errors value.
func (es Errors) Is(target error) bool { return target == ErrInvalid }

// MaxNesting is the deepest nesting of YAML collections a mission file may have
// (a mission needs about 5); deeper input is refused before parsing, because the
// YAML parser's time and memory grow with the square of the depth.
const MaxNesting = 32

// nesting returns the deepest nesting in a YAML text and its line: flow
// collections ([ and { outside quotes and comments) plus block levels (each "- "
// that opens a line's content, and indentation counted in steps of two).
func nesting(data []byte) (line, depth int) {
	flow, ln := 0, 1
	inS, inD, comment, lineStart := false, false, false, true
	indent, dashes := 0, 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		if c == '\n' {
			ln++
			inS, comment, lineStart, indent, dashes = false, false, true, 0, 0
			continue
		}
		if comment {
			continue
		}
		if lineStart {
			switch {
			case c == ' ':
				indent++
				continue
			case c == '-' && i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\n'):
				dashes++
				indent++
				continue
			}
			lineStart = false
			if d := indent/2 + dashes + flow; d > depth {
				line, depth = ln, d
			}
		}
		switch {
		case inD:
			if c == '\\' {
				i++
			} else if c == '"' {
				inD = false
			}
		case inS:
			if c == '\'' {
				inS = false
			}
		case c == '"':
			inD = true
		case c == '\'':
			inS = true
		case c == '#':
			comment = true
		case c == '[' || c == '{':
			flow++
			if d := indent/2 + dashes + flow; d > depth {
				line, depth = ln, d
			}
		case c == ']' || c == '}':
			if flow > 0 {
				flow--
			}
		}
	}
	return line, depth
}

// MaxSize is the largest mission file accepted, bytes.
const MaxSize = 1 << 20

// Decode reads a mission file strictly. name is used in error messages. On failure
// the error is an Errors listing every problem found (unknown keys, wrong types,
// missing units, values out of range), each with its line and path.
func Decode(name string, data []byte) (*Mission, error) {
	// a byte-order mark (Windows editors write one) is not part of the YAML
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return nil, Errors{{File: name, Line: 1, Msg: "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8"}}
	}
	if len(data) > MaxSize {
		return nil, Errors{{File: name, Msg: fmt.Sprintf("file is %d bytes; a mission file is at most %d", len(data), MaxSize)}}
	}
	// duplicate keys are reported by the decoder ("given twice") together with every other
	// problem, instead of stopping the parse at the first one
	if line, depth := nesting(data); depth > MaxNesting {
		return nil, Errors{{File: name, Line: line, Msg: fmt.Sprintf("nested %d levels deep; a mission file needs fewer than %d (the YAML parser's cost grows with the square of the depth)", depth, MaxNesting)}}
	}
	f, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, Errors{{File: name, Line: yamlErrLine(err), Msg: "not valid YAML: " + firstLine(err.Error())}}
	}
	d := &decoder{file: name, lines: map[string]int{}}
	if len(f.Docs) != 1 || f.Docs[0].Body == nil {
		return nil, Errors{{File: name, Msg: "expected one YAML document describing a mission (see `halo mission show fallout`)"}}
	}
	m := d.mission(f.Docs[0].Body)
	// open_after: 0 s is inside the decoded range but no free fall lasts 0 s (the
	// simulator refused it as "invalid jump")
	for i, j := range m.Jumpers {
		if j.OpenAfter == 0 {
			d.errAt(nil, fmt.Sprintf("jumpers[%d].open_after", i), "0 s: the free-fall time before deployment must be more than 0 s (allowed: more than 0 s, up to 900 s); to deploy on exit give open_at, the deployment altitude AGL, instead")
		}
	}
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Line < d.errs[j].Line })
		return nil, d.errs
	}
	m.File = name
	m.Source = append([]byte(nil), data...)
	m.lines = d.lines
	return m, nil
}

// Line returns the line (1-based) of the key at path in the mission file
// ("winds.file", "airspace[0].file"), or 0 when the file did not give it.
func (m *Mission) Line(path string) int { return m.lines[path] }

// ErrorAt is a FieldError located at the key at path, for checks made on a decoded
// mission (e.g. the files it names) that must point at the file's line.
func (m *Mission) ErrorAt(path, format string, args ...any) Errors {
	return Errors{{File: m.File, Line: m.Line(path), Path: path, Msg: fmt.Sprintf(format, args...)}}
}

type decoder struct {
	file string
	errs Errors
	asm  []string
	// lines maps each key path given in the file (e.g. "jumpers[1].open_at") to its
	// line, so that checks made after the walk point at the value they are about.
	lines map[string]int
}

func (d *decoder) errf(n ast.Node, path, format string, args ...any) {
	d.errs = append(d.errs, FieldError{File: d.file, Line: line(n), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// errAt reports an error about path on the line where path was written, or on n's
// line when the file does not give path.
func (d *decoder) errAt(n ast.Node, path, format string, args ...any) {
	l, ok := d.lines[path]
	if !ok {
		l = line(n)
	}
	d.errs = append(d.errs, FieldError{File: d.file, Line: l, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) assume(format string, args ...any) {
	d.asm = append(d.asm, fmt.Sprintf(format, args...))
}

func line(n ast.Node) int {
	if n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
		return 0
	}
	return n.GetToken().Position.Line
}

func yamlErrLine(err error) int {
	// goccy errors print "[line:col] message"
	s := err.Error()
	if i := strings.Index(s, "["); i >= 0 {
		if j := strings.Index(s[i:], ":"); j > 0 {
			if n, e := strconv.Atoi(s[i+1 : i+j]); e == nil {
				return n
			}
		}
	}
	return 0
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// unwrap strips anchors and tags, which a mission file does not need.
func (d *decoder) unwrap(n ast.Node, path string) ast.Node {
	for {
		switch t := n.(type) {
		case *ast.AnchorNode:
			n = t.Value
		case *ast.TagNode:
			d.errf(n, path, "YAML tags are not used in a mission file; remove %s", t.Start.Value)
			return nil
		case *ast.AliasNode:
			d.errf(n, path, "YAML aliases are not supported in a mission file; write the value out")
			return nil
		default:
			return n
		}
	}
}

// fields walks a mapping: each known key goes to its handler; unknown keys, keys
// given twice and a non-mapping node are errors.
func (d *decoder) fields(n ast.Node, path string, handlers map[string]func(ast.Node, string)) {
	n = d.unwrap(n, path)
	if n == nil {
		return
	}
	mn, ok := n.(*ast.MappingNode)
	if !ok {
		if mv, ok2 := n.(*ast.MappingValueNode); ok2 {
			mn = &ast.MappingNode{Values: []*ast.MappingValueNode{mv}}
		} else {
			d.errf(n, path, "expected a mapping of keys (%s), got %s", keyList(handlers), describe(n))
			return
		}
	}
	seen := map[string]bool{}
	for _, mv := range mn.Values {
		k := mv.Key.GetToken().Value
		p := k
		if path != "" {
			p = path + "." + k
		}
		if seen[k] {
			d.errf(mv.Key, p, "given twice")
			continue
		}
		seen[k] = true
		if d.lines != nil {
			d.lines[p] = line(mv.Key)
		}
		h, ok := handlers[k]
		if !ok {
			d.errf(mv.Key, p, "unknown key; %s takes: %s", orTop(path), keyList(handlers))
			continue
		}
		h(mv.Value, p)
	}
}

func orTop(p string) string {
	if p == "" {
		return "the mission"
	}
	return p
}

func keyList(h map[string]func(ast.Node, string)) string {
	ks := make([]string, 0, len(h))
	for k := range h {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode:
		return "nothing"
	}
	return fmt.Sprintf("%q", n.GetToken().Value)
}

// scalar returns the text of a scalar node, or reports an error.
func (d *decoder) scalar(n ast.Node, path string) (string, bool) {
	n = d.unwrap(n, path)
	if n == nil {
		return "", false
	}
	switch t := n.(type) {
	case *ast.StringNode:
		return t.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	case *ast.NullNode:
		d.errf(n, path, "no value given")
		return "", false
	}
	d.errf(n, path, "expected a single value, got %s", describe(n))
	return "", false
}

func (d *decoder) str(n ast.Node, path string, dst *string) {
	if s, ok := d.scalar(n, path); ok {
		*dst = s
	}
}

// quantity parses a value with its unit and checks lo <= v <= hi (SI).
func (d *decoder) quantity(n ast.Node, path string, k units.Kind, lo, hi float64, dst *float64) bool {
	s, ok := d.scalar(n, path)
	if !ok {
		return false
	}
	v, err := units.Parse(k, s)
	if err != nil {
		d.errf(n, path, "%v", err)
		return false
	}
	if v < lo || v > hi {
		d.errf(n, path, "%s is %s; allowed %s .. %s", s, rangeWord(v, lo), fmtSI(k, lo), fmtSI(k, hi))
		return false
	}
	*dst = v
	return true
}

func rangeWord(v, lo float64) string {
	if v < lo {
		return "below the minimum"
	}
	return "above the maximum"
}

func fmtSI(k units.Kind, v float64) string {
	switch k {
	case units.Length:
		return fmt.Sprintf("%g m (%.0f ft)", v, v/units.Foot)
	case units.Speed:
		return fmt.Sprintf("%g m/s (%.0f kt)", v, v/units.Knot)
	case units.Mass:
		return fmt.Sprintf("%g kg", v)
	case units.Duration:
		return fmt.Sprintf("%g s", v)
	case units.Temperature:
		return fmt.Sprintf("%g °C", v-units.ZeroCelsius)
	case units.TemperatureDelta:
		return fmt.Sprintf("%g K", v)
	case units.Pressure:
		return fmt.Sprintf("%g hPa", v/100)
	case units.Area:
		return fmt.Sprintf("%g m2", v)
	case units.Volume:
		return fmt.Sprintf("%g L", v/units.Litre)
	case units.Angle:
		return fmt.Sprintf("%g deg", v)
	case units.Fraction:
		return fmt.Sprintf("%g %%", v*100)
	}
	return fmt.Sprint(v)
}

// number parses a plain number (coordinates, Mach, Cd) and checks its range.
func (d *decoder) number(n ast.Node, path string, lo, hi float64, what string, dst *float64) bool {
	s, ok := d.scalar(n, path)
	if !ok {
		return false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.errf(n, path, "%q is not a number (%s)", s, what)
		return false
	}
	if v < lo || v > hi {
		d.errf(n, path, "%s is outside %g .. %g (%s)", s, lo, hi, what)
		return false
	}
	*dst = v
	return true
}

func (d *decoder) seq(n ast.Node, path string) []ast.Node {
	n = d.unwrap(n, path)
	if n == nil {
		return nil
	}
	s, ok := n.(*ast.SequenceNode)
	if !ok {
		d.errf(n, path, "expected a list, got %s", describe(n))
		return nil
	}
	return s.Values
}

func (d *decoder) timeValue(n ast.Node, path string, dst *time.Time) {
	s, ok := d.scalar(n, path)
	if !ok {
		return
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		d.errf(n, path, "%q is not an RFC 3339 time with its zone, e.g. 2026-11-25T15:30:00+04:00", s)
		return
	}
	if t.Year() < 1900 || t.Year() > 2200 {
		d.errf(n, path, "%q is outside the years 1900 .. 2200 (the record jumps go back to 1960)", s)
		return
	}
	*dst = t
}
