package server

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestVendored: the files the page loads are in the binary, and the vendored
// packages are the versions package.json pins (VERSIONS is what ./refresh
// copied: a version bumped without running it fails here), each with its licence.
func TestVendored(t *testing.T) {
	index, err := fs.ReadFile(webFS, "web/index.html")
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`(?:src|href)="/assets/([^"]+)"`).FindAllStringSubmatch(string(index), -1)
	if len(refs) < 5 {
		t.Fatalf("index.html loads %d files from /assets/; want the page's and Leaflet's", len(refs))
	}
	for _, m := range refs {
		if _, err := fs.Stat(webFS, "web/"+m[1]); err != nil {
			t.Errorf("index.html loads /assets/%s, which is not embedded: %v", m[1], err)
		}
	}
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	b, err := fs.ReadFile(webFS, "web/vendor/package.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatal(err)
	}
	vs, err := fs.ReadFile(webFS, "web/vendor/VERSIONS")
	if err != nil {
		t.Fatal(err)
	}
	copied := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(vs)), "\n") {
		name, v, _ := strings.Cut(line, " ")
		copied[name] = v
	}
	if len(copied) != len(pkg.Dependencies) {
		t.Errorf("VERSIONS lists %v, package.json pins %v", copied, pkg.Dependencies)
	}
	for name, v := range pkg.Dependencies {
		if copied[name] != v {
			t.Errorf("%s: package.json pins %s, ./refresh copied %q: run web/vendor/refresh", name, v, copied[name])
		}
		if _, err := fs.Stat(webFS, "web/vendor/"+name+"/LICENSE"); err != nil {
			t.Errorf("%s has no licence file: %v", name, err)
		}
	}
	// the basemap the map draws offline
	if _, err := fs.Stat(webFS, "web/vendor/world-atlas/countries-50m.json"); err != nil {
		t.Error(err)
	}
}

// TestStaticETag: the page's files carry an ETag and a revalidation with it is
// answered 304 with no body (the basemap is not sent again); a changed tag gets
// the file.
func TestStaticETag(t *testing.T) {
	_, ts := newTest(t, nil)
	for _, path := range []string{"/", "/assets/vendor/world-atlas/countries-50m.json"} {
		r := do(t, "GET", ts.URL+path, nil)
		wantCode(t, r, 200)
		tag := r.h.Get("ETag")
		if tag == "" || r.h.Get("Cache-Control") != "no-cache" {
			t.Fatalf("%s: ETag %q, Cache-Control %q", path, tag, r.h.Get("Cache-Control"))
		}
		r = do(t, "GET", ts.URL+path, nil, "If-None-Match", tag)
		if r.code != 304 || len(r.body) != 0 {
			t.Errorf("%s revalidated: %d with %d bytes, want 304 and none", path, r.code, len(r.body))
		}
		wantCode(t, do(t, "GET", ts.URL+path, nil, "If-None-Match", `"old"`), 200)
	}
}
