package server

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

// etagged gives each file of root an ETag, a SHA-256 of its content, before h
// (a file server on root) answers: http.ServeContent then answers a browser's
// revalidation (If-None-Match) with 304 Not Modified rather than the file again,
// which matters on a slow field link (the basemap alone is 0.75 MB). A file that
// cannot be read gets no tag and is served as before.
func etagged(root fs.FS, h http.Handler) http.Handler {
	tags := map[string]string{}
	fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return nil
		}
		sum := sha256.Sum256(b)
		tags["/"+p] = `"` + hex.EncodeToString(sum[:12]) + `"`
		return nil
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		if tag, ok := tags[p]; ok {
			w.Header().Set("ETag", tag)
		}
		h.ServeHTTP(w, r)
	})
}
