// Command widexlsx writes a hostile aktivitetsplan for scripts/hostile-test.sh:
// rows valid rows, each with one more cell in column XFD.
//
//	go run ./tools/widexlsx -rows 4000 -out /tmp/wide.xlsx
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/avesta-kommun/arshjul/internal/testenv"
)

func main() {
	rows := flag.Int("rows", 4000, "rows under the header")
	out := flag.String("out", "", "the workbook to write (required)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "widexlsx: give -out FILE")
		os.Exit(2)
	}
	var b bytes.Buffer
	if err := testenv.WideWorkbook(&b, *rows); err != nil {
		fmt.Fprintln(os.Stderr, "widexlsx:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "widexlsx:", err)
		os.Exit(1)
	}
}
