package server_test

import (
	"bytes"
	"database/sql"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestTypedTextStaysText: whatever is typed into the editor's form is a
// value of the item, never YAML: an anchor typed as an audience in one
// item and its alias in another are refused as unknown audiences (and
// the reload that follows every save still succeeds); an audience that
// tries to add a reminders line adds nothing; a follow-up's how with a
// comma or a "key: value" and a description of several lines with ": ",
// "#" and a leading "- " are stored, and the form shows after the save
// exactly what was typed.
func TestTypedTextStaysText(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	_, form := hr.get("/edit/hr/new")
	csrf := csrfOf(t, form)

	// The alias's id sorts first: read in the order they are kept, the
	// alias would come before its anchor.
	anchor := newItem(csrf)
	anchor.Set("id", "zeta-ankare")
	anchor["audiences"] = []string{"&anc2 medarbetare"}
	alias := newItem(csrf)
	alias.Set("id", "alfa-alias")
	alias["audiences"] = []string{"*anc2"}
	for _, v := range []url.Values{anchor, alias} {
		if res, page := hr.post("/edit/hr/new", v); res.StatusCode != 422 || !strings.Contains(page, "Okänd målgrupp") {
			t.Errorf("audience %q: %d, want 422 naming an unknown audience", v["audiences"], res.StatusCode)
		}
	}
	if err := f.holder.Reload(t.Context()); err != nil {
		t.Errorf("the reload after the saves: %v", err)
	}

	inject := newItem(csrf)
	inject.Set("id", "injektion")
	inject["audiences"] = []string{"medarbetare]\nremind: [1d, 2d, 3d, 20d"}
	hr.post("/edit/hr/new", inject)
	web, err := f.store.WebItems(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range web["hr"] {
		if w.ID == "injektion" && strings.Contains(storedYAML(w), "remind") { // the example's own entries may say remind
			t.Errorf("a field the form does not offer was stored:\n%s", storedYAML(w))
		}
	}

	desc := "- första punkten: anmälan\nMål: 50 svar # minst\n\n- andra punkten"
	for i, how := range []string{"Enkät, sedan intervjuer", "Mål: 50 svar"} {
		v := newItem(csrf)
		v.Set("id", "text-"+string(rune('a'+i)))
		v.Set("followup_how", how)
		v.Set("description", desc)
		if res, page := hr.post("/edit/hr/new", v); res.StatusCode != 303 {
			t.Errorf("how %q: %d\n%.600s", how, res.StatusCode, errorsOf(page))
			continue
		}
		_, again := hr.get("/edit/hr/item/" + v.Get("id"))
		if !strings.Contains(again, `name="followup_how" value="`+html.EscapeString(how)+`"`) {
			t.Errorf("the form does not show the how %q as typed", how)
		}
		if m := regexp.MustCompile(`(?s)<textarea id="description"[^>]*>(.*?)</textarea>`).FindStringSubmatch(again); m == nil || html.UnescapeString(m[1]) != desc {
			t.Errorf("the description after the save: %q, want %q", m, desc)
		}
	}
	if ics := f.feed(t, "hr"); !strings.Contains(strings.ReplaceAll(ics, "\r\n ", ""), `DESCRIPTION:- första punkten: anmälan\nMål: 50 svar # minst`) {
		t.Errorf("the feed lacks the description as typed:\n%s", ics)
	}
}

func errorsOf(page string) string {
	var out []string
	for _, m := range regexp.MustCompile(`class="error"[^>]*>(.*?)</`).FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, " | ")
}

// TestWorkbookCellWithLineBreaks: a description cell with line breaks
// (Alt+Enter in Excel) is uploaded as it is, not refused as bad YAML.
func TestWorkbookCellWithLineBreaks(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	_, form := hr.get("/edit/hr/new")
	if res, _ := hr.post("/edit/hr/new", newItem(csrfOf(t, form))); res.StatusCode != 303 {
		t.Fatalf("save: %d", res.StatusCode)
	}
	x, err := excelize.OpenReader(bytes.NewReader(hr.download("hr")))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Aktivitetsplan")
	col := -1
	for i, h := range rows[0] {
		if h == "beskrivning" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no description column in %q", rows[0])
	}
	cell, _ := excelize.CoordinatesToCellName(col+1, rowWith(x, "Aktivitetsplan", "frukostmote-om-friskvard"))
	desc := "Första raden\nandra: raden # med tecken\n- tredje"
	x.SetCellStr("Aktivitetsplan", cell, desc)
	var changed bytes.Buffer
	x.Write(&changed)
	_, edit := hr.get("/edit/hr")
	csrf := csrfOf(t, edit)
	res, page := hr.postFile("/edit/hr/upload", csrf, "plan.xlsx", changed.Bytes())
	m := uploadRe.FindStringSubmatch(page)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("the upload: %d\n%.1500s", res.StatusCode, page)
	}
	if res, page = hr.post("/edit/hr/upload", map[string][]string{"csrf": {csrf}, "upload": {m[1]}, "action": {"confirm"}}); res.StatusCode != 200 {
		t.Fatalf("confirm: %d\n%.800s", res.StatusCode, page)
	}
	w, ok, err := f.store.WebItem(t.Context(), "hr", "frukostmote-om-friskvard")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	_, again := hr.get("/edit/hr/item/frukostmote-om-friskvard")
	if got := regexp.MustCompile(`(?s)<textarea id="description"[^>]*>(.*?)</textarea>`).FindStringSubmatch(again); got == nil || html.UnescapeString(got[1]) != desc {
		t.Errorf("the description after the upload: %q, want %q; stored:\n%s", got, desc, storedYAML(w))
	}
}

// TestBadWebItemStopsOnlyItsUnit: a web item that cannot be read (kept
// from before, or written around the editor) stops only its own unit:
// another unit's save is in that unit's feed at once, and the reload's
// error names the unit and the item.
func TestBadWebItemStopsOnlyItsUnit(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	db, err := sql.Open("sqlite", f.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stamp := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC).Format(time.RFC3339)
	if _, err := db.Exec(`INSERT INTO web_items (unit_id, id, yaml, created, modified) VALUES ('hr', 'trasig', ?, ?, ?)`,
		"id: trasig\ntitle: Trasig\ndate: \"2027-05-04\"\naudiences: [*anc2]\n", stamp, stamp); err != nil {
		t.Fatal(err)
	}
	err = f.holder.Reload(t.Context())
	if err == nil || !strings.Contains(err.Error(), "hr/trasig") {
		t.Errorf("the reload's error does not name the unit and the item: %v", err)
	} else if strings.Contains(err.Error(), "ekonomi") {
		t.Errorf("the error names another unit: %v", err)
	}

	eko := f.signInAs(t, "ekonomi@example.se")
	_, form := eko.get("/edit/ekonomi/new")
	v := newItem(csrfOf(t, form))
	v.Set("title", "Budgetfrukost")
	if res, page := eko.post("/edit/ekonomi/new", v); res.StatusCode != 303 {
		t.Fatalf("save in another unit: %d\n%.600s", res.StatusCode, errorsOf(page))
	}
	if ics := f.feed(t, "ekonomi"); !strings.Contains(ics, "SUMMARY:Budgetfrukost") {
		t.Error("another unit's save is not in its feed")
	}
	if ics := f.feed(t, "hr"); !strings.Contains(ics, "BEGIN:VEVENT") {
		t.Error("the unit with the bad item lost its last good feed")
	}
}
