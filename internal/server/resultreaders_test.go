package server_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestMarkDoneFormSaysWhoReadsTheResult: the mark-done form tells who will
// read the result, and it is so: a colleague of another unit, signed in,
// reads it on the unit's item page, so the form names everyone who can
// sign in rather than the unit's contacts and the admins alone.
func TestMarkDoneFormSaysWhoReadsTheResult(t *testing.T) {
	f := start(t, time.Date(2026, 10, 20, 9, 0, 0, 0, stockholm))
	id := "hr/medarbetarenkat/2026-10-05"
	hr := f.signInAs(t, "hr@example.se")
	_, form := hr.get("/followups/" + id)
	if !strings.Contains(form, "alla som kan logga in i årshjulet (administratörerna, alla enheters kontakter, chefer och redaktörer") ||
		strings.Contains(form, "syns för enhetens kontakter och administratörerna") {
		t.Errorf("the form does not say who reads the result:\n%s", form[strings.Index(form, "<form"):])
	}
	if res, _ := hr.post("/followups/"+id, url.Values{"csrf": {csrfOf(t, form)}, "note": {"Svarsfrekvens 81 %"}}); res.StatusCode != 303 {
		t.Fatalf("mark done: %d", res.StatusCode)
	}
	eko := f.signInAs(t, "ekonomi@example.se")
	if code, page := eko.get("/wheel/hr/item/medarbetarenkat"); code != 200 || !strings.Contains(page, "Svarsfrekvens 81 %") {
		t.Errorf("another unit's contact, signed in, does not read the result (%d): the form would say too much", code)
	}
}
