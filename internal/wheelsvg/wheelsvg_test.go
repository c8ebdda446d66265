package wheelsvg

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// dense is a wheel of n arcs: weekly, monthly and multi-day items with
// titles of every length, in three rings.
func dense(n int) *Wheel {
	rng := rand.New(rand.NewPCG(1, 2))
	w := &Wheel{Title: "Förvaltning med åäö", Year: 2027, StartMonth: time.January}
	for r := 0; r < 3; r++ {
		w.Rings = append(w.Rings, Ring{Label: fmt.Sprintf("Ring %d", r)})
	}
	start := wheel.Date{Year: 2027, Month: 1, Day: 1}
	for i := 0; i < n; i++ {
		from := start.AddDays(rng.IntN(365))
		to := from.AddDays([]int{0, 0, 0, 1, 4, 13, 30}[rng.IntN(7)])
		title := strings.Repeat("Åtgärd ", 1+rng.IntN(4)) + fmt.Sprint(i)
		w.Rings[i%3].Arcs = append(w.Rings[i%3].Arcs, Arc{ID: fmt.Sprintf("u/i%d/%s", i, from), Title: title, From: from, To: to, Color: "#00558C", Href: "/x"})
	}
	return w
}

func TestLanesNeverOverlap(t *testing.T) {
	w := dense(2000)
	s := newScale(w)
	for _, ring := range w.Rings {
		ps, n := lanes(s, ring.Arcs)
		if len(ps) != len(ring.Arcs) {
			t.Fatalf("%d of %d arcs placed", len(ps), len(ring.Arcs))
		}
		byLane := make([][]placed, n)
		for _, p := range ps {
			byLane[p.lane] = append(byLane[p.lane], p)
		}
		for l, lane := range byLane {
			for i := 1; i < len(lane); i++ {
				if lane[i].from < lane[i-1].to {
					t.Fatalf("lane %d: %s overlaps %s", l, lane[i].arc.ID, lane[i-1].arc.ID)
				}
			}
		}
	}
}

// TestDenseWheelStaysReadable: with 2,000 occurrences every arc is still
// drawn, no two titles share a place (each title sits on its own arc, and
// arcs in a lane never overlap), and a title is drawn only where it fits
// its arc; the rest are left to the list beside the wheel.
func TestDenseWheelStaysReadable(t *testing.T) {
	w := dense(2000)
	svg, st := Render(w, Options{})
	if st.Arcs != 2000 {
		t.Errorf("%d arcs drawn, want 2000", st.Arcs)
	}
	if st.Labelled > st.Arcs/10 {
		t.Errorf("%d of %d labelled: lanes this thin cannot hold titles", st.Labelled, st.Arcs)
	}
	// 2,000 titles cannot all be beside the wheel at 6 pt: the lowest
	// ranked go to the list, and the picture says how many.
	if st.Outside == 0 || st.Dropped == 0 || !strings.Contains(string(svg), fmt.Sprintf(">+%d fler i listan</text>", st.Dropped)) {
		t.Errorf("outside %d, dropped %d, and the picture must say so", st.Outside, st.Dropped)
	}
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
	}
	if n := strings.Count(string(svg), `aria-hidden="true">`); n < st.Labelled {
		t.Errorf("%d titles drawn for %d labels", n, st.Labelled)
	}
}

// A sparse wheel puts every title that fits on its arc, and no other.
func TestSparseWheelLabels(t *testing.T) {
	w := &Wheel{Year: 2027, Rings: []Ring{{Label: "Planering"}}}
	long := wheel.Date{Year: 2027, Month: 3, Day: 1}
	w.Rings[0].Arcs = []Arc{
		{ID: "u/a/2027-03-01", Title: "Budgetarbete", From: long, To: long.AddDays(40), Color: "#1B7340"},
		{ID: "u/b/2027-06-01", Title: "Medarbetarenkät med en mycket lång rubrik som inte får plats", From: long.AddDays(92), To: long.AddDays(92), Color: "#1B7340"},
	}
	svg, st := Render(w, Options{})
	if st.Arcs != 2 || st.Labelled != 1 || !strings.Contains(string(svg), ">Budgetarbete</textPath>") || strings.Contains(string(svg), "plats</textPath>") || strings.Contains(string(svg), "plats</text>") {
		t.Errorf("labels: %+v", st)
	}
}

