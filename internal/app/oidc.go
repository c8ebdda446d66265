package app

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"strconv"
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

// OIDCStart begins the authorization code flow: the provider's address to
// send the browser to, and the flow's secrets (state, nonce, PKCE
// verifier) sealed for a short-lived cookie that only this browser holds.
func (c *Core) OIDCStart(ctx context.Context) (redirect, cookie string, err error) {
	p, err := c.provider(ctx)
	if err != nil {
		return "", "", err
	}
	state, nonce, verifier := random(), random(), oauth2.GenerateVerifier()
	key, err := c.linkKey(ctx)
	if err != nil {
		return "", "", err
	}
	exp := c.clock.Now().Add(oidcFlowTTL).Unix()
	cookie = seal(key, state+"."+nonce+"."+verifier+"."+strconv.FormatInt(exp, 10))
	return p.oauth2.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), cookie, nil
}

// OIDCFinish completes the flow at the callback: the state must be the
// cookie's, the code is exchanged with the PKCE verifier, the ID token is
// verified with the provider's keys and must carry the nonce and an
// address the provider vouches for (vouchedAddress; ErrUnverified if
// none), of someone the config names or of the organisation's domains.
// It opens a session under the address as the config spells it: its
// token, for the cookie.
func (c *Core) OIDCFinish(ctx context.Context, code, state, cookie string) (string, error) {
	p, err := c.provider(ctx)
	if err != nil {
		return "", err
	}
	key, err := c.linkKey(ctx)
	if err != nil {
		return "", err
	}
	parts := strings.Split(unseal(key, cookie), ".")
	if len(parts) != 4 || !hmac.Equal([]byte(parts[0]), []byte(state)) {
		return "", ErrSignIn
	}
	if exp, err := strconv.ParseInt(parts[3], 10, 64); err != nil || c.clock.Now().Unix() > exp {
		return "", ErrSignIn
	}
	tok, err := p.oauth2.Exchange(ctx, code, oauth2.VerifierOption(parts[2]))
	if err != nil {
		c.log.Warn("OpenID sign-in refused: the code was not exchanged", "err", err)
		return "", ErrSignIn
	}
	raw, _ := tok.Extra("id_token").(string)
	// The verifier checks the signature against the provider's keys, the
	// issuer, the audience (our client id) and the expiry, by the real
	// time: the provider's clock, not the one a test or --now sets.
	id, err := p.oidc.VerifierContext(ctx, &oidc.Config{ClientID: p.cfg.ClientID}).Verify(ctx, raw)
	if err != nil || id.Nonce != parts[1] {
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

// seal and unseal keep a value in a cookie the browser holds but can
// neither read nor forge: AES-256-GCM under a key of its own, derived from
// the service's key. The flow's nonce and PKCE verifier must stay unread
// by anything that sees the cookie (an extension, a shared machine, a
// log): with the verifier and an intercepted code, anyone could finish
// the sign-in.
func seal(key []byte, v string) string {
	aead := flowAEAD(key)
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, []byte(v), []byte(flowPurpose)))
}

func unseal(key []byte, s string) string {
	b, err := base64.RawURLEncoding.DecodeString(s)
	aead := flowAEAD(key)
	if err != nil || len(b) < aead.NonceSize() {
		return ""
	}
	v, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], []byte(flowPurpose))
	if err != nil {
		return ""
	}
	return string(v)
}

const flowPurpose = "arshjul oidc flow cookie"

func flowAEAD(key []byte) cipher.AEAD {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(flowPurpose))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		panic(err) // a 32-byte key always makes a cipher
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return aead
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
