// Command oidcprovider is a real OpenID provider for the tests: zitadel's
// certified op package in its example server, with the users of a JSON
// file and one web client (arshjul) whose callback is given. It is for
// tests on loopback only: the users' passwords are in the file. It is a
// module of its own, so that the daemon's go.mod does not carry zitadel
// and what zitadel brings.
//
//	oidcprovider -listen 127.0.0.1:0 -users users.json -redirect http://127.0.0.1:8080/login/oidc/callback -secret S
//
// It prints "issuer URL" on standard output once it listens (with port 0,
// the port the system gave). With -entra the claims go in the ID token as
// Microsoft Entra ID puts them (e-mail and preferred_username in the
// token, email_verified left out unless true, as zitadel does and as
// Entra ID always does), with the further claims of -claims, a JSON file
// of user id → claims, e.g. {"u4": {"tid": "…", "upn": "eva@avesta.se", "xms_edov": true}}.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:9998", "address to listen on (port 0: any free one)")
	users := flag.String("users", "", "JSON file of users (the example storage's format)")
	redirect := flag.String("redirect", "", "the client's callback address")
	secret := flag.String("secret", "", "the client's secret")
	entra := flag.Bool("entra", false, "put the profile and e-mail claims in the ID token, as Entra ID does")
	claims := flag.String("claims", "", "JSON file of further ID token claims per user id")
	flag.Parse()
	if *users == "" || *redirect == "" || *secret == "" {
		log.Fatal("oidcprovider: -users, -redirect and -secret are needed")
	}
	us, err := storage.StoreFromFile(*users)
	if err != nil {
		log.Fatal(err)
	}
	st := &idStorage{Storage: storage.NewStorage(us), inIDToken: *entra}
	if *claims != "" {
		b, err := os.ReadFile(*claims)
		if err != nil {
			log.Fatal(err)
		}
		if err := json.Unmarshal(b, &st.claims); err != nil {
			log.Fatalf("oidcprovider: %s: %v", *claims, err)
		}
	}
	storage.RegisterClients(storage.WebClient("arshjul", *secret, *redirect))
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	issuer := "http://" + ln.Addr().String() + "/"
	router := exampleop.SetupServer(issuer, st, slog.New(slog.NewTextHandler(os.Stderr, nil)), false)
	fmt.Println("issuer", issuer)
	log.Fatal(http.Serve(ln, router))
}

// idStorage is the example's storage with the ID tokens shaped as asked.
type idStorage struct {
	*storage.Storage
	inIDToken bool
	claims    map[string]map[string]any // user id → further claims
}

func (s *idStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil || !s.inIDToken {
		return c, err
	}
	return claimsInIDToken{c}, nil
}

func (s *idStorage) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, info, req, scopes); err != nil {
		return err
	}
	for k, v := range s.claims[req.GetSubject()] {
		info.AppendClaims(k, v)
	}
	return nil
}

// claimsInIDToken puts the profile and e-mail claims in the ID token
// itself, not only in the userinfo answer.
type claimsInIDToken struct{ op.Client }

func (claimsInIDToken) IDTokenUserinfoClaimsAssertion() bool { return true }
