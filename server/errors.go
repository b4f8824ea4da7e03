package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"halo/internal/jsonnan"
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
// infinities as null: encoding/json first (it refuses them), and only for a
// value that holds one, internal/jsonnan (the one NaN codec).
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(v)
	if err == nil {
		return buf.Bytes(), nil
	}
	if uve := (*json.UnsupportedValueError)(nil); !errors.As(err, &uve) {
		return nil, err
	}
	b, err := jsonnan.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
