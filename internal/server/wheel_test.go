package server_test

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"html"
	"image/png"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/wheel"
	"github.com/avesta-kommun/arshjul/internal/wheelsvg"
)

// arcRe finds each occurrence drawn: an arc of its own, or a tick in its
// item's band.
var arcRe = regexp.MustCompile(`data-occurrence="([^"]+)"`)

// occurrencesIn lists the ids of a unit's occurrences that touch the span,
// worked out from the stored items, public ones only when asked.
func occurrencesIn(t *testing.T, f *fixture, unit string, from, to wheel.Date, publicOnly bool, keep func(*wheel.Item) bool) map[string]bool {
	cur := f.holder.Current()
	out := map[string]bool{}
	for _, rec := range cur.Snapshot.Items[unit] {
		it := rec.Item
		if (publicOnly && !it.Public) || (keep != nil && !keep(&it)) {
			continue
		}
		for _, o := range occur.Expand(&cur.Config.Programme, unit, &it) {
			if !o.LastDay.Before(from) && o.Date.Before(to) {
				out[o.ID] = true
			}
		}
	}
	return out
}

func arcs(t *testing.T, body []byte) map[string]bool {
	out := map[string]bool{}
	for _, m := range arcRe.FindAllSubmatch(body, -1) {
		id := string(m[1])
		if out[id] {
			t.Errorf("arc %s drawn twice", id)
		}
		out[id] = true
	}
	return out
}

func sameSet(t *testing.T, what string, got, want map[string]bool) {
	t.Helper()
	if len(want) == 0 {
		t.Fatalf("%s: nothing expected; the test proves nothing", what)
	}
	for id := range want {
		if !got[id] {
			t.Errorf("%s: arc %s missing", what, id)
		}
	}
	for id := range got {
		if !want[id] {
			t.Errorf("%s: arc %s not expected", what, id)
		}
	}
}

func wellFormed(t *testing.T, body []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		if _, err := d.Token(); err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
}

func TestWheelArcsAreTheOccurrences(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	tok := f.token(t, store.UnitScope("kommunikation"))
	d := func(s string) wheel.Date { x, _ := wheel.ParseDate(s); return x }

	resp, body := f.get(t, "/wheel/"+tok+"/kommunikation?year=2026")
	if resp.StatusCode != 200 || !strings.Contains(string(body), `lang="sv"`) {
		t.Fatalf("wheel page: %d", resp.StatusCode)
	}
	sameSet(t, "kommunikation 2026", arcs(t, body), occurrencesIn(t, f, "kommunikation", d("2026-01-01"), d("2027-01-01"), false, nil))
	// Every arc is also in the list, by the same link.
	for id := range arcs(t, body) {
		if !strings.Contains(string(body), "/item/") || !strings.Contains(string(body), id[strings.LastIndexByte(id, '/')+1:]) {
			t.Errorf("%s not in the list", id)
		}
	}

	// A school or budget year: August to July.
	resp, body = f.get(t, "/wheel/"+tok+"/kommunikation.svg?year=2026&start=8")
	wellFormed(t, body)
	if resp.Header.Get("Content-Type") != "image/svg+xml; charset=utf-8" || !strings.Contains(string(body), `width="420mm" height="297mm"`) ||
		!strings.Contains(string(body), ">augusti</textPath>") || !strings.Contains(string(body), "Ringarna, utifrån och in") || !strings.Contains(string(body), ">visar fokusområden</text>") {
		t.Errorf("the picture alone: %q, not an A3 landscape SVG with months and legend", resp.Header.Get("Content-Type"))
	}
	sameSet(t, "from August", arcs(t, body), occurrencesIn(t, f, "kommunikation", d("2026-08-01"), d("2027-08-01"), false, nil))

	// One ring per plan: the same arcs, in rings named after the plans.
	_, body = f.get(t, "/wheel/"+tok+"/kommunikation?year=2026&rings=plans&holidays=1")
	sameSet(t, "rings=plans", arcs(t, body), occurrencesIn(t, f, "kommunikation", d("2026-01-01"), d("2027-01-01"), false, nil))
	if !strings.Contains(string(body), `data-ring="Allmänna val 2026"`) || !strings.Contains(string(body), "Långfredagen, 2026-04-03") {
		t.Error("rings=plans&holidays=1: no ring for the election plan, or no Good Friday")
	}

	// A filter narrows it as on the feeds.
	_, body = f.get(t, "/wheel/"+tok+"/kommunikation?year=2027&focus=varumarke")
	sameSet(t, "varumarke 2027", arcs(t, body), occurrencesIn(t, f, "kommunikation", d("2027-01-01"), d("2028-01-01"), false,
		func(it *wheel.Item) bool { return it.Focus == "varumarke" }))

	// The public wheel of a public unit shows its public items only.
	_, body = f.get(t, "/wheel/ekonomi?year=2026")
	sameSet(t, "ekonomi public", arcs(t, body), occurrencesIn(t, f, "ekonomi", d("2026-01-01"), d("2027-01-01"), true, nil))
}

