// Command genlarge writes a large configuration for load tests:
// go run ./tools/genlarge -units 50 -items 1000 -out /tmp/large
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/avesta-kommun/arshjul/internal/testenv"
)

func main() {
	units := flag.Int("units", 50, "number of units")
	items := flag.Int("items", 1000, "items per unit")
	out := flag.String("out", "", "folder to write config/ and calendars/ into (required; e.g. a temp folder: generated files stay out of git)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genlarge: give -out FOLDER")
		os.Exit(2)
	}
	if err := testenv.WriteLarge(*out, *units, *items); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
