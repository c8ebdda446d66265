package server_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// webKept serves a copy of the example from disk (its web-kept units
// started from their files, kommunledning kept by its files) and returns
// the fixture and the copy's folder.
func webKept(t *testing.T) (*fixture, string) {
	t.Helper()
	dir := testenv.CopyExample(t)
	files := config.Disk()
	cfgPath, _ := files.FromOS(filepath.Join(dir, "config", "arshjul.yaml"))
	st := testenv.OpenStore(t)
	clk := clock.NewManual(time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	h, base := serveFiles(t, st, clk, files, cfgPath)
	return &fixture{srv: &front{URL: base}, store: st, clock: clk, holder: h}, dir
}

// TestSaveReadsNoFile: with every calendar file gone (the folder
// renamed away: root reads what chmod 000 hides), a save in a web-kept
// unit and one beside the files of a file-kept unit are each published
// at once, in the feed the next request gets: a save reads no file.
func TestSaveReadsNoFile(t *testing.T) {
	f, dir := webKept(t)
	if err := os.Rename(filepath.Join(dir, "calendars"), filepath.Join(dir, "calendars-borta")); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ unit, who string }{{"kommunikation", "kommunikation@example.se"}, {"kommunledning", "kommunledning@example.se"}} {
		b := f.signInAs(t, u.who)
		_, form := b.get("/edit/" + u.unit + "/new")
		v := newItem(csrfOf(t, form))
		v.Set("owner", u.who)
		if res, page := b.post("/edit/"+u.unit+"/new", v); res.StatusCode != 303 {
			t.Fatalf("%s: the save: %d\n%.1500s", u.unit, res.StatusCode, page)
		}
		if feed := f.feed(t, u.unit); !strings.Contains(feed, "SUMMARY:Frukostmöte om friskvård") {
			t.Errorf("%s: the saved item is not in the feed", u.unit)
		}
	}
	if st := f.holder.Status(); st == nil || !st.OK {
		t.Errorf("a save reloaded the files: %+v", st)
	}
}

// TestBrokenEntryHoldsOnlyItsUnit: a stored entry of hr that the config
// no longer accepts (an audience it does not have) holds back hr alone:
// the reload names the entry in check's words, hr's feed stays as it
// was, and another unit's save and a file-kept unit's file edit are
// published beside it.
func TestBrokenEntryHoldsOnlyItsUnit(t *testing.T) {
	f, dir := webKept(t)
	hrBefore := f.feed(t, "hr")
	db, err := sql.Open("sqlite", f.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Exec(`UPDATE web_items SET record = replace(record, '"medarbetare"', '"pensionarer"') WHERE unit_id = 'hr' AND id = 'medarbetarenkat'`)
	if err != nil {
		t.Fatalf("breaking the stored entry: %v", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("breaking the stored entry: %d rows", n)
	}
	db.Close()
	p := filepath.Join(dir, "calendars", "kommunledning", "arshjul.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "title: Medborgardialog om översiktsplanen\n", "title: Medborgardialog 2.0\n", 1)), 0o644)
	err = f.holder.Reload(t.Context())
	if err == nil || !strings.Contains(err.Error(), "webben hr/medarbetarenkat") || !strings.Contains(err.Error(), `okänd målgrupp "pensionarer"`) {
		t.Errorf("the reload: %v", err)
	}
	if !strings.Contains(f.feed(t, "kommunledning"), "SUMMARY:Medborgardialog 2.0") {
		t.Error("the file-kept unit's edit was held back by hr's entry")
	}
	k := f.signInAs(t, "kommunikation@example.se")
	_, form := k.get("/edit/kommunikation/new")
	if res, _ := k.post("/edit/kommunikation/new", newItem(csrfOf(t, form))); res.StatusCode != 303 {
		t.Fatalf("another unit's save: %d", res.StatusCode)
	}
	if !strings.Contains(f.feed(t, "kommunikation"), "SUMMARY:Frukostmöte om friskvård") {
		t.Error("another unit's save was held back by hr's entry")
	}
	if f.feed(t, "hr") != hrBefore {
		t.Error("hr's feed changed with its entry broken")
	}
}

// TestWebItemsKeptAsYAMLAreConverted: entries the web kept as YAML
// before it kept records (an item and a plan) are converted once, at
// the first load: each is then a record, its version and its YAML kept
// as they were, nothing recorded as a change, and they are served and
// open in the editor as before.
func TestWebItemsKeptAsYAMLAreConverted(t *testing.T) {
	f, _ := webKept(t)
	db, err := sql.Open("sqlite", f.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	item := "id: friskvard\ntitle: Friskvård för alla\ndate: \"2027-05-04\"\naudiences: [medarbetare]\nfollow_up: {after: 7d, how: Antal anmälda}\n"
	plan := "id: chefsbrev\ntitle: Chefsbrev\nwhat: Ett brev\nactivities:\n  - id: utskick\n    title: Utskick av chefsbrevet\n    date: \"2027-04-06\"\n    channels: [e-post]\n"
	for _, r := range []struct {
		id, yaml string
		plan     bool
	}{{"friskvard", item, false}, {"chefsbrev", plan, true}} {
		if _, err := db.Exec(`INSERT INTO web_items (unit_id, id, yaml, created, modified, plan, version) VALUES ('hr', ?, ?, '2027-01-01T10:00:00Z', '2027-01-01T10:00:00Z', ?, 3)`, r.id, r.yaml, r.plan); err != nil {
			t.Fatal(err)
		}
	}
	history := func() int {
		var n int
		db.QueryRow(`SELECT count(*) FROM history WHERE unit_id = 'hr'`).Scan(&n)
		return n
	}
	before := history()
	for range 2 {
		if err := f.holder.Reload(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"friskvard", "chefsbrev"} {
		w, ok, err := f.store.WebItem(t.Context(), "hr", id)
		if err != nil || !ok || w.YAML != "" || w.Entry.ID() != id || w.Version != 3 {
			t.Errorf("%s as stored: %v %v %+v", id, ok, err, w)
		}
		var yaml, record string
		db.QueryRow(`SELECT yaml, record FROM web_items WHERE unit_id = 'hr' AND id = ?`, id).Scan(&yaml, &record)
		if want := map[string]string{"friskvard": item, "chefsbrev": plan}[id]; yaml != want || !strings.HasPrefix(record, "{") {
			t.Errorf("%s: the YAML kept %q, the record %q", id, yaml, record)
		}
	}
	if n := history(); n != before {
		t.Errorf("the conversion recorded %d changes", n-before)
	}
	feed := f.feed(t, "hr")
	if !strings.Contains(feed, "SUMMARY:Friskvård för alla") || !strings.Contains(feed, "Utskick av chefsbrevet") {
		t.Error("the converted entries are not served")
	}
	hr := f.signInAs(t, "hr@example.se")
	if _, form := hr.get("/edit/hr/item/friskvard"); !strings.Contains(form, `value="Friskvård för alla"`) || !strings.Contains(form, "2027-05-04") {
		t.Errorf("the converted item's form:\n%.2000s", form)
	}
}
