package server_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestUploadsOfOneEditorEvictNoOneElse: however many workbooks one
// unit's editor previews, another unit's editor's pending upload can still
// be confirmed; the many push out only their own oldest.
func TestUploadsOfOneEditorEvictNoOneElse(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	preview := func(b *browser, unit, title string) string {
		t.Helper()
		x, err := excelize.OpenReader(bytes.NewReader(b.download(unit)))
		if err != nil {
			t.Fatal(err)
		}
		n := freeRow(x, "Aktivitetsplan")
		x.SetCellStr("Aktivitetsplan", sheetCell(t, x, "Aktivitetsplan", "aktivitet", n), title)
		x.SetCellValue("Aktivitetsplan", sheetCell(t, x, "Aktivitetsplan", "start", n), time.Date(2027, 5, 6, 0, 0, 0, 0, time.UTC))
		var buf bytes.Buffer
		x.Write(&buf)
		_, edit := b.get("/edit/" + unit)
		res, page := b.postFile("/edit/"+unit+"/upload", csrfOf(t, edit), "plan.xlsx", buf.Bytes())
		m := uploadRe.FindStringSubmatch(page)
		if res.StatusCode != 200 || m == nil {
			t.Fatalf("preview in %s: %d\n%.800s", unit, res.StatusCode, page)
		}
		return m[1]
	}
	confirm := func(b *browser, unit, upload string) string {
		t.Helper()
		_, edit := b.get("/edit/" + unit)
		_, page := b.post("/edit/"+unit+"/upload", map[string][]string{"csrf": {csrfOf(t, edit)}, "upload": {upload}, "action": {"confirm"}})
		return page
	}
	eko := f.signInAs(t, "ekonomi@example.se")
	hr := f.signInAs(t, "hr@example.se")
	ekoUpload := preview(eko, "ekonomi", "Budgetfrukost")
	var hrUploads []string
	for i := range 40 {
		hrUploads = append(hrUploads, preview(hr, "hr", "Friskvårdsträff "+strconv.Itoa(i)))
	}
	if page := confirm(eko, "ekonomi", ekoUpload); !strings.Contains(page, "Ändringarna är sparade") {
		t.Fatalf("ekonomi's upload after 40 of HR's previews:\n%.800s", page)
	}
	if page := confirm(hr, "hr", hrUploads[0]); strings.Contains(page, "Ändringarna är sparade") {
		t.Error("HR's first of 40 previews is still pending: one person's uploads are not bounded")
	}
	if page := confirm(hr, "hr", hrUploads[39]); !strings.Contains(page, "Ändringarna är sparade") {
		t.Errorf("HR's last preview:\n%.800s", page)
	}
}
