package remind

import (
	"strings"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/mail"
)

// footerHelp is whom a digest's reader turns to when something in it is
// wrong. The communicator is told to ask no one but themself: they (and
// an administrator) put it right in the wheel; anyone else is given the
// contacts of the units the message is about.
func footerHelp(cfg *config.Config, d *mail.Digest) string {
	if cfg.IsAdmin(d.To) {
		return "Är något fel rättar du det i årshjulet eller i konfigurationen."
	}
	names := map[string]bool{}
	for _, a := range d.Upcoming {
		names[a.Unit] = true
	}
	for _, list := range [][]mail.FollowUp{d.Overdue, d.Escalated} {
		for _, f := range list {
			names[f.Unit] = true
		}
	}
	var contacts []string
	mayEditAll := true
	for i := range cfg.Units {
		u := &cfg.Units[i]
		if !names[u.Name] {
			continue
		}
		if cfg.MayEdit(d.To, u) {
			continue
		}
		mayEditAll = false
		for _, c := range u.Contacts {
			if !config.SameAddress(c, d.To) && !containsFold(contacts, c) {
				contacts = append(contacts, c)
			}
		}
	}
	switch {
	case mayEditAll && len(names) > 0:
		return "Är något fel kan du rätta det själv i årshjulet."
	case len(contacts) > 0:
		return "Är något fel, hör av dig till " + strings.Join(contacts, " eller ") + "."
	}
	return "Är något fel, hör av dig till den som administrerar arshjul."
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if config.SameAddress(x, s) {
			return true
		}
	}
	return false
}
