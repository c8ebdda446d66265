package app

import (
	"context"
	"encoding/json"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/avesta-kommun/arshjul/internal/store"
)

// HistoryRow is one change as people read it.
type HistoryRow struct {
	When    string // 2026-09-21 10.04, in the programme's zone
	Who     string // a person, or "filerna"
	What    string // in Swedish: what happened, and where or how
	Unit    string
	Subject string // the item's, plan's or follow-up's id
	Before  string // as stored (JSON), for the CSV
	After   string
}

// HistoryPage is a unit's history.
type HistoryPage struct {
	Unit   string
	Name   string
	Rows   []HistoryRow
	CSVURL string // for the admins
}

// historyLimit is how many changes a page or a command shows.
const historyLimit = 2000

// History is the changes of unit (all units: "") and subject ("": all of
// the unit's), newest first, in words.
func (c *Core) History(ctx context.Context, unit, subject string) ([]HistoryRow, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	changes, err := c.store.History(ctx, unit, subject, historyLimit)
	if err != nil {
		return nil, err
	}
	loc := v.Config.Programme.Location
	out := make([]HistoryRow, 0, len(changes))
	for _, ch := range changes {
		who := "filerna"
		if ch.Who != "" {
			who = v.Config.Person(ch.Who)
		} else if ch.Kind == store.HistoryFollowUpDone || ch.Kind == store.HistoryFollowUpSkipped || ch.Kind == store.HistoryTokenRotated {
			who = "–"
		}
		out = append(out, HistoryRow{When: ch.At.In(loc).Format("2006-01-02 15.04"), Who: who, What: describeChange(ch), Unit: ch.Unit,
			Subject: ch.Subject, Before: ch.Before, After: ch.After})
	}
	return out, nil
}

// UnitHistory is a unit's history page for a signed-in person who may edit
// the unit (or an admin), refused as the editor is.
func (c *Core) UnitHistory(ctx context.Context, session, unit string) (*HistoryPage, error) {
	v, u, p, err := c.editor(ctx, session, unit)
	if err != nil {
		return nil, err
	}
	rows, err := c.History(ctx, unit, "")
	if err != nil {
		return nil, err
	}
	hp := &HistoryPage{Unit: unit, Name: u.Name, Rows: rows}
	if p.Admin {
		hp.CSVURL = v.links.History(unit, true)
	}
	return hp, nil
}

// describeChange words a change.
func describeChange(ch store.Change) string {
	switch ch.Kind {
	case store.HistoryAdded:
		return "lades till" + inFile(ch.Via)
	case store.HistoryChanged:
		s := "ändrades" + inFile(ch.Via)
		if f := changedFields(ch.Before, ch.After); f != "" {
			s += ": " + f
		}
		return s
	case store.HistoryRemoved:
		return "togs bort ur filerna"
	case store.HistoryWebAdded:
		return "lades till i webben" + upload(ch.Via)
	case store.HistoryWebSaved:
		s := "ändrades i webben" + upload(ch.Via)
		if f := changedYAML(ch.Before, ch.After); f != "" {
			s += ": " + f
		}
		return s
	case store.HistoryImported:
		return "hämtades in i webben från " + ch.Via
	case store.HistoryWebDeleted:
		return "togs bort i webben" + upload(ch.Via)
	case store.HistoryFollowUpDone:
		var a struct{ Note string }
		json.Unmarshal([]byte(ch.After), &a)
		s := "uppföljningen markerades klar"
		if ch.Via != "" {
			s += " (" + ch.Via + ")"
		}
		if a.Note != "" {
			s += ": " + a.Note
		}
		return s
	case store.HistoryFollowUpSkipped:
		var a struct{ Note string }
		json.Unmarshal([]byte(ch.After), &a)
		s := "uppföljningen markerades ej aktuell"
		if ch.Via != "" {
			s += " (" + ch.Via + ")"
		}
		return s + ": " + a.Note
	case store.HistoryTokenRotated:
		return "prenumerationsadressen byttes (" + ch.Via + "); den gamla fungerar inte längre"
	case store.HistorySignedIn:
		return "loggade in (" + ch.Via + ")"
	}
	return ch.Kind
}

// upload names the workbook a web change came in, when it came in one.
func upload(via string) string {
	if via == "" || via == "webben" {
		return ""
	}
	return " (" + via + ")"
}

func inFile(file string) string {
	if file == "" {
		return ""
	}
	return " i " + file
}

// fieldNames are the stored fields in the words of the forms and files.
var fieldNames = map[string]string{
	"title": "titel", "description": "beskrivning", "location": "plats", "owner": "ansvarig", "focus": "fokusområde",
	"audiences": "målgrupper", "channels": "kanaler", "remind": "påminnelser", "no_remind": "påminnelser",
	"follow_up": "uppföljning", "public": "publik", "plan": "kommunikationsplanen", "rule": "upprepning", "spans": "datum",
	"what": "vad", "why": "varför", "know": "veta", "feel": "känna", "do": "göra", "uid": "uid", "source": "källa",
}

// changedFields names the fields that differ between two stored versions.
func changedFields(before, after string) string {
	var b, a map[string]any
	if json.Unmarshal([]byte(before), &b) != nil || json.Unmarshal([]byte(after), &a) != nil {
		return ""
	}
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	var names []string
	dup := map[string]bool{}
	for k := range seen {
		if reflect.DeepEqual(a[k], b[k]) {
			continue
		}
		n := fieldNames[k]
		if n == "" {
			n = k
		}
		if !dup[n] {
			dup[n] = true
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// changedYAML names the fields that differ between two versions of a web
// item's YAML.
func changedYAML(before, after string) string {
	var b, a map[string]any
	if yaml.Unmarshal([]byte(before), &b) != nil || yaml.Unmarshal([]byte(after), &a) != nil {
		return ""
	}
	bj, _ := json.Marshal(b)
	aj, _ := json.Marshal(a)
	return changedFields(string(bj), string(aj))
}
