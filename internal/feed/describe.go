package feed

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/emersion/go-ical"

	"github.com/avesta-kommun/arshjul/internal/links"
	"github.com/avesta-kommun/arshjul/internal/occur"
	"github.com/avesta-kommun/arshjul/internal/sv"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// describe writes DESCRIPTION (the item, and for a plan's activity the
// plan's answers to the programme's seven questions) and CATEGORIES (focus
// area and audiences, by name, which is what Outlook shows and filters on).
// An occurrence that is not whole is one of an item's later occurrences:
// it says who is responsible (and, for a plan's activity, the plan and
// when) and that the rest is at the first occurrence in the calendar,
// which is the same text for every one of them. That keeps a three-year
// feed of a busy unit within what the clients take.
func (b *builder) describe(c *ical.Component, u *Unit, it *wheel.Item, o *occur.Occurrence, whole bool) {
	p := b.req.Programme
	var d strings.Builder
	if it.Description != "" && whole {
		d.WriteString(it.Description + "\n\n")
	}
	audiences := p.Audiences.NamesOf(it.Audiences)
	channels := p.Channels.NamesOf(it.Channels)
	when := describeWhen(it, o)
	owner := b.person(it.Owner)
	if b.req.Prefix && it.Owner == u.Unit.Name {
		owner = "" // the public feed's owner is the unit, which "Enhet" says
	}
	if pl := it.Plan; pl != nil {
		d.WriteString("Kommunikationsplan: " + pl.Title + "\n")
		if whole {
			line(&d, "1. Vad", pl.What)
			line(&d, "2. Varför", pl.Why)
			line(&d, "3. Målgrupper", strings.Join(p.Audiences.NamesOf(pl.Audiences), ", "))
			line(&d, "4. Veta", pl.Know)
			line(&d, "   Känna", pl.Feel)
			line(&d, "   Göra", pl.Do)
		}
		if whole {
			line(&d, "5. Aktivitet", it.Title+optional(" (kanaler: ", strings.Join(channels, ", "), ")"))
		}
		line(&d, "6. Vem och när", strings.Join(nonEmpty(owner, when), ", "))
		if whole {
			line(&d, "7. Uppföljning", b.describeFollowUp(it.FollowUp, pl.FollowUp))
		}
		d.WriteString("\n")
	} else {
		if o == nil { // a series: DTSTART says when only the first is
			line(&d, "När", DescribeRule(it.Rule))
		}
		line(&d, "Ansvarig", owner)
		if whole {
			line(&d, "Målgrupper", strings.Join(audiences, ", "))
			line(&d, "Kanaler", strings.Join(channels, ", "))
			line(&d, "Uppföljning", b.describeFollowUp(it.FollowUp, nil))
		}
	}
	if whole {
		line(&d, "Fokusområde", p.FocusAreas.Name(it.Focus))
		line(&d, "Länkar", strings.Join(it.Links, "\n"))
	} else {
		d.WriteString(laterNote)
	}
	if b.req.Prefix {
		line(&d, "Enhet", u.Unit.Name)
	}
	if it.Status == wheel.Cancelled {
		// Calendar clients strike a cancelled event through, or hide it;
		// the text says so for the ones that do neither.
		c.Props.SetText(ical.PropStatus, "CANCELLED")
		d.WriteString("Inställd.\n")
	}
	b.link(c, &d, u, it.ID)
	if it.Location != "" {
		c.Props.SetText(ical.PropLocation, it.Location)
	}
	var cats []string
	if it.Focus != "" {
		cats = append(cats, p.FocusAreas.Name(it.Focus))
	}
	cats = append(cats, audiences...)
	if len(cats) > 0 {
		setTextList(c, ical.PropCategories, cats)
	}
}

// laterNote ends the text of an item's later occurrences.
const laterNote = "Mer vid första tillfället i kalendern."

