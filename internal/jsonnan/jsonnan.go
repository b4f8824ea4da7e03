// Package jsonnan writes and reads JSON for types that use NaN for "not known":
// JSON cannot carry NaN, so NaN (and ±Inf) is written as null, and FillNaN lets a
// decoder read null (or a missing field) back as NaN. Shared by track and debrief.
package jsonnan

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"strings"
)

var marshalerType = reflect.TypeFor[json.Marshaler]()

// Marshal marshals v (a struct whose own MarshalJSON must not be
// reachable: pass a plain alias type) with every non-finite float written as null.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := encodeValue(&buf, reflect.ValueOf(v), true); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func encodeValue(buf *bytes.Buffer, v reflect.Value, top bool) error {
	if !v.IsValid() {
		buf.WriteString("null")
		return nil
	}
	if !top && v.Type().Implements(marshalerType) {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		b, err := json.Marshal(v.Interface())
		if err != nil {
			return err
		}
		buf.Write(b)
		return nil
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
		return encodeValue(buf, v.Elem(), false)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			buf.WriteString("null")
			return nil
		}
		buf.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeValue(buf, v.Index(i), false); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
		return nil
	case reflect.Struct:
		buf.WriteByte('{')
		first := true
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = sf.Name
			}
			fv := v.Field(i)
			if strings.Contains(opts, "omitempty") && fv.IsZero() {
				continue
			}
			if !first {
				buf.WriteByte(',')
			}
			first = false
			kb, _ := json.Marshal(name)
			buf.Write(kb)
			buf.WriteByte(':')
			if err := encodeValue(buf, fv, false); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
		return nil
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	buf.Write(b)
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
