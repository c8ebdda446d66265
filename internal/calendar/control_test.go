package calendar_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/snapshot"
	"github.com/avesta-kommun/arshjul/internal/wheel"
	"github.com/avesta-kommun/arshjul/internal/wheelsvg"
)

// TestControlCharactersInEveryField feeds every text field every control
// character (U+0000–U+001F, DEL, C1), the line and paragraph separators
// and the bidi controls. Each is refused with FILE:LINE, the
// field and the character, except a line break in a prose field
// (description, a plan's answers, how a follow-up is done), which is
// accepted, and then every feed builds and the wheel's SVG is well-formed
// XML: content that passed the check cannot break the encoders.
func TestControlCharactersInEveryField(t *testing.T) {
	const wheelItem = `wheel:
  - id: enkat
    title: "TITLE"
    description: "DESCRIPTION"
    owner: "OWNER"
    yearly: {week: 41}
    focus: varumarke
    audiences: [medarbetare]
    follow_up: {after: 21d, owner: "FU_OWNER", how: "FU_HOW"}
plans:
  - id: plan
    title: "PLAN_TITLE"
    what: "WHAT"
    why: "WHY"
    audiences: [medarbetare]
    know: "KNOW"
    feel: "FEEL"
    do: "DO"
    owner: "PLAN_OWNER"
    follow_up: {date: 2026-10-15, how: "PLAN_HOW"}
    activities:
      - {id: press, title: "ACTIVITY", date: 2026-08-20}
`
	fields := map[string]bool{ // placeholder → prose
		"TITLE": false, "DESCRIPTION": true, "OWNER": false, "FU_OWNER": false, "FU_HOW": true,
		"PLAN_TITLE": false, "WHAT": true, "WHY": true, "KNOW": true, "FEEL": true, "DO": true,
		"PLAN_OWNER": false, "PLAN_HOW": true, "ACTIVITY": false,
	}
	fill := func(except string, value string) string {
		s := wheelItem
		for f := range fields {
			v := "text"
			if f == except {
				v = value
			}
			if strings.HasSuffix(f, "OWNER") && f != except {
				v = "a@example.se"
			}
			s = strings.ReplaceAll(s, `"`+f+`"`, `"`+v+`"`)
		}
		return s
	}
	var chars []rune
	for r := rune(0); r < 0x20; r++ {
		chars = append(chars, r)
	}
	// DEL, C1 controls (NEL among them), the line and paragraph
	// separators, and the bidi embeddings, overrides and isolates: line
	// breaks to some readers, or text shown other than stored.
	chars = append(chars, 0x7f, 0x80, 0x85, 0x9f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069)
	for field, prose := range fields {
		for _, r := range chars {
			value := fmt.Sprintf(`Kampanj\u%04XBcc: x`, r)
			cal, cfg, err := loadTree(t, map[string]string{"calendars/enhet/enhet.yaml": fill(field, value)})
			if r == '\n' && prose {
				if err != nil {
					t.Errorf("%s with a line break: %v", field, err)
					continue
				}
				buildEverything(t, field, cal, cfg)
				continue
			}
			if err == nil {
				t.Errorf("%s with U+%04X passed", field, r)
				continue
			}
			// An owner is an address, refused as one (the value quoted with
			// its character escaped); every other field names the character.
			msg := err.Error()
			named := strings.Contains(msg, fmt.Sprintf("U+%04X", r)) || (strings.HasSuffix(field, "OWNER") && strings.Contains(msg, "ingen e-postadress"))
			if !strings.Contains(msg, "enhet.yaml:") || !named {
				t.Errorf("%s with U+%04X: %s", field, r, msg)
			}
		}
	}
}

// buildEverything makes every feed of what was loaded and draws it on a
// wheel, asserting that nothing fails and the SVG is well-formed XML.
func buildEverything(t *testing.T, what string, cal *wheel.Calendar, cfg *config.Config) {
	t.Helper()
	now := time.Date(2026, 4, 1, 9, 0, 0, 0, cfg.Programme.Location)
	snap := &snapshot.Snapshot{Items: map[string][]snapshot.ItemRecord{}, Plans: map[string][]snapshot.PlanRecord{}, FollowUps: map[string][]snapshot.FollowUpRecord{}}
	w := wheelsvg.Wheel{Title: cfg.Programme.Organisation, Subtitle: cfg.Programme.Name, Year: 2026, StartMonth: time.January}
	ring := wheelsvg.Ring{Label: "Ring"}
	for i := range cal.Items {
		it := &cal.Items[i]
		snap.Items["enhet"] = append(snap.Items["enhet"], snapshot.ItemRecord{Item: *it, Created: now, Modified: now})
		occs := occur.Expand(&cfg.Programme, "enhet", it)
		for _, o := range occs {
			ring.Arcs = append(ring.Arcs, wheelsvg.Arc{ID: o.ID, Title: o.Title, Detail: it.Description, From: o.Date, To: o.LastDay, Color: "#00558C"})
		}
		for _, f := range occur.ItemFollowUps(&cfg.Programme, "enhet", it, occs) {
			snap.FollowUps["enhet"] = append(snap.FollowUps["enhet"], snapshot.FollowUpRecord{FollowUp: f})
			w.Deadlines = append(w.Deadlines, wheelsvg.Deadline{ID: f.ID, Title: f.Title, Due: f.Due, State: "open", StateWords: f.How})
		}
	}
	for _, pl := range cal.Plans {
		snap.Plans["enhet"] = append(snap.Plans["enhet"], snapshot.PlanRecord{Plan: pl, Created: now, Modified: now})
	}
	w.Rings = []wheelsvg.Ring{ring}
	for _, scope := range []string{"enhet", feed.ScopeAll, feed.ScopePublic} {
		req, ok := feed.NewRequest(cfg, snap, scope, feed.Filter{FollowUps: true}, now)
		if !ok {
			t.Fatalf("no feed %s", scope)
		}
		if _, err := feed.Build(req); err != nil {
			t.Errorf("%s: feed %s: %v", what, scope, err)
		}
	}
	svg, _ := wheelsvg.Render(&w, wheelsvg.Options{Standalone: true})
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		if _, err := d.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Errorf("%s: the SVG is not well-formed: %v", what, err)
			}
			return
		}
	}
}
