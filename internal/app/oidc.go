package app

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/avesta-kommun/arshjul/internal/config"
)

// ErrNoOIDC means no OpenID provider is configured.
var ErrNoOIDC = errors.New("app: no OpenID provider configured")

// ErrUnverified is an OpenID sign-in whose token carries no address the
// provider vouches for: the page says so, for the person to ask their IT.
var ErrUnverified = errors.New("app: the OpenID provider has not verified the address")

// oidcFlowTTL is how long a sign-in may take at the provider.
const oidcFlowTTL = 10 * time.Minute

// provider is the configured OpenID provider, discovered on first use
// (the daemon starts even when the provider is down) and again when the
// config names another.
type provider struct {
	mu     sync.Mutex
	cfg    config.OIDC
	oidc   *oidc.Provider
	oauth2 oauth2.Config
}

func (c *Core) provider(ctx context.Context) (*provider, error) {
	v, err := c.view()
	if err != nil {
		return nil, err
	}
	o := v.Config.Auth.OIDC
	if o == nil {
		return nil, ErrNoOIDC
	}
	p := &c.oidc
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.oidc != nil && p.cfg == *o {
		return p, nil
	}
	secret := os.Getenv(o.SecretEnv)
	if secret == "" {
		return nil, fmt.Errorf("app: OpenID: the client secret is not in $%s", o.SecretEnv)
	}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	op, err := oidc.NewProvider(dctx, o.Issuer)
	if err != nil {
		return nil, fmt.Errorf("app: OpenID provider %s: %w", o.Issuer, err)
	}
	p.cfg, p.oidc = *o, op
	p.oauth2 = oauth2.Config{ClientID: o.ClientID, ClientSecret: secret, Endpoint: op.Endpoint(),
		RedirectURL: v.links.Abs(v.links.Login() + "/oidc/callback"), Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
	return p, nil
}

// OIDCFlow is what the callback must match: the state and nonce sent to
// the provider, the PKCE verifier, and when the flow lapses. The sign-in
// adapter keeps it where only this browser holds it, sealed (the nonce
// and verifier must stay unread: with the verifier and an intercepted
// code, anyone could finish the sign-in).
type OIDCFlow struct {
	State    string    `json:"s"`
	Nonce    string    `json:"n"`
	Verifier string    `json:"v"`
	Expires  time.Time `json:"e"`
}

// OIDCStart begins the authorization code flow: the provider's address to
// send the browser to, and the flow to keep until the callback.
func (c *Core) OIDCStart(ctx context.Context) (redirect string, flow OIDCFlow, err error) {
	p, err := c.provider(ctx)
	if err != nil {
		return "", flow, err
	}
	flow = OIDCFlow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier(),
		Expires: c.clock.Now().Add(oidcFlowTTL)}
	return p.oauth2.AuthCodeURL(flow.State, oidc.Nonce(flow.Nonce), oauth2.S256ChallengeOption(flow.Verifier)), flow, nil
}

// OIDCFinish completes the flow at the callback: the state must be the
// flow's, the code is exchanged with the PKCE verifier, the ID token is
// verified with the provider's keys and must carry the nonce and an
// address the provider vouches for (vouchedAddress; ErrUnverified if
// none), of someone the config names or of the organisation's domains.
// It opens a session under the address as the config spells it: its
// token, for the cookie.
func (c *Core) OIDCFinish(ctx context.Context, code, state string, flow OIDCFlow) (string, error) {
	p, err := c.provider(ctx)
	if err != nil {
		return "", err
	}
	if flow.State == "" || !hmac.Equal([]byte(flow.State), []byte(state)) || c.clock.Now().After(flow.Expires) {
		return "", ErrSignIn
	}
	tok, err := p.oauth2.Exchange(ctx, code, oauth2.VerifierOption(flow.Verifier))
	if err != nil {
		c.log.Warn("OpenID sign-in refused: the code was not exchanged", "err", err)
		return "", ErrSignIn
	}
	raw, _ := tok.Extra("id_token").(string)
	// The verifier checks the signature against the provider's keys, the
	// issuer, the audience (our client id) and the expiry, by the real
	// time: the provider's clock, not the one a test or --now sets.
	id, err := p.oidc.VerifierContext(ctx, &oidc.Config{ClientID: p.cfg.ClientID}).Verify(ctx, raw)
	if err != nil || id.Nonce != flow.Nonce {
		c.log.Warn("OpenID sign-in refused: the ID token did not verify", "err", err)
		return "", ErrSignIn
	}
	v, err := c.view()
	if err != nil {
		return "", err
	}
	email, err := c.vouchedAddress(ctx, p, tok, id)
	if err != nil {
		return "", err
	}
	if known, ok := v.Config.Lookup(email); ok {
		email = known
	} else if !v.Config.InOrganisation(email) {
		c.log.Info("OpenID sign-in refused: the address is neither in the config nor of the organisation's domains")
		return "", ErrSignIn
	}
	session, err := c.store.OpenSession(ctx, email, "OpenID", c.clock.Now())
	if err == nil {
		c.log.Info("signed in with OpenID")
	}
	return session, err
}

// OIDCConfigured reports whether the sign-in page offers the provider.
func (c *Core) OIDCConfigured() bool {
	v, err := c.view()
	return err == nil && v.Config.Auth.OIDC != nil
}

func random() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// vouchedAddress is the address an ID token proves, in the form the
// config compares (config.NormalAddress): the email claim when the
// provider vouches for it with email_verified: true, or with the claim
// auth.oidc.verified_claim names being true; else the upn claim of a
// token whose tid is auth.oidc.tenant_id. A missing email_verified is not
// a yes, and preferred_username is never taken: the person can change it
// (Microsoft documents it as not for authorization). ErrUnverified when
// nothing is vouched for.
func (c *Core) vouchedAddress(ctx context.Context, p *provider, tok *oauth2.Token, id *oidc.IDToken) (string, error) {
	var claims map[string]any
	if err := id.Claims(&claims); err != nil {
		return "", ErrSignIn
	}
	email, _ := claims["email"].(string)
	vouched := claims["email_verified"] == true || (p.cfg.VerifiedClaim != "" && claims[p.cfg.VerifiedClaim] == true)
	if email == "" {
		// Many providers put the address only in the userinfo answer; it
		// is taken when it is about the same subject as the ID token.
		if info, err := p.oidc.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil && info.Subject == id.Subject {
			email, vouched = info.Email, info.EmailVerified
		}
	}
	if email != "" && vouched {
		return config.NormalAddress(email), nil
	}
	if upn, _ := claims["upn"].(string); upn != "" && p.cfg.TenantID != "" {
		if tid, _ := claims["tid"].(string); strings.ToLower(tid) == p.cfg.TenantID {
			return config.NormalAddress(upn), nil
		}
	}
	c.log.Info("OpenID sign-in refused: the provider vouches for no address")
	return "", ErrUnverified
}
