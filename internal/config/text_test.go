package config_test

import (
	"fmt"
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

// TestOIDCVouching: auth.oidc.verified_claim names the claim that vouches
// for an address besides email_verified, and tenant_id the Entra ID
// tenant whose upn counts; a claim that carries an address or a name
// (preferred_username, email, upn) cannot vouch, and a tenant id is a
// GUID: each refused at its line, in Swedish.
func TestOIDCVouching(t *testing.T) {
	example, err := os.ReadFile("../../config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	base := string(example) + "\nauth:\n  oidc:\n    issuer: \"https://login.microsoftonline.com/t/v2.0\"\n    client_id: abc\n    secret_env: ARSHJUL_OIDC_SECRET\n"
	c, err := loadWith(base + "    verified_claim: xms_edov\n    tenant_id: 3F2504E0-4F89-11D3-9A0C-0305E82C3301\n")
	if err != nil {
		t.Fatal(err)
	}
	if o := c.Auth.OIDC; o.VerifiedClaim != "xms_edov" || o.TenantID != "3f2504e0-4f89-11d3-9a0c-0305e82c3301" {
		t.Errorf("auth.oidc %+v", o)
	}
	line := strings.Count(base, "\n") + 1
	for _, tc := range []struct{ add, want string }{
		{"    verified_claim: preferred_username\n", fmt.Sprintf("arshjul.yaml:%d: auth.oidc.verified_claim \"preferred_username\" kan inte intyga en adress", line)},
		{"    verified_claim: email\n", "auth.oidc.verified_claim \"email\" kan inte intyga"},
		{"    verified_claim: \"a b\"\n", "auth.oidc.verified_claim \"a b\" kan inte intyga"},
		{"    tenant_id: avesta\n", fmt.Sprintf("arshjul.yaml:%d: auth.oidc.tenant_id \"avesta\" är inget katalog-id", line)},
	} {
		if _, err := loadWith(base + tc.add); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: want %q in %v", tc.add, tc.want, err)
		}
	}
}

// TestAddressNormalisation: addresses are compared after trimming and
// lower-casing A–Z only: the same address in another case or with spaces
// around is the config's, in the config's spelling; a Unicode look-alike
// (ſ for s, the Kelvin sign for K, a Cyrillic р, a zero-width space) is
// someone else, also to the domains.
func TestAddressNormalisation(t *testing.T) {
	example, err := os.ReadFile("../../config/arshjul.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := loadWith(strings.Replace(string(example), "contacts: [hr@example.se]", "contacts: [HR@Example.se]", 1) + "\nauth:\n  domains: [example.se]\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"hr@example.se", " HR@EXAMPLE.SE\t", "Hr@example.Se"} {
		if got, ok := c.Lookup(a); !ok || got != "HR@Example.se" {
			t.Errorf("Lookup(%q) = %q, %t; want HR@Example.se", a, got, ok)
		}
	}
	hr := c.Unit("hr")
	for _, a := range []string{"hr@example.\u017fe", "\u212Aommunikationschef@example.se", "hr@exam\u0440le.se", "hr@example.se\u200b", "kommunikationschef@example.se\u212A"} {
		if _, ok := c.Lookup(a); ok || c.MayEdit(a, hr) || c.IsAdmin(a) {
			t.Errorf("%q counts as someone the config names", a)
		}
	}
	if c.InOrganisation("ſven@example.ſe") || !c.InOrganisation(" Sven@EXAMPLE.se") {
		t.Error("InOrganisation folds beyond ASCII, or not ASCII")
	}
}
