// Package jsonnan writes and reads JSON for values that use NaN for "not known":
// JSON cannot carry NaN, so NaN (and ±Inf) is written as null, and FillNaN lets a
// decoder read null (or a missing field) back as NaN. It is the one NaN codec of
// halo: track and debrief types call Fields from their MarshalJSON, and the
// server writes every answer through Marshal.
//
// Apart from the non-finite numbers the output is what encoding/json writes for
// the same value: json tags (names, "-", omitempty, omitzero), promoted fields of
// embedded structs, map keys sorted, []byte as base64, and every json.Marshaler
// and encoding.TextMarshaler below the top honoured.
package jsonnan

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

var (
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// maxDepth bounds the nesting Marshal follows: a deeper value is a cycle.
const maxDepth = 1000

// Marshal encodes v as encoding/json does, with every NaN or infinite float
// written as null instead of failing. v's own MarshalJSON, if it has one, is used.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeValue(&buf, reflect.ValueOf(v), false, 0); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Fields encodes the struct v field by field, ignoring v's own MarshalJSON, with
// every NaN or infinite float written as null. It is the whole body of a type's
// NaN-safe MarshalJSON:
//
//	func (p Point) MarshalJSON() ([]byte, error) { return jsonnan.Fields(p) }
func Fields(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeValue(&buf, reflect.ValueOf(v), true, 0); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// marshaler returns the json.Marshaler or encoding.TextMarshaler of v (through
// its address when only the pointer has the method and v is addressable).
func marshaler(v reflect.Value) (any, bool) {
	t := v.Type()
	if t.Implements(marshalerType) || t.Implements(textMarshalerType) {
		return v.Interface(), true
	}
	if v.Kind() != reflect.Pointer && v.CanAddr() {
		pt := reflect.PointerTo(t)
		if pt.Implements(marshalerType) || pt.Implements(textMarshalerType) {
			return v.Addr().Interface(), true
		}
	}
	return nil, false
}

func encodeValue(buf *bytes.Buffer, v reflect.Value, top bool, depth int) error {
	if !v.IsValid() {
		buf.WriteString("null")
		return nil
	}
	if depth > maxDepth {
		return fmt.Errorf("jsonnan: value nested deeper than %d (a cycle?) at %s", maxDepth, v.Type())
	}
	if !top && v.CanInterface() {
		if m, ok := marshaler(v); ok {
			if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
				buf.WriteString("null")
				return nil
			}
			b, err := json.Marshal(m)
			if err != nil {
				return err
			}
			buf.Write(b)
			return nil
		}
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			buf.WriteString("null")
			return nil
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		return encodeValue(buf, v.Elem(), false, depth+1)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice {
			if v.IsNil() {
				buf.WriteString("null")
				return nil
			}
			if v.Type().Elem().Kind() == reflect.Uint8 {
				break // base64, as encoding/json
			}
		}
		buf.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeValue(buf, v.Index(i), false, depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	case reflect.Map:
		return encodeMap(buf, v, depth)
	case reflect.Struct:
		return encodeStruct(buf, v, depth)
	}
	if !v.CanInterface() {
		// promoted through an unexported embedded struct: read the basic kinds directly
		var x any
		switch v.Kind() {
		case reflect.String:
			x = v.String()
		case reflect.Bool:
			x = v.Bool()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			x = v.Int()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			x = v.Uint()
		case reflect.Float32:
			x = float32(v.Float())
		case reflect.Float64:
			x = v.Float()
		}
		if x == nil {
			buf.WriteString("null")
			return nil
		}
		v = reflect.ValueOf(x)
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	buf.Write(b)
	return nil
}

func encodeMap(buf *bytes.Buffer, v reflect.Value, depth int) error {
	if v.IsNil() {
		buf.WriteString("null")
		return nil
	}
	type entry struct {
		key string
		val reflect.Value
	}
	entries := make([]entry, 0, v.Len())
	it := v.MapRange()
	for it.Next() {
		k, err := mapKey(it.Key())
		if err != nil {
			return err
		}
		entries = append(entries, entry{k, it.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	buf.WriteByte('{')
	for i, e := range entries {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeString(buf, e.key)
		buf.WriteByte(':')
		if err := encodeValue(buf, e.val, false, depth+1); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

// mapKey is the JSON object key of a map key, by encoding/json's rules.
func mapKey(k reflect.Value) (string, error) {
	if k.Kind() == reflect.String {
		return k.String(), nil
	}
	if tm, ok := k.Interface().(encoding.TextMarshaler); ok {
		if k.Kind() == reflect.Pointer && k.IsNil() {
			return "", nil
		}
		b, err := tm.MarshalText()
		return string(b), err
	}
	switch k.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(k.Uint(), 10), nil
	}
	return "", fmt.Errorf("jsonnan: unsupported map key type %s", k.Type())
}

func writeString(buf *bytes.Buffer, s string) {
	b, _ := json.Marshal(s) // a string always encodes
	buf.Write(b)
}

// field is one JSON member of a struct: its name, the index path to it and its options.
type field struct {
	name      string
	index     []int
	tagged    bool
	omitEmpty bool
	omitZero  bool
}

// fieldsOf lists the JSON members of struct type t in encoding/json's order and
// with its rules for embedded structs: the shallowest field of a name wins, a
// tagged one over an untagged one at the same depth, and a tie drops the name.
func fieldsOf(t reflect.Type) []field {
	var all []field
	var walk func(t reflect.Type, index []int, seen map[reflect.Type]bool)
	walk = func(t reflect.Type, index []int, seen map[reflect.Type]bool) {
		if seen[t] {
			return
		}
		seen[t] = true
		defer delete(seen, t)
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(slices.Clone(index), i)
			if sf.Anonymous && name == "" {
				ft := sf.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft, idx, seen)
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			f := field{name: name, index: idx, tagged: name != ""}
			if f.name == "" {
				f.name = sf.Name
			}
			for o := range strings.SplitSeq(opts, ",") {
				switch o {
				case "omitempty":
					f.omitEmpty = true
				case "omitzero":
					f.omitZero = true
				}
			}
			all = append(all, f)
		}
	}
	walk(t, nil, map[reflect.Type]bool{})
	var out []field
	for i, f := range all {
		keep := true
		for j, g := range all {
			if i == j || g.name != f.name {
				continue
			}
			switch {
			case len(g.index) < len(f.index):
				keep = false
			case len(g.index) == len(f.index) && g.tagged && !f.tagged:
				keep = false
			case len(g.index) == len(f.index) && g.tagged == f.tagged:
				keep = false
			}
		}
		if keep {
			out = append(out, f)
		}
	}
	return out
}

// fieldValue follows index from v; false when it passes a nil embedded pointer.
func fieldValue(v reflect.Value, index []int) (reflect.Value, bool) {
	for n, i := range index {
		if n > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v, true
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

func isZero(v reflect.Value) bool {
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
		if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
			return true
		}
		return z.IsZero()
	}
	return v.IsZero()
}

func encodeStruct(buf *bytes.Buffer, v reflect.Value, depth int) error {
	buf.WriteByte('{')
	first := true
	for _, f := range fieldsOf(v.Type()) {
		fv, ok := fieldValue(v, f.index)
		if !ok || (f.omitEmpty && isEmpty(fv)) || (f.omitZero && isZero(fv)) {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		writeString(buf, f.name)
		buf.WriteByte(':')
		if err := encodeValue(buf, fv, false, depth+1); err != nil {
			return err
		}
	}
	buf.WriteByte('}')
	return nil
}

// Unmarshal decodes the JSON object b into the struct v points to, ignoring v's
// own UnmarshalJSON, after setting every float field to NaN (FillNaN), so that
// a number the document leaves null or out is "not known". The other fields
// keep what *v held: a caller presets them. It is the whole body of a type's
// NaN-aware UnmarshalJSON:
//
//	func (q *Quantity) UnmarshalJSON(b []byte) error { return jsonnan.Unmarshal(b, q) }
//
// The struct must have no embedded and no unexported fields (its field-for-field
// copy without methods is what encoding/json decodes into).
func Unmarshal(b []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("jsonnan: Unmarshal needs a non-nil pointer to a struct, not %T", v)
	}
	t := rv.Elem().Type()
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		f := t.Field(i)
		if f.Anonymous || !f.IsExported() {
			return fmt.Errorf("jsonnan: Unmarshal: %s.%s is embedded or unexported", t, f.Name)
		}
		fields[i] = reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag}
	}
	plain := reflect.New(reflect.StructOf(fields)) // the same fields, none of t's methods
	plain.Elem().Set(rv.Elem().Convert(plain.Elem().Type()))
	FillNaN(plain)
	if err := json.Unmarshal(b, plain.Interface()); err != nil {
		return err
	}
	rv.Elem().Set(plain.Elem().Convert(t))
	return nil
}

// FillNaN sets every float field of the struct v points to (recursively through
// nested structs, not through slices or pointers) to NaN, so that fields a JSON
// document leaves null or out decode as "not known".
func FillNaN(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			FillNaN(v.Elem())
		}
	case reflect.Float32, reflect.Float64:
		if v.CanSet() {
			v.SetFloat(math.NaN())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				FillNaN(v.Field(i))
			}
		}
	}
}
