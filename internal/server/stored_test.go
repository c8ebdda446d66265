package server_test

import (
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/webdoc"
)

// storedYAML is a stored web entry as the YAML of its record, for a test
// to read what was stored in the words of the files.
func storedYAML(w store.WebItem) string {
	var doc any
	switch {
	case w.Entry.Plan != nil:
		d := webdoc.FromPlan(*w.Entry.Plan, w.Entry.Activities)
		doc = &d
	case w.Entry.Item != nil:
		d := webdoc.FromItem(*w.Entry.Item)
		doc = &d
	default:
		return w.YAML
	}
	text, _ := webdoc.Encode(doc)
	return text
}
