package wheelimage

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/wheel"
	"github.com/avesta-kommun/arshjul/internal/wheelsvg"
)

// example is a wheel of n occurrences in three rings: one-off activities
// with Swedish titles, and a weekly series.
func example(n int) *wheelsvg.Wheel {
	w := &wheelsvg.Wheel{Title: "Kommunikationsenheten", Subtitle: "Kommunikationsprogram 2026–2028", Year: 2027, StartMonth: time.January}
	for _, name := range []string{"Kommunikationsplanering", "Varumärke", "Förtroende"} {
		w.Rings = append(w.Rings, wheelsvg.Ring{Label: name})
	}
	start := wheel.Date{Year: 2027, Month: 1, Day: 4}
	for i := 0; i < n; i++ {
		d := start.AddDays((i * 37) % 360)
		if i%5 == 0 { // a weekly series
			d = start.AddDays(7 * (i / 5 % 50))
			w.Rings[0].Arcs = append(w.Rings[0].Arcs, wheelsvg.Arc{ID: fmt.Sprintf("u/m/%s", d), Item: "u/m", Series: "tisdagar 09.00", Title: "Redaktionsmöte", From: d, To: d, Href: "/x"})
			continue
		}
		title := fmt.Sprintf("Årsredovisning och öppet hus %d", i)
		w.Rings[i%3].Arcs = append(w.Rings[i%3].Arcs, wheelsvg.Arc{ID: fmt.Sprintf("u/a%d/%s", i, d), Item: fmt.Sprintf("u/a%d", i), Title: title, From: d, To: d.AddDays(i % 9), Href: "/x"})
	}
	return w
}

// TestPNG: the picture decodes as a PNG of the format's size, drawn (not
// blank): the white page with the wheel's ring colours and dark text on it.
func TestPNG(t *testing.T) {
	for _, c := range []struct {
		format string
		w, h   int
	}{{"bild", 1920, 1080}, {"a3", 2480, 1754}, {"a4", 1754, 1240}} {
		w := example(60)
		svg, _ := wheelsvg.Render(w, wheelsvg.Options{Standalone: true, Slide: c.format == "bild", ListURL: "https://hjul.example.se/wheel/k#lista"})
		b, err := PNG(svg, Formats[c.format])
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		if got := img.Bounds(); got.Dx() != c.w || got.Dy() != c.h {
			t.Errorf("%s: %v, want %d × %d", c.format, got, c.w, c.h)
		}
		white, dark, ring := 0, 0, 0
		for y := 0; y < img.Bounds().Dy(); y += 2 {
			for x := 0; x < img.Bounds().Dx(); x += 2 {
				r, g, b, _ := img.At(x, y).RGBA()
				switch {
				case r > 0xF000 && g > 0xF000 && b > 0xF000:
					white++
				case r < 0x4000 && g < 0x4000 && b < 0x4000:
					dark++
				}
				if near(img, x, y, wheelsvg.Palette[1]) { // the second ring's orange
					ring++
				}
			}
		}
		total := c.w * c.h / 4
		if white < total/2 || dark < total/1000 || ring < total/2000 {
			t.Errorf("%s: %d white, %d dark, %d orange of %d pixels: blank or not the wheel", c.format, white, dark, ring, total)
		}
	}
}

func near(img image.Image, x, y int, hex string) bool {
	var r0, g0, b0 int
	fmt.Sscanf(strings.TrimPrefix(hex, "#"), "%02x%02x%02x", &r0, &g0, &b0)
	r, g, b, _ := img.At(x, y).RGBA()
	d := func(a uint32, b int) int { v := int(a>>8) - b; return v * v }
	return d(r, r0)+d(g, g0)+d(b, b0) < 300
}

// TestPDF: the PDF is vector with its text as text in the embedded font:
// pdftotext (poppler) reads every title the picture shows from it, åäö
// included, and the fonts are embedded.
func TestPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv(icalcheck.RequireEnv) != "" { // scripts/test.sh: every outside reader must be there
			t.Fatal("pdftotext (Debian poppler-utils) is missing")
		}
		t.Skip("pdftotext (Debian poppler-utils) is missing; scripts/test.sh installs it")
	}
	w := example(40)
	svg, st := wheelsvg.Render(w, wheelsvg.Options{Standalone: true, Slide: true})
	b, err := PDF(svg, Formats["bild"])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:16])
	}
	file := t.TempDir() + "/bild.pdf"
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-raw", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	// Text along an arc comes out a glyph or a few at a time, in order.
	lines := string(out)
	joined := strings.Join(strings.Fields(lines), "")
	found := 0
	for _, ring := range w.Rings {
		for _, a := range ring.Arcs {
			if strings.Contains(joined, strings.Join(strings.Fields(a.Title), "")) {
				found++
			}
		}
	}
	if !strings.Contains(lines, "Kommunikationsenheten – 2027") || !strings.Contains(lines, "Årsredovisning och öppet hus") {
		t.Errorf("the title or a title beside the wheel is not text in the PDF:\n%.400s", lines)
	}
	if st.Dropped == 0 && found < 40 {
		t.Errorf("%d of 40 titles found as text in the PDF", found)
	}
	fonts, err := exec.Command("pdffonts", file).Output()
	if err == nil && !strings.Contains(string(fonts), "DejaVuSans") {
		t.Errorf("DejaVu Sans is not embedded:\n%s", fonts)
	}
}

// BenchmarkImage draws the wheel of 200 and of 2,000 occurrences as PNG
// and PDF, A3 and the slide: the SVG, then the image (docs/wheel.md).
func BenchmarkImage(b *testing.B) {
	for _, n := range []int{200, 2000} {
		for _, format := range []string{"a3", "bild"} {
			for _, kind := range []string{"png", "pdf"} {
				b.Run(fmt.Sprintf("%s-%s-%d", kind, format, n), func(b *testing.B) {
					w := example(n)
					draw := PNG
					if kind == "pdf" {
						draw = PDF
					}
					for b.Loop() {
						svg, _ := wheelsvg.Render(w, wheelsvg.Options{Standalone: true, Slide: format == "bild"})
						if _, err := draw(svg, Formats[format]); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}
