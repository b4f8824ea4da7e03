package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"halo/logbook"
	"halo/mission"
	"halo/store"
)

func (s *Server) logOr404(w http.ResponseWriter) store.Log {
	if s.cfg.Log == nil {
		writeError(w, http.StatusNotFound, "this server has no jump log (start halo serve with --db DSN)")
	}
	return s.cfg.Log
}

// logErr answers a store error: 404 not found, 400 for what the store refused
// as invalid, 500 only for the database failing.
func (s *Server) logErr(w http.ResponseWriter, r *http.Request, err error, invalidIs400 bool) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case invalidIs400:
		writeError(w, http.StatusBadRequest, err.Error())
	default:
		s.logger.Printf("halo serve: %s %s: %v", r.Method, r.URL.Path, err)
		writeError(w, http.StatusInternalServerError, "the jump log failed: "+err.Error())
	}
}

// filterOf reads ?mission=&jumper=&outcome=&from=&to=&limit=.
func filterOf(r *http.Request) (store.Filter, error) {
	q := r.URL.Query()
	f := store.Filter{MissionName: q.Get("mission"), Jumper: q.Get("jumper")}
	if o := q.Get("outcome"); o != "" {
		oc, err := store.ParseOutcome(o)
		if err != nil {
			return f, err
		}
		f.Outcome = oc
	}
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(p.name); v != "" {
			t, err := parseDate(v)
			if err != nil {
				return f, fmt.Errorf("%s=%q: %v", p.name, v, err)
			}
			*p.t = t
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return f, fmt.Errorf("limit=%q: want a whole number >= 0", v)
		}
		f.Limit = n
	}
	return f, nil
}

func parseDate(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return t, errors.New("want a date (2026-11-25) or an RFC 3339 time")
	}
	return t, nil
}

func (s *Server) listLog(w http.ResponseWriter, r *http.Request) {
	l := s.logOr404(w)
	if l == nil {
		return
	}
	f, err := filterOf(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	as, err := l.ListAttempts(r.Context(), f)
	if err != nil {
		s.logErr(w, r, err, false)
		return
	}
	if as == nil {
		as = []store.Attempt{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"attempts": as})
}

func (s *Server) getLog(w http.ResponseWriter, r *http.Request) {
	l := s.logOr404(w)
	if l == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no attempt %q: attempt IDs are whole numbers >= 1", r.PathValue("id")))
		return
	}
	a, err := l.GetAttempt(r.Context(), id)
	if err != nil {
		s.logErr(w, r, err, false)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) logStats(w http.ResponseWriter, r *http.Request) {
	l := s.logOr404(w)
	if l == nil {
		return
	}
	st, err := l.Stats(r.Context(), r.URL.Query().Get("mission"))
	if err != nil {
		s.logErr(w, r, err, false)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// LogAdd is the body of POST /api/log: an attempt (store.Attempt's JSON) and,
// optionally, the mission file it flew. A mission given here is checked with
// the same decoder as /api/plan and stored first (the same text again is the
// same version), and the attempt is filed under it. A jumper sent with a track
// and no result is debriefed here, by the same logbook path as `halo log add`
// (the client need not compute the result; one that does is still accepted).
type LogAdd struct {
	store.Attempt
	MissionYAML string `json:"mission_yaml,omitempty"`
}

func (s *Server) postLog(w http.ResponseWriter, r *http.Request) {
	l := s.logOr404(w)
	if l == nil {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxLogBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", mbe.Limit))
			return
		}
		writeError(w, http.StatusBadRequest, "reading the request body: "+err.Error())
		return
	}
	var in LogAdd
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		writeError(w, http.StatusBadRequest, "the attempt is not valid JSON for POST /api/log: "+err.Error())
		return
	}
	got, err := logbook.Add(r.Context(), l, in.Attempt, []byte(in.MissionYAML), "", s.cfg.Now())
	if err != nil {
		var me mission.Errors
		switch {
		case errors.As(err, &me):
			s.answerErr(w, r, http.StatusBadRequest, err)
		case errors.Is(err, logbook.ErrInput):
			writeError(w, http.StatusBadRequest, err.Error())
		case errors.Is(err, store.ErrDuplicate):
			writeError(w, http.StatusConflict, err.Error())
		default:
			s.logErr(w, r, err, false)
		}
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/log/%d", got.ID))
	writeJSON(w, http.StatusCreated, got)
}
