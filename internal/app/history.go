package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/avesta-kommun/arshjul/internal/calendar"
	"github.com/avesta-kommun/arshjul/internal/diag"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
	"github.com/avesta-kommun/arshjul/internal/wheel"
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

// decodeDoc reads a stored version (JSON, or a web item's YAML) as a map;
// nil when it is neither.
func decodeDoc(doc string) map[string]any {
	var m map[string]any
	if doc == "" {
		return nil
	}
	if rec, ok := recordText(doc); ok {
		doc = rec
	}
	if json.Unmarshal([]byte(doc), &m) == nil {
		return m
	}
	var y map[string]any
	if yaml.Unmarshal([]byte(doc), &y) != nil {
		return nil
	}
	b, _ := json.Marshal(y) // YAML's dates and numbers as JSON's
	json.Unmarshal(b, &m)
	return m
}

// recordText is an entry kept as the JSON of the domain's types (how the
// web keeps its entries) as the record the form shows, so that a change
// reads in the form's fields ("Hur länge: 1h → 2h"), not in the stored
// times it makes.
func recordText(doc string) (string, bool) {
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(doc), &obj) != nil {
		return "", false
	}
	_, hasPlan := obj["plan"]
	_, hasActs := obj["activities"]
	e, err := store.DecodeEntry(doc, hasPlan && hasActs)
	var rec any
	switch {
	case err != nil:
		return "", false
	case e.Plan != nil:
		p := webdoc.FromPlan(*e.Plan, e.Activities)
		rec = &p
	case e.Item != nil && e.Item.ID != "":
		it := webdoc.FromItem(*e.Item)
		rec = &it
	default:
		return "", false
	}
	text, err := webdoc.Encode(rec)
	return text, err == nil
}

// fieldChanges are the fields that differ between two stored versions,
// in the form's order and words, each with its value before and after.
func fieldChanges(v *view, before, after string) []FieldChange {
	b, a := decodeDoc(before), decodeDoc(after)
	if b == nil || a == nil {
		return nil
	}
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var out []FieldChange
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		if reflect.DeepEqual(a[k], b[k]) || k == "source" || k == "id" {
			continue
		}
		out = append(out, FieldChange{Name: fieldName(k), Before: valueText(v, k, b[k]), After: valueText(v, k, a[k])})
	}
	slices.SortStableFunc(out, func(x, y FieldChange) int { return fieldRank(x.Name) - fieldRank(y.Name) })
	return out
}

// fieldName is a stored field's name as the form says it.
func fieldName(k string) string {
	if n := fieldNames[k]; n != "" {
		return strings.ToUpper(n[:1]) + n[1:]
	}
	return k
}

func fieldRank(name string) int {
	for i, n := range fieldOrder {
		if strings.EqualFold(n, name) {
			return i
		}
	}
	return len(fieldOrder)
}

var fieldOrder = []string{"titel", "beskrivning", "vad", "varför", "målgrupper", "veta", "känna", "göra", "datum", "klockslag och datum",
	"första dagen", "sista dagen", "hur länge", "varje vecka", "varje månad", "varje år", "upprepning", "plats", "ansvarig", "fokusområde",
	"kanaler", "påminnelser", "status", "länkar", "uppföljning", "aktiviteter", "publik"}

// valueText is a stored value as people read it: names for the
// catalogues' keys, dates as dates, lists joined, a follow-up or a rule
// in words; "–" for none.
func valueText(v *view, key string, x any) string {
	p := &v.Config.Programme
	var s string
	switch t := x.(type) {
	case nil:
		return "–"
	case string:
		s = t
		switch key {
		case "focus":
			s = p.FocusAreas.Name(t)
		case "status":
			s = wheel.Status(t).Name()
		}
	case bool:
		s = map[bool]string{true: "ja", false: "nej"}[t]
	case float64:
		s = strconv.FormatFloat(t, 'f', -1, 64)
	case []any:
		var parts []string
		for _, e := range t {
			switch key {
			case "audiences":
				parts = append(parts, p.Audiences.Name(fmt.Sprint(e)))
			case "channels":
				parts = append(parts, p.Channels.Name(fmt.Sprint(e)))
			case "activities":
				if m, ok := e.(map[string]any); ok {
					parts = append(parts, activityText(v, m))
					continue
				}
				parts = append(parts, valueText(v, "", e))
			default:
				parts = append(parts, valueText(v, "", e))
			}
		}
		if len(parts) == 0 {
			return "inga"
		}
		sep := ", "
		if key == "activities" {
			sep = "; "
		}
		s = strings.Join(parts, sep)
	case map[string]any:
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if t[k] == nil || t[k] == "" || t[k] == false || t[k] == float64(0) {
				continue
			}
			parts = append(parts, strings.ToLower(fieldName(k))+" "+valueText(v, k, t[k]))
		}
		s = strings.Join(parts, ", ")
	default:
		s = fmt.Sprint(t)
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + " …"
	}
	if s == "" {
		return "–"
	}
	return s
}

