package arshjul_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfile reads the Dockerfile, since no Docker engine runs in CI:
// every base image is pinned by digest (a moved tag must not change what
// is built), the service runs as a non-root user, and its data folder is
// closed to everyone else.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	from := regexp.MustCompile(`(?m)^FROM\s+(\S+)`).FindAllStringSubmatch(text, -1)
	if len(from) < 2 {
		t.Fatalf("want a build and a runtime stage, found %d FROM lines", len(from))
	}
	pinned := regexp.MustCompile(`^[^@\s]+@sha256:[0-9a-f]{64}$`)
	for _, m := range from {
		if !pinned.MatchString(m[1]) {
			t.Errorf("FROM %s is not pinned by digest", m[1])
		}
	}
	for _, want := range []string{"USER 65532:65532", "install -d -m 0700 /out/data", "--chown=65532:65532 /out/data /data"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Dockerfile lacks %q", want)
		}
	}
}
