package cli

import (
	"fmt"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/config"
	"github.com/avesta-kommun/arshjul/internal/feed"
	"github.com/avesta-kommun/arshjul/internal/state"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// runFeeds lists every subscription URL, or rotates one token.
func runFeeds(e *env) error {
	cfg, clk, err := e.setup()
	if err != nil {
		return err
	}
	st, err := e.openStore(cfg, e.logger())
	if err != nil {
		return err
	}
	defer st.Close()
	now := clk.Now()
	switch {
	case len(e.args) == 0:
	case len(e.args) == 2 && e.args[0] == "rotate":
		scope, ok := scopeOf(cfg, e.args[1])
		if !ok {
			return fmt.Errorf("okänd enhet %q; giltiga är all och %s", e.args[1], unitList(cfg))
		}
		tok, err := st.RotateToken(e.ctx, scope, now)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "ny adress för %s (den gamla slutar fungera inom några sekunder):\n%s\n", e.args[1], feedURL(cfg, tok, e.args[1]))
		return nil
	default:
		return errUsage
	}
	fmt.Fprintf(e.stdout, "# Prenumerera i Outlook: Lägg till kalender → Från internet, och klistra in adressen.\n")
	fmt.Fprintf(e.stdout, "# Adresserna är hemliga nycklar: dela dem bara med enhetens medarbetare.\n\n")
	for _, u := range cfg.Units {
		tok, err := st.Token(e.ctx, store.UnitScope(u.ID), now)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%-16s %s\n", u.ID, feedURL(cfg, tok, u.ID))
	}
	tok, err := st.Token(e.ctx, store.AdminScope, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%-16s %s\n", "all", feedURL(cfg, tok, "all"))
	fmt.Fprintf(e.stdout, "%-16s %s/feeds/public.ics\n", "public", cfg.HTTP.BaseURL)
	// The pages to hand out with the addresses: the wheel, the subscribe
	// buttons and instructions (and for the admins, the follow-ups).
	fmt.Fprintf(e.stdout, "\n# Sidor med årshjulet och prenumerationsknappar (lika hemliga):\n")
	for _, u := range cfg.Units {
		tok, err := st.Token(e.ctx, store.UnitScope(u.ID), now)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%-16s %s/t/%s\n", u.ID, cfg.HTTP.BaseURL, tok)
	}
	fmt.Fprintf(e.stdout, "%-16s %s/t/%s\n", "all", cfg.HTTP.BaseURL, tok)
	return nil
}

func scopeOf(cfg *config.Config, name string) (string, bool) {
	if name == feed.ScopeAll {
		return store.AdminScope, true
	}
	if cfg.Unit(name) != nil {
		return store.UnitScope(name), true
	}
	return "", false
}

func feedURL(cfg *config.Config, token, unit string) string {
	return cfg.HTTP.BaseURL + "/feeds/" + token + "/" + unit + ".ics"
}

func unitList(cfg *config.Config) string {
	ids := make([]string, len(cfg.Units))
	for i, u := range cfg.Units {
		ids[i] = u.ID
	}
	return strings.Join(ids, ", ")
}

// runFeed syncs the files as the daemon would and prints one feed.
func runFeed(e *env) error {
	if len(e.args) != 1 {
		return errUsage
	}
	cfg, clk, err := e.setup()
	if err != nil {
		return err
	}
	log := e.logger()
	st, err := e.openStore(cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	files, p, _ := e.locate()
	h := state.New(st, clk, log, files, p)
	if err := h.Reload(e.ctx); err != nil {
		return e.report(err)
	}
	cur := h.Current()
	req, ok := feed.NewRequest(cur.Config, cur.Snapshot, e.args[0], feed.Filter{FollowUps: true}, clk.Now())
	if !ok {
		return fmt.Errorf("okänd enhet %q; giltiga är all, public och %s", e.args[0], unitList(cfg))
	}
	res, err := feed.Build(req)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(res.Body)
	return err
}
