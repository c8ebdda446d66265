package server_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestFormsRefuseInvisibleLineBreaksAndOverrides: what a person types in
// the editor and the mark-done form is held to the files' rule: NEL,
// the line and paragraph separators and a right-to-left override are
// refused with a Swedish message naming the character, and nothing is
// stored.
func TestFormsRefuseInvisibleLineBreaksAndOverrides(t *testing.T) {
	f := start(t, time.Date(2026, 10, 20, 9, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	_, form := hr.get("/edit/hr/new")
	csrf := csrfOf(t, form)
	for _, c := range []struct{ field, value, code string }{
		{"title", "Fika\u0085Bcc: x", "U+0085"},
		{"title", "Fika \u202Eakif", "U+202E"},
		{"title", "Fika\u2028i dag", "U+2028"},
		{"location", "Rum\u2029B", "U+2029"},
		{"description", "Vi bjuder\u2028på fika.", "U+2028"},
		{"followup_how", "Antal \u202Eanmälda", "U+202E"},
	} {
		v := newItem(csrf)
		v.Set("title", "Prov")
		v.Set("date", "2027-05-04")
		v.Set(c.field, c.value)
		res, page := hr.post("/edit/hr/new", v)
		if res.StatusCode != 422 || !strings.Contains(page, asHTML("styrtecknet "+c.code)) {
			t.Errorf("%s with %s: %d\n%.600s", c.field, c.code, res.StatusCode, page[max(0, strings.Index(page, "<main")):])
		}
	}
	if _, l := hr.get("/edit/hr"); strings.Contains(l, "Fika") || strings.Contains(l, "Prov") {
		t.Error("a refused item was stored")
	}

	id := "hr/medarbetarenkat/2026-10-05"
	for _, note := range []string{"Svarsfrekvens \u202E%18", "Svarsfrekvens\u008581 %", "Svarsfrekvens\u202881 %"} {
		_, page := hr.get("/followups/" + id)
		res, body := hr.post("/followups/"+id, url.Values{"csrf": {csrfOf(t, page)}, "note": {note}})
		if res.StatusCode == 303 || !strings.Contains(body, asHTML("Resultatet innehåller styrtecknet U+")) {
			t.Errorf("a result %q: %d\n%.400s", note, res.StatusCode, body)
		}
	}
	if _, page := hr.get("/followups/" + id); strings.Contains(page, "<dt>Markerad klar</dt>") || !strings.Contains(page, `name="note"`) {
		t.Error("a refused result marked the follow-up done")
	}
	// A result typed with the browser's own line breaks (CRLF) is taken.
	_, page := hr.get("/followups/" + id)
	if res, _ := hr.post("/followups/"+id, url.Values{"csrf": {csrfOf(t, page)}, "note": {"Svarsfrekvens 81 %\r\nFler svar än 2025."}}); res.StatusCode != 303 {
		t.Errorf("a result over two lines: %d", res.StatusCode)
	}
}

// asHTML is s as html/template writes it in text ("+" too).
func asHTML(s string) string { return strings.ReplaceAll(htmlEscape(s), "+", "&#43;") }
