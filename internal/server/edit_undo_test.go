package server_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestRemovingAsksAndCanBeUndone: an item's form has no removal button
// beside Spara, only a link to a page that asks; removing says what was
// removed; the history shows the item's title, the changed field by its
// Swedish name with before → after and who made it, one row per change
// and none from "filerna"; and "Ta tillbaka" from the history stores the
// item as it was, back in the feed.
func TestRemovingAsksAndCanBeUndone(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	_, form := hr.get("/edit/hr/new")
	if res, _ := hr.post("/edit/hr/new", newItem(csrfOf(t, form))); res.StatusCode != 303 {
		t.Fatal("save")
	}
	const id = "frukostmote-om-friskvard"
	_, edit := hr.get("/edit/hr/item/" + id)
	if strings.Contains(edit, `value="delete"`) {
		t.Error("the form removes at once, beside Spara")
	}
	if !strings.Contains(edit, `href="/edit/hr/item/`+id+`/ta-bort"`) || !strings.Contains(edit, "Logga ut") {
		t.Error("the form has no link to ask about removing, or no sign-out")
	}
	changed := newItem(csrfOf(t, edit))
	changed.Set("version", versionOf(t, edit))
	changed.Set("title", "Frukostmöte om hälsa")
	if res, _ := hr.post("/edit/hr/item/"+id, changed); res.StatusCode != 303 {
		t.Fatal("change")
	}
	code, ask := hr.get("/edit/hr/item/" + id + "/ta-bort")
	if code != 200 || !strings.Contains(ask, "Ta bort aktiviteten ”Frukostmöte om hälsa”?") {
		t.Fatalf("the question: %d", code)
	}
	res, _ := hr.post("/edit/hr/item/"+id, url.Values{"csrf": {csrfOf(t, ask)}, "action": {"delete"}, "version": {versionOf(t, ask)}})
	if res.StatusCode != 303 {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	_, list := hr.get(res.Header.Get("Location"))
	if !strings.Contains(list, "togs bort") || !strings.Contains(list, `href="/history/hr"`) {
		t.Error("the list does not say what was removed and where to undo it")
	}
	tok := f.token(t, "unit:hr")
	if _, ics := f.get(t, "/feeds/"+tok+"/hr.ics"); strings.Contains(string(ics), "Frukostmöte") {
		t.Fatal("removed, yet in the feed")
	}

	_, hist := hr.get("/history/hr")
	for _, want := range []string{"Frukostmöte om hälsa", "<strong>Titel:</strong> Frukostmöte om friskvård → Frukostmöte om hälsa", "togs bort i webben"} {
		if !strings.Contains(hist, want) {
			t.Errorf("the history lacks %q", want)
		}
	}
	for _, bad := range []string{"togs bort ur filerna", "i webben: title", "ändrades i webben: title"} {
		if strings.Contains(hist, bad) {
			t.Errorf("the history says %q", bad)
		}
	}
	rows := regexp.MustCompile(`(?s)<tr><td>[^<]*</td><td>Frukostmöte[^<]*</td>.*?</tr>`).FindAllString(hist, -1)
	if len(rows) != 3 { // added, changed, removed
		t.Errorf("%d history rows of the item, want 3 (one per change)", len(rows))
	}
	for _, r := range rows {
		if strings.Contains(r, "<td>filerna</td>") {
			t.Errorf("a web change is said to be the files': %s", r)
		}
	}
	// The removal's row: take it back.
	m := regexp.MustCompile(`(?s)togs bort i webben.*?name="at" value="([^"]+)"`).FindStringSubmatch(hist)
	if m == nil {
		t.Fatal("no way to take the removed item back")
	}
	res, _ = hr.post("/history/hr/restore", url.Values{"csrf": {csrfOf(t, hist)}, "subject": {id}, "at": {m[1]}})
	if res.StatusCode != 303 {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	_, back := hr.get(res.Header.Get("Location"))
	if got := formValues(t, back).Get("title"); got != "Frukostmöte om hälsa" {
		t.Errorf("restored as %q", got)
	}
	if _, ics := f.get(t, "/feeds/"+tok+"/hr.ics"); !strings.Contains(string(ics), "SUMMARY:Frukostmöte om hälsa") {
		t.Error("the restored item is not in the feed")
	}
	// Without the csrf token nothing is restored.
	if res, _ := hr.post("/history/hr/restore", url.Values{"subject": {id}, "at": {m[1]}}); res.StatusCode < 400 {
		t.Errorf("a restore without csrf: %d", res.StatusCode)
	}
}
