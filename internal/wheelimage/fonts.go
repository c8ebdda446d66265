package wheelimage

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/tdewolff/canvas"
)

// The fonts travel in the binary, so that the PNG and the PDF look the same
// on every server and the static image needs no font package. DejaVu Sans
// (the Bitstream Vera licence, fonts/LICENSE) may be copied and
// distributed with software, and embedded in documents; it is the font
// Debian's Chromium draws the SVG with, so the three pictures agree.
var (
	//go:embed fonts/DejaVuSans.ttf
	regular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	bold []byte
)

var (
	fontOnce sync.Once
	family   *canvas.FontFamily
	fontErr  error
)

func fonts() (*canvas.FontFamily, error) {
	fontOnce.Do(func() {
		f := canvas.NewFontFamily("DejaVu Sans")
		if err := f.LoadFont(regular, 0, canvas.FontRegular); err != nil {
			fontErr = fmt.Errorf("DejaVu Sans: %w", err)
			return
		}
		if err := f.LoadFont(bold, 0, canvas.FontBold); err != nil {
			fontErr = fmt.Errorf("DejaVu Sans Bold: %w", err)
			return
		}
		family = f
	})
	return family, fontErr
}
