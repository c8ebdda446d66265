package server_test

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// formValues is what a form in page would post as it stands: every
// input's value (checked boxes only), every select's chosen option and
// every textarea's text, by name; csrf and version left out.
func formValues(t *testing.T, page string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	out := url.Values{}
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, _ := attr(n, "name")
			switch {
			case name == "" || name == "csrf" || name == "version" || name == "action":
			case n.Data == "input":
				typ, _ := attr(n, "type")
				v, _ := attr(n, "value")
				_, checked := attr(n, "checked")
				if (typ != "checkbox" && typ != "radio") || checked {
					out.Add(name, v)
				}
			case n.Data == "textarea":
				var b strings.Builder
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					b.WriteString(c.Data)
				}
				out.Add(name, strings.TrimPrefix(b.String(), "\n"))
			case n.Data == "select":
				v := ""
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if _, sel := attr(o, "selected"); sel && o.Type == html.ElementNode {
						v, _ = attr(o, "value")
					}
				}
				out.Add(name, v)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// TestEditorKeepsWhatWasTyped: every way to say when (a one-off with a
// time and a length, a span of days, weekly, monthly and yearly series
// with their first and last day), with reminders, status and links, and
// a plan with ten activities one of which recurs: each saved, reopened,
// and the reopened form holds exactly what was typed, field for field.
// The feed then has the timed event at its time, the span's days, the
// series within its days and the cancelled one as CANCELLED.
func TestEditorKeepsWhatWasTyped(t *testing.T) {
	f := start(t, time.Date(2027, 3, 15, 10, 0, 0, 0, stockholm))
	hr := f.signInAs(t, "hr@example.se")
	item := func(id string, kv ...string) url.Values {
		v := url.Values{"id": {id}, "title": {"Prov " + id}, "description": {"Rad ett\nrad två"}, "location": {"Sessionssalen"},
			"owner": {"hr@example.se"}, "focus": {"varumarke"}, "audiences": {"kommuninvanare", "inflyttare"}, "channels": {"intranat"},
			"followup_after": {"7"}, "followup_how": {"Antal anmälda"}, "status": {""}, "links": {""}, "remind": {""},
			"kind": {"date"}, "date": {""}, "time": {""}, "duration": {""}, "to": {""}, "weekday": {""}, "nth": {""}, "day": {""}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	cases := []url.Values{
		item("presskonferens", "kind", "time", "date", "2027-06-02", "time", "10:00", "duration", "1h"),
		item("lang-mote", "kind", "time", "date", "2027-06-07", "time", "08:00", "duration", "3h30m", "status", "genomförd"),
		item("kampanj", "kind", "span", "date", "2027-05-02", "to", "2027-05-06", "links", "https://www.avesta.se/kampanj\nhttps://example.se/a?b=c"),
		item("veckomote", "kind", "weekly", "date", "2027-04-01", "to", "2027-06-30", "time", "09:00", "duration", "45m", "remind", "2, 1"),
		item("manadsbrev", "kind", "monthly", "date", "2027-04-05", "nth", "1", "to", "2027-12-31", "noremind", "1"),
		item("arsdag", "kind", "yearly", "date", "2027-10-05", "status", "inställd"),
		item("en-dag", "date", "2027-05-20"),
	}
	for _, want := range cases {
		id := want.Get("id")
		_, form := hr.get("/edit/hr/new")
		post := url.Values{"csrf": {csrfOf(t, form)}}
		for k, v := range want {
			post[k] = v
		}
		if res, page := hr.post("/edit/hr/new", post); res.StatusCode != 303 {
			t.Fatalf("%s: %d\n%s", id, res.StatusCode, summaryOf(page))
		}
		code, again := hr.get("/edit/hr/item/" + id)
		if code != 200 {
			t.Fatalf("%s: reopened %d", id, code)
		}
		compareForm(t, id, want, formValues(t, again))
	}

	// A plan with ten activities, one of them weekly.
	_, form := hr.get("/edit/hr/new?kind=plan")
	plan := url.Values{"csrf": {csrfOf(t, form)}, "entry": {"plan"}, "title": {"Välkommen till Avesta"}, "what": {"Ta emot nya invånare."},
		"why": {"Så att fler stannar."}, "audiences": {"inflyttare"}, "know": {"Vad som finns"}, "feel": {"Välkomna"}, "do": {"Komma"},
		"owner": {"hr@example.se"}, "focus": {"varumarke"}, "followup_after": {"14"}, "followup_how": {"Enkät"}}
	for i := 0; i < 10; i++ {
		p := fmt.Sprintf("act%d_", i)
		plan.Set(p+"title", fmt.Sprintf("Aktivitet nummer %d", i+1))
		plan.Set(p+"kind", "date")
		plan.Set(p+"date", fmt.Sprintf("2027-05-%02d", 10+i))
		plan[p+"channels"] = []string{"intranat"}
	}
	plan.Set("act3_kind", "weekly")
	plan.Set("act3_date", "2027-04-05")
	plan.Set("act3_to", "2027-05-31")
	plan.Set("act3_time", "13:00")
	plan.Set("act4_kind", "time")
	plan.Set("act4_time", "18:00")
	plan.Set("act4_duration", "2h")
	res, page := hr.post("/edit/hr/new", plan)
	if res.StatusCode != 303 {
		t.Fatalf("the plan: %d\n%s", res.StatusCode, summaryOf(page))
	}
	_, again := hr.get("/edit/hr/item/valkommen-till-avesta")
	got := formValues(t, again)
	for k, v := range plan {
		if k == "csrf" {
			continue
		}
		if g := got[k]; !slices.Equal(g, v) {
			t.Errorf("the plan's %s: reopened %q, typed %q", k, g, v)
		}
	}
	if got.Get("act10_title") != "" || got.Get("act11_title") != "" {
		t.Errorf("the reopened plan has more than one empty row after its ten")
	}

	tok := f.token(t, "unit:hr")
	_, ics := f.get(t, "/feeds/"+tok+"/hr.ics")
	text := strings.ReplaceAll(string(ics), "\r\n ", "")
	for _, want := range []string{
		"DTSTART;TZID=Europe/Stockholm:20270602T100000", "DTEND;TZID=Europe/Stockholm:20270602T110000",
		"DTSTART;VALUE=DATE:20270502", "DTEND;VALUE=DATE:20270507",
		"RRULE:FREQ=WEEKLY;BYDAY=TH;UNTIL=20270624T070000Z", "DTSTART;TZID=Europe/Stockholm:20270401T090000",
		"STATUS:CANCELLED", "https://www.avesta.se/kampanj",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the feed lacks %q", want)
		}
	}
	if _, page := f.get(t, "/wheel/"+tok+"/hr/item/kampanj"); !strings.Contains(string(page), `<a href="https://www.avesta.se/kampanj">`) {
		t.Error("the item's page does not link its link")
	}
	if _, page := f.get(t, "/wheel/"+tok+"/hr/item/arsdag"); !strings.Contains(string(page), "<dt>Status</dt><dd>inställd</dd>") {
		t.Error("the item's page does not say it is cancelled")
	}
}

// compareForm reports every field whose reopened value is not what was
// typed.
func compareForm(t *testing.T, id string, typed, got url.Values) {
	t.Helper()
	for k, v := range typed {
		if k == "csrf" || k == "id" { // an item's id is not changed in its form
			continue
		}
		g := got[k]
		if len(v) == 1 && v[0] == "" && len(g) == 0 {
			continue
		}
		if !slices.Equal(g, v) {
			t.Errorf("%s: %s reopened as %q, typed %q", id, k, g, v)
		}
	}
}

// summaryOf is a refused form's summary, for a failure's message.
func summaryOf(page string) string {
	if i := strings.Index(page, `class="error-summary"`); i >= 0 {
		return page[i:min(len(page), i+1500)]
	}
	return page[:min(len(page), 800)]
}

// TestExampleItemsSaveFromTheirForm guards the hand-over from files to the
// web: every item of a unit the example starts from its file opens in the
// form and saves as it stands (a file's series has no first day, and the
// form took one as required), and the unit's feed is then unchanged.
func TestExampleItemsSaveFromTheirForm(t *testing.T) {
	f := start(t, time.Date(2027, 3, 15, 10, 0, 0, 0, stockholm))
	admin := f.signInAs(t, "kommunikationschef@example.se")
	for _, unit := range []string{"kommunikation", "hr", "ekonomi", "vatten-avfall"} {
		before := f.feed(t, unit)
		_, list := admin.get("/edit/" + unit)
		ids := map[string]bool{}
		for _, m := range regexpItemLink.FindAllStringSubmatch(list, -1) {
			if m[1] == unit {
				ids[m[2]] = true
			}
		}
		if len(ids) < 3 {
			t.Fatalf("%s: only %d items to open in the editor's list", unit, len(ids))
		}
		for id := range ids {
			code, form := admin.get("/edit/" + unit + "/item/" + id)
			if code != 200 {
				t.Fatalf("%s/%s: %d", unit, id, code)
			}
			v := formValues(t, form)
			v.Set("csrf", csrfOf(t, form))
			v.Set("version", versionOf(t, form))
			v.Set("action", "save")
			if res, page := admin.post("/edit/"+unit+"/item/"+id, v); res.StatusCode != 303 {
				t.Errorf("%s/%s saved as it stands: %d\n%s", unit, id, res.StatusCode, summaryOf(page))
			}
		}
		if got := f.feed(t, unit); got != before {
			was := strings.Split(strings.ReplaceAll(before, "\r\n ", ""), "\r\n")
			now := strings.Split(strings.ReplaceAll(got, "\r\n ", ""), "\r\n")
			var diff []string
			for _, l := range now {
				if !slices.Contains(was, l) {
					diff = append(diff, "+ "+l)
				}
			}
			for _, l := range was {
				if !slices.Contains(now, l) {
					diff = append(diff, "- "+l)
				}
			}
			t.Errorf("%s: saving the items as they stood changed the feed:\n%s", unit, strings.Join(diff, "\n"))
		}
	}
}

// regexpItemLink finds the editor list's links to an item's form.
var regexpItemLink = regexp.MustCompile(`href="/edit/([a-z0-9-]+)/item/([a-z0-9.-]+)"`)

// TestMovedSeriesKeepsItsSkippedDays: the editorial meeting of the
// example skips the days between Christmas and New Year (a file's except:,
// which the form has no field for); moved an hour later in the form, it
// still skips them.
func TestMovedSeriesKeepsItsSkippedDays(t *testing.T) {
	f := start(t, time.Date(2027, 3, 15, 10, 0, 0, 0, stockholm))
	komm := f.signInAs(t, "kommunikation@example.se")
	exdates := func(feed string) int {
		return strings.Count(eventOfFeed(feed, "kommunikation/redaktionsmote@"), "EXDATE")
	}
	if n := exdates(f.feed(t, "kommunikation")); n == 0 {
		t.Fatal("the example's meeting skips no day in the feed")
	}
	_, form := komm.get("/edit/kommunikation/item/redaktionsmote")
	v := formValues(t, form)
	v.Set("csrf", csrfOf(t, form))
	v.Set("version", versionOf(t, form))
	v.Set("action", "save")
	v.Set("time", "10:00")
	if res, page := komm.post("/edit/kommunikation/item/redaktionsmote", v); res.StatusCode != 303 {
		t.Fatalf("moved: %d\n%s", res.StatusCode, summaryOf(page))
	}
	feed := f.feed(t, "kommunikation")
	if ev := eventOfFeed(feed, "kommunikation/redaktionsmote@"); !strings.Contains(ev, "T100000") || exdates(feed) == 0 {
		t.Errorf("the moved meeting lost its skipped days or its new time:\n%s", ev)
	}
}
