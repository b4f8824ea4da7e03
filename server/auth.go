package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

func hashToken(t string) [32]byte { return sha256.Sum256([]byte(t)) }

// tokenOK reports whether the request carries the configured token as
// "Authorization: Bearer T". Both sides are hashed first, so the comparison
// takes the same time whatever the token's length or content.
func (s *Server) tokenOK(r *http.Request) bool {
	if s.cfg.Token == "" {
		return false
	}
	h := r.Header.Get("Authorization")
	const p = "bearer "
	if len(h) < len(p) || !strings.EqualFold(h[:len(p)], p) {
		return false
	}
	got := hashToken(strings.TrimSpace(h[len(p):]))
	return subtle.ConstantTimeCompare(got[:], s.tokenH[:]) == 1
}

// writeAuth guards everything that changes stored data: the token is required.
// Without a configured token writes are disabled (403).
func (s *Server) writeAuth(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Token == "" {
			writeError(w, http.StatusForbidden, "writes are disabled on this server: start halo serve with --token T (or HALO_TOKEN) to allow them")
			return
		}
		if !s.tokenOK(r) {
			unauthorized(w, "this request changes stored data: send the server's token as \"Authorization: Bearer T\"")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// readAuth guards reads: open with OpenReads, else the token is required.
func (s *Server) readAuth(h http.Handler) http.Handler {
	if s.cfg.OpenReads {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.tokenOK(r) {
			unauthorized(w, "reads are closed on this server (--open-reads=false): send the token as \"Authorization: Bearer T\"")
			return
		}
		h.ServeHTTP(w, r)
	})
}

func unauthorized(w http.ResponseWriter, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="halo"`)
	writeError(w, http.StatusUnauthorized, msg)
}
