package app

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// HistoryRow is one change as people read it.
type HistoryRow struct {
	When    string // 2026-09-21 10.04, in the programme's zone
	Who     string // a person, or "filerna" for a change in the calendar files
	What    string // in Swedish: what happened, and where or how
	Unit    string
	Subject string // the item's, plan's or follow-up's id
	Title   string // the item's or plan's title, as it was
	// Fields are the fields that changed, by their names in the form,
	// with the value before and after.
	Fields []FieldChange
	Before string // as stored (JSON), for the CSV
	After  string
	// Restore is set on a web change an editor can undo: storing the
	// item as it was before it (At identifies the change).
	Restore *Restore
}

// FieldChange is one changed field: "Titel: A → B".
type FieldChange struct {
	Name, Before, After string
}

// Restore names the change whose "before" an editor may store again.
type Restore struct {
	Subject, At string
}

// HistoryPage is a unit's history.
type HistoryPage struct {
	Unit   string
	Name   string
	Rows   []HistoryRow
	CSVURL string // for the admins
	// Person is who is looking, for the page's sign-out.
	Person *Person
}

// historyLimit is how many changes a page or a command shows.
const historyLimit = 2000

// History is the changes of unit (all units: "") and subject ("": all of
// the unit's), newest first, in words. A reload's echo of a web change
// (the web items are read like a file, named "webben") is left out: the
// web change itself is the row, with who made it.
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
	web := map[string][]time.Time{} // when each subject was changed in the web
	for _, ch := range changes {
		if strings.HasPrefix(ch.Kind, "web_") {
			web[ch.Unit+"/"+ch.Subject] = append(web[ch.Unit+"/"+ch.Subject], ch.At)
		}
	}
	out := make([]HistoryRow, 0, len(changes))
	for _, ch := range changes {
		if fileKind(ch.Kind) && (ch.Via == calendar.WebName || echoes(ch, web[ch.Unit+"/"+ch.Subject])) {
			continue
		}
		who := "filerna"
		switch {
		case ch.Who != "":
			who = v.Config.Person(ch.Who)
		case ch.Kind == store.HistoryFollowUpDone:
			// Marked through an e-mailed link: the link went to one person.
			who = "–"
			if addr, ok := strings.CutPrefix(ch.Via, "e-postlänk till "); ok {
				who = v.Config.Person(addr)
			}
		case ch.Kind == store.HistoryFollowUpSkipped, ch.Kind == store.HistoryTokenRotated:
			who = "–"
		}
		row := HistoryRow{When: ch.At.In(loc).Format("2006-01-02 15.04"), Who: who, What: describeChange(ch), Unit: ch.Unit,
			Subject: ch.Subject, Before: ch.Before, After: ch.After, Title: titleOf(v, ch)}
		switch ch.Kind {
		case store.HistoryChanged, store.HistoryWebSaved:
			row.Fields = fieldChanges(v, ch.Before, ch.After)
		}
		if (ch.Kind == store.HistoryWebSaved || ch.Kind == store.HistoryWebDeleted) && ch.Before != "" {
			row.Restore = &Restore{Subject: ch.Subject, At: ch.At.UTC().Format(time.RFC3339Nano)}
		}
		out = append(out, row)
	}
	return out, nil
}

// echoes reports whether a reload's removal is the echo of a removal in
// the web (the reload that follows it names no file): a web change of the
// same subject shortly before it.
func echoes(ch store.Change, web []time.Time) bool {
	if ch.Kind != store.HistoryRemoved || ch.Via != "" {
		return false
	}
	for _, at := range web {
		if d := ch.At.Sub(at); d >= 0 && d < time.Minute {
			return true
		}
	}
	return false
}

// fileKind reports whether a change kind is a reload's.
func fileKind(k string) bool {
	return k == store.HistoryAdded || k == store.HistoryChanged || k == store.HistoryRemoved
}

// titleOf is the title of a change's item or plan: as it was after the
// change, or before it when it was removed, or as it is now.
func titleOf(v *view, ch store.Change) string {
	for _, doc := range []string{ch.After, ch.Before} {
		if t, _ := decodeDoc(doc)["title"].(string); t != "" {
			return t
		}
	}
	if rec := v.Snapshot.Item(ch.Unit, ch.Subject); rec != nil {
		return rec.Item.Title
	}
	for _, p := range v.Snapshot.Plans[ch.Unit] {
		if p.Plan.ID == ch.Subject {
			return p.Plan.Title
		}
	}
	return ""
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
	hp := &HistoryPage{Unit: unit, Name: u.Name, Rows: rows, Person: p}
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