func describeWhen(it *wheel.Item, o *occur.Occurrence) string {
	if o == nil {
		return DescribeRule(it.Rule)
	}
	if o.AllDay {
		if o.Date == o.LastDay {
			return o.Date.String()
		}
		return o.Date.String() + " – " + o.LastDay.String()
	}
	return o.Start.Format("2006-01-02 15:04") + "–" + o.End.Format("15:04")
}

// link ends an event with its way to the item's page: URL, which few
// clients show, and the same address as DESCRIPTION's last line, which
// Outlook shows and makes a link of. It is the token-free page: anyone
// opens a public item's, and an internal one asks its reader to sign in,
// so that no feed hands on a token.
func (b *builder) link(c *ical.Component, d *strings.Builder, u *Unit, page string) {
	l := b.req.Links
	if l == (links.Links{}) {
		c.Props.SetText(ical.PropDescription, strings.TrimSpace(d.String()))
		return
	}
	addr := l.Abs(l.Item("", u.Unit.ID, page))
	text := strings.TrimSpace(d.String())
	if text != "" {
		text += "\n\n"
	}
	c.Props.SetText(ical.PropDescription, text+"I årshjulet: "+addr)
	if ref, err := url.Parse(addr); err == nil {
		c.Props.SetURI(ical.PropURL, ref)
	}
}

// person names an address as the config's people: does ("Kim Kommunikatör
// (kim@…)"); anything else as it is.
func (b *builder) person(addr string) string {
	if b.req.Person == nil {
		return addr
	}
	return b.req.Person(addr)
}

func (b *builder) describeFollowUp(own, plan *wheel.FollowUp) string {
	f := own
	if f == nil {
		f = plan
	}
	if f == nil {
		return ""
	}
	var parts []string
	if f.Date != nil {
		parts = append(parts, "senast "+f.Date.String())
	} else {
		parts = append(parts, "inom "+strconv.Itoa(int(f.After))+" dagar efter aktiviteten")
	}
	if f.How != "" {
		parts = append(parts, f.How)
	}
	if f.Owner != "" {
		parts = append(parts, "ansvarig "+b.person(f.Owner))
	}
	return strings.Join(parts, "; ")
}

func line(d *strings.Builder, label, value string) {
	if value != "" {
		d.WriteString(label + ": " + value + "\n")
	}
}

func optional(before, s, after string) string {
	if s == "" {
		return ""
	}
	return before + s + after
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, v := range s {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

func setTextList(c *ical.Component, name string, list []string) {
	p := ical.NewProp(name)
	p.SetTextList(list)
	c.Props.Set(p)
}

var (
	weekdayNames = sv.Weekdays
	monthNames   = sv.Months
	ordinals     = map[int]string{1: "första", 2: "andra", 3: "tredje", 4: "fjärde", -1: "sista"}
)

// DescribeRule words a series' recurrence in Swedish: "varje tisdag 09:00".
func DescribeRule(r *wheel.Rule) string {
	if r == nil {
		return ""
	}
	var s string
	switch {
	case r.Freq == wheel.Weekly:
		s = "varje " + weekdayNames[*r.Weekday]
	case r.Freq == wheel.Monthly && r.Weekday != nil:
		s = ordinals[r.Nth] + " " + weekdayNames[*r.Weekday] + "en varje månad"
	case r.Freq == wheel.Monthly:
		s = "den " + strconv.Itoa(r.Day) + " varje månad"
	case r.Weekday != nil:
		s = ordinals[r.Nth] + " " + weekdayNames[*r.Weekday] + "en i " + monthNames[r.Month] + " varje år"
	case r.ToMonth != 0:
		s = strconv.Itoa(r.Day) + " " + monthNames[r.Month] + " – " + strconv.Itoa(r.ToDay) + " " + monthNames[r.ToMonth] + " varje år"
	case r.Week != 0:
		s = "vecka " + strconv.Itoa(r.Week) + " varje år"
	default:
		s = strconv.Itoa(r.Day) + " " + monthNames[r.Month] + " varje år"
	}
	if r.Time != nil {
		s += fmt.Sprintf(" %02d:%02d", r.Time.Hour, r.Time.Minute)
	}
	return s
}
