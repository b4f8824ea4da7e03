package render

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"halo/brief"
	"halo/mission"
	"halo/plan"
)

// The one-page brief has every section a jumpmaster hands out, and prints on one
// page in Chromium (HALO_CHROMIUM; under CI=1 the browser is required): the
// embedded mission, and a sport load of six groups (21 jumpers), whose stick is
// shown by group.
func TestBriefPage(t *testing.T) {
	six, err := os.ReadFile("testdata/sport-six-groups.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, err := mission.Decode("sport-six-groups.yaml", six)
	if err != nil {
		t.Fatal(err)
	}
	grouped, err := plan.Solve(plan.SpaceGroups(plan.Inputs{Mission: m}))
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string][]byte{}
	for _, c := range []struct {
		name string
		p    *plan.Plan
		want []string
	}{
		{"fallout", solveDefault(t, nil), []string{"talent"}},
		{"six groups", grouped, []string{"belly-8 (belly)", "first out", "1,500 ft between groups"}},
	} {
		var b bytes.Buffer
		if err := BriefPage(&b, &brief.Briefing{Plan: c.p}); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		for _, id := range append([]string{`id="verdict"`, `id="map"`, `id="harp"`, `id="pilot"`, `id="stick"`, `id="checks"`, "@page", "MGRS", "HARP"}, c.want...) {
			if !strings.Contains(page, id) {
				t.Errorf("%s: brief lacks %s", c.name, id)
			}
		}
		pages[c.name] = b.Bytes()
	}
	for name, page := range pages {
		if n := printedPages(t, page); n != 1 {
			t.Errorf("%s: the brief prints on %d pages, want 1", name, n)
		}
	}
}

// printedPages prints an HTML page to PDF in Chromium and counts its pages; it
// skips the test when HALO_CHROMIUM is not set (outside CI).
func printedPages(t *testing.T, html []byte) int {
	t.Helper()
	chromium := os.Getenv("HALO_CHROMIUM")
	if chromium == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI=1 but HALO_CHROMIUM is not set: the print check needs Chromium")
		}
		t.Skip("HALO_CHROMIUM not set: the print check is skipped")
	}
	dir := t.TempDir()
	htmlFile, pdf := filepath.Join(dir, "brief.html"), filepath.Join(dir, "brief.pdf")
	if err := os.WriteFile(htmlFile, html, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+htmlFile)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(data, -1))
}
