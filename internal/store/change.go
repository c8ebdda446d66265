package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// entry is an item or plan as the files say it now, ready to compare with
// what is stored: data is what is kept (every field, for the readers),
// hash tells whether data changed, content whether a subscriber sees a
// change (canonical.go).
type entry struct {
	id                  string
	data, hash, content string
	file                string // where it is defined, for the history
	line                int
}

// storedEntry is what the store holds of an entry.
type storedEntry struct {
	hash, content, data, file string
	line                      int
}

type change int

const (
	unchanged change = iota
	added
	seen  // a change subscribers see: SEQUENCE+1, LAST-MODIFIED now
	quiet // stored anew, nothing a subscriber sees moves
)

// decide is the one rule of what a sync does with an entry; Sync applies
// it, Preview shows what it would do. refill is true once, when the
// stored content hashes were made under another canonical form: a content
// change with the entry itself unchanged is then the form's, not news.
func decide(prev storedEntry, existed bool, e entry, refill bool) change {
	switch {
	case !existed:
		return added
	case prev.hash == e.hash && prev.content == e.content:
		return unchanged
	case prev.content == e.content:
		return quiet // a field nobody sees
	case prev.hash == e.hash && refill:
		return quiet // the canonical form's first fill
	}
	return seen // what subscribers see changed: the entry, or a name it shows
}

// entries makes the unit's items and plans ready to compare; unit is its
// display name, which its events print.
func entries(prog *wheel.Programme, unit string, cal *wheel.Calendar) (items, plans []entry) {
	n := namer{prog: prog, unit: unit}
	items = make([]entry, len(cal.Items))
	for i := range cal.Items {
		items[i] = newEntry(cal.Items[i].ID, &cal.Items[i], itemContent(&cal.Items[i], n))
		items[i].file, items[i].line = cal.Items[i].File, cal.Items[i].Line
	}
	plans = make([]entry, len(cal.Plans))
	for i := range cal.Plans {
		plans[i] = newEntry(cal.Plans[i].ID, &cal.Plans[i], planContent(&cal.Plans[i], n))
		plans[i].file, plans[i].line = cal.Plans[i].File, cal.Plans[i].Line
	}
	return items, plans
}

func newEntry(id string, v any, content string) entry {
	data, err := json.Marshal(v) // of the wheel's plain types: cannot fail
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(data)
	return entry{id: id, data: string(data), hash: hex.EncodeToString(sum[:]), content: content}
}
