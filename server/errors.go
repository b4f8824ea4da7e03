package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strings"

	"halo/mission"
	"halo/store"
)

// FieldError is one located problem of a request's mission (or other file):
// the file name the server gave it, its 1-based line (0 unknown), the YAML path
// and the message, as `halo mission check` prints them.
type FieldError struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Path string `json:"path"`
	Msg  string `json:"msg"`
}

// ErrorBody is every error response: a message for people (the CLI's wording)
// and, for a bad mission, every problem found with its place.
type ErrorBody struct {
	Error  string       `json:"error"`
	Errors []FieldError `json:"errors,omitempty"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, ErrorBody{Error: msg})
}

// statusOf picks the HTTP status for an error from the domain or the request:
// 400 a bad mission or request, 413 too large, 404 not in the log, 504 the plan
// time-out, 422 a mission that decodes but cannot be flown (what="plan").
func statusOf(err error, unflyable bool) int {
	var mbe *http.MaxBytesError
	var me mission.Errors
	switch {
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge
	case errors.As(err, &me):
		return http.StatusBadRequest
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	case errors.Is(err, context.Canceled):
		return 499 // client closed the request; nobody reads it
	case unflyable:
		return http.StatusUnprocessableEntity
	}
	return http.StatusBadRequest
}

// writeJSON writes v as JSON. A value with NaN or an infinity (which
// encoding/json refuses) is written with those numbers as null instead of
// failing the request.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := marshalJSON(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(ErrorBody{Error: "encoding the answer: " + err.Error()})
		b = append(b, '\n')
	}
	writeRaw(w, status, b)
}

func writeRaw(w http.ResponseWriter, status int, b []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(b)
}

// marshalJSON encodes v compactly with a trailing newline, writing NaN and
// infinities as null.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	var uve *json.UnsupportedValueError
	if errors.As(err, &uve) {
		buf.Reset()
		err = enc.Encode(nanToNull(reflect.ValueOf(v), 0))
	}
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// nanToNull rebuilds v as plain maps, slices and scalars with NaN and infinite
// floats replaced by nil, honouring json tags and custom marshalers. The slow
// path of marshalJSON, taken only when a value held a non-finite number.
func nanToNull(v reflect.Value, depth int) any {
	if depth > 64 || !v.IsValid() {
		return nil
	}
	if v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface && v.CanInterface() {
		if m, ok := v.Interface().(json.Marshaler); ok {
			b, err := m.MarshalJSON()
			if err == nil {
				return json.RawMessage(b)
			}
		}
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		return f
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if v.CanInterface() {
			if m, ok := v.Interface().(json.Marshaler); ok {
				if b, err := m.MarshalJSON(); err == nil {
					return json.RawMessage(b)
				}
			}
		}
		return nanToNull(v.Elem(), depth+1)
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v.Interface()
		}
		fallthrough
	case reflect.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = nanToNull(v.Index(i), depth+1)
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := make(map[string]any, v.Len())
		it := v.MapRange()
		for it.Next() {
			out[fmt.Sprint(it.Key().Interface())] = nanToNull(it.Value(), depth+1)
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		structFields(v, out, depth)
		return out
	}
	if v.CanInterface() {
		return v.Interface()
	}
	return nil
}

func structFields(v reflect.Value, out map[string]any, depth int) {
	t := v.Type()
	// direct fields first: a shallower field wins over an embedded one's
	for pass := 0; pass < 2; pass++ {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := cut(tag, ',')
			fv := v.Field(i)
			embedded := f.Anonymous && name == ""
			if embedded != (pass == 1) {
				continue
			}
			if embedded {
				if fv.Kind() == reflect.Pointer {
					if fv.IsNil() {
						continue
					}
					fv = fv.Elem()
				}
				if fv.Kind() == reflect.Struct {
					structFields(fv, out, depth+1)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if (strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")) && (fv.IsZero() || ((fv.Kind() == reflect.Slice || fv.Kind() == reflect.Map) && fv.Len() == 0)) {
				continue
			}
			if _, dup := out[name]; dup {
				continue
			}
			out[name] = nanToNull(fv, depth+1)
		}
	}
}

func cut(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
