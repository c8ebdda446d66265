// Command oidcprovider is a real OpenID provider for the browser tests:
// zitadel's certified op package in its example server, with the users of
// a JSON file and one web client (arshjul) whose callback is given. It is
// for tests on loopback only: the users' passwords are in the file.
//
//	oidcprovider -listen 127.0.0.1:9998 -users users.json -redirect http://127.0.0.1:8080/login/oidc/callback -secret S
package main

import (
	"flag"
	"log"
	"log/slog"
	"net/http"
	"os"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:9998", "address to listen on")
	users := flag.String("users", "", "JSON file of users (the example storage's format)")
	redirect := flag.String("redirect", "", "the client's callback address")
	secret := flag.String("secret", "", "the client's secret")
	flag.Parse()
	if *users == "" || *redirect == "" || *secret == "" {
		log.Fatal("oidcprovider: -users, -redirect and -secret are needed")
	}
	us, err := storage.StoreFromFile(*users)
	if err != nil {
		log.Fatal(err)
	}
	storage.RegisterClients(storage.WebClient("arshjul", *secret, *redirect))
	issuer := "http://" + *listen + "/"
	router := exampleop.SetupServer(issuer, storage.NewStorage(us), slog.New(slog.NewTextHandler(os.Stderr, nil)), false)
	log.Printf("oidcprovider: issuer %s", issuer)
	log.Fatal(http.ListenAndServe(*listen, router))
}