func TestWheelAccess(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	hr, admin := f.token(t, store.UnitScope("hr")), f.token(t, store.AdminScope)
	for path, want := range map[string]int{
		"/wheel/hr":                          404, // internal, no token
		"/wheel/" + hr + "/hr":               200,
		"/wheel/" + hr + "/kommunikation":    404, // another unit's token
		"/wheel/" + admin + "/kommunikation": 200,
		"/wheel/" + admin + "/all":           200,
		"/wheel/" + hr + "/all":              404,
		"/wheel/public":                      200,
		"/wheel/" + hr + "/hr.svg":           200,
		"/wheel/nosuchtoken/hr":              404,
		"/wheel/ekonomi?year=20x6":           400,
		"/wheel/ekonomi?start=13":            400,
		"/wheel/ekonomi?focus=okand":         400,
		"/wheel/ekonomi?colour=red":          200, // unknown parameters are ignored (SPEC)
		"/wheel/ekonomi?year=1899":           400,
		"/t/" + hr:                           200,
		"/t/nosuchtoken":                     404,
		"/admin/" + admin + "/followups":     200,
		"/admin/" + hr + "/followups":        404,
	} {
		resp, body := f.get(t, path)
		if resp.StatusCode != want {
			t.Errorf("%s: %d, want %d", strings.Replace(path, hr, "HR", 1), resp.StatusCode, want)
		}
		if want == 200 && !strings.HasSuffix(path, ".svg") {
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
				if resp.Header.Get(h) == "" {
					t.Errorf("%s: no %s", path, h)
				}
			}
			if bytes.Contains(body, []byte("<script>")) || bytes.Contains(body, []byte(" style=")) {
				t.Errorf("%s: inline script or style (the CSP forbids them)", path)
			}
		}
	}
	// A unit's token shows that unit only; the admin's, all and the overview.
	_, body := f.get(t, "/t/"+hr)
	if !strings.Contains(string(body), "HR-avdelningen") || strings.Contains(string(body), "Kommunikationsenheten") {
		t.Error("the HR token's page shows other units or not HR")
	}
	_, body = f.get(t, "/t/"+admin)
	if !strings.Contains(string(body), "Kommunikationsenheten") || !strings.Contains(string(body), "/admin/") ||
		!strings.Contains(string(body), "addfromweb?url=") || !strings.Contains(string(body), "webcal://") {
		t.Error("the admin's page lacks units, the overview or subscribe links")
	}
	// The public start page never shows an internal unit or a token.
	_, body = f.get(t, "/")
	if strings.Contains(string(body), "HR-avdelningen") || strings.Contains(string(body), hr) {
		t.Error("the public start page shows an internal unit")
	}
}

func TestItemPage(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	tok := f.token(t, store.UnitScope("kommunikation"))
	resp, body := f.get(t, "/wheel/"+tok+"/kommunikation/item/valet-2026.pressmeddelande")
	if resp.StatusCode != 200 {
		t.Fatalf("item page: %d", resp.StatusCode)
	}
	for _, want := range []string{"Kommunikationsplan: Allmänna val 2026", "1. Vad ska vi kommunicera?", "7. Hur följs det upp?", `id="2026-08-20"`, "Uppföljningar"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("item page lacks %q", want)
		}
	}
	if resp, _ := f.get(t, "/wheel/kommunikation/item/valet-2026.pressmeddelande"); resp.StatusCode != 404 {
		t.Errorf("an internal unit's item without a token: %d", resp.StatusCode)
	}
}