// activityText is a plan's activity as the history shows it: its title
// and when.
func activityText(v *view, m map[string]any) string {
	t, _ := m["title"].(string)
	var when []string
	for _, k := range []string{"date", "from", "to", "start", "duration", "weekly", "monthly", "yearly"} {
		if m[k] != nil {
			when = append(when, strings.ToLower(fieldName(k))+" "+valueText(v, k, m[k]))
		}
	}
	if len(when) > 0 {
		t += " (" + strings.Join(when, ", ") + ")"
	}
	return t
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

// fieldNames are the stored fields (of the files' records and the web's)
// in the words of the forms.
var fieldNames = map[string]string{
	"title": "titel", "description": "beskrivning", "location": "plats", "owner": "ansvarig", "focus": "fokusområde",
	"audiences": "målgrupper", "channels": "kanaler", "remind": "påminnelser", "no_remind": "inga påminnelser",
	"follow_up": "uppföljning", "public": "visa för alla", "plan": "kommunikationsplanen", "rule": "upprepning", "spans": "datum",
	"what": "vad", "why": "varför", "know": "veta", "feel": "känna", "do": "göra", "uid": "uid", "source": "källa",
	"date": "datum", "from": "första dagen", "to": "sista dagen", "start": "klockslag och datum", "end": "slut",
	"duration": "hur länge", "weekly": "varje vecka", "monthly": "varje månad", "yearly": "varje år", "except": "utom",
	"status": "status", "links": "länkar", "activities": "aktiviteter", "first": "första gången", "last": "sista gången",
	"time": "klockslag", "weekday": "veckodag", "nth": "vilken i månaden", "day": "dag i månaden", "after": "dagar efter",
	"how": "hur", "freq": "hur ofta", "month": "månad", "all_day": "hela dagen", "exceptions": "utom",
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

// RestoreItem stores a web item or plan again as it was before one of its
// changes (a save or a removal, identified by subject and the change's
// time): the undo of a removal, or of a save that should not have been.
// It is checked as a save is, and recorded as one, by the person who
// restores it. Returns the restored entry's id.
func (c *Core) RestoreItem(ctx context.Context, session, unit, subject, at string) (string, error) {
	v, _, p, err := c.editor(ctx, session, unit)
	if err != nil {
		return "", err
	}
	changes, err := c.store.History(ctx, unit, subject, historyLimit)
	if err != nil {
		return "", err
	}
	var doc string
	for _, ch := range changes {
		if ch.At.UTC().Format(time.RFC3339Nano) == at && (ch.Kind == store.HistoryWebSaved || ch.Kind == store.HistoryWebDeleted) {
			doc = ch.Before
			break
		}
	}
	if doc == "" {
		return "", ErrNotFound
	}
	if fileEntry(v, unit, subject) {
		return "", &Invalid{Msg: "Id:t används nu av en aktivitet i filerna; den kan inte tas tillbaka här."}
	}
	cur, exists, err := c.store.WebItem(ctx, unit, subject)
	if err != nil {
		return "", err
	}
	entry, plan, probs, err := restoredEntry(v, unit, subject, doc)
	if err != nil {
		return "", &Invalid{Msg: "Den versionen går inte att läsa och kan inte tas tillbaka."}
	}
	if len(probs) > 0 {
		var msgs []string
		for _, p := range probs {
			msgs = append(msgs, plain(p.Msg))
		}
		sort.Strings(msgs)
		return "", &Invalid{Msg: "Den kan inte tas tillbaka som den var: " + strings.Join(msgs, " ")}
	}
	w := store.WebItem{ID: subject, Entry: entry, Plan: plan}
	if exists {
		w.Version = cur.Version
	}
	err = c.state.Change(ctx, state.WebChange{Unit: unit, Who: p.Email, Via: wheel.WebFile, Save: []store.WebItem{w}})
	if errors.Is(err, store.ErrChanged) || errors.Is(err, store.ErrTaken) {
		return "", &Invalid{Msg: "Någon annan ändrade den just nu. Ladda om sidan och försök igen."}
	}
	if err != nil {
		return "", err
	}
	c.log.Info("web item restored", "unit", unit, "item", subject)
	return subject, nil
}

// restoredEntry is a version the history keeps ("before" of a change)
// as the entry it would be stored as now, checked against today's config
// by the rules every entry is: the record's JSON (how the web keeps its
// entries), or the YAML the web kept before it kept records.
func restoredEntry(v *view, unit, id, doc string) (wheel.Entry, bool, []diag.Problem, error) {
	u := v.Config.Unit(unit)
	ids := unitIDs(v.Snapshot, unit, id)
	m := decodeDoc(doc)
	if m == nil {
		return wheel.Entry{}, false, nil, errors.New("app: an unreadable version")
	}
	_, plan := m["activities"]
	if _, ok := m["what"]; ok {
		plan = true
	}
	var probs []diag.Problem
	var e wheel.Entry
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(doc), &obj) == nil {
		_, plan = obj["plan"]
		stored, err := store.DecodeEntry(doc, plan)
		if err != nil {
			return e, plan, nil, err
		}
		e, probs = calendar.Recheck(&v.Config.Programme, u, ids, stored)
	} else {
		e, probs = calendar.CheckRecordYAML(&v.Config.Programme, u, ids, id, doc, plan)
	}
	return e, plan, probs, nil
}
