package server_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// feed is a unit's feed, checked by the real parsers against what the
// service itself expects in it.
func (f *fixture) feed(t *testing.T, unit string) string {
	t.Helper()
	_, body := f.get(t, "/feeds/"+f.token(t, store.UnitScope(unit))+"/"+unit+".ics")
	from, to := icalcheck.Window(&f.holder.Current().Config.Programme)
	icalcheck.Verify(t, body, from, to, expectedUnit(t, f, unit, feed.Filter{FollowUps: true}))
	return string(body)
}

// postFile posts a workbook with the upload form's fields.
func (b *browser) postFile(path, csrf, name string, data []byte) (*http.Response, string) {
	b.t.Helper()
	var body bytes.Buffer
	m := multipart.NewWriter(&body)
	m.WriteField("csrf", csrf)
	w, _ := m.CreateFormFile("workbook", name)
	w.Write(data)
	m.Close()
	req, _ := http.NewRequest("POST", b.base+path, &body)
	req.Header.Set("Content-Type", m.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	return res, readAll(res)
}

var uploadRe = regexp.MustCompile(`name="upload" value="([^"]+)"`)

// sheetCell is the cell of header's column in row n of sheet, as the
// download lays its columns out.
func sheetCell(t *testing.T, x *excelize.File, sheet, header string, n int) string {
	t.Helper()
	rows, err := x.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("sheet %s: %v", sheet, err)
	}
	for i, h := range rows[0] {
		if h == header {
			cell, _ := excelize.CoordinatesToCellName(i+1, n)
			return cell
		}
	}
	t.Fatalf("sheet %s has no column %q: %q", sheet, header, rows[0])
	return ""
}

// rowWith is the row of sheet whose id is id; 0 when none is.
func rowWith(x *excelize.File, sheet, id string) int {
	rows, _ := x.GetRows(sheet)
	for i, r := range rows {
		if len(r) > 0 && r[0] == id {
			return i + 1
		}
	}
	return 0
}

// freeRow is the first row under sheet's rows, where a new one goes.
func freeRow(x *excelize.File, sheet string) int {
	rows, _ := x.GetRows(sheet)
	return len(rows) + 1
}

