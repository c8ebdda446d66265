package config_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestEmbedOrigins: the intranet's origin is taken as a browser sends it,
// and what frame-ancestors cannot hold (a path, a wildcard, no scheme) is
// refused at its line, all at once.
func TestEmbedOrigins(t *testing.T) {
	example, err := os.ReadFile("../../config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	with := func(http string) string {
		return strings.Replace(string(example), "\nfeeds:\n", "\n"+http+"\nfeeds:\n", 1)
	}
	c, err := loadWith(string(example))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.HTTP.EmbedOrigins) != 0 || c.HTTP.EmbedInternal {
		t.Errorf("the default lets someone frame the pages: %v %v", c.HTTP.EmbedOrigins, c.HTTP.EmbedInternal)
	}
	c, err = loadWith(with("  embed_origins: [https://Intranat.avesta.se, \"http://localhost:8443/\"]\n  embed_internal: true"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"https://intranat.avesta.se", "http://localhost:8443"}; !slices.Equal(c.HTTP.EmbedOrigins, want) || !c.HTTP.EmbedInternal {
		t.Errorf("origins %v internal %v, want %v true", c.HTTP.EmbedOrigins, c.HTTP.EmbedInternal, want)
	}
	bad := with("  embed_origins: [intranat.avesta.se, \"https://intranat.avesta.se/start\", \"https://*.avesta.se\", ftp://x.se]")
	at := fmt.Sprintf("arshjul.yaml:%d: ", strings.Count(bad[:strings.Index(bad, "  embed_origins:")], "\n")+1)
	_, err = loadWith(bad)
	if err == nil {
		t.Fatal("bad origins accepted")
	}
	for _, want := range []string{
		at + `http.embed_origins: "intranat.avesta.se" är ingen webbplats`,
		at + `http.embed_origins: "https://intranat.avesta.se/start" ska vara bara webbplatsen, utan sökväg, t.ex. https://intranat.avesta.se`,
		`"https://*.avesta.se" ska vara bara webbplatsen`,
		`"ftp://x.se" är ingen webbplats`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("no %q in:\n%v", want, err)
		}
	}
	_, err = loadWith(with("  embed_internal: true"))
	if err == nil || !strings.Contains(err.Error(), at+"http.embed_internal: true gör inget utan http.embed_origins") {
		t.Errorf("embed_internal without origins: %v", err)
	}
}

// TestTeamsWebhookEnv: a unit's Teams channel is named by the environment
// variable that holds its webhook, never the webhook itself, which is a
// secret that would sit in a file many read.
func TestTeamsWebhookEnv(t *testing.T) {
	example, err := os.ReadFile("../../config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	with := func(teams string) string {
		return strings.Replace(string(example), "    reminders: {before: [30d, 7d]}\n", "    reminders: {before: [30d, 7d]}\n"+teams, 1)
	}
	c, err := loadWith(with("    teams: {webhook_env: ARSHJUL_TEAMS_KOMMUNIKATION}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Unit("kommunikation").TeamsWebhookEnv; got != "ARSHJUL_TEAMS_KOMMUNIKATION" {
		t.Errorf("webhook_env %q", got)
	}
	if got := c.Unit("hr").TeamsWebhookEnv; got != "" {
		t.Errorf("hr has Teams: %q", got)
	}
	data := with("    teams:\n      webhook_env: \"https://prod.example.logic.azure.com/workflows/x\"\n")
	line := strings.Count(data[:strings.Index(data, "      webhook_env:")], "\n") + 1
	_, err = loadWith(data)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf(`arshjul.yaml:%d: enhet`, line)+` "kommunikation": teams.webhook_env ska vara namnet på en miljövariabel`) ||
		!strings.Contains(err.Error(), "ARSHJUL_TEAMS_KOMMUNIKATION") {
		t.Errorf("a webhook address as webhook_env: %v", err)
	}
	_, err = loadWith(with("    teams: {webhok_env: X}\n"))
	if err == nil || !strings.Contains(err.Error(), "webhok_env") {
		t.Errorf("an unknown key under teams: %v", err)
	}
}