func TestFollowUpOverviewCSV(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	admin := f.token(t, store.AdminScope)
	resp, body := f.get(t, "/admin/"+admin+"/followups.csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !bytes.HasPrefix(body, []byte("\uFEFF")) {
		t.Fatalf("csv: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF"))))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, fus := range f.holder.Current().Snapshot.FollowUps {
		want += len(fus)
	}
	if len(rows) != want+1 || rows[0][0] != "verksamhet" || !bytes.Contains(body, []byte("\r\n")) {
		t.Errorf("%d rows for %d follow-ups; header %v", len(rows)-1, want, rows[0])
	}
	overdue := 0
	for _, row := range rows[1:] {
		if row[4] == "försenad" {
			overdue++
		}
	}
	if overdue == 0 {
		t.Error("no overdue follow-up in September 2026")
	}
}

// TestWheelMarksDaysOff (issue 11, point 9): an activity on a public
// holiday or an eve nobody works is marked on the wheel (a red dashed
// outline, named in the arc's accessible name) and in the list, and the
// legend explains the mark: the newsletter of Easter Monday 2026 and the
// manager information of nyårsafton. An activity on a working day is not.
func TestWheelMarksDaysOff(t *testing.T) {
	f := start(t, time.Date(2026, 9, 21, 10, 0, 0, 0, stockholm))
	tok := f.token(t, store.UnitScope("kommunikation"))
	_, body := f.get(t, "/wheel/"+tok+"/kommunikation?year=2026")
	page := string(body)
	for id, name := range map[string]string{"kommunikation/nyhetsbrev/2026-04-06": "Annandag påsk", "kommunikation/chefsinfo/2026-12-31": "Nyårsafton"} {
		m := regexp.MustCompile(`<(?:a|path) class="([^"]*)"(?: href="[^"]*")? data-occurrence="` + regexp.QuoteMeta(id) + `"[^>]*>(?:<title>([^<]*)</title>)?`).FindStringSubmatch(page)
		if m == nil || !strings.Contains(m[1], "dayoff") || !strings.Contains(m[2], "röd dag: "+name) {
			t.Errorf("%s: %q, want it marked as on %s", id, m, name)
		}
	}
	if m := regexp.MustCompile(`<(?:a|path) class="([^"]*)"(?: href="[^"]*")? data-occurrence="kommunikation/nyhetsbrev/2026-05-04"`).FindStringSubmatch(page); m == nil || strings.Contains(m[1], "dayoff") {
		t.Errorf("the newsletter of a working day: %q", m)
	}
	if n := strings.Count(page, `<span class="dayoff">Röd dag: Annandag påsk</span>`); n != 1 {
		t.Errorf("the list marks Easter Monday %d times, want once", n)
	}
	if !strings.Contains(page, "Aktivitet på en röd dag (påminnelsen går arbetsdagen före)") {
		t.Error("the legend does not explain the mark")
	}
	_, svg := f.get(t, "/wheel/"+tok+"/kommunikation.svg?year=2026")
	if !strings.Contains(string(svg), `dayoff`) {
		t.Error("the SVG alone does not mark it")
	}
}

