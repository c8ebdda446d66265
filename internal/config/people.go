package config

import (
	"slices"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// Knows reports whether addr is someone the config names: an admin, a
// unit's contact, manager or editor, or one of people:. Only they are sent
// a sign-in link; the comparison ignores case, as mail systems do.
func (c *Config) Knows(addr string) bool {
	if addr == "" {
		return false
	}
	if c.IsAdmin(addr) || c.People[strings.ToLower(addr)] != "" {
		return true
	}
	for i := range c.Units {
		if c.MayEdit(addr, &c.Units[i]) {
			return true
		}
	}
	return false
}

// InOrganisation reports whether addr is in one of auth.domains: someone
// of the organisation, who reads every internal wheel when signed in.
func (c *Config) InOrganisation(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	return at >= 0 && slices.Contains(c.Auth.Domains, strings.ToLower(addr[at+1:]))
}

// IsAdmin reports whether addr is one of admins:.
func (c *Config) IsAdmin(addr string) bool { return containsFold(c.Admins, addr) }

// MayEdit reports whether addr may edit unit u's wheel: an admin, or the
// unit's contact, manager or editor.
func (c *Config) MayEdit(addr string, u *wheel.Unit) bool {
	return addr != "" && (c.IsAdmin(addr) || strings.EqualFold(u.Manager, addr) ||
		containsFold(u.Contacts, addr) || containsFold(u.Editors, addr))
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}
