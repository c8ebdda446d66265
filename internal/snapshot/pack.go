package snapshot

import (
	"slices"
	"strings"
	"time"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Pack moves the snapshot's strings, lists and small records into a few
// large blocks; what each field says does not change, and equal strings
// become one. Decoded one value at a time, 50,000 items are some 900,000
// objects, alive until the next sync; packed they are a few hundred, and
// the live heap is 40 % smaller (README, Performance). What the collector
// still reads each cycle is the records themselves, mostly pointers.
// Call it once, as the snapshot is made, before anyone reads it.
func (s *Snapshot) Pack() { s.pack() }

func (s *Snapshot) pack() *packer {
	p := &packer{strs: map[string]string{}}
	// The lists, grown by appending, are copied to their size: the
	// collector reads all of a list, its unused part too.
	for u, recs := range s.Items {
		recs = slices.Clone(recs)
		for i := range recs {
			p.item(&recs[i].Item)
		}
		s.Items[u] = recs
	}
	for u, recs := range s.Plans {
		recs = slices.Clone(recs)
		for i := range recs {
			p.plan(&recs[i].Plan)
		}
		s.Plans[u] = recs
	}
	for u, recs := range s.FollowUps {
		recs = slices.Clone(recs)
		for i := range recs {
			p.followUpRecord(&recs[i])
		}
		s.FollowUps[u] = recs
	}
	p.blocks = append(p.blocks, p.block.String())
	return p
}

// blockSize is the size of one block of strings: large enough that a
// snapshot is a few hundred of them, small enough that the last one's
// unused tail does not matter.
const blockSize = 64 << 10

type packer struct {
	strs   map[string]string // each value once, in a block
	block  strings.Builder   // the block being filled; never grown, so its strings stay put
	blocks []string          // the blocks filled, for the test

	lists     chunk[string]
	days      chunk[wheel.Days]
	dates     chunk[wheel.Date]
	spans     chunk[wheel.Span]
	followUps chunk[wheel.FollowUp]
	plans     chunk[wheel.Plan]
	rules     chunk[wheel.Rule]
	weekdays  chunk[time.Weekday]
	clocks    chunk[wheel.Clock]
	times     chunk[time.Time]
}

func (p *packer) str(s *string) {
	if *s == "" {
		return
	}
	if v, ok := p.strs[*s]; ok {
		*s = v
		return
	}
	if len(*s) > blockSize/8 { // a long text is one object anyway
		v := strings.Clone(*s)
		p.strs[v], *s = v, v
		return
	}
	if p.block.Cap()-p.block.Len() < len(*s) {
		if p.block.Len() > 0 {
			p.blocks = append(p.blocks, p.block.String())
		}
		p.block = strings.Builder{}
		p.block.Grow(blockSize)
	}
	start := p.block.Len()
	p.block.WriteString(*s)
	v := p.block.String()[start:]
	p.strs[v], *s = v, v
}

func (p *packer) strings(list []string) []string {
	if len(list) == 0 {
		return list
	}
	list = p.lists.place(list...)
	for i := range list {
		p.str(&list[i])
	}
	return list
}

func (p *packer) item(it *wheel.Item) {
	for _, s := range []*string{&it.ID, &it.Source, &it.Title, &it.Description, &it.Location, &it.UID, &it.Owner, &it.Focus, &it.File} {
		p.str(s)
	}
	it.Audiences, it.Channels = p.strings(it.Audiences), p.strings(it.Channels)
	if len(it.Remind) > 0 {
		it.Remind = p.days.place(it.Remind...)
	}
	if it.FollowUp != nil {
		it.FollowUp = p.followUp(it.FollowUp)
	}
	if it.Plan != nil {
		pl := p.plans.one(it.Plan)
		p.plan(pl)
		it.Plan = pl
	}
	if it.Rule != nil {
		it.Rule = p.rule(it.Rule)
	}
	if len(it.Spans) > 0 {
		it.Spans = p.spans.place(it.Spans...)
		for i := range it.Spans {
			p.str(&it.Spans[i].Title)
		}
	}
}

func (p *packer) plan(pl *wheel.Plan) {
	for _, s := range []*string{&pl.ID, &pl.Title, &pl.What, &pl.Why, &pl.Know, &pl.Feel, &pl.Do, &pl.Focus, &pl.Owner, &pl.File} {
		p.str(s)
	}
	pl.Audiences = p.strings(pl.Audiences)
	if pl.FollowUp != nil {
		pl.FollowUp = p.followUp(pl.FollowUp)
	}
}

func (p *packer) followUp(f *wheel.FollowUp) *wheel.FollowUp {
	f = p.followUps.one(f)
	p.str(&f.Owner)
	p.str(&f.How)
	if f.Date != nil {
		f.Date = p.dates.one(f.Date)
	}
	return f
}

func (p *packer) rule(r *wheel.Rule) *wheel.Rule {
	r = p.rules.one(r)
	p.str((*string)(&r.Freq))
	if r.Weekday != nil {
		r.Weekday = p.weekdays.one(r.Weekday)
	}
	if r.Time != nil {
		r.Time = p.clocks.one(r.Time)
	}
	if len(r.Exceptions) > 0 {
		r.Exceptions = p.dates.place(r.Exceptions...)
	}
	return r
}

func (p *packer) followUpRecord(f *FollowUpRecord) {
	for _, s := range []*string{&f.ID, &f.UnitID, &f.ItemID, &f.OccurrenceID, &f.Title, &f.Owner, &f.How, &f.Note} {
		p.str(s)
	}
	if f.DoneAt != nil {
		f.DoneAt = p.times.one(f.DoneAt)
	}
}

// chunk hands out parts of one backing array until it is full, then
// starts another: what is placed never moves, so pointers and slices into
// it stay valid, and a slice's capacity ends where it does (an append to
// it copies rather than overwriting its neighbour).
type chunk[T any] struct{ free []T }

const chunkLen = 1024

func (c *chunk[T]) place(vs ...T) []T {
	if len(vs) > cap(c.free)-len(c.free) {
		c.free = make([]T, 0, max(chunkLen, len(vs)))
	}
	start := len(c.free)
	c.free = append(c.free, vs...)
	return c.free[start:len(c.free):len(c.free)]
}

func (c *chunk[T]) one(v *T) *T { return &c.place(*v)[0] }
