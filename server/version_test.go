package server

import (
	"testing"

	"halo/version"
)

// GET /api names the halo build that answers, and the plans it makes name the
// same build as their planner.
func TestAPINamesTheBuild(t *testing.T) {
	_, ts := newTest(t, nil)
	var doc struct {
		Info struct {
			Title string       `json:"title"`
			Build version.Info `json:"x-halo-build"`
		} `json:"info"`
		Paths map[string]any `json:"paths"`
	}
	r := do(t, "GET", ts.URL+"/api", nil)
	wantCode(t, r, 200)
	r.json(t, &doc)
	if doc.Info.Build != version.Get() || doc.Info.Title != "halo API" || len(doc.Paths) == 0 {
		t.Errorf("GET /api info = %+v (%d paths), want the build %+v and the rest of the description", doc.Info, len(doc.Paths), version.Get())
	}
	var p struct {
		Planner string `json:"planner"`
	}
	r = do(t, "POST", ts.URL+"/api/plan", readTestdata(t, "fallout.yaml"), yamlCT...)
	wantCode(t, r, 200)
	r.json(t, &p)
	if p.Planner != version.Get().String() {
		t.Errorf("POST /api/plan planner = %q, want %q", p.Planner, version.Get().String())
	}
}
