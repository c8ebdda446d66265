package remind_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestFeedLinksOnlyToTheUnitsPeople: an internal unit's wheel link holds
// its token, which opens its wheel and feed to anyone; a reminder carries
// it only to the unit's contacts, its manager and the admins. An item's
// owner who is none of them (webbredaktor@ owns Kommunikationsenheten's
// editorial meeting) gets the reminder without it; it went to them.
func TestFeedLinksOnlyToTheUnitsPeople(t *testing.T) {
	r := newRig(t, at("2026-09-21T06:59"))
	d := r.start()
	d.tick(t)
	cfg := d.holder.Current().Config
	outsider := 0
	for _, u := range cfg.Units {
		if u.Public {
			continue
		}
		tok, err := d.store.Token(context.Background(), store.UnitScope(u.ID), r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		staff := append(append([]string{u.Manager}, u.Contacts...), cfg.Admins...)
		for _, m := range r.smtp.Received() {
			body := strings.ReplaceAll(strings.ReplaceAll(string(m.Data), "=\r\n", ""), "=3D", "=")
			has := strings.Contains(body, tok)
			isStaff := slices.ContainsFunc(staff, func(s string) bool { return strings.EqualFold(s, m.To) })
			if has && !isStaff {
				t.Errorf("%s, not of %s, was sent its token", m.To, u.ID)
			}
			if !isStaff && strings.Contains(body, u.Name) {
				outsider++
			}
		}
	}
	if outsider == 0 {
		t.Fatal("no reminder of an internal unit went to an owner outside it: the test shows nothing")
	}
	t.Logf("%d reminders of internal units to owners outside them, none with the token", outsider)
}

// TestReminderSaysWhere: a reminder of an activity
// with a place says it (the council meeting of 28 September 2026, imported
// from Outlook with its LOCATION), in the text and the HTML part.
func TestReminderSaysWhere(t *testing.T) {
	r := newRig(t, at("2026-09-25T07:01"))
	d := r.start()
	d.tick(t)
	found := 0
	for _, m := range r.smtp.Received() {
		for _, p := range testenv.Parts(t, m.Data) {
			if (p.ContentType == "text/plain" || p.ContentType == "text/html") && strings.Contains(string(p.Body), "Plats: Sessionssalen, Avesta kommunhus") {
				found++
			}
		}
	}
	if found < 2 {
		t.Errorf("the place is in %d message parts, want the text and the HTML part at least", found)
	}
	// "Visa i årshjulet" opens the activity at this occurrence, not the
	// unit's wheel.
	link := "/wheel/kommunledning/item/ics-83003b77ef01#2026-09-28"
	linked := false
	for _, m := range r.smtp.Received() {
		for _, p := range testenv.Parts(t, m.Data) {
			linked = linked || (p.ContentType == "text/html" && strings.Contains(string(p.Body), link))
		}
	}
	if !linked {
		t.Errorf("no reminder links to %s", link)
	}
}

// TestMailNamesPeople: with people: in the config,
// mail names an owner ("Ivar Intern (intern.kommunikator@example.se)") instead of
// giving only the mailbox.
func TestMailNamesPeople(t *testing.T) {
	// The 23rd: the monthly chefsinfo's 7-day reminder is due (its unit's
	// 30-day lead is longer than a month's gap, so a series skips it).
	r := newRig(t, at("2026-09-23T08:01"))
	b, _ := os.ReadFile(r.cfgPath)
	os.WriteFile(r.cfgPath, append(b, []byte("\npeople:\n  Intern.Kommunikator@example.se: Ivar Intern\n")...), 0o644)
	d := r.start()
	d.tick(t)
	named := 0
	for _, m := range r.smtp.Received() {
		if strings.Contains(testenv.Text(t, m.Data), "Ansvarig: Ivar Intern (intern.kommunikator@example.se)") {
			named++
		}
	}
	if named == 0 {
		for _, m := range r.smtp.Received() {
			if txt := testenv.Text(t, m.Data); strings.Contains(txt, "Ansvarig:") {
				t.Logf("%s: %s", m.To, txt[strings.Index(txt, "Ansvarig:"):][:80])
			}
		}
		t.Error("no message names the owner from people:")
	}
}

// TestRepeatedFollowUpsAreOneRow: the monthly
// newsletter's follow-ups left undone since April are one row that says
// how many and since when, with a mark-done link for each; no digest
// shows the technical "Id:" lines.
func TestRepeatedFollowUpsAreOneRow(t *testing.T) {
	r := newRig(t, at("2026-09-21T08:01"))
	d := r.start()
	d.tick(t)
	rows := 0
	for _, m := range r.smtp.Received() {
		txt := strings.ReplaceAll(testenv.Text(t, m.Data), "\r\n", "\n")
		if strings.Contains(txt, "Id:") {
			t.Errorf("%s: the digest still has Id: lines", m.To)
		}
		i := strings.Index(txt, "* Nyhetsbrev till medarbetare (Kommunikationsenheten)\n")
		if i < 0 || m.To != "intern.kommunikator@example.se" { // its owner; the manager's copy counts only the escalated
			continue
		}
		rows++
		row := txt[i:]
		row = row[:strings.Index(row, "\n\n")]
		t.Logf("%s:\n%s", m.To, row)
		if strings.Count(txt, "* Nyhetsbrev till medarbetare") != 1 {
			t.Errorf("%s: the newsletter's follow-ups are more than one row", m.To)
		}
		if !strings.Contains(row, "6 uppföljningar väntar, den äldsta sedan måndag 13 april 2026 (161 dagar)") {
			t.Errorf("%s: the row does not say how many and since when", m.To)
		}
		if n := strings.Count(row, "/followups/kommunikation/nyhetsbrev/"); n != 6 {
			t.Errorf("%s: %d mark-done links in the row, want 6", m.To, n)
		}
		ids := testenv.IDs(t, m.Data)["FÖRSENADE UPPFÖLJNINGAR"]
		if n := len(slices.DeleteFunc(ids, func(id string) bool { return !strings.HasPrefix(id, "kommunikation/nyhetsbrev/") })); n != 6 {
			t.Errorf("%s: the HTML part marks %d of the newsletter's follow-ups, want 6", m.To, n)
		}
	}
	if rows == 0 {
		t.Fatal("no digest has the newsletter's overdue follow-ups")
	}
}

// TestEndNoticeLinksTheReport: the notice that the
// programme must be revised, 90 days before valid_until, links the admins
// to the programme report, with their own token.
func TestEndNoticeLinksTheReport(t *testing.T) {
	r := newRig(t, at("2028-10-02T07:01"))
	d := r.start()
	d.tick(t)
	admin := d.holder.Tokens().Admin
	found := false
	for _, m := range r.smtp.Received() {
		txt := testenv.Text(t, m.Data)
		if !strings.Contains(txt, "PROGRAMMET BEHÖVER REVIDERAS") {
			continue
		}
		found = true
		if m.To != "kommunikationschef@example.se" || !strings.Contains(strings.ReplaceAll(txt, "\r\n", "\n"), "http://localhost:8080/admin/"+admin+"/report\n") {
			t.Errorf("%s: the end notice does not link the report:\n%s", m.To, txt)
		}
	}
	if !found {
		t.Fatal("no end notice on 2028-10-02")
	}
}
