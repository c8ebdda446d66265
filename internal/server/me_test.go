package server_test

import (
	"context"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/app"
	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/icalcheck"
	"github.com/avesta-kommun/arshjul/internal/server"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// intern is the example's internal communicator: the owner of the
// monthly letter to the staff, given here an HR item too, and named in
// people: but with no right to edit any unit.
const intern = "intern.kommunikator@example.se"

// startPeople serves the example with intern owning activities in two
// units (kommunikation's letter, and a monthly HR item added here).
func startPeople(t *testing.T, now time.Time) *fixture {
	t.Helper()
	dir := testenv.CopyExample(t)
	p := filepath.Join(dir, "config", "arshjul.yaml")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, []byte("\npeople:\n  "+intern+": Ina Intern\n")...), 0o644)
	hr := filepath.Join(dir, "calendars", "hr.yaml")
	b, _ = os.ReadFile(hr)
	item := "wheel:\n  - id: hr-nytt\n    title: HR-nytt på intranätet\n    monthly: {day: 10}\n    owner: " + intern +
		"\n    focus: varumarke\n    audiences: [medarbetare]\n    channels: [intranat]\n    follow_up: {after: 7d, how: Läsningar på intranätet}\n\n"
	os.WriteFile(hr, []byte(strings.Replace(string(b), "wheel:\n", item, 1)), 0o644)
	files := config.Disk()
	cfgPath, _ := files.FromOS(p)
	clk := clock.NewManual(now)
	logs := &testenv.LogBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	st := testenv.OpenStore(t)
	h := state.New(st, clk, log, files, cfgPath)
	if err := h.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	core := app.New(app.Options{State: h, Store: st, Clock: clk, Log: log})
	return &fixture{srv: serve(t, server.New(core, log, server.NewMetrics(h))), holder: h, store: st, clock: clk, logs: logs}
}