func TestTextFitsAndColour(t *testing.T) {
	if textFits("Medarbetarenkät", 13, 60) || !textFits("Medarbetarenkät", 13, 200) {
		t.Error("textFits")
	}
	if textColor("#00558C") != "#FFFFFF" || textColor("#F4B400") != "#000000" {
		t.Error("textColor")
	}
	s := newScale(&Wheel{Year: 2028})
	if s.days != 366 || math.Abs(s.angle(wheel.Date{Year: 2028, Month: 7, Day: 2})-math.Pi) > 0.01 {
		t.Errorf("leap year scale: %v days, 2 July at %v", s.days, s.angle(wheel.Date{Year: 2028, Month: 7, Day: 2}))
	}
}

// BenchmarkRender draws the picture alone (its legend and outside titles
// laid out) for 200 and 2,000 occurrences: the layout must grow with the
// arcs, not their square.
func BenchmarkRender(b *testing.B) {
	for _, n := range []int{200, 2000} {
		w := dense(n)
		b.Run(fmt.Sprintf("occurrences=%d", n), func(b *testing.B) {
			var st Stats
			for b.Loop() {
				_, st = Render(w, Options{Standalone: true})
			}
			b.ReportMetric(float64(st.Outside), "titles-outside")
		})
	}
}

// TestOutsideTitlesNeverOverlap: however many titles go beside the wheel
// (5 to 400, on one side or both), those placed keep the order of their
// dates on each side, their boxes (as estimated for the font) neither
// overlap each other nor reach into the wheel, and they are at least 6 pt
// at A3; the rest are counted as left out.
func TestOutsideTitlesNeverOverlap(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{5, 40, 120, 400} {
		for _, oneSide := range []bool{false, true} {
			var all []*outside
			for i := 0; i < n; i++ {
				a := rng.Float64() * 2 * math.Pi
				if oneSide {
					a = rng.Float64() * math.Pi
				}
				all = append(all, &outside{text: strings.Repeat("Aktivitet med åäö ", 1+rng.IntN(4)) + fmt.Sprint(i), angle: a, radius: 300, rank: rng.IntN(3)})
			}
			placed, fs, dropped := placeOutside(printed, all)
			if len(placed)+dropped != n || fs < minFont {
				t.Fatalf("n=%d: %d placed + %d dropped, font %v", n, len(placed), dropped, fs)
			}
			type box struct{ x0, y0, x1, y1 float64 }
			var boxes []box
			for _, o := range placed {
				w := 0.0
				for _, l := range o.lines {
					w = math.Max(w, textLen(l, fs))
				}
				x := o.near(o.left)
				b := box{x, o.top, x + w, o.top + o.h}
				if o.left {
					b.x0, b.x1 = x-w, x
				}
				for _, p := range [][2]float64{{b.x0, b.y0}, {b.x1, b.y0}, {b.x0, b.y1}, {b.x1, b.y1}, {b.x0, cy}, {b.x1, cy}} {
					if p[1] >= b.y0 && p[1] <= b.y1 && math.Hypot(p[0]-cx, p[1]-cy) < rClear-0.01 {
						t.Fatalf("n=%d: %q reaches into the wheel at %v", n, o.text, p)
					}
				}
				if b.y0 < 0 || b.y1 > height {
					t.Fatalf("n=%d: %q off the picture (%v–%v)", n, o.text, b.y0, b.y1)
				}
				boxes = append(boxes, b)
			}
			for i := range boxes {
				for j := i + 1; j < len(boxes); j++ {
					a, b := boxes[i], boxes[j]
					if a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 {
						t.Fatalf("n=%d: %q and %q overlap", n, placed[i].text, placed[j].text)
					}
				}
			}
			if fs*420/width*72/25.4 < 6 {
				t.Errorf("n=%d: titles at %v units are under 6 pt at A3", n, fs)
			}
		}
	}
}

