package config_test

import (
	"fmt"
	"os"
	"regexp"
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
	ours := regexp.MustCompile(`(?m)^  max_bytes: .*\n`)
	if !ours.Match(example) {
		t.Fatal("the example config sets no feeds.max_bytes")
	}
	load := func(feeds string) (*config.Config, error) {
		with := ""
		if feeds != "" {
			with = "  max_bytes: " + feeds + "\n"
		}
		return loadWith(ours.ReplaceAllLiteralString(string(example), with))
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
	line := strings.Count(string(example)[:ours.FindIndex(example)[0]], "\n") + 1
	for _, in := range []string{"stor", "1GB", "10KB", "-1MB"} {
		_, err := load(in)
		if err == nil || !strings.Contains(err.Error(), "feeds.max_bytes") || !strings.Contains(err.Error(), "mellan 64KB och 100MB") {
			t.Errorf("max_bytes %q: want it refused, got %v", in, err)
		} else if !strings.Contains(err.Error(), fmt.Sprintf("arshjul.yaml:%d:", line)) {
			t.Errorf("max_bytes %q: want line %d in %v", in, line, err)
		}
	}
}

// TestFutureMonthsWarns: feeds.future_months (feeds ran only 15 months
// ahead) no longer does anything; a config that still has it loads, and
// `check` is told where the line is.
func TestFutureMonthsWarns(t *testing.T) {
	example, err := os.ReadFile("../../config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := loadWith(strings.Replace(string(example), "\nfeeds:\n", "\nfeeds:\n  future_months: 15\n", 1))
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Count(string(example)[:strings.Index(string(example), "\nfeeds:\n")], "\n") + 3
	want := fmt.Sprintf("arshjul.yaml:%d: feeds.future_months används inte längre", line)
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0].String(), want) {
		t.Errorf("warnings %v, want one with %q", c.Warnings, want)
	}
	if c, _ := loadWith(string(example)); len(c.Warnings) != 0 {
		t.Errorf("the example config warns: %v", c.Warnings)
	}
}
