package calendar

import "github.com/avesta-kommun/arshjul/internal/wheel"

// textOK checks every text field of an item (and of the plan it belongs
// to, once) for control characters, reporting each at the item's line
// with the field's name; prose fields get their CRLF made LF first.
func (f *fileCtx) textOK(it *wheel.Item, line int) bool {
	it.Description = wheel.Prose(it.Description)
	ok := f.field(it.ID, "title", it.Title, false, line)
	ok = f.field(it.ID, "description", it.Description, true, line) && ok
	ok = f.field(it.ID, "owner", it.Owner, false, line) && ok
	ok = f.field(it.ID, "location", it.Location, false, line) && ok
	ok = f.field(it.ID, "UID", it.UID, false, line) && ok
	for i := range it.Spans {
		ok = f.field(it.ID, "title", it.Spans[i].Title, false, line) && ok
	}
	if fu := it.FollowUp; fu != nil {
		fu.How = wheel.Prose(fu.How)
		ok = f.field(it.ID, "follow_up.how", fu.How, true, line) && ok
		ok = f.field(it.ID, "follow_up.owner", fu.Owner, false, line) && ok
	}
	return ok
}

// planTextOK is textOK for a plan's own fields: its seven answers are prose.
func (f *fileCtx) planTextOK(pl *wheel.Plan, line int) bool {
	for _, p := range []*string{&pl.What, &pl.Why, &pl.Know, &pl.Feel, &pl.Do} {
		*p = wheel.Prose(*p)
	}
	ok := f.field(pl.ID, "title", pl.Title, false, line)
	for name, v := range map[string]string{"what": pl.What, "why": pl.Why, "know": pl.Know, "feel": pl.Feel, "do": pl.Do} {
		ok = f.field(pl.ID, name, v, true, line) && ok
	}
	ok = f.field(pl.ID, "owner", pl.Owner, false, line) && ok
	if fu := pl.FollowUp; fu != nil {
		fu.How = wheel.Prose(fu.How)
		ok = f.field(pl.ID, "follow_up.how", fu.How, true, line) && ok
		ok = f.field(pl.ID, "follow_up.owner", fu.Owner, false, line) && ok
	}
	return ok
}

func (f *fileCtx) field(id, name, v string, prose bool, line int) bool {
	if err := wheel.CheckText(v, prose); err != nil {
		f.add(line, "%q: %s %v", id, name, err)
		return false
	}
	return true
}