// TestWheelViews (issue 12, point 4): a quarter (?from=2027-04&months=3)
// is April to June around the circle with a tick for every day and only
// its occurrences; the programme view has a ring per year (2028 outermost)
// and a list over all three; the views link to each other, and values the
// page does not know are refused with the valid ones.
func TestWheelViews(t *testing.T) {
	f := start(t, time.Date(2027, 5, 3, 10, 0, 0, 0, stockholm))
	tok := f.token(t, store.UnitScope("kommunikation"))
	d := func(s string) wheel.Date { x, _ := wheel.ParseDate(s); return x }

	_, body := f.get(t, "/wheel/"+tok+"/kommunikation?from=2027-04&months=3")
	page := string(body)
	sameSet(t, "quarter", arcs(t, body), occurrencesIn(t, f, "kommunikation", d("2027-04-01"), d("2027-07-01"), false, nil))
	for _, want := range []string{">april</textPath>", ">maj</textPath>", ">juni</textPath>", `class="weeks days"`, "tillfällen apr–jun 2027", "<h3>juni 2027</h3>"} {
		if !strings.Contains(page, want) {
			t.Errorf("quarter: no %s", want)
		}
	}
	if strings.Contains(page, ">juli</textPath>") || strings.Contains(page, "<h3>juli 2027</h3>") {
		t.Error("quarter: July is drawn or listed")
	}
	if !strings.Contains(page, `href="/wheel/`+tok+`/kommunikation?from=2027-07&amp;months=3" rel="next"`) {
		t.Error("quarter: no link to the next quarter")
	}

	_, body = f.get(t, "/wheel/"+tok+"/kommunikation?view=programme")
	page = string(body)
	rings := regexp.MustCompile(`data-ring="(\d{4})"`).FindAllStringSubmatch(page, -1)
	if len(rings) != 3 || rings[0][1] != "2028" || rings[2][1] != "2026" {
		t.Errorf("programme view: rings %v, want 2028, 2027, 2026", rings)
	}
	sameSet(t, "programme", arcs(t, body), occurrencesIn(t, f, "kommunikation", d("2026-01-01"), d("2029-01-01"), false, nil))
	if !strings.Contains(page, "<h3>mars 2026</h3>") || !strings.Contains(page, "<h3>december 2028</h3>") || !strings.Contains(page, "tillfällen 2026–2028") {
		t.Error("programme view: the list does not run the whole programme")
	}
	if !strings.Contains(page, `<strong aria-current="page">Hela programmet</strong>`) || !strings.Contains(page, ">Kvartalet</a>") {
		t.Error("programme view: the views are not offered")
	}

	for _, bad := range []string{"?from=2027-13", "?months=9", "?view=decennium", "?view=programme&months=3", "?unit=okand"} {
		if r, b := f.get(t, "/wheel/"+tok+"/kommunikation"+bad); r.StatusCode != 400 || len(b) < 20 { // a Swedish sentence naming what is valid
			t.Errorf("%s: %d %s", bad, r.StatusCode, b)
		}
	}
}

// TestWheelRingColours: one unit's wheel colours each ring, the configured
// focus colour (programme.focus_colors) or else the palette's for the
// ring's place, its arcs in it, and names the colours in the legend; a
// combined wheel colours by unit.
func TestWheelRingColours(t *testing.T) {
	f := start(t, time.Date(2027, 5, 3, 10, 0, 0, 0, stockholm))
	tok := f.token(t, store.UnitScope("kommunikation"))
	_, body := f.get(t, "/wheel/"+tok+"/kommunikation?year=2027")
	page := string(body)
	want := []string{
		`data-ring="Kommunikationsplanering" data-colour="#003F6B"`,
		`data-ring="Varumärke" data-colour="` + wheelsvg.Palette[1] + `"`,
		`data-ring="Förtroendeskapande kommunikation och demokrati" data-colour="` + wheelsvg.Palette[2] + `"`,
		`<rect width="16" height="16" fill="#003F6B"/></svg>Kommunikationsplanering (`,
		`class="series-strip"`,
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("no %s", w)
		}
	}
	if strings.Contains(page, `fill="#00558C"`) {
		t.Error("an arc has the unit's colour on the unit's own wheel")
	}
	admin := f.token(t, store.AdminScope)
	_, body = f.get(t, "/wheel/"+admin+"/all?year=2027")
	if !strings.Contains(string(body), `fill="#7A3E9D" stroke="#FFFFFF"`) {
		t.Error("the combined wheel does not colour an arc by its unit")
	}
}

