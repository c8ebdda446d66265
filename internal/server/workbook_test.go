package server_test

import (
	"bytes"
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

// TestWorkbookRoundTrip (issue 14, points 2–4): an editor downloads the
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
	rows, _ := x.GetRows("Aktivitetsplan")
	if len(rows) != 3 || rows[0][1] != "aktivitet" || rows[1][1] != "Frukostmöte om friskvård" {
		t.Fatalf("the downloaded plan's rows: %q", rows)
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
	x.SetCellValue("Aktivitetsplan", "C2", time.Date(2027, 5, 6, 0, 0, 0, 0, time.UTC))
	x.SetCellStr("Aktivitetsplan", "B3", "Ny aktivitet från Excel")
	x.SetCellStr("Aktivitetsplan", "A3", "")
	var changed bytes.Buffer
	x.Write(&changed)
	res, page = hr.postFile("/edit/hr/upload", csrf, "plan våren.xlsx", changed.Bytes())
	m := uploadRe.FindStringSubmatch(page)
	if res.StatusCode != 200 || m == nil || !strings.Contains(page, "Läggs till (1)") || !strings.Contains(page, "Ändras (1)") || !strings.Contains(page, "Tas bort (1)") {
		t.Fatalf("the preview: %d\n%.1500s", res.StatusCode, page)
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
	// The confirmation is used once.
	if res, _ = hr.post("/edit/hr/upload", map[string][]string{"csrf": {csrf}, "upload": {m[1]}, "action": {"confirm"}}); res.StatusCode != 422 {
		t.Fatalf("a second confirmation: %d", res.StatusCode)
	}
	_, hist := hr.get("/history/hr")
	if !strings.Contains(hist, "uppladdad arbetsbok plan våren.xlsx") {
		t.Fatalf("the history does not name the workbook:\n%.1500s", hist)
	}
}