// download is the unit's aktivitetsplan as its editor downloads it.
func (b *browser) download(unit string) []byte {
	b.t.Helper()
	res, err := b.c.Get(b.base + "/edit/" + unit + "/aktivitetsplan.xlsx")
	if err != nil {
		b.t.Fatal(err)
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		b.t.Fatalf("download: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	return []byte(readAll(res))
}

// TestWorkbookRoundTrip: an editor downloads the
// unit's aktivitetsplan with its web items as rows; uploaded unchanged it
// changes nothing (no SEQUENCE moves); changed cells, a new row and a
// removed one are previewed, stored only on confirmation (once), and then
// in the feed and the history with the file's name.
func TestWorkbookRoundTrip(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	_, form := hr.get("/edit/hr/new")
	csrf := csrfOf(t, form)
	for _, title := range []string{"Frukostmöte om friskvård", "Lunchföreläsning om stress"} {
		v := newItem(csrf)
		v.Set("title", title)
		if res, page := hr.post("/edit/hr/new", v); res.StatusCode != 303 {
			t.Fatalf("add %s: %d\n%.600s", title, res.StatusCode, page)
		}
	}
	feedBefore := f.feed(t, "hr")
	data := hr.download("hr")
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	frukost, lunch := rowWith(x, "Aktivitetsplan", "frukostmote-om-friskvard"), rowWith(x, "Aktivitetsplan", "lunchforelasning-om-stress")
	if frukost == 0 || lunch == 0 {
		t.Fatal("the web items are not rows of the download")
	}

	// Unchanged: nothing to confirm, nothing moves.
	_, edit := hr.get("/edit/hr")
	csrf = csrfOf(t, edit)
	res, page := hr.postFile("/edit/hr/upload", csrf, "aktivitetsplan-hr.xlsx", data)
	if res.StatusCode != 200 || !strings.Contains(page, "Arbetsboken ändrar ingenting") || uploadRe.MatchString(page) {
		t.Fatalf("unchanged upload: %d\n%.800s", res.StatusCode, page)
	}
	if got := f.feed(t, "hr"); got != feedBefore {
		t.Fatal("an unchanged upload changed the feed")
	}

	// Changed: one cell, one new row, one row removed.
	x.SetCellValue("Aktivitetsplan", sheetCell(t, x, "Aktivitetsplan", "start", frukost), time.Date(2027, 5, 6, 0, 0, 0, 0, time.UTC))
	x.SetCellStr("Aktivitetsplan", sheetCell(t, x, "Aktivitetsplan", "aktivitet", lunch), "Ny aktivitet från Excel")
	x.SetCellStr("Aktivitetsplan", sheetCell(t, x, "Aktivitetsplan", "id", lunch), "")
	var changed bytes.Buffer
	x.Write(&changed)
	res, page = hr.postFile("/edit/hr/upload", csrf, "plan våren.xlsx", changed.Bytes())
	m := uploadRe.FindStringSubmatch(page)
	if res.StatusCode != 200 || m == nil || !strings.Contains(page, "Läggs till (1)") || !strings.Contains(page, "Ändras (1)") || !strings.Contains(page, "Tas bort (1)") {
		t.Fatalf("the preview: %d\n%.1500s", res.StatusCode, page)
	}
	// The changed row says what changes, from what to what.
	if !strings.Contains(page, "start: 2027-05-04 → 2027-05-06") {
		t.Errorf("the preview does not say the date's old and new value:\n%s", page[strings.Index(page, "Ändras (1)"):][:600])
	}
	if got := f.feed(t, "hr"); got != feedBefore {
		t.Fatal("the preview changed the feed")
	}
	res, page = hr.post("/edit/hr/upload", map[string][]string{"csrf": {csrf}, "upload": {m[1]}, "action": {"confirm"}})
	if res.StatusCode != 200 || !strings.Contains(page, "Ändringarna är sparade") {
		t.Fatalf("confirm: %d\n%.800s", res.StatusCode, page)
	}
	feed := f.feed(t, "hr")
	if !strings.Contains(feed, "Ny aktivitet från Excel") || strings.Contains(feed, "Lunchföreläsning om stress") || !strings.Contains(feed, "DTSTART;VALUE=DATE:20270506") {
		t.Fatalf("the feed after the upload:\n%s", feed)
	}
	// What the row cannot say stays: the follow-up's how.
	if w, ok, err := f.store.WebItem(context.Background(), "hr", "frukostmote-om-friskvard"); err != nil || !ok || !strings.Contains(storedYAML(w), "how: Antal anmälda") || !strings.Contains(storedYAML(w), `date: "2027-05-06"`) {
		t.Errorf("the changed item as stored (%v %v):\n%s", ok, err, storedYAML(w))
	}
	// The confirmation is used once.
	if res, _ = hr.post("/edit/hr/upload", map[string][]string{"csrf": {csrf}, "upload": {m[1]}, "action": {"confirm"}}); res.StatusCode != 422 {
		t.Fatalf("a second confirmation: %d", res.StatusCode)
	}
	_, hist := hr.get("/history/hr")
	if !strings.Contains(hist, "uppladdad arbetsbok plan våren.xlsx") {
		t.Fatalf("the history does not name the workbook:\n%.1500s", hist)
	}
}

// TestWorkbookAuthorization: the
// download, the template and both steps of the upload need a session of
// someone who may edit the unit (none: 303 to sign in; another unit's
// editor: 403); an upload needs the csrf token; another editor cannot
// confirm someone's preview; nothing refused changes the feed.
func TestWorkbookAuthorization(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	anon := newBrowser(t, f.srv.URL)
	eko := f.signInAs(t, "ekonomi@example.se")
	hr := f.signInAs(t, "hr@example.se")
	before := f.feed(t, "hr")
	data := hr.download("hr")
	x, _ := excelize.OpenReader(bytes.NewReader(data))
	n := freeRow(x, "Aktivitetsplan")
	x.SetCellStr("Aktivitetsplan", sheetCell(t, x, "Aktivitetsplan", "aktivitet", n), "Ny rad")
	x.SetCellStr("Aktivitetsplan", sheetCell(t, x, "Aktivitetsplan", "start", n), "2027-06-01")
	var changed bytes.Buffer
	x.Write(&changed)

	for _, path := range []string{"/edit/hr/aktivitetsplan.xlsx", "/edit/hr/aktivitetsplan.xlsx?mall=1"} {
		if code, _ := anon.get(path); code != 303 {
			t.Errorf("GET %s without a session: %d, want 303", path, code)
		}
		if code, _ := eko.get(path); code != 403 {
			t.Errorf("GET %s by ekonomi's contact: %d, want 403", path, code)
		}
	}
	_, ekoPage := eko.get("/edit/ekonomi")
	if res, _ := eko.postFile("/edit/hr/upload", csrfOf(t, ekoPage), "plan.xlsx", changed.Bytes()); res.StatusCode != 403 {
		t.Errorf("an upload by ekonomi's contact: %d, want 403", res.StatusCode)
	}
	_, anonPage := anon.get("/login")
	if res, _ := anon.postFile("/edit/hr/upload", csrfOf(t, anonPage), "plan.xlsx", changed.Bytes()); res.StatusCode != 303 {
		t.Errorf("an upload without a session: %d, want 303", res.StatusCode)
	}
	if res, _ := anon.postFile("/edit/hr/upload", csrfOf(t, anonPage), "stor.xlsx", bytes.Repeat([]byte("x"), 5<<20)); res.StatusCode != 303 {
		t.Errorf("a 5 MB upload without a session: %d, want 303 before the body is read", res.StatusCode)
	}
	if res, _ := eko.postFile("/edit/hr/upload", csrfOf(t, ekoPage), "stor.xlsx", bytes.Repeat([]byte("x"), 5<<20)); res.StatusCode != 403 {
		t.Errorf("a 5 MB upload by ekonomi's contact: %d, want 403", res.StatusCode)
	}
	if res, _ := hr.postFile("/edit/hr/upload", "wrong", "plan.xlsx", changed.Bytes()); res.StatusCode != 403 {
		t.Errorf("an upload with a wrong csrf token: %d, want 403", res.StatusCode)
	}
	_, edit := hr.get("/edit/hr")
	csrf := csrfOf(t, edit)
	_, page := hr.postFile("/edit/hr/upload", csrf, "plan.xlsx", changed.Bytes())
	m := uploadRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no preview:\n%.800s", page)
	}
	confirm := map[string][]string{"csrf": {csrfOf(t, ekoPage)}, "upload": {m[1]}, "action": {"confirm"}}
	if res, _ := eko.post("/edit/hr/upload", confirm); res.StatusCode != 403 {
		t.Errorf("ekonomi's contact confirming hr's preview: %d, want 403", res.StatusCode)
	}
	if res, _ := eko.post("/edit/ekonomi/upload", confirm); res.StatusCode != 422 {
		t.Errorf("hr's preview confirmed for ekonomi by its contact: %d, want 422", res.StatusCode)
	}
	confirm["csrf"] = []string{"wrong"}
	if res, _ := hr.post("/edit/hr/upload", confirm); res.StatusCode != 403 {
		t.Errorf("a confirmation with a wrong csrf token: %d, want 403", res.StatusCode)
	}
	if got := f.feed(t, "hr"); got != before {
		t.Error("a refused request changed the feed")
	}
	// The preview still holds for its own editor.
	confirm["csrf"] = []string{csrf}
	if res, page := hr.post("/edit/hr/upload", confirm); res.StatusCode != 200 || !strings.Contains(page, "Ändringarna är sparade") {
		t.Errorf("hr's own confirmation: %d", res.StatusCode)
	}
}

// TestBadUpload: a workbook with problems is shown
// row by row and cell by cell, in Swedish, and nothing changes; an id a
// file defines is named with where; past the size limit the answer says
// so; a preview that no longer holds when confirmed is shown anew.
func TestBadUpload(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	before := f.feed(t, "hr")
	x, _ := excelize.OpenReader(bytes.NewReader(hr.download("hr")))
	n := freeRow(x, "Aktivitetsplan")
	cell := func(header string, n int) string { return sheetCell(t, x, "Aktivitetsplan", header, n) }
	for c, v := range map[string]string{cell("aktivitet", n): "Möte", cell("start", n): "2027-02-30", cell("målgrupper", n): "Pensionärer",
		cell("id", n+1): "medarbetarenkat", cell("aktivitet", n+1): "Krock", cell("start", n+1): "2027-06-01"} {
		x.SetCellStr("Aktivitetsplan", c, v)
	}
	var bad bytes.Buffer
	x.Write(&bad)
	_, edit := hr.get("/edit/hr")
	csrf := csrfOf(t, edit)
	res, page := hr.postFile("/edit/hr/upload", csrf, "plan.xlsx", bad.Bytes())
	if res.StatusCode != 422 || uploadRe.MatchString(page) {
		t.Fatalf("a bad workbook: %d", res.StatusCode)
	}
	for _, want := range []string{"inget har ändrats", fmt.Sprintf("Aktivitetsplan rad %d", n), "<td>" + cell("start", n) + "</td>", "<td>" + cell("målgrupper", n) + "</td>",
		htmlEscape(`okänd målgrupp "Pensionärer"`), fmt.Sprintf("Aktivitetsplan rad %d", n+1), "finns redan i enheten"} {
		if !strings.Contains(page, want) {
			t.Errorf("the answer lacks %q", want)
		}
	}
	big := bytes.Repeat([]byte("x"), 5<<20)
	if res, page := hr.postFile("/edit/hr/upload", csrf, "stor.xlsx", big); res.StatusCode != 422 || !strings.Contains(page, "större än 4 MB") {
		t.Errorf("a 5 MB upload: %d", res.StatusCode)
	}
	if res, page := hr.postFile("/edit/hr/upload", csrf, "plan.csv", []byte("id;aktivitet;start\r\n")); res.StatusCode != 422 || !strings.Contains(page, "ingen Excel-arbetsbok") {
		t.Errorf("a CSV uploaded: %d", res.StatusCode)
	}
	if got := f.feed(t, "hr"); got != before {
		t.Error("a refused upload changed the feed")
	}

	// A preview, then the same item changed in the form: the
	// confirmation shows the new preview and stores nothing.
	x, _ = excelize.OpenReader(bytes.NewReader(hr.download("hr")))
	n = freeRow(x, "Aktivitetsplan")
	x.SetCellStr("Aktivitetsplan", cell("aktivitet", n), "Frukostmöte")
	x.SetCellStr("Aktivitetsplan", cell("start", n), "2027-06-01")
	var good bytes.Buffer
	x.Write(&good)
	_, page = hr.postFile("/edit/hr/upload", csrf, "plan.xlsx", good.Bytes())
	m := uploadRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no preview:\n%.800s", page)
	}
	_, form := hr.get("/edit/hr/new")
	if res, _ := hr.post("/edit/hr/new", newItem(csrfOf(t, form))); res.StatusCode != 303 {
		t.Fatal("the form's save")
	}
	mid := f.feed(t, "hr")
	res, page = hr.post("/edit/hr/upload", map[string][]string{"csrf": {csrf}, "upload": {m[1]}, "action": {"confirm"}})
	if res.StatusCode != 200 || !strings.Contains(page, "ändrades medan du tittade") || !strings.Contains(page, "Tas bort (1)") {
		t.Fatalf("a stale confirmation: %d\n%.1200s", res.StatusCode, page)
	}
	if got := f.feed(t, "hr"); got != mid {
		t.Error("a stale confirmation changed the feed")
	}
}
