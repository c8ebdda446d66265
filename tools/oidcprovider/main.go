// Command oidcprovider is a real OpenID provider for the browser tests:
// zitadel's certified op package in its example server, with the users of
// a JSON file and one web client (arshjul) whose callback is given. It is
// for tests on loopback only: the users' passwords are in the file.
//
//	oidcprovider -listen 127.0.0.1:9998 -users users.json -redirect http://127.0.0.1:8080/login/oidc/callback -secret S
//
// With -entra the claims go in the ID token as Microsoft Entra ID puts
// them (e-mail and preferred_username in the token, email_verified left
// out unless true), with the further claims of -claims, a JSON object of
// user id → claims, e.g. {"u4": {"tid": "…", "upn": "eva@avesta.se", "xms_edov": true}}.
package main

import (
	"encoding/json"
	"flag"
	"log"
	"log/slog"
	"net/http"
	"os"

	"github.com/zitadel/oidc/v3/example/server/storage"

	"github.com/avesta-kommun/arshjul/tools/oidcprovider/idp"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:9998", "address to listen on")
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
	o := idp.Options{InIDToken: *entra}
	if *claims != "" {
		b, err := os.ReadFile(*claims)
		if err != nil {
			log.Fatal(err)
		}
		if err := json.Unmarshal(b, &o.Claims); err != nil {
			log.Fatalf("oidcprovider: %s: %v", *claims, err)
		}
	}
	storage.RegisterClients(storage.WebClient("arshjul", *secret, *redirect))
	issuer := "http://" + *listen + "/"
	router := idp.Handler(issuer, us, o, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	log.Printf("oidcprovider: issuer %s", issuer)
	log.Fatal(http.ListenAndServe(*listen, router))
}
