package calendar_test

import (
	"encoding/json"
	"testing"

	"github.com/avesta-kommun/arshjul"
	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// TestEveryItemOpensInTheEditor: every item and plan of the example's
// files (YAML, an aktivitetsplan CSV, an Outlook ICS export), as the web
// record FromItem/FromPlan make of it and checked again by CheckRecord,
// is the item it was; what the record cannot hold (an imported event's
// UID and source, dates HoldsDates says it cannot) is all that differs.
func TestEveryItemOpensInTheEditor(t *testing.T) {
	cfg, err := config.Load(config.Embedded(arshjul.Defaults), "config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for i := range cfg.Units {
		u := &cfg.Units[i]
		u.Public = true // as the web keeps entries: each one's own wish
		u.Calendars = append(u.Calendars, u.StartsFrom...)
	}
	cals, err := calendar.LoadAll(cfg)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, u := range cfg.Units {
		cal := cals[u.ID]
		for _, it := range cal.Items {
			if it.Plan != nil {
				continue
			}
			d := webdoc.FromItem(it)
			e, probs := calendar.CheckRecord(&cfg.Programme, &u, nil, &d)
			if len(probs) > 0 {
				t.Errorf("%s/%s: %v", u.ID, it.ID, probs)
				continue
			}
			got := *e.Item
			got.Source, got.UID = it.Source, it.UID
			if !webdoc.HoldsDates(it) {
				got.Spans, got.Rule = it.Spans, it.Rule
			}
			same(t, u.ID+"/"+it.ID, got, it)
			n++
		}
		for _, p := range cal.Plans {
			var acts []wheel.Item
			for _, it := range cal.Items {
				if it.Plan != nil && it.Plan.ID == p.ID {
					acts = append(acts, it)
				}
			}
			d := webdoc.FromPlan(p, acts)
			e, probs := calendar.CheckRecord(&cfg.Programme, &u, nil, &d)
			if len(probs) > 0 {
				t.Errorf("plan %s/%s: %v", u.ID, p.ID, probs)
				continue
			}
			same(t, u.ID+"/"+p.ID, *e.Plan, p)
			for j := range acts {
				same(t, u.ID+"/"+acts[j].ID, e.Activities[j], acts[j])
			}
			n++
		}
	}
	if n < 30 {
		t.Errorf("only %d items and plans compared", n)
	}
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if string(a) != string(b) {
		t.Errorf("%s through the record:\n got %s\nwant %s", what, a, b)
	}
}
