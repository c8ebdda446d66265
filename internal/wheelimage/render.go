// Package wheelimage turns the wheel's SVG into PNG and PDF with a pure-Go
// renderer (tdewolff/canvas) and fonts in the binary, so that the static
// image needs nothing beside it. It draws the SVG the wheelsvg package
// writes, not SVG in general: the one drawing model stays the SVG.
package wheelimage

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"
	"github.com/tdewolff/canvas/renderers/rasterizer"
)

// Format is a page: its size in millimetres and the PNG's dots per mm.
type Format struct {
	Name string
	W, H float64
	DPMM float64
}

// Formats are the ?format= values: A3 and A4 landscape for print (the
// A3-shaped picture; 150 dpi in PNG), and the 16:9 slide at 1920 × 1080
// pixels (96 dpi, 508 × 285.75 mm in PDF).
var Formats = map[string]Format{
	"a3":   {Name: "a3", W: 420, H: 297, DPMM: 150 / 25.4},
	"a4":   {Name: "a4", W: 297, H: 210, DPMM: 150 / 25.4},
	"bild": {Name: "bild", W: 1920 * 25.4 / 96, H: 1080 * 25.4 / 96, DPMM: 96 / 25.4},
}

// PNG draws svg on a page of format f.
func PNG(svg []byte, f Format) ([]byte, error) {
	r := rasterizer.New(f.W, f.H, canvas.DPMM(f.DPMM), canvas.DefaultColorSpace)
	if err := paint(canvas.NewContext(r), svg, f.W, f.H); err != nil {
		return nil, fmt.Errorf("PNG: %w", err)
	}
	r.Close()
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, r); err != nil {
		return nil, fmt.Errorf("PNG: %w", err)
	}
	return b.Bytes(), nil
}

// PDF draws svg on a page of format f: vector paths, and text as text in
// the embedded font (a subset), so that it can be searched and copied.
func PDF(svg []byte, f Format) ([]byte, error) {
	var b bytes.Buffer
	r := pdf.New(&b, f.W, f.H, &pdf.Options{Compress: true, SubsetFonts: true})
	if err := paint(canvas.NewContext(r), svg, f.W, f.H); err != nil {
		return nil, fmt.Errorf("PDF: %w", err)
	}
	if err := r.Close(); err != nil {
		return nil, fmt.Errorf("PDF: %w", err)
	}
	return b.Bytes(), nil
}
