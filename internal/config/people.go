package config

import (
	"slices"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// NormalAddress is the form in which addresses are compared: trimmed of
// spaces and with the ASCII letters A–Z lower-cased, nothing else
// changed. No Unicode folding: "ſ" (U+017F) is not "s" and the Kelvin sign
// is not "k", so a look-alike never counts as someone the config names.
func NormalAddress(addr string) string {
	addr = strings.TrimSpace(addr)
	b := []byte(addr)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// SameAddress reports whether a and b are one address: equal, byte for
// byte, after NormalAddress.
func SameAddress(a, b string) bool {
	return a != "" && NormalAddress(a) == NormalAddress(b)
}

// Lookup is the address as the config spells it, of someone the config
// names (an admin, a unit's contact, manager or editor, or one of
// people:) whose address is addr after NormalAddress; ok is false for
// anyone else. Only they are sent a sign-in link.
func (c *Config) Lookup(addr string) (configured string, ok bool) {
	n := NormalAddress(addr)
	if n == "" {
		return "", false
	}
	same := func(x string) bool { return NormalAddress(x) == n }
	if i := slices.IndexFunc(c.Admins, same); i >= 0 {
		return strings.TrimSpace(c.Admins[i]), true
	}
	for i := range c.Units {
		u := &c.Units[i]
		if same(u.Manager) {
			return strings.TrimSpace(u.Manager), true
		}
		for _, list := range [][]string{u.Contacts, u.Editors} {
			if i := slices.IndexFunc(list, same); i >= 0 {
				return strings.TrimSpace(list[i]), true
			}
		}
	}
	if c.People[n] != "" {
		return n, true
	}
	return "", false
}

// Knows reports whether addr is someone the config names (see Lookup).
func (c *Config) Knows(addr string) bool {
	_, ok := c.Lookup(addr)
	return ok
}

// InOrganisation reports whether addr is in one of auth.domains: someone
// of the organisation, who reads every internal wheel when signed in.
func (c *Config) InOrganisation(addr string) bool {
	addr = NormalAddress(addr)
	at := strings.LastIndexByte(addr, '@')
	return at >= 0 && slices.Contains(c.Auth.Domains, addr[at+1:])
}

// IsAdmin reports whether addr is one of admins:.
func (c *Config) IsAdmin(addr string) bool { return containsAddress(c.Admins, addr) }

// MayEdit reports whether addr may edit unit u's wheel: an admin, or the
// unit's contact, manager or editor.
func (c *Config) MayEdit(addr string, u *wheel.Unit) bool {
	return addr != "" && (c.IsAdmin(addr) || SameAddress(u.Manager, addr) ||
		containsAddress(u.Contacts, addr) || containsAddress(u.Editors, addr))
}

func containsAddress(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return SameAddress(x, s) })
}

// Person is how mail names addr: "Eva Ek (eva.ek@avesta.se)" when
// people: knows the address, else the address.
func (c *Config) Person(addr string) string {
	if n := c.People[NormalAddress(addr)]; n != "" && addr != "" {
		return n + " (" + addr + ")"
	}
	return addr
}