// TestProgrammeViewSpan: the programme view's list runs from the month the
// programme starts (March 2026) to the month of valid_until (December
// 2028), with no empty months before or after; a year that starts in
// August has a ring per school year the programme touches, from 2025/26,
// so that March to July 2026 are on the wheel too.
func TestProgrammeViewSpan(t *testing.T) {
	f := start(t, time.Date(2027, 5, 3, 10, 0, 0, 0, stockholm))
	tok := f.token(t, store.UnitScope("kommunikation"))
	d := func(s string) wheel.Date { x, _ := wheel.ParseDate(s); return x }
	months := regexp.MustCompile(`<h3>([a-zåäö]+ \d{4})</h3>`)
	for _, q := range []string{"?view=programme", "?view=programme&start=8"} {
		_, body := f.get(t, "/wheel/"+tok+"/kommunikation"+q)
		list := string(body)[strings.Index(string(body), `id="lista"`):]
		got := months.FindAllStringSubmatch(list, -1)
		if len(got) != 34 || got[0][1] != "mars 2026" || got[len(got)-1][1] != "december 2028" {
			t.Errorf("%s: the list runs %d months, %v … %v; want mars 2026 to december 2028, 34", q, len(got), got[0], got[len(got)-1])
		}
		sameSet(t, q, arcs(t, body), occurrencesIn(t, f, "kommunikation", d("2026-01-01"), d("2029-01-01"), false, nil))
	}
	_, body := f.get(t, "/wheel/"+tok+"/kommunikation?view=programme&start=8")
	rings := regexp.MustCompile(`data-ring="(\d{4}/\d\d)"`).FindAllStringSubmatch(string(body), -1)
	if len(rings) != 4 || rings[0][1] != "2028/29" || rings[3][1] != "2025/26" {
		t.Errorf("rings %v, want 2028/29 … 2025/26", rings)
	}
}

// TestWheelRingsChosen: the rings show focus areas, plans, years, channels,
// audiences or owners as the "Ringarna visar" menu says (the choice shown
// selected, the legend naming it); an item with two channels or audiences
// stands in each of their rings, every occurrence of the year somewhere;
// rings=year is the programme view; an unknown kind is refused with the
// valid ones.
func TestWheelRingsChosen(t *testing.T) {
	f := start(t, time.Date(2027, 5, 3, 10, 0, 0, 0, stockholm))
	tok := f.token(t, store.UnitScope("kommunikation"))
	d := func(s string) wheel.Date { x, _ := wheel.ParseDate(s); return x }
	cur := f.holder.Current()
	prog := &cur.Config.Programme
	ringRe := regexp.MustCompile(`<g class="ring" data-ring="([^"]*)"`)
	for _, c := range []struct {
		kind, menu, legend string
		of                 func(*wheel.Item) []string
	}{
		{"channel", "Kanaler", "kanaler", func(it *wheel.Item) []string { return prog.Channels.NamesOf(it.Channels) }},
		{"audience", "Målgrupper", "målgrupper", func(it *wheel.Item) []string { return prog.Audiences.NamesOf(it.Audiences) }},
		{"owner", "Ansvariga", "ansvariga", func(it *wheel.Item) []string { return []string{it.Owner} }},
	} {
		_, body := f.get(t, "/wheel/"+tok+"/kommunikation?year=2027&rings="+c.kind)
		page := string(body)
		if !strings.Contains(page, `<option value="`+c.kind+`" selected>`+c.menu+`</option>`) || !strings.Contains(page, "Ringarna ("+c.legend+"), utifrån och in") {
			t.Errorf("%s: the menu or the legend does not say what the rings show", c.kind)
		}
		// Which rings each occurrence is drawn in.
		drawn := map[string][]string{}
		for _, ring := range strings.Split(page, `<g class="ring" `)[1:] {
			name := ringRe.FindStringSubmatch(`<g class="ring" ` + ring)[1]
			for _, m := range arcRe.FindAllStringSubmatch(ring, -1) {
				drawn[m[1]] = append(drawn[m[1]], html.UnescapeString(name))
			}
		}
		want := occurrencesIn(t, f, "kommunikation", d("2027-01-01"), d("2028-01-01"), false, nil)
		if len(want) == 0 {
			t.Fatal("no occurrences in 2027")
		}
		several := false
		for _, rec := range cur.Snapshot.Items["kommunikation"] {
			it := rec.Item
			names := c.of(&it)
			several = several || len(names) > 1
			for _, o := range occur.Expand(prog, "kommunikation", &it) {
				if !want[o.ID] {
					continue
				}
				got := drawn[o.ID]
				if len(names) == 1 && names[0] == "" || len(names) == 0 {
					if len(got) != 1 || !strings.HasPrefix(got[0], "Utan ") {
						t.Errorf("%s: %s in %v, want the ring of those without", c.kind, o.ID, got)
					}
					continue
				}
				got, names = slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(names))
				if !slices.Equal(got, names) {
					t.Errorf("%s: %s in rings %v, want %v", c.kind, o.ID, got, names)
				}
			}
		}
		if c.kind != "owner" && !several {
			t.Errorf("%s: no item names two; the test proves less than it says", c.kind)
		}
	}

	_, body := f.get(t, "/wheel/"+tok+"/kommunikation?rings=year")
	page := string(body)
	if !strings.Contains(page, `data-ring="2028"`) || !strings.Contains(page, `<option value="year" selected>År (hela programmet)</option>`) || !strings.Contains(page, "Ringarna (år), utifrån och in") {
		t.Error("rings=year: not the programme view, or the menu does not say so")
	}
	_, body = f.get(t, "/wheel/"+tok+"/kommunikation?view=programme")
	if !strings.Contains(string(body), `<option value="year" selected>`) || strings.Contains(string(body), `<option value="focus" selected>`) {
		t.Error("the programme view's menu says its rings are focus areas")
	}
	if r, b := f.get(t, "/wheel/"+tok+"/kommunikation?rings=kommun"); r.StatusCode != 400 || !strings.Contains(string(b), "owner") {
		t.Errorf("rings=kommun: %d %s", r.StatusCode, b)
	}
}

