package server_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/icalcheck"
)

// TestPublicUnitFeed: /feeds/public/UNIT.ics (SPEC) is one public unit's
// public items, with no follow-up, as the service itself lists them; an
// internal unit or an unknown one is a 404; a parameter the service does
// not know is ignored (SPEC), a known one with a bad value is still a 400.
func TestPublicUnitFeed(t *testing.T) {
	f := start(t, start2026)
	r, body := f.get(t, "/feeds/public/ekonomi.ics")
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "text/calendar; charset=utf-8" || !strings.HasPrefix(r.Header.Get("Cache-Control"), "public") {
		t.Fatalf("ekonomi: %d %v", r.StatusCode, r.Header)
	}
	if !strings.Contains(r.Header.Get("Content-Disposition"), `filename="ekonomi.ics"`) {
		t.Errorf("Content-Disposition %q", r.Header.Get("Content-Disposition"))
	}
	text := strings.ReplaceAll(string(body), "\r\n ", "")
	if !strings.Contains(text, "X-WR-CALNAME:Årshjul – Ekonomiavdelningen (publikt)") || strings.Contains(text, "Uppföljning") ||
		strings.Contains(text, "Vatten") || strings.Contains(text, "@example.se") {
		t.Error("the public unit feed shows another unit, a follow-up or an address")
	}
	cur := f.holder.Current()
	req, ok := feed.NewRequest(cur.Config, cur.Snapshot, feed.PublicUnit("ekonomi"), feed.Filter{FollowUps: true}, f.clock.Now())
	if !ok {
		t.Fatal("no request for the public unit")
	}
	want := icalcheck.Expected(req)
	if len(want) == 0 {
		t.Fatal("nothing to compare")
	}
	from, to := icalcheck.Window(&cur.Config.Programme)
	icalcheck.Verify(t, body, from, to, want)

	for _, p := range []string{"/feeds/public/hr.ics", "/feeds/public/okand.ics", "/feeds/public/ekonomi.txt"} {
		if r, _ := f.get(t, p); r.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, r.StatusCode)
		}
	}
	if r, b := f.get(t, "/feeds/public/ekonomi.ics?utm_source=intranat&_=1733130000"); r.StatusCode != 200 || !bytes.Equal(b, body) {
		t.Errorf("unknown parameters: %d, same bytes %t", r.StatusCode, bytes.Equal(b, body))
	}
	if r, _ := f.get(t, "/feeds/public/ekonomi.ics?focus=okand"); r.StatusCode != 400 {
		t.Errorf("a bad focus: %d, want 400", r.StatusCode)
	}
	// Citizens find it on the unit's public wheel and the front page.
	for _, p := range []string{"/wheel/ekonomi", "/"} {
		_, page := f.get(t, p)
		if !strings.Contains(string(page), `href="webcal://`) || !strings.Contains(string(page), "/feeds/public/ekonomi.ics") {
			t.Errorf("%s has no subscribe button for /feeds/public/ekonomi.ics", p)
		}
	}
}

// TestFilteredFeedIsNamedForItsFilter: two
// subscriptions of one unit, one filtered, have different names in
// Outlook's list.
func TestFilteredFeedIsNamedForItsFilter(t *testing.T) {
	f := start(t, start2026)
	tok := f.token(t, "unit:hr")
	_, plain := f.get(t, "/feeds/"+tok+"/hr.ics")
	_, narrowed := f.get(t, "/feeds/"+tok+"/hr.ics?audience=medarbetare&focus=varumarke&utm_source=x")
	if !strings.Contains(string(plain), "X-WR-CALNAME:Årshjul – HR-avdelningen\r\n") {
		t.Error("the unfiltered feed's name changed")
	}
	for _, want := range []string{"X-WR-CALNAME:Årshjul – HR-avdelningen (Varumärke, Medarbetare)\r\n", "NAME:Årshjul – HR-avdelningen (Varumärke, Medarbetare)\r\n"} {
		text := strings.NewReplacer("\r\n ", "", `\,`, ",").Replace(string(narrowed)) // TEXT escapes its commas
		if !strings.Contains(text, want) {
			t.Errorf("the filtered feed lacks %q", want)
		}
	}
}

// TestItemPageSaysWhere: the place of an imported
// council meeting is on its item page.
func TestItemPageSaysWhere(t *testing.T) {
	f := start(t, start2026)
	for _, rec := range f.holder.Current().Snapshot.Items["kommunledning"] {
		if rec.Item.Location == "" {
			continue
		}
		_, page := f.get(t, "/wheel/kommunledning/item/"+rec.Item.ID)
		if !strings.Contains(string(page), "<dt>Plats</dt><dd>Sessionssalen, Avesta kommunhus</dd>") {
			t.Errorf("%s: no place on the item page", rec.Item.ID)
		}
		return
	}
	t.Fatal("no item of Kommunledningskontoret has a place")
}
