package config_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/avesta-kommun/arshjul/internal/config"
)

// TestControlCharactersInNames: a carriage return in the programme's name
// broke every feed, ESC in a unit's name the SVG; each name every feed
// and page shows is checked, with its line.
func TestControlCharactersInNames(t *testing.T) {
	example, err := os.ReadFile("../../config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ from, to, want string }{
		{"name: Kommunikationsprogram 2026–2028", `name: "Kommunikationsprogram\r\nBcc: x"`, "programme.name innehåller styrtecknet U+000D"},
		{"organisation: Avesta kommunkoncern", `organisation: "Avesta\u0000"`, "programme.organisation innehåller styrtecknet U+0000"},
		{"name: Kommunikationsenheten", `name: "Kommunikations\u001benheten"`, `enhet kommunikation: name innehåller styrtecknet U+001B`},
		{"webb: Webbplatsen avesta.se", `webb: "Webb\tplats"`, "programme.channels.webb innehåller styrtecknet U+0009"},
	} {
		if !strings.Contains(string(example), c.from) {
			t.Fatalf("the example has no %q", c.from)
		}
		_, err := loadWith(strings.Replace(string(example), c.from, c.to, 1))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "arshjul.yaml:") {
			t.Errorf("%s: %v", c.to, err)
		}
	}
}

// loadWith loads data as the config, with an empty calendar for each of
// the example's units.
func loadWith(data string) (*config.Config, error) {
	fsys := fstest.MapFS{"config/arshjul.yaml": {Data: []byte(data)}}
	for _, name := range []string{"kommunikation", "hr", "ekonomi", "vatten-avfall"} {
		fsys["calendars/"+name+".yaml"] = &fstest.MapFile{Data: []byte("wheel: []\n")}
	}
	fsys["calendars/kommunledning/a.yaml"] = &fstest.MapFile{Data: []byte("wheel: []\n")}
	return config.Load(config.Embedded(fsys), "config/arshjul.yaml")
}
