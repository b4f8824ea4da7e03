package server

import (
	"context"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// The server answers only its own page. Every request passes guard before any
// handler runs:
//
//   - the Host header must name this server (hostOK): the address the
//     connection arrived on, the loopback names (localhost, 127.0.0.1, [::1])
//     when that address is loopback, or a name given with --allow-host
//     (Config.AllowHosts). Anything else is 421 Misdirected Request. A
//     DNS-rebinding page reaches the server under its own name, so it is refused.
//   - an Origin header, when present, must be the server's own origin
//     (scheme://Host), and Sec-Fetch-Site, when present on an /api request or
//     on any request that is not GET or HEAD, must be "same-origin" or "none"
//     (a URL the user typed): 403 otherwise.
//   - a routed POST, PUT, PATCH or DELETE with a body must be
//     application/json, application/yaml or multipart/form-data (415 otherwise):
//     the types a web page can send cross-site without a CORS preflight
//     (text/plain, application/x-www-form-urlencoded, none) are refused, and
//     multipart/form-data, the one such type the debrief needs, is covered by
//     the Origin and Sec-Fetch-Site checks. A DELETE without a body needs no
//     type: DELETE is not a method a page can send cross-site without a
//     preflight, and this server grants none (it sends no CORS headers).
//
// Every answer, errors included, carries securityHeaders.

// pageCSP is the Content-Security-Policy of every answer: the page loads its
// own script and style sheet (Leaflet's included), calls its own API and draws
// its own SVG; map tiles (--tile-url) are the only other images, with data:
// images beside them because Leaflet blanks a tile it drops with a data: GIF
// (an image, never a script). Nothing inline, no frames, no forms, no plugins.
func pageCSP(tileOrigin string) string {
	img := "img-src 'self'"
	if tileOrigin != "" {
		img += " " + tileOrigin + " data:"
	}
	return "default-src 'none'; script-src 'self'; style-src 'self'; " + img +
		"; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

// tileOrigin is the origin (scheme://host[:port]) of a tile URL template, ""
// for a template on this server (a path).
func tileOrigin(tmpl string) (string, error) {
	if tmpl == "" || strings.HasPrefix(tmpl, "/") && !strings.HasPrefix(tmpl, "//") {
		return "", nil
	}
	u, err := url.Parse(tmpl)
	if err != nil {
		return "", fmt.Errorf("tile URL %q: %w", tmpl, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.User != nil {
		return "", fmt.Errorf("tile URL %q: want http://host/... or https://host/... with {z}, {x}, {y}", tmpl)
	}
	h := strings.ToLower(u.Host)
	for _, c := range h {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune(".-:[]", c)) {
			return "", fmt.Errorf("tile URL %q: host %q has a character a Content-Security-Policy cannot hold", tmpl, u.Host)
		}
	}
	return u.Scheme + "://" + h, nil
}

// securityHeaders sets the headers every answer carries.
func (s *Server) securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", s.csp)
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	// the page's URLs hold nothing secret, but nothing needs the referrer either
	h.Set("Referrer-Policy", "no-referrer")
	// no other site may embed the API's answers (no-cors reads) or open the page
	// in a window it can script
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
}

// guard sets the security headers and refuses what is not addressed to this
// server by its own page (see the comment at the top of this file).
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.securityHeaders(w.Header())
		if !s.hostOK(r) {
			writeError(w, http.StatusMisdirectedRequest, fmt.Sprintf("this server does not answer to the host name %q: a page under another name (DNS rebinding) may not use it. "+
				"Use the address it listens on, or start halo serve with --allow-host NAME for a name you give it (a reverse proxy's, say)", r.Host))
			return
		}
		if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r.Host) {
			writeError(w, http.StatusForbidden, fmt.Sprintf("cross-origin request from %q refused: this server answers only its own page (%s)", o, r.Host))
			return
		}
		if sfs := strings.ToLower(r.Header.Get("Sec-Fetch-Site")); sfs != "" && sfs != "same-origin" && sfs != "none" &&
			(isAPI(r.URL.Path) || r.Method != http.MethodGet && r.Method != http.MethodHead) {
			writeError(w, http.StatusForbidden, fmt.Sprintf("request from another site refused (Sec-Fetch-Site: %s): this server answers only its own page", sfs))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isAPI(p string) bool { return p == "/api" || strings.HasPrefix(p, "/api/") }

// bodyTypeOK checks the Content-Type of a routed request that changes state or
// costs work (see guard): "" when it may go on, else the message for a 415.
func bodyTypeOK(r *http.Request) string {
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
	case http.MethodDelete:
		if r.ContentLength == 0 && len(r.TransferEncoding) == 0 {
			return ""
		}
	default:
		return ""
	}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil {
		switch mt {
		case "application/json", "application/yaml", "multipart/form-data":
			return ""
		}
	}
	if ct == "" {
		ct = "none"
	}
	return fmt.Sprintf("Content-Type %s: %s %s takes application/json, application/yaml or multipart/form-data "+
		"(with curl: -H 'Content-Type: application/yaml'); types a web page can send from another site are refused", ct, r.Method, r.URL.Path)
}

// hostPort splits a Host header or address into a lower-case host without
// brackets or a trailing dot and its port ("" when absent).
func hostPort(h string) (host, port string, ok bool) {
	if h == "" {
		return "", "", false
	}
	host, port = h, ""
	switch n := strings.Count(h, ":"); {
	case h[0] == '[':
		end := strings.IndexByte(h, ']')
		if end < 0 {
			return "", "", false
		}
		host, port = h[1:end], h[end+1:]
		if port != "" {
			if port[0] != ':' || len(port) == 1 {
				return "", "", false
			}
			port = port[1:]
		}
		if ip := net.ParseIP(host); ip == nil || ip.To4() != nil && !strings.Contains(host, ":") {
			return "", "", false // brackets hold an IPv6 address
		}
	case n == 1:
		i := strings.IndexByte(h, ':')
		host, port = h[:i], h[i+1:]
		if port == "" {
			return "", "", false
		}
	case n > 1:
		return "", "", false // an IPv6 address goes in brackets
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" || strings.ContainsAny(host, "/\\@ ?#%") {
		return "", "", false
	}
	for _, c := range port {
		if c < '0' || c > '9' {
			return "", "", false
		}
	}
	return host, port, true
}

// allowedHost is one --allow-host entry: a name (any port) or name:port.
type allowedHost struct{ host, port string }

func parseAllowHosts(names []string) ([]allowedHost, error) {
	var out []allowedHost
	for _, n := range names {
		h, p, ok := hostPort(strings.TrimSpace(n))
		if !ok || strings.ContainsAny(h, "*,;") {
			return nil, fmt.Errorf("--allow-host %q: give a host name or address, optionally with :port (halo.example.mil, halo.example.mil:8443)", n)
		}
		out = append(out, allowedHost{h, p})
	}
	return out, nil
}

func isLoopbackName(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// hostOK reports whether the request's Host header names this server.
func (s *Server) hostOK(r *http.Request) bool {
	host, port, ok := hostPort(r.Host)
	if !ok {
		return false
	}
	for _, a := range s.allow {
		if a.host == host && (a.port == "" || a.port == port) {
			return true
		}
	}
	if port == "" {
		port = "80" // no TLS here: a Host without a port was sent to port 80
	}
	localIP, localPort := s.localAddr(r.Context())
	if localIP == nil {
		// no connection (a handler called in-process) and no listen address:
		// the loopback names only
		return isLoopbackName(host)
	}
	if port != localPort {
		return false
	}
	if ip := net.ParseIP(host); ip != nil && !localIP.IsUnspecified() && ip.Equal(localIP) {
		return true
	}
	return localIP.IsLoopback() && isLoopbackName(host)
}

// localAddr is the address the request's connection arrived on, else the
// configured listen address; nil when neither is known.
func (s *Server) localAddr(ctx context.Context) (net.IP, string) {
	if a, ok := ctx.Value(http.LocalAddrContextKey).(net.Addr); ok {
		if ta, ok := a.(*net.TCPAddr); ok {
			return ta.IP, fmt.Sprint(ta.Port)
		}
		if h, p, err := net.SplitHostPort(a.String()); err == nil {
			if ip := net.ParseIP(h); ip != nil {
				return ip, p
			}
		}
	}
	if s.listenIP != nil {
		return s.listenIP, s.listenPort
	}
	return nil, ""
}

// sameOrigin reports whether an Origin header is this server's own origin:
// http or https, and the same host and port as the (already checked) Host.
func sameOrigin(origin, reqHost string) bool {
	u, err := url.Parse(origin)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return false
	}
	oh, op, ok1 := hostPort(u.Host)
	rh, rp, ok2 := hostPort(reqHost)
	if !ok1 || !ok2 || oh != rh {
		return false
	}
	def := "80"
	if u.Scheme == "https" {
		def = "443"
	}
	if op == "" {
		op = def
	}
	if rp == "" {
		rp = def
	}
	return op == rp
}

// jsonBody refuses a body that is not application/json (415).
func jsonBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			writeError(w, http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %q: %s %s takes application/json", r.Header.Get("Content-Type"), r.Method, r.URL.Path))
			return
		}
		h.ServeHTTP(w, r)
	})
}
