package server_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestStaleSaveIsRefused: two editors (two sessions) open one item; B
// saves a new description; A's save of its stale form with a new title is
// refused with 409, the page holding A's title and showing B's
// description, and B's description stays stored. A's removal with the
// stale form is refused too. A's form, shown again, carries the version
// now stored: saving it then is a choice made seeing B's change.
func TestStaleSaveIsRefused(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	a := f.signInAs(t, "hr@example.se")
	b := f.signInAs(t, "hr@example.se")
	_, form := a.get("/edit/hr/new")
	if res, _ := a.post("/edit/hr/new", newItem(csrfOf(t, form))); res.StatusCode != 303 {
		t.Fatalf("save: %d", res.StatusCode)
	}
	const path = "/edit/hr/item/frukostmote-om-friskvard"
	_, formA := a.get(path)
	_, formB := b.get(path)

	const descB = "Ny beskrivning från B: frukost klockan åtta."
	vb := newItem(csrfOf(t, formB))
	vb.Set("version", versionOf(t, formB))
	vb.Set("description", descB)
	if res, _ := b.post(path, vb); res.StatusCode != 303 {
		t.Fatalf("B's save: %d", res.StatusCode)
	}

	const titleA = "Frukostmöte med ny titel från A"
	va := newItem(csrfOf(t, formA))
	va.Set("version", versionOf(t, formA))
	va.Set("title", titleA)
	res, page := a.post(path, va)
	if res.StatusCode != 409 {
		t.Fatalf("A's stale save: %d, want 409", res.StatusCode)
	}
	if !strings.Contains(page, `value="`+html.EscapeString(titleA)+`"`) {
		t.Error("the refused form does not hold A's title")
	}
	if !strings.Contains(page, html.EscapeString(descB)) || !strings.Contains(page, "Någon annan har ändrat aktiviteten") {
		t.Errorf("the refused form does not show B's description:\n%s", page)
	}
	w, _, err := f.store.WebItem(t.Context(), "hr", "frukostmote-om-friskvard")
	if err != nil || !strings.Contains(storedYAML(w), descB) || strings.Contains(storedYAML(w), titleA) {
		t.Errorf("stored after A's refused save (%v):\n%s", err, storedYAML(w))
	}

	del := url.Values{"csrf": {csrfOf(t, formA)}, "action": {"delete"}, "version": {versionOf(t, formA)}}
	if res, _ := a.post(path, del); res.StatusCode != 409 {
		t.Errorf("A's stale removal: %d, want 409", res.StatusCode)
	}
	if _, ok, _ := f.store.WebItem(t.Context(), "hr", "frukostmote-om-friskvard"); !ok {
		t.Error("a stale removal removed the item")
	}

	// Saving the form shown with the conflict is deliberate: it stores.
	va.Set("version", versionOf(t, page))
	if res, _ := a.post(path, va); res.StatusCode != 303 {
		t.Errorf("A's save after seeing B's change: %d", res.StatusCode)
	}
}

// TestConcurrentNewItemsNeverOverwrite: two people saving a new item of
// the same id at the same moment, twenty times: each time exactly one is
// stored (303) and the other refused, never overwriting it.
func TestConcurrentNewItemsNeverOverwrite(t *testing.T) {
	f := start(t, time.Date(2027, 3, 1, 10, 0, 0, 0, stockholm))
	a := f.signInAs(t, "hr@example.se")
	b := f.signInAs(t, "hr@example.se")
	_, formA := a.get("/edit/hr/new")
	_, formB := b.get("/edit/hr/new")
	for i := range 20 {
		id := "samtidig-" + string(rune('a'+i))
		va, vb := newItem(csrfOf(t, formA)), newItem(csrfOf(t, formB))
		va.Set("id", id)
		vb.Set("id", id)
		va.Set("title", "Från A")
		vb.Set("title", "Från B")
		var codes [2]int
		var wg sync.WaitGroup
		ready := make(chan struct{})
		for j, p := range []struct {
			b *browser
			v url.Values
		}{{a, va}, {b, vb}} {
			wg.Go(func() {
				<-ready
				res, _ := p.b.post("/edit/hr/new", p.v)
				codes[j] = res.StatusCode
			})
		}
		close(ready)
		wg.Wait()
		won := 0
		for j, c := range codes {
			switch c {
			case 303:
				won++
				w, _, _ := f.store.WebItem(t.Context(), "hr", id)
				if mine := []string{"Från A", "Från B"}[j]; !strings.Contains(storedYAML(w), "title: "+mine) {
					t.Errorf("%s: the 303 was %s's, but stored is:\n%s", id, mine, storedYAML(w))
				}
			case 409, 422:
			default:
				t.Errorf("%s: answered %d", id, c)
			}
		}
		if won != 1 {
			t.Errorf("%s: %v, want exactly one 303", id, codes)
		}
	}
}

// versionOf is the version an edit form was made from.
func versionOf(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no version in the form:\n%.600s", page)
	}
	return m[1]
}
