package config_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/config"
)

// TestMaxBytes: feeds.max_bytes is read as admins write sizes, defaults to
// 1 MB, and a size that is no size or out of range is refused at its line.
func TestMaxBytes(t *testing.T) {
	example, err := os.ReadFile("../../config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	load := func(feeds string) (*config.Config, error) {
		data := string(example)
		if feeds != "" {
			data = strings.Replace(data, "\nfeeds:\n", "\nfeeds:\n  max_bytes: "+feeds+"\n", 1)
		}
		return loadWith(data)
	}
	for in, want := range map[string]int{"": 1 << 20, "2MB": 2 << 20, "512 KB": 512 << 10, "\"3MiB\"": 3 << 20, "1048576": 1 << 20} {
		c, err := load(in)
		if err != nil {
			t.Errorf("max_bytes %q: %v", in, err)
			continue
		}
		if c.Feeds.MaxBytes != want {
			t.Errorf("max_bytes %q = %d, want %d", in, c.Feeds.MaxBytes, want)
		}
	}
	line := strings.Count(string(example)[:strings.Index(string(example), "\nfeeds:\n")], "\n") + 3
	for _, in := range []string{"stor", "1GB", "10KB", "-1MB"} {
		_, err := load(in)
		if err == nil || !strings.Contains(err.Error(), "feeds.max_bytes") || !strings.Contains(err.Error(), "mellan 64KB och 100MB") {
			t.Errorf("max_bytes %q: want it refused, got %v", in, err)
		} else if !strings.Contains(err.Error(), fmt.Sprintf("arshjul.yaml:%d:", line)) {
			t.Errorf("max_bytes %q: want line %d in %v", in, line, err)
		}
	}
}
