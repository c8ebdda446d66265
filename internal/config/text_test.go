package config_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/avesta-kommun/arshjul/internal/config"
)

// TestControlCharactersInNames: a carriage return in the programme's name
// broke every feed, ESC in a unit's name the SVG; each name every feed
// and page shows is checked, with its line.
func TestControlCharactersInNames(t *testing.T) {
	example, err := os.ReadFile("../../config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ from, to, want string }{
		{"name: Kommunikationsprogram 2026–2028", `name: "Kommunikationsprogram\r\nBcc: x"`, "programme.name innehåller styrtecknet U+000D"},
		{"organisation: Avesta kommunkoncern", `organisation: "Avesta\u0000"`, "programme.organisation innehåller styrtecknet U+0000"},
		{"name: Kommunikationsenheten", `name: "Kommunikations\u001benheten"`, `enhet kommunikation: name innehåller styrtecknet U+001B`},
		{"webb: Webbplatsen avesta.se", `webb: "Webb\tplats"`, "programme.channels.webb innehåller styrtecknet U+0009"},
		{"name: Kommunikationsenheten", `name: "Kommunikations\u202Eenheten"`, `enhet kommunikation: name innehåller styrtecknet U+202E`},
		{"organisation: Avesta kommunkoncern", `organisation: "Avesta\u2028kommunkoncern"`, "programme.organisation innehåller styrtecknet U+2028"},
		{"webb: Webbplatsen avesta.se", `webb: "Webb\u0085plats"`, "programme.channels.webb innehåller styrtecknet U+0085"},
	} {
		if !strings.Contains(string(example), c.from) {
			t.Fatalf("the example has no %q", c.from)
		}
		_, err := loadWith(strings.Replace(string(example), c.from, c.to, 1))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "arshjul.yaml:") {
			t.Errorf("%s: %v", c.to, err)
		}
	}
}

// loadWith loads data as the config, with an empty calendar for each of
// the example's units.
func loadWith(data string) (*config.Config, error) {
	fsys := fstest.MapFS{"config/arshjul.yaml": {Data: []byte(data)}}
	for _, name := range []string{"kommunikation", "hr", "ekonomi", "vatten-avfall"} {
		fsys["calendars/"+name+".yaml"] = &fstest.MapFile{Data: []byte("wheel: []\n")}
	}
	fsys["calendars/kommunledning/a.yaml"] = &fstest.MapFile{Data: []byte("wheel: []\n")}
	return config.Load(config.Embedded(fsys), "config/arshjul.yaml")
}

// TestEditors: a unit's editors: are addresses, refused at their line when
// one is not; they, the contacts, the manager and the admins may edit it,
// and only people the config names are known (sent a sign-in link).
func TestEditors(t *testing.T) {
	example, err := os.ReadFile("../../config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	with := func(editors string) (*config.Config, error) {
		return loadWith(strings.Replace(string(example), "\n    manager: hr.chef@example.se\n", "\n    manager: hr.chef@example.se\n    editors: "+editors+"\n", 1))
	}
	if _, err := with("[inte en adress]"); err == nil || !strings.Contains(err.Error(), `enhet "hr": editors:`) {
		t.Errorf("a bad editor address: %v", err)
	}
	c, err := with("[Redaktor@Example.se]")
	if err != nil {
		t.Fatal(err)
	}
	hr, eko := c.Unit("hr"), c.Unit("ekonomi")
	if hr == nil || len(hr.Editors) != 1 {
		t.Fatalf("hr's editors: %+v (is the manager line in the example as the test expects?)", hr)
	}
	for _, tc := range []struct {
		addr   string
		hr, ek bool
	}{{"redaktor@example.se", true, false}, {"hr@example.se", true, false}, {"HR.chef@example.se", true, false}, {"kommunikationschef@example.se", true, true}, {"okand@example.se", false, false}} {
		if c.MayEdit(tc.addr, hr) != tc.hr || c.MayEdit(tc.addr, eko) != tc.ek {
			t.Errorf("%s: edits hr %t, ekonomi %t; want %t, %t", tc.addr, c.MayEdit(tc.addr, hr), c.MayEdit(tc.addr, eko), tc.hr, tc.ek)
		}
	}
	if !c.Knows("Redaktor@example.se") || c.Knows("okand@example.se") || c.Knows("") {
		t.Error("Knows")
	}
}

// TestAuthConfig: auth.domains are mail domains; auth.oidc needs an
// issuer address, a client id and the name of the variable that holds the
// secret (never the secret): each problem at its line, in Swedish.
func TestAuthConfig(t *testing.T) {
	example, err := os.ReadFile("../../config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := loadWith(string(example) + "\nauth:\n  domains: [Avesta.se, \"@avestakommun.se\"]\n  oidc: {issuer: \"https://login.microsoftonline.com/t/v2.0\", client_id: abc, secret_env: ARSHJUL_OIDC_SECRET}\n")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Auth.Domains, ",") != "avesta.se,avestakommun.se" || c.Auth.OIDC == nil || c.Auth.OIDC.SecretEnv != "ARSHJUL_OIDC_SECRET" {
		t.Errorf("auth %+v %+v", c.Auth, c.Auth.OIDC)
	}
	if !c.InOrganisation("Eva.Ek@AVESTA.se") || c.InOrganisation("eva@avesta.se.example.com") {
		t.Error("InOrganisation")
	}
	_, err = loadWith(string(example) + "\nauth:\n  domains: [\"inte en domän\"]\n  oidc:\n    issuer: login\n    secret_env: \"s3cr3t-value\"\n")
	for _, want := range []string{"auth.domains: \"inte en domän\" är ingen e-postdomän", "auth.oidc.issuer \"login\" är ingen adress", "auth.oidc.client_id saknas", "auth.oidc.secret_env ska vara namnet på en miljövariabel"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
}
