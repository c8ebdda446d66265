package cli

import (
	"fmt"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// runFeeds lists every subscription address (reading only), or rotates
// one token.
func runFeeds(e *env) error {
	switch {
	case len(e.args) == 0:
		return listFeeds(e)
	case len(e.args) == 2 && e.args[0] == "rotate":
		return rotate(e, e.args[1])
	}
	return errUsage
}

func listFeeds(e *env) error {
	s, err := e.open(readConfig)
	if err != nil {
		return noDatabaseYet(e, err)
	}
	defer s.Close()
	subs, err := s.core.Subscriptions(e.ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "# Prenumerera i Outlook: Lägg till kalender → Från internet, och klistra in adressen.\n")
	fmt.Fprintf(e.stdout, "# Adresserna är hemliga nycklar: dela dem bara med enhetens medarbetare.\n\n")
	missing := false
	for _, sub := range subs {
		if sub.Feed == "" {
			missing = true
			fmt.Fprintf(e.stdout, "%-16s (ingen adress än)\n", sub.Scope)
			continue
		}
		fmt.Fprintf(e.stdout, "%-16s %s\n", sub.Scope, sub.Feed)
	}
	// The pages to hand out with the addresses: the wheel, the subscribe
	// buttons and instructions (and for the admins, the follow-ups).
	fmt.Fprintf(e.stdout, "\n# Sidor med årshjulet och prenumerationsknappar (lika hemliga):\n")
	for _, sub := range subs {
		if sub.HasSecret && sub.Page != "" {
			fmt.Fprintf(e.stdout, "%-16s %s\n", sub.Scope, sub.Page)
		}
	}
	if missing {
		fmt.Fprintln(e.stderr, "adresser saknas: `arshjul serve` skapar dem när den startar (eller `arshjul feeds rotate ENHET` för en)")
	}
	return nil
}

func rotate(e *env, name string) error {
	s, err := e.open(writeFiles)
	if err != nil {
		return err
	}
	defer s.Close()
	feedURL, err := s.core.RotateToken(e.ctx, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "ny adress för %s (den gamla slutar fungera inom några sekunder):\n%s\n", name, feedURL)
	return nil
}

// runFeed prints one feed as the daemon would serve it from the files as
// they are now, without writing the database.
func runFeed(e *env) error {
	if len(e.args) != 1 {
		return errUsage
	}
	s, err := e.open(readFiles)
	if err != nil {
		return err
	}
	defer s.Close()
	body, err := s.core.FeedBody(e.args[0])
	if err == app.ErrNotFound {
		return fmt.Errorf("okänd enhet %q; giltiga är all, public och %s", e.args[0], unitList(s.cfg.UnitIDs()))
	}
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(body)
	return err
}
