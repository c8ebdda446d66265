package server_test

import (
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/cli"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// newItem is a valid web item's form.
func newItem(csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "title": {"Frukostmöte om friskvård"}, "kind": {"date"}, "date": {"2027-05-04"},
		"focus": {"varumarke"}, "audiences": {"medarbetare"}, "channels": {"intranat"}, "owner": {"hr@example.se"},
		"followup_after": {"7"}, "followup_how": {"Antal anmälda"}, "description": {"Vi bjuder på frukost och berättar om friskvårdsbidraget."}}
}

// TestEditor: an editor of kommunledning (the example's unit its files
// keep, with web items beside them) adds an
// activity in the browser's form; it is at once in the unit's feed and on
// its wheel, and in the history with who; a change raises its SEQUENCE;
// removing it removes it. Bad input is refused with the messages `check`
// gives for the same item in a file, by field, and nothing is stored; an
// id a file uses is refused; a file's item is shown, not edited.
func TestEditor(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "kommunledning@example.se")
	code, list := hr.get("/edit/kommunledning")
	if code != 200 || !strings.Contains(list, "Aktiviteter i filerna") || !strings.Contains(list, "calendars/kommunledning/arshjul.yaml") {
		t.Fatalf("the editor's list: %d\n%.500s", code, list)
	}
	_, form := hr.get("/edit/kommunledning/new")
	csrf := csrfOf(t, form)

	// Bad input: the messages check gives for the same item in a file.
	bad := newItem(csrf)
	bad.Set("date", "2027-13-40")
	bad.Set("owner", "inte-en-adress")
	bad["audiences"] = []string{"medarbetare", "okand"}
	res, page := hr.post("/edit/kommunledning/new", bad)
	if res.StatusCode != 422 || !strings.Contains(page, "Inget har sparats") {
		t.Fatalf("bad input: %d", res.StatusCode)
	}
	// Each at its field, in the form's words, with the choices by the
	// names the form shows, and counted in the summary at the top.
	for _, want := range []string{`id="date-err"`, "2027-13-40 finns inte i kalendern.", `id="owner-err"`,
		htmlEscape(`"inte-en-adress" är ingen e-postadress`), "Okänd målgrupp", "Medarbetare inom bristyrken, ",
		"3 saker behöver rättas", `href="#date"`, `href="#owner"`, `href="#aud-0"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if _, l := hr.get("/edit/kommunledning"); strings.Contains(l, "Frukostmöte") {
		t.Fatal("a refused item was stored")
	}
	// An id the files use.
	clash := newItem(csrf)
	clash.Set("id", "medborgardialog")
	if res, page := hr.post("/edit/kommunledning/new", clash); res.StatusCode != 422 || !strings.Contains(page, "medborgardialog") {
		t.Errorf("an id of the files: %d", res.StatusCode)
	}

	// A good one: stored, in the feed and on the wheel at once.
	if res, _ := hr.post("/edit/kommunledning/new", newItem(csrf)); res.StatusCode != 303 {
		t.Fatalf("save: %d", res.StatusCode)
	}
	tok := f.token(t, "unit:kommunledning")
	_, ics := f.get(t, "/feeds/"+tok+"/kommunledning.ics")
	ev := eventOfFeed(string(ics), "kommunledning/frukostmote-om-friskvard@")
	if !strings.Contains(ev, "SUMMARY:Frukostmöte om friskvård") || !strings.Contains(ev, "DTSTART;VALUE=DATE:20270504") {
		t.Fatalf("not in the feed:\n%s", ev)
	}
	if _, wheel := f.get(t, "/wheel/"+tok+"/kommunledning?year=2027"); !strings.Contains(string(wheel), "Frukostmöte om friskvård") {
		t.Error("not on the wheel")
	}
	seq := regexp.MustCompile(`SEQUENCE:(\d+)`).FindStringSubmatch(ev)[1]
	_, l := hr.get("/edit/kommunledning")
	href := regexp.MustCompile(`href="(/edit/kommunledning/item/frukostmote-om-friskvard)"`).FindStringSubmatch(l)
	if href == nil {
		t.Fatal("the item is not in the editor's list")
	}
	_, edit := hr.get(href[1])
	if !strings.Contains(edit, `value="Frukostmöte om friskvård"`) || !strings.Contains(edit, `value="7"`) {
		t.Error("the form does not hold what was saved")
	}
	changed := newItem(csrfOf(t, edit))
	changed.Set("version", versionOf(t, edit))
	changed.Set("title", "Frukostmöte om friskvårdsbidraget")
	if res, _ := hr.post(href[1], changed); res.StatusCode != 303 {
		t.Fatalf("change: %d", res.StatusCode)
	}
	_, ics = f.get(t, "/feeds/"+tok+"/kommunledning.ics")
	ev = eventOfFeed(string(ics), "kommunledning/frukostmote-om-friskvard@")
	if !strings.Contains(ev, "SUMMARY:Frukostmöte om friskvårdsbidraget") || regexp.MustCompile(`SEQUENCE:(\d+)`).FindStringSubmatch(ev)[1] <= seq {
		t.Errorf("the change is not in the feed with a higher SEQUENCE:\n%s", ev)
	}
	_, hist := hr.get("/history/kommunledning")
	if !strings.Contains(hist, "kommunledning@example.se") || !strings.Contains(hist, "webben") {
		t.Errorf("the history does not say who, in the web:\n%.800s", hist[strings.Index(hist, "<tbody>"):])
	}

	// A file's item is shown, not changed.
	_, fileItem := hr.get("/edit/kommunledning/item/medborgardialog")
	if !strings.Contains(fileItem, "finns i (inbyggd) calendars/kommunledning/arshjul.yaml rad 14 och ändras av administratören") { // its "- id:" line
		t.Error("a file's item does not say where it is defined")
	}
	if res, _ := hr.post("/edit/kommunledning/item/medborgardialog", newItem(csrfOf(t, edit))); res.StatusCode != 403 {
		t.Errorf("posting to a file's item: %d, want 403", res.StatusCode)
	}

	// Removed.
	_, edit = hr.get(href[1])
	del := url.Values{"csrf": {csrfOf(t, edit)}, "action": {"delete"}, "version": {versionOf(t, edit)}}
	if res, _ := hr.post(href[1], del); res.StatusCode != 303 {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if _, ics := f.get(t, "/feeds/"+tok+"/kommunledning.ics"); strings.Contains(string(ics), "frukostmote") {
		t.Error("a removed item is still in the feed")
	}
}

// TestEditorAuthorization: without a session every editor
// route sends to sign-in; an editor of another unit gets 403 for every
// route and method; a form without its csrf token changes nothing.
func TestEditorAuthorization(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	anon := newBrowser(t, f.srv.URL)
	eko := f.signInAs(t, "ekonomi@example.se")
	hr := f.signInAs(t, "hr@example.se")
	_, form := hr.get("/edit/hr/new")
	if res, _ := hr.post("/edit/hr/new", newItem(csrfOf(t, form))); res.StatusCode != 303 {
		t.Fatalf("save: %d", res.StatusCode)
	}
	_, ekoPage := eko.get("/login")
	ekoCSRF := csrfOf(t, ekoPage)
	for _, path := range []string{"/edit/hr", "/edit/hr/new", "/edit/hr/item/frukostmote-om-friskvard", "/edit/hr/item/medarbetarenkat"} {
		if code, _ := anon.get(path); code != 303 {
			t.Errorf("GET %s without a session: %d, want 303", path, code)
		}
		if code, _ := eko.get(path); code != 403 {
			t.Errorf("GET %s by ekonomi's contact: %d, want 403", path, code)
		}
		if path == "/edit/hr" {
			continue
		}
		for _, action := range []string{"save", "delete"} {
			v := newItem(ekoCSRF)
			v.Set("action", action)
			if res, _ := eko.post(path, v); res.StatusCode != 403 {
				t.Errorf("POST %s (%s) by ekonomi's contact: %d, want 403", path, action, res.StatusCode)
			}
			_, anonPage := anon.get("/login")
			v.Set("csrf", csrfOf(t, anonPage))
			if res, _ := anon.post(path, v); res.StatusCode != 303 {
				t.Errorf("POST %s (%s) without a session: %d, want 303", path, action, res.StatusCode)
			}
		}
	}
	v := newItem("wrong")
	v.Set("title", "Ändrad utan csrf")
	if res, _ := hr.post("/edit/hr/item/frukostmote-om-friskvard", v); res.StatusCode != 403 {
		t.Errorf("a wrong csrf token: %d", res.StatusCode)
	}
	tok := f.token(t, "unit:hr")
	if _, ics := f.get(t, "/feeds/"+tok+"/hr.ics"); !strings.Contains(string(ics), "SUMMARY:Frukostmöte om friskvård\r\n") {
		t.Error("a refused request changed the item")
	}
}

// checkMessages is what `arshjul check` says of item (the YAML of a list
// entry) in HR's file: the messages without FILE:LINE.
func checkMessages(t *testing.T, item string) []string {
	t.Helper()
	dir := testenv.CopyExample(t)
	p := filepath.Join(dir, "calendars", "kommunledning", "arshjul.yaml") // the unit its files keep
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "\nwheel:\n", "\nwheel:\n"+item, 1)), 0o644)
	var out, errOut strings.Builder
	cli.Run(t.Context(), []string{"--config", filepath.Join(dir, "config", "arshjul.yaml"), "check"}, &out, &errOut)
	var msgs []string
	for _, l := range strings.Split(errOut.String(), "\n") {
		if _, m, ok := strings.Cut(l, ".yaml:"); ok {
			_, m, _ = strings.Cut(m, ": ")
			msgs = append(msgs, m)
		}
	}
	return msgs
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func eventOfFeed(feed, uidPrefix string) string {
	text := strings.ReplaceAll(feed, "\r\n ", "")
	i := strings.Index(text, "UID:"+uidPrefix)
	if i < 0 {
		return ""
	}
	return text[strings.LastIndex(text[:i], "BEGIN:VEVENT"):i]
}

// TestExportGivesTheSameFeed: `arshjul export kommunledning` (the
// example's unit its files keep, with web items beside them)
// writes the unit's web items and plans as a file that `check` accepts; moved into
// the unit's calendars (and out of the web), the feed is byte for byte
// what it was.
func TestExportGivesTheSameFeed(t *testing.T) {
	dir := testenv.CopyExample(t)
	cfgFile := filepath.Join(dir, "config", "arshjul.yaml")
	files := config.Disk()
	cfgPath, _ := files.FromOS(cfgFile)
	st, err := store.Open(t.Context(), filepath.Join(dir, "data", "arshjul.db"), testenv.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := clock.NewManual(time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	h, base := serveFiles(t, st, clk, files, cfgPath)
	f := &fixture{srv: &front{URL: base}, store: st, clock: clk, holder: h}
	hr := f.signInAs(t, "kommunledning@example.se")
	_, form := hr.get("/edit/kommunledning/new")
	csrf := csrfOf(t, form)
	weekly := newItem(csrf)
	weekly.Set("title", "Veckomöte med \"citat\" och: kolon")
	weekly.Set("kind", "weekly")
	weekly.Set("weekday", "tue")
	weekly.Set("time", "09:30")
	weekly.Set("duration", "45m")
	weekly.Del("followup_after")
	for _, v := range []url.Values{newItem(csrf), weekly, planForm(csrf)} {
		if res, p := hr.post("/edit/kommunledning/new", v); res.StatusCode != 303 {
			t.Fatalf("save: %d\n%.800s", res.StatusCode, p)
		}
	}
	tok := f.token(t, "unit:kommunledning")
	_, before := f.get(t, "/feeds/"+tok+"/kommunledning.ics")
	if !strings.Contains(string(before), "Veckomöte med") || !strings.Contains(string(before), "Chefsbrev") {
		t.Fatal("the weekly meeting or the plan's activity is not in the feed")
	}

	var out, errOut strings.Builder
	if code := cli.Run(t.Context(), []string{"--config", cfgFile, "export", "kommunledning"}, &out, &errOut); code != 0 {
		t.Fatalf("export: %d %s", code, errOut.String())
	}
	os.WriteFile(filepath.Join(dir, "calendars", "kommunledning", "webb.yaml"), []byte(out.String()), 0o644) // the unit's folder reads it
	// Out of the web without a sync between, as an admin moving them does.
	db, err := sql.Open("sqlite", filepath.Join(dir, "data", "arshjul.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"frukostmote-om-friskvard", "veckomote-med-citat-och-kolon", "friskvard-2027"} {
		if _, err := db.Exec("DELETE FROM web_items WHERE unit_id = 'kommunledning' AND id = ?", id); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	errOut.Reset()
	if code := cli.Run(t.Context(), []string{"--config", cfgFile, "check"}, &strings.Builder{}, &errOut); code != 0 {
		t.Fatalf("check of the exported file: %d\n%s\n%s", code, errOut.String(), out.String())
	}
	if err := h.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	_, after := f.get(t, "/feeds/"+tok+"/kommunledning.ics")
	if string(after) != string(before) {
		t.Errorf("the feed changed when the items moved from the web to the file")
	}
}

// planForm is a plan's form with two activities and a follow-up.
func planForm(csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "entry": {"plan"}, "title": {"Friskvård 2027"},
		"what": {"Berätta om friskvårdsbidraget."}, "why": {"Få fler att använda det."}, "audiences": {"medarbetare", "bristyrken"},
		"know": {"Att bidraget finns."}, "feel": {"Att vi bryr oss."}, "do": {"Ansöka."}, "owner": {"hr@example.se"}, "focus": {"varumarke"},
		"followup_after": {"14"}, "followup_how": {"Antal ansökningar"},
		"act0_title": {"Nyhet på intranätet"}, "act0_date": {"2027-04-06"}, "act0_channels": {"intranat"},
		"act1_title": {"Chefsbrev"}, "act1_date": {"2027-04-13"}, "act1_channels": {"e-post"}, "act2_title": {""}, "act2_date": {""}}
}

// TestEditorPlan: an editor adds a communication plan
// through the seven questions with two activities and a follow-up; the
// activities are in the feed with the plan's answers and their
// follow-ups; a bad date in the second activity is refused at that row,
// with check's message, and nothing is stored.
func TestEditorPlan(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	_, form := hr.get("/edit/hr/new?kind=plan")
	if !strings.Contains(form, "2. Varför gör vi det?") || !strings.Contains(form, "7. Hur följer vi upp för att veta hur det gick?") {
		t.Fatal("the plan form does not walk through the programme's questions")
	}
	csrf := csrfOf(t, form)
	bad := planForm(csrf)
	bad.Set("act1_date", "2027-02-30")
	res, page := hr.post("/edit/hr/new", bad)
	if res.StatusCode != 422 {
		t.Fatalf("a bad date: %d", res.StatusCode)
	}
	row := page[strings.Index(page, "Aktivitet 2</legend>"):]
	row = row[:strings.Index(row, "</fieldset>")]
	if !strings.Contains(row, `class="error"`) || !strings.Contains(row, "2027-02-30") {
		t.Errorf("the second activity's row has no message:\n%s", row)
	}
	tok := f.token(t, "unit:hr")
	if _, ics := f.get(t, "/feeds/"+tok+"/hr.ics"); strings.Contains(string(ics), "Chefsbrev") {
		t.Fatal("a refused plan was stored")
	}
	if res, p := hr.post("/edit/hr/new", planForm(csrf)); res.StatusCode != 303 {
		t.Fatalf("save: %d\n%.800s", res.StatusCode, p)
	}
	_, ics := f.get(t, "/feeds/"+tok+"/hr.ics")
	text := strings.ReplaceAll(string(ics), "\r\n ", "")
	for _, want := range []string{"SUMMARY:Nyhet på intranätet", "SUMMARY:Chefsbrev", "Kommunikationsplan: Friskvård 2027", "2. Varför: Få fler att använda det.",
		"SUMMARY:Uppföljning: "} {
		if !strings.Contains(text, want) {
			t.Errorf("the feed lacks %q", want)
		}
	}
	if n := strings.Count(text, "Antal ansökningar"); n < 2 {
		t.Errorf("the follow-ups of the two activities: %d, want 2", n)
	}
	_, l := hr.get("/edit/hr")
	href := regexp.MustCompile(`href="(/edit/hr/item/friskvard-2027)">Kommunikationsplan: Friskvård 2027`).FindStringSubmatch(l)
	if href == nil {
		t.Fatal("the plan is not in the editor's list")
	}
	_, edit := hr.get(href[1])
	if !strings.Contains(edit, `value="Chefsbrev"`) || !strings.Contains(edit, "Få fler att använda det.") {
		t.Error("the plan's form does not hold what was saved")
	}
}

// TestFileReloadCannotTakeAWebID: a file reload (of kommunledning, the
// example's unit its files keep) that brings
// in an id the web editor uses is refused whole: the feed stays as it
// was, and the reload's problem names the web's item.
func TestFileReloadCannotTakeAWebID(t *testing.T) {
	dir := testenv.CopyExample(t)
	files := config.Disk()
	cfgPath, _ := files.FromOS(filepath.Join(dir, "config", "arshjul.yaml"))
	st := testenv.OpenStore(t)
	clk := clock.NewManual(time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	h, base := serveFiles(t, st, clk, files, cfgPath)
	f := &fixture{srv: &front{URL: base}, store: st, clock: clk, holder: h}
	hr := f.signInAs(t, "kommunledning@example.se")
	_, form := hr.get("/edit/kommunledning/new")
	if res, _ := hr.post("/edit/kommunledning/new", newItem(csrfOf(t, form))); res.StatusCode != 303 {
		t.Fatal("save")
	}
	tok := f.token(t, "unit:kommunledning")
	_, before := f.get(t, "/feeds/"+tok+"/kommunledning.ics")
	p := filepath.Join(dir, "calendars", "kommunledning", "arshjul.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "\nwheel:\n", "\nwheel:\n  - id: frukostmote-om-friskvard\n    title: Samma id i filen\n    date: 2027-06-01\n\n", 1)), 0o644)
	err := h.Reload(t.Context())
	if err == nil || !strings.Contains(err.Error(), "webben") || !strings.Contains(err.Error(), "frukostmote-om-friskvard") {
		t.Errorf("the reload: %v", err)
	}
	if _, after := f.get(t, "/feeds/"+tok+"/kommunledning.ics"); string(after) != string(before) || strings.Contains(string(after), "Samma id i filen") {
		t.Error("the refused reload changed the feed")
	}
}

// TestEditorSaysWhatCheckSays: for each kind of bad input, the form
// refuses it in its own words (no keys of a calendar file) at the field
// it is about, links it from the summary at the top, keeps what was
// typed, and stores nothing.
func TestEditorSaysWhatCheckSays(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	_, form := hr.get("/edit/hr/new")
	csrf := csrfOf(t, form)
	for _, c := range []struct {
		name  string
		set   map[string]string
		field string // the input the message is at
		want  string
	}{
		{"a date that is none", map[string]string{"date": "2027-02-30"}, "date", "2027-02-30 finns inte i kalendern."},
		{"a date in words", map[string]string{"date": "15 mars 2027"}, "date", "skriv ÅÅÅÅ-MM-DD, t.ex. 2027-05-04."},
		{"a date outside the programme", map[string]string{"date": "2031-01-01"}, "date", "Datumet 2031-01-01 ligger efter programmets sista dag 2028-12-31; inget kan planeras efter den."},
		{"a weekly time that is no time", map[string]string{"kind": "weekly", "time": "25:00"}, "time", "är inget klockslag; skriv TT:MM, t.ex. 09:00."},
		{"a series without its first day", map[string]string{"kind": "weekly", "date": ""}, "date", "Skriv första gången, t.ex. 2027-04-01."},
		{"a time without its length", map[string]string{"kind": "time", "time": "10:00"}, "duration", "Skriv hur länge det pågår, t.ex. 1h, 90m eller 1h30m."},
		{"a span without its last day", map[string]string{"kind": "span"}, "to", "Skriv sista dagen, t.ex. 2027-05-30."},
		{"a last day before the first", map[string]string{"kind": "span", "to": "2027-05-01"}, "date", "Sista dagen (2027-05-01) ligger före första dagen (2027-05-04)."},
		{"a monthly day past 31", map[string]string{"kind": "monthly", "day": "32"}, "date", "Dagen i månaden ska vara 1–31"},
		{"an owner that is no address", map[string]string{"owner": "Eva Ek"}, "owner", htmlEscape(`"Eva Ek" är ingen e-postadress; skriv t.ex. namn@avesta.se.`)},
		{"a follow-up of no days", map[string]string{"followup_after": "en vecka"}, "followup_after", "Skriv antal dagar som en siffra, t.ex. 14."},
		{"a title too long", map[string]string{"title": strings.Repeat("å", 500)}, "title", "Titeln är 500 tecken; den får vara högst 120."},
		{"a link that is not https", map[string]string{"links": "javascript:alert(1)"}, "links", "är ingen webbadress; skriv hela adressen med https://"},
		{"a weekly reminder a month ahead", map[string]string{"kind": "weekly", "remind": "30"}, "remind", "Påminnelse 30 dagar före går inte för något som återkommer varje vecka; välj högst 6 dagar."},
	} {
		v := url.Values{"csrf": {csrf}, "title": {"Prov"}, "kind": {"date"}, "date": {"2027-05-04"}}
		for k, val := range c.set {
			v.Set(k, val)
		}
		res, page := hr.post("/edit/hr/new", v)
		if res.StatusCode != 422 {
			t.Errorf("%s: %d, want 422", c.name, res.StatusCode)
			continue
		}
		if !strings.Contains(page, c.want) {
			t.Errorf("%s: the form lacks %q", c.name, c.want)
		}
		if !strings.Contains(page, `href="#`+c.field+`"`) {
			t.Errorf("%s: the summary does not link to #%s", c.name, c.field)
		}
		for k, val := range c.set { // nothing typed is lost
			if k != "kind" && val != "" && !strings.Contains(page, htmlEscape(val)) {
				t.Errorf("%s: the form lost %s=%q", c.name, k, val)
			}
		}
	}
	if _, l := hr.get("/edit/hr"); strings.Contains(l, ">Prov<") {
		t.Error("a refused item was stored")
	}
}
