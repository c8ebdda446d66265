// Package idp is the OpenID provider of the tests: zitadel's certified op
// package in its example server, with the users given and, when asked, the
// claims put in the ID token as Microsoft Entra ID puts them: the
// profile and e-mail claims in the token itself (preferred_username
// among them; email_verified left out when false, as zitadel does and as
// Entra ID always does), and any further claims per user (tid, upn,
// xms_edov).
package idp

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// Options shape the ID tokens.
type Options struct {
	// InIDToken puts the profile and e-mail claims in the ID token rather
	// than only in the userinfo answer.
	InIDToken bool
	// Claims are added to the ID token of the user whose ID is the key.
	Claims map[string]map[string]any
}

// Handler serves the provider at issuer with the users of the store.
func Handler(issuer string, users storage.UserStore, o Options, log *slog.Logger) http.Handler {
	return exampleop.SetupServer(issuer, &idStorage{Storage: storage.NewStorage(users), o: o}, log, false)
}

type idStorage struct {
	*storage.Storage
	o Options
}

func (s *idStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil || !s.o.InIDToken {
		return c, err
	}
	return claimsInIDToken{c}, nil
}

func (s *idStorage) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, info, req, scopes); err != nil {
		return err
	}
	for k, v := range s.o.Claims[req.GetSubject()] {
		info.AppendClaims(k, v)
	}
	return nil
}

type claimsInIDToken struct{ op.Client }

func (claimsInIDToken) IDTokenUserinfoClaimsAssertion() bool { return true }