// TestUnitColoursContrast (WCAG 1.4.11): a pale unit colour is darkened
// until it contrasts 3:1 with both shades of the rings; one that does
// already is left as it is.
func TestUnitColoursContrast(t *testing.T) {
	for in, keep := range map[string]bool{"#FFD700": false, "#A0E0FF": false, "#FFFFFF": false, "#00558C": true, "#1B7340": true} {
		out := Contrasting(in)
		var r, g, b int
		fmt.Sscanf(strings.TrimPrefix(out, "#"), "%02x%02x%02x", &r, &g, &b)
		if c := math.Min(contrast(r, g, b, shadeA), contrast(r, g, b, shadeB)); c < 3 {
			t.Errorf("%s → %s contrasts %.2f:1 with the rings", in, out, c)
		}
		if keep && !strings.EqualFold(in, out) {
			t.Errorf("%s was changed to %s though it contrasts enough", in, out)
		}
	}
}

// TestArcNames: an arc's accessible name is its title, its date and its
// ring; a band's, its title, rule, count and ring.
func TestArcNames(t *testing.T) {
	d := wheel.Date{Year: 2027, Month: 3, Day: 2}
	w := &Wheel{Year: 2027, Rings: []Ring{{Label: "Varumärke"}}}
	w.Rings[0].Arcs = append(w.Rings[0].Arcs, Arc{ID: "u/a/2027-03-02", Item: "u/a", Title: "Budgetdialog", Detail: "2 mars", From: d, To: d, Color: "#00558C"})
	for i := 0; i < 10; i++ {
		day := d.AddDays(7 * i)
		w.Rings[0].Arcs = append(w.Rings[0].Arcs, Arc{ID: "u/m/" + day.String(), Item: "u/m", Series: "tisdagar 09.00", Title: "Redaktionsmöte", From: day, To: day, Color: "#00558C"})
	}
	svg, st := Render(w, Options{})
	for _, want := range []string{`aria-label="Budgetdialog, 2 mars, ring: Varumärke"`, `aria-label="Redaktionsmöte, tisdagar 09.00, 10 tillfällen 2027, ring: Varumärke"`} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("no %s", want)
		}
	}
	if st.Bands != 1 || st.Arcs != 11 {
		t.Errorf("bands %d, occurrences %d; want 1 and 11", st.Bands, st.Arcs)
	}
}

// TestPaletteContrast guards the default ring colours (WCAG 1.4.11): each
// contrasts 3:1 with both shades of the rings, and with the next ring's
// colour (neighbouring rings touch), which also makes neighbours differ
// in a greyscale print; and a title on a one-off arc keeps 4.5:1.
func TestPaletteContrast(t *testing.T) {
	if len(Palette)%2 != 0 || len(Palette) < 4 {
		t.Fatalf("the palette has %d colours; it must alternate dark and mid (an even number)", len(Palette))
	}
	for i, c := range Palette {
		for _, bg := range []string{shadeA, shadeB} {
			if k := Contrast(c, bg); k < 3 {
				t.Errorf("%s on %s: %.2f:1", c, bg, k)
			}
		}
		next := Palette[(i+1)%len(Palette)]
		if k := Contrast(c, next); k < 3 {
			t.Errorf("neighbours %s and %s: %.2f:1", c, next, k)
		}
		if k := Contrast(textColor(c), c); k < 4.5 {
			t.Errorf("a title on %s: %.2f:1", c, k)
		}
		if g, h := Grey(c), Grey(next); math.Max(g, h) < 3*math.Min(g, h) {
			t.Errorf("in greyscale %s (%.3f) and %s (%.3f) are too alike", c, g, next, h)
		}
	}
	// The sums the palette rests on, on known values.
	if k := Contrast("#000000", "#FFFFFF"); math.Abs(k-21) > 0.01 {
		t.Errorf("black on white %.2f:1, want 21", k)
	}
	if k := Contrast("#777777", "#FFFFFF"); math.Abs(k-4.48) > 0.01 {
		t.Errorf("#777 on white %.2f:1, want 4.48", k)
	}
}