// TestWheelSlide: ?bild=1 on the page and on its .svg gives the 16:9 slide
// (1920 × 1080) of the same occurrences, without today's line or follow-up
// marks; the address of the list it names carries no token (the slide is
// shown in a room); the page links the slide and back.
func TestWheelSlide(t *testing.T) {
	f := start(t, time.Date(2027, 5, 3, 10, 0, 0, 0, stockholm))
	tok := f.token(t, store.UnitScope("kommunikation"))
	d := func(s string) wheel.Date { x, _ := wheel.ParseDate(s); return x }
	resp, body := f.get(t, "/wheel/"+tok+"/kommunikation.svg?year=2027&bild=1")
	wellFormed(t, body)
	svg := string(body)
	if resp.StatusCode != 200 || !strings.Contains(svg, `width="1920" height="1080" viewBox="0 0 1920 1080"`) || !strings.Contains(svg, ">Kommunikationsenheten – 2027</text>") {
		t.Fatalf("not the slide: %d %.300s", resp.StatusCode, svg)
	}
	if !strings.Contains(resp.Header.Get("Content-Disposition"), "arshjul-kommunikation-2027-bild.svg") {
		t.Errorf("file name %q", resp.Header.Get("Content-Disposition"))
	}
	sameSet(t, "slide", arcs(t, body), occurrencesIn(t, f, "kommunikation", d("2027-01-01"), d("2028-01-01"), false, nil))
	_, plain := f.get(t, "/wheel/"+tok+"/kommunikation.svg?year=2027")
	if !strings.Contains(string(plain), `class="deadline`) || !strings.Contains(string(plain), `class="today"`) {
		t.Fatal("the plain picture has no follow-up or today mark: the test proves nothing")
	}
	if strings.Contains(svg, `class="deadline`) || strings.Contains(svg, `class="today"`) || strings.Contains(svg, tok) {
		t.Error("the slide has a follow-up mark, today's line or the token")
	}
	_, body = f.get(t, "/wheel/"+tok+"/kommunikation?year=2027&bild=1")
	page := string(body)
	if !strings.Contains(page, `class="wheel slide"`) || !strings.Contains(page, `kommunikation.svg?bild=1&amp;year=2027`) || !strings.Contains(page, `<input type="hidden" name="bild" value="1">`) {
		t.Error("the page with bild=1 is not the slide, or its download and filters lose it")
	}
	if !strings.Contains(page, `href="/wheel/`+tok+`/kommunikation/item/`) {
		t.Error("the slide page, seen by the token's holder, does not link the items where the token shows them")
	}
	_, body = f.get(t, "/wheel/"+tok+"/kommunikation?year=2027")
	if !strings.Contains(string(body), `kommunikation?bild=1&amp;year=2027">Visa som bild`) {
		t.Error("the page does not link its slide")
	}
	if r, b := f.get(t, "/wheel/"+tok+"/kommunikation?bild=2"); r.StatusCode != 400 || !strings.Contains(string(b), "bild ska vara 0 eller 1") {
		t.Errorf("bild=2: %d", r.StatusCode)
	}
}

