package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docs/cli.md is every command's help as the binary prints it; a command or
// flag added without regenerating it (go generate ./cmd/halo) fails here.
func TestCLIReference(t *testing.T) {
	var b bytes.Buffer
	if err := writeCLIReference(&b, newRoot()); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"## halo plan\n", "## halo version\n", "## halo config show\n", "## halo completion bash\n", "--format string"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("the reference lacks %q", w)
		}
	}
	path := filepath.Join("..", "..", "docs", "cli.md")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v: run go generate ./cmd/halo", err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Errorf("%s is out of date with the commands: run go generate ./cmd/halo", path)
	}
}
