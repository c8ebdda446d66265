package config

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/avesta-kommun/arshjul/internal/wheel"
)

// auth validates auth: the organisation's mail domains and the OpenID
// provider, whose settings decide which addresses a sign-in trusts.
func (v *validator) auth(raw *rawConfig, c *Config) {
	a := &raw.Auth
	for _, d := range a.Domains {
		d = NormalAddress(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		if wheel.ValidAddress("x@"+d) != nil {
			v.add(a.Lines["domains"], "auth.domains: %q är ingen e-postdomän; skriv t.ex. avesta.se", d)
			continue
		}
		c.Auth.Domains = append(c.Auth.Domains, d)
	}
	o := a.OIDC
	if o == nil {
		return
	}
	line := func(k string) int { return lineOr(o.Lines[k], lineOr(o.Line, a.Lines["oidc"])) }
	if u, err := url.Parse(o.Issuer); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		v.add(line("issuer"), "auth.oidc.issuer %q är ingen adress; skriv utfärdarens adress, t.ex. https://login.microsoftonline.com/TENANT/v2.0", o.Issuer)
	}
	if o.ClientID == "" {
		v.add(line("client_id"), "auth.oidc.client_id saknas: appens id hos inloggningstjänsten")
	}
	if !envNameRe.MatchString(o.ClientSecretEnv) {
		v.add(line("secret_env"), "auth.oidc.secret_env ska vara namnet på en miljövariabel, t.ex. ARSHJUL_OIDC_SECRET (aldrig hemligheten själv)")
	}
	if o.VerifiedClaim != "" && (!claimNameRe.MatchString(o.VerifiedClaim) || unvouchingClaims[o.VerifiedClaim]) {
		v.add(line("verified_claim"), "auth.oidc.verified_claim %q kan inte intyga en adress; skriv namnet på ett anspråk som är true när leverantören har bekräftat e-postadressen, t.ex. xms_edov", o.VerifiedClaim)
	}
	if o.TenantID != "" && !tenantRe.MatchString(o.TenantID) {
		v.add(line("tenant_id"), "auth.oidc.tenant_id %q är inget katalog-id; skriv Entra ID:s katalog-id (tenant id), t.ex. 72f988bf-86f1-41af-91ab-2d7cd011db47", o.TenantID)
	}
	c.Auth.OIDC = &OIDC{Issuer: o.Issuer, ClientID: o.ClientID, SecretEnv: o.ClientSecretEnv,
		VerifiedClaim: o.VerifiedClaim, TenantID: strings.ToLower(o.TenantID)}
}

var (
	claimNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.:-]*$`)
	tenantRe    = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
	// unvouchingClaims are claims that carry an address or a name, not a
	// provider's word that an address is verified: naming one would let
	// anyone who can set their own address or username sign in as anyone.
	unvouchingClaims = map[string]bool{"email": true, "preferred_username": true, "upn": true, "unique_name": true,
		"name": true, "sub": true, "oid": true, "tid": true}
)