// TestWheelImages: .png and .pdf stand beside every .svg: the PNG decodes
// at the format's size (?format=a3, a4 or bild; ?bild=1 is the slide), the
// PDF is a PDF; a public one is made once per data version (the second
// request is answered 304 from its ETag); an unknown format is refused
// with the valid ones.
func TestWheelImages(t *testing.T) {
	f := start(t, time.Date(2027, 5, 3, 10, 0, 0, 0, stockholm))
	tok := f.token(t, store.UnitScope("kommunikation"))
	for q, size := range map[string][2]int{"?year=2027&format=bild": {1920, 1080}, "?year=2027&bild=1": {1920, 1080}, "?year=2027": {2480, 1754}, "?format=a4&rings=plans": {1754, 1240}} {
		resp, body := f.get(t, "/wheel/"+tok+"/kommunikation.png"+q)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("%s: %d %s %s", q, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		img, err := png.Decode(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if b := img.Bounds(); b.Dx() != size[0] || b.Dy() != size[1] {
			t.Errorf("%s: %v, want %v", q, b, size)
		}
	}
	resp, body := f.get(t, "/wheel/"+tok+"/kommunikation.pdf?year=2027&format=a4")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF-")) ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "arshjul-kommunikation-2027-a4.pdf") {
		t.Errorf("pdf: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	resp, _ = f.get(t, "/wheel/ekonomi.png?year=2027&format=bild")
	etag := resp.Header.Get("Etag")
	if resp.StatusCode != 200 || etag == "" {
		t.Fatalf("public png: %d, etag %q", resp.StatusCode, etag)
	}
	if again, _ := f.get(t, "/wheel/ekonomi.png?year=2027&format=bild", "If-None-Match", etag); again.StatusCode != 304 {
		t.Errorf("the public png is made again: %d", again.StatusCode)
	}
	_, page := f.get(t, "/wheel/"+tok+"/kommunikation?year=2027")
	for _, want := range []string{`/kommunikation.png?year=2027"`, `/kommunikation.pdf?year=2027"`, `/kommunikation.pdf?format=a4&amp;year=2027"`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page does not link %s", want)
		}
	}
	if r, b := f.get(t, "/wheel/"+tok+"/kommunikation.pdf?format=a5"); r.StatusCode != 400 || !strings.Contains(string(b), "a3, a4 och bild") {
		t.Errorf("format=a5: %d %s", r.StatusCode, b)
	}
}

// TestWheelAgenda: the wheel page starts (for the phone) with this month
// and the next as an agenda, before the picture, which it links to open
// whole; the public wheel too; another year opens on its first two months.
func TestWheelAgenda(t *testing.T) {
	f := start(t, time.Date(2027, 5, 3, 10, 0, 0, 0, stockholm))
	tok := f.token(t, store.UnitScope("kommunikation"))
	heads := regexp.MustCompile(`<h3>([^<]+)</h3>`)
	for path, want := range map[string][2]string{
		"/wheel/" + tok + "/kommunikation":           {"maj 2027", "juni 2027"},
		"/wheel/public":                              {"maj 2027", "juni 2027"},
		"/wheel/" + tok + "/kommunikation?year=2028": {"januari 2028", "februari 2028"},
	} {
		_, body := f.get(t, path)
		page := string(body)
		a, z, fig := strings.Index(page, `<section class="agenda"`), strings.Index(page, "</section>"), strings.Index(page, `<figure class="wheel-figure" id="hjulet"`)
		if a < 0 || fig < 0 || z > fig {
			t.Errorf("%s: no agenda before the picture", path)
			continue
		}
		got := heads.FindAllStringSubmatch(page[a:z], -1)
		if len(got) != 2 || got[0][1] != want[0] || got[1][1] != want[1] {
			t.Errorf("%s: the agenda has %v, want %v", path, got, want)
		}
		if !strings.Contains(page[a:z], `href="#hjulet">Visa hela hjulet</a>`) {
			t.Errorf("%s: the agenda does not open the wheel", path)
		}
	}
}
