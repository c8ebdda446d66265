// Command floor serves one file's bytes with a fixed ETag over bare
// net/http: no mux, no middleware, no cache lookup. It is the least a
// net/http server can do per request on this machine, the floor that
// scripts/loadtest.sh measures the daemon's feed path against.
//
//	go run ./tools/floor -listen 127.0.0.1:18082 -file feed.ics -etag '"abc"'
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:18082", "address to listen on")
	file := flag.String("file", "", "the bytes to serve")
	etag := flag.String("etag", "", "the ETag to send and to answer If-None-Match with (quoted)")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil || *etag == "" {
		fmt.Fprintln(os.Stderr, "floor: give -file FILE and -etag '\"TAG\"'")
		os.Exit(2)
	}
	// The header values the daemon sends too, made once, as the daemon
	// makes them.
	tag := []string{*etag}
	length := []string{strconv.Itoa(len(body))}
	ctype := []string{"text/calendar; charset=utf-8"}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd["Etag"] = tag
		if r.Header.Get("If-None-Match") == *etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		hd["Content-Type"] = ctype
		hd["Content-Length"] = length
		w.Write(body)
	})
	log.Fatal(http.ListenAndServe(*listen, h))
}
