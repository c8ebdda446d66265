package config_test

import (
	"os"
	"strings"
	"testing"
)

// TestFocusColors: programme.focus_colors gives a focus area its colour on
// the wheel; a key that is no focus area, or a value that is no colour, is
// refused with its line and what is valid.
func TestFocusColors(t *testing.T) {
	example, err := os.ReadFile("../../config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const block = "  focus_colors:                 # ringens färg på hjulet; utan färg tar ringen hjulets standardfärg\n    planering: \"#003F6B\""
	if !strings.Contains(string(example), block) {
		t.Fatalf("the example has no %q", block)
	}
	with := func(colors string) string {
		return strings.Replace(string(example), block, "  focus_colors: "+colors, 1)
	}
	cfg, err := loadWith(with(`{varumarke: "#7A3E9D"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Programme.FocusColors; got["varumarke"] != "#7A3E9D" || len(got) != 1 {
		t.Errorf("focus colours %v", got)
	}
	for colors, want := range map[string]string{
		`{okand: "#7A3E9D"}`:  `programme.focus_colors: "okand" är inget fokusområde; giltiga är`,
		`{varumarke: "lila"}`: `programme.focus_colors.varumarke: "lila" är ingen färg`,
	} {
		_, err := loadWith(with(colors))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "arshjul.yaml:") {
			t.Errorf("%s: %v", colors, err)
		}
	}
}
