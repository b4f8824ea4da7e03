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
)

// The one-page brief has every section a jumpmaster hands out, and prints on one
// page in Chromium (HALO_CHROMIUM; under CI=1 the browser is required).
func TestBriefPage(t *testing.T) {
	p := solveDefault(t, nil)
	var b bytes.Buffer
	if err := BriefPage(&b, &brief.Briefing{Plan: p}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, id := range []string{`id="verdict"`, `id="map"`, `id="harp"`, `id="pilot"`, `id="stick"`, `id="checks"`, "@page", "MGRS", "HARP"} {
		if !strings.Contains(page, id) {
			t.Errorf("brief lacks %s", id)
		}
	}
	chromium := os.Getenv("HALO_CHROMIUM")
	if chromium == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI=1 but HALO_CHROMIUM is not set: the print check needs Chromium")
		}
		t.Skip("HALO_CHROMIUM not set: the print check is skipped")
	}
	dir := t.TempDir()
	html, pdf := filepath.Join(dir, "brief.html"), filepath.Join(dir, "brief.pdf")
	if err := os.WriteFile(html, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir="+filepath.Join(dir, "profile"),
		"--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+html)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(data, -1)); n != 1 {
		t.Errorf("the brief prints on %d pages, want 1", n)
	}
}
