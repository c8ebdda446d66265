package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/linksig"
)

// emailLike is an address; a UID's "@host" is an identifier, not a
// person, and is allowed on UID lines only.
var emailLike = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// TestPublicShowsNoFollowUpNoResultNoPerson: after a public item's
// follow-up is marked done with a result, the public feed, the public
// wheels (page and SVG) and every public item page carry no follow-up, no
// result and no e-mail address (an owner shows as the unit); the unit's
// own feed still has them; the form says who will see the result; and
// /healthz tells anyone only status and version.
func TestPublicShowsNoFollowUpNoResultNoPerson(t *testing.T) {
	srv, h, key, clk := startFollowUps(t)
	result := "Resultat-7731: 1 200 nedladdningar"
	path := srv.URL + "/followups/" + overdueID
	sig := linksig.Sign(key, overdueID, clk.Now().Add(time.Hour))
	res, err := http.Get(path + "?sig=" + url.QueryEscape(sig))
	if err != nil {
		t.Fatal(err)
	}
	form, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(form), "publiceras aldrig i den publika kalendern") {
		t.Error("the mark-done form does not say who will see the result")
	}
	client := &http.Client{CheckRedirect: noRedirect}
	res, err = client.PostForm(path, url.Values{"sig": {sig}, "note": {result}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if !isDone(t, h, overdueID) {
		t.Fatal("not marked done")
	}

	get := func(p string) string {
		t.Helper()
		res, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
		return strings.ReplaceAll(string(b), "\r\n ", "")
	}
	pages := []string{"/feeds/public.ics", "/wheel/public", "/wheel/public.svg", "/wheel/public?year=2027"}
	cur := h.Current()
	for _, u := range cur.Config.Units {
		if !u.Public {
			continue
		}
		pages = append(pages, "/wheel/"+u.ID, "/wheel/"+u.ID+".svg")
		for _, rec := range cur.Snapshot.Items[u.ID] {
			if rec.Item.Public {
				pages = append(pages, "/wheel/"+u.ID+"/item/"+rec.Item.ID)
			}
		}
	}
	if len(pages) < 15 {
		t.Fatalf("only %d public pages to look at", len(pages))
	}
	for _, p := range pages {
		body := get(p)
		for _, line := range strings.Split(body, "\n") {
			if strings.HasPrefix(line, "UID:") {
				continue
			}
			if m := emailLike.FindString(line); m != "" {
				t.Errorf("%s shows the address %s", p, m)
			}
		}
		for _, private := range []string{"Resultat-7731", "ppföljning", "FÖRSENAD", "försenad"} {
			if strings.Contains(body, private) {
				t.Errorf("%s shows %q", p, private)
			}
		}
	}
	tok := h.Tokens().Units["ekonomi"]
	if feed := get("/feeds/" + tok + "/ekonomi.ics"); !strings.Contains(feed, "Uppföljning") || !strings.Contains(feed, "ekonomichef@example.se") {
		t.Error("the unit's own feed lost its follow-ups or owner")
	}
	if item := get("/wheel/" + tok + "/ekonomi/item/arsredovisning"); !strings.Contains(item, result) {
		t.Error("the unit's own item page lost the result")
	}

	var doc map[string]any
	if err := json.Unmarshal([]byte(get("/healthz")), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc) != 2 || doc["status"] != "ok" || doc["version"] == "" {
		t.Errorf("public /healthz: want only status and version, got %v", doc)
	}
	full := get("/healthz?token=" + h.Tokens().Admin)
	for _, want := range []string{`"last_reload"`, `"programme"`, `"items"`} {
		if !strings.Contains(full, want) {
			t.Errorf("/healthz with the admin token lacks %s", want)
		}
	}
	res, _ = http.Get(srv.URL + "/healthz?token=" + h.Tokens().Units["ekonomi"])
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("/healthz with a unit's token: %d, want 404", res.StatusCode)
	}
	res.Body.Close()
}