// TestRingColours: an arc that names no colour takes its ring's, the
// configured one or else the palette's for the ring's place; the picture
// alone shows each ring's colour in its legend; a series is a thin strip
// with ticks (no filled band), a one-off a solid arc.
func TestRingColours(t *testing.T) {
	d := wheel.Date{Year: 2027, Month: 3, Day: 2}
	w := &Wheel{Year: 2027, Rings: []Ring{{Label: "Planering"}, {Label: "Varumärke", Color: "#123456"}, {Label: "Förtroende"}}}
	for i := range w.Rings {
		w.Rings[i].Arcs = append(w.Rings[i].Arcs, Arc{ID: fmt.Sprintf("u/a%d/x", i), Item: fmt.Sprintf("u/a%d", i), Title: "Budgetdialog", From: d, To: d.AddDays(20)})
	}
	for i := 0; i < 10; i++ {
		day := d.AddDays(7 * i)
		w.Rings[0].Arcs = append(w.Rings[0].Arcs, Arc{ID: "u/m/" + day.String(), Item: "u/m", Series: "tisdagar 09.00", Title: "Redaktionsmöte", From: day, To: day})
	}
	svg, _ := Render(w, Options{Standalone: true})
	doc := string(svg)
	for _, want := range []string{
		`data-ring="Planering" data-colour="` + Palette[0] + `"`,
		`data-ring="Varumärke" data-colour="#123456"`,
		`data-ring="Förtroende" data-colour="` + Palette[2] + `"`,
		`fill="#123456" stroke="#FFFFFF"`, // the one-off arc, solid
		`class="swatch" x="1670" y="`,     // the legend's colours
		`class="series-strip"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("no %s", want)
		}
	}
	if strings.Contains(doc, `fill-opacity="0.22"`) {
		t.Error("a series is still a filled band")
	}
	if n := strings.Count(doc, `class="swatch"`); n != 3 {
		t.Errorf("%d colours in the legend, want 3", n)
	}
}

// TestSlide: the slide is 1920 × 1080 with the unit and period as its
// title and the legend beside the wheel; it carries neither today's line
// nor follow-up marks; every title on it is 14 px or larger on a full HD
// screen; titles left to the list are counted with the list's address.
func TestSlide(t *testing.T) {
	for _, n := range []int{30, 400} {
		w := dense(n)
		today := wheel.Date{Year: 2027, Month: 5, Day: 3}
		w.Today = &today
		w.Deadlines = []Deadline{{ID: "d", Title: "Uppföljning", Due: today, State: "overdue", StateWords: "försenad"}}
		svg, st := Render(w, Options{Standalone: true, Slide: true, ListURL: "https://hjul.example.se/wheel/all?year=2027#lista"})
		wellFormedSVG(t, svg)
		doc := string(svg)
		for _, want := range []string{`width="1920" height="1080" viewBox="0 0 1920 1080"`, `>Förvaltning med åäö – 2027</text>`, `class="legend"`, `transform="translate(192.5 90) scale(0.7)"`} {
			if !strings.Contains(doc, want) {
				t.Errorf("%d: no %s", n, want)
			}
		}
		for _, bad := range []string{`class="today"`, `class="deadlines"`, ">I dag<", "Försenad uppföljning"} {
			if strings.Contains(doc, bad) {
				t.Errorf("%d: the slide has %s", n, bad)
			}
		}
		for _, m := range regexp.MustCompile(`class="label"[^>]*font-size="([0-9.]+)"`).FindAllStringSubmatch(doc, -1) {
			if px := atof(m[1]) * slideScale; px < 14-1e-9 {
				t.Errorf("%d: a title of %.1f px", n, px)
			}
		}
		if st.Dropped > 0 != strings.Contains(doc, fmt.Sprintf("+%d fler i listan", st.Dropped)) || st.Dropped > 0 && !strings.Contains(doc, ">https://hjul.example.se/") {
			t.Errorf("%d: %d titles left to the list, and the slide says %v", n, st.Dropped, regexp.MustCompile(`\+\d+ fler[^<]*`).FindString(doc))
		}
		if n == 30 && st.Dropped > 0 {
			t.Errorf("30 occurrences, %d titles left to the list", st.Dropped)
		}
		if n == 400 && st.Dropped == 0 {
			t.Error("400 occurrences all titled on a slide: the test proves nothing of +N fler")
		}
	}
}

func atof(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }

func wellFormedSVG(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
	}
}