// TestMePage guards "Mina aktiviteter": a person with no rights of their
// own signs in and sees their own activities and follow-ups in both
// units and no one else's; the header links to the page; the personal
// feed is made by a POST (never a GET), holds exactly their things as
// the parsers read them, and stops working when revoked.
func TestMePage(t *testing.T) {
	now := time.Date(2027, 3, 15, 10, 0, 0, 0, stockholm)
	f := startPeople(t, now)
	if code, _ := newBrowser(t, f.srv.URL).get("/me"); code != 303 {
		t.Errorf("/me without a session: %d, want 303 to sign in", code)
	}
	b := f.signInAs(t, intern)
	code, page := b.get("/me")
	if code != 200 {
		t.Fatalf("/me: %d", code)
	}
	for _, want := range []string{"Inloggad som Ina Intern (" + intern + ")", "Nyhetsbrev till medarbetare", "HR-nytt på intranätet",
		"Kommunikationsenheten", "HR-avdelningen", "väntar", `href="/followups/kommunikation/nyhetsbrev/`, `href="/wheel/hr/item/hr-nytt"`} {
		if !strings.Contains(page, want) {
			t.Errorf("/me lacks %q", want)
		}
	}
	for _, other := range []string{"Medarbetarenkät", "Budgetdialog", "webbredaktor"} {
		if strings.Contains(page, other) {
			t.Errorf("/me shows someone else's %q", other)
		}
	}
	_, item := b.get("/wheel/hr/item/hr-nytt")
	if !strings.Contains(item, `href="/me">Mina aktiviteter</a>`) {
		t.Error("the signed-in header does not link to /me")
	}
	if _, wheelPage := b.get("/wheel/hr"); !strings.Contains(item, "Ina Intern ("+intern+")") || !strings.Contains(wheelPage, "Ansvarig: Ina Intern ("+intern+")") {
		t.Error("the item page or the wheel's list does not name the owner as people: does")
	}
	if strings.Contains(page, "/feeds/") {
		t.Fatal("a feed address before the person asked for one")
	}
	// A GET of the form's address changes nothing.
	if code, _ := b.get("/me/feed"); code != 405 {
		t.Errorf("GET /me/feed: %d, want 405", code)
	}
	if res, _ := b.post("/me/feed", url.Values{"action": {"make"}, "csrf": {"forged"}}); res.StatusCode != 403 {
		t.Errorf("a forged csrf made a feed: %d", res.StatusCode)
	}
	if res, _ := b.post("/me/feed", url.Values{"action": {"make"}, "csrf": {csrfOf(t, page)}}); res.StatusCode != 303 {
		t.Fatalf("make the feed: %d", res.StatusCode)
	}
	_, page = b.get("/me")
	m := regexp.MustCompile(`value="(http://[^"]+/feeds/([A-Za-z0-9_-]+)/me\.ics)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no personal feed address on /me")
	}
	if len(m[2]) < 22 { // 128 bits in base64url
		t.Errorf("the personal token %q is shorter than 128 bits", m[2])
	}
	res, body := f.get(t, "/feeds/"+m[2]+"/me.ics")
	if res.StatusCode != 200 {
		t.Fatalf("me.ics: %d", res.StatusCode)
	}
	text := strings.ReplaceAll(string(body), "\r\n ", "")
	for _, want := range []string{"Nyhetsbrev till medarbetare", "HR-nytt på intranätet", "Ansvarig: Ina Intern (" + intern + ")"} {
		if !strings.Contains(text, want) {
			t.Errorf("me.ics lacks %q", want)
		}
	}
	req, ok := feed.NewRequest(f.holder.Current().Config, f.holder.Current().Snapshot, feed.Personal(intern), feed.Filter{FollowUps: true}, now)
	if !ok {
		t.Fatal("no personal feed request")
	}
	from, to := icalcheck.Window(&f.holder.Current().Config.Programme)
	icalcheck.Verify(t, body, from, to, icalcheck.Expected(req))
	if strings.Contains(text, "Medarbetarenkät") {
		t.Error("me.ics holds someone else's item")
	}

	if res, _ := b.post("/me/feed", url.Values{"action": {"revoke"}, "csrf": {csrfOf(t, page)}}); res.StatusCode != 303 {
		t.Fatalf("revoke the feed: %d", res.StatusCode)
	}
	if res, _ := f.get(t, "/feeds/"+m[2]+"/me.ics"); res.StatusCode != 404 {
		t.Errorf("a revoked personal feed answers %d, want 404", res.StatusCode)
	}
}

// TestCloseSeveralFollowUps guards catching up on a series: from the
// oldest overdue follow-up's page its owner (no editor) closes three with
// one note and one as "ej aktuell" with a reason; the history says so, the
// unit feed shows the series' one remaining event, a follow-up of another
// item cannot be slipped into the form, and the report counts the "ej
// aktuell" one apart.
func TestCloseSeveralFollowUps(t *testing.T) {
	now := time.Date(2027, 3, 15, 10, 0, 0, 0, stockholm)
	f := startPeople(t, now)
	b := f.signInAs(t, intern)
	var open []string
	for _, fu := range f.holder.Current().Snapshot.FollowUps["kommunikation"] {
		if fu.ItemID == "nyhetsbrev" && fu.DoneAt == nil && fu.Due.String() < "2027-03-15" {
			open = append(open, fu.ID)
		}
	}
	if len(open) < 6 {
		t.Fatalf("want six or more overdue letters, have %d", len(open))
	}
	_, page := b.get("/followups/" + open[0])
	for _, id := range open[1:] {
		if !strings.Contains(page, `value="`+id+`"`) {
			t.Errorf("the oldest one's page does not offer %s", id)
		}
	}
	if res, _ := b.post("/followups/"+open[0], url.Values{"csrf": {csrfOf(t, page)}, "note": {"Öppningsgrad 58 %"}, "action": {"done"},
		"also": {open[1], "hr/medarbetarenkat/2026-10-05"}}); res.StatusCode != 403 {
		t.Errorf("another item's follow-up slipped into the form: %d, want 403", res.StatusCode)
	}
	if res, _ := b.post("/followups/"+open[0], url.Values{"csrf": {csrfOf(t, page)}, "note": {"Öppningsgrad 58 %"}, "action": {"done"},
		"also": {open[1], open[2]}}); res.StatusCode != 303 {
		t.Fatalf("close three: %d", res.StatusCode)
	}
	_, page = b.get("/followups/" + open[3])
	if res, _ := b.post("/followups/"+open[3], url.Values{"csrf": {csrfOf(t, page)}, "note": {""}, "action": {"skip"}}); res.StatusCode != 422 {
		t.Errorf("ej aktuell without a reason: %d, want 422", res.StatusCode)
	}
	if res, _ := b.post("/followups/"+open[3], url.Values{"csrf": {csrfOf(t, page)}, "note": {"Inget brev i juli"}, "action": {"skip"}}); res.StatusCode != 303 {
		t.Fatalf("ej aktuell: %d", res.StatusCode)
	}
	_, page = b.get("/followups/" + open[3])
	if !strings.Contains(page, "Ej aktuell") || !strings.Contains(page, "Inget brev i juli") {
		t.Error("the page does not say it is not relevant, and why")
	}
	closed := 0
	for _, fu := range f.holder.Current().Snapshot.FollowUps["kommunikation"] {
		switch {
		case fu.ID == open[3] && (!fu.Skipped || fu.Note != "Inget brev i juli"):
			t.Errorf("%s not stored as ej aktuell: %+v", fu.ID, fu)
		case (fu.ID == open[0] || fu.ID == open[1] || fu.ID == open[2]) && (fu.Skipped || fu.Note != "Öppningsgrad 58 %"):
			t.Errorf("%s not stored as done with the note: %+v", fu.ID, fu)
		}
		if fu.DoneAt != nil && fu.ItemID == "nyhetsbrev" {
			closed++
		}
	}
	if closed != 4 {
		t.Errorf("%d of the letters closed, want 4", closed)
	}
	hr := f.signInAs(t, "kommunikation@example.se")
	_, hist := hr.get("/history/kommunikation")
	if !strings.Contains(hist, "uppföljningen markerades ej aktuell (webben): Inget brev i juli") ||
		strings.Count(hist, "uppföljningen markerades klar (webben): Öppningsgrad 58 %") != 3 {
		t.Error("the history does not have the three done and the one not relevant")
	}
	_, body := f.get(t, "/feeds/"+f.token(t, "unit:kommunikation")+"/kommunikation.ics")
	text := strings.ReplaceAll(string(body), "\r\n ", "")
	if n := strings.Count(text, "uppföljning (") + strings.Count(text, "uppföljning: Nyhetsbrev"); n != 1 {
		t.Errorf("the unit feed has %d follow-up events of the letter, want one", n)
	}
	if !strings.Contains(text, "FÖRSENAD uppföljning ("+itoa(len(open)-4)+" väntar): Nyhetsbrev till medarbetare") {
		t.Error("the letter's one event does not count the ones that remain")
	}
	_, report := f.get(t, "/admin/"+f.token(t, "admin")+"/report.csv")
	if !strings.Contains(string(report), "ej aktuella") {
		t.Error("the report has no column for follow-ups not relevant")
	}
}
