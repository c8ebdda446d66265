package server_test

import (
	"testing"
	"time"
)

// TestEditorHidesWhichUnitsExist: to someone who may not edit it, a unit
// the config does not have is answered as one it has: the same redirect
// without a session, the same 403 page signed in; only an admin, who
// knows every unit, is told it does not exist.
func TestEditorHidesWhichUnitsExist(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	anon := newBrowser(t, f.srv.URL)
	eko := f.signInAs(t, "ekonomi@example.se")
	admin := f.signInAs(t, "kommunikationschef@example.se")
	for _, pair := range [][2]string{
		{"/edit/hr", "/edit/nosuchunit"},
		{"/edit/hr/new", "/edit/nosuchunit/new"},
		{"/edit/hr/item/medarbetarenkat", "/edit/nosuchunit/item/medarbetarenkat"},
		{"/edit/hr/aktivitetsplan.xlsx", "/edit/nosuchunit/aktivitetsplan.xlsx"},
		{"/history/hr", "/history/nosuchunit"},
	} {
		for name, b := range map[string]*browser{"without a session": anon, "signed in as ekonomi's contact": eko} {
			code, body := b.get(pair[0])
			code2, body2 := b.get(pair[1])
			if code != code2 || body != body2 {
				t.Errorf("%s: %s answers %d, %s %d", name, pair[0], code, pair[1], code2)
			}
			if code != 303 && code != 403 {
				t.Errorf("%s: %s answers %d", name, pair[0], code)
			}
		}
		if code, _ := admin.get(pair[1]); code != 404 {
			t.Errorf("the admin: %s answers %d, want 404", pair[1], code)
		}
	}
}
