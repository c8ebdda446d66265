// Command floor serves one file's bytes with a fixed ETag over bare
// net/http: no mux, no middleware, no cache lookup, header values made
// once. It is the least a net/http server can do per request on this
// machine to give the daemon's answer, the floor that scripts/loadtest.sh
// measures the daemon's feed path against: it sends the headers the
// daemon sends (-h200, -h304, as the load script reads them off the
// daemon's answers) and keeps the daemon's server limits.
//
//	go run ./tools/floor -file feed.ics -etag '"abc"' -h200 'Cache-Control: private, max-age=300' -h304 'Vary: Accept-Encoding'
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// headers is a repeated -h flag: "Name: value".
type headers http.Header

func (h headers) String() string { return fmt.Sprint(http.Header(h)) }

func (h headers) Set(line string) error {
	name, value, ok := strings.Cut(line, ":")
	if !ok {
		return fmt.Errorf("%q is no header line", line)
	}
	http.Header(h).Add(strings.TrimSpace(name), strings.TrimSpace(value))
	return nil
}

func main() {
	listen := flag.String("listen", "127.0.0.1:18082", "address to listen on")
	file := flag.String("file", "", "the bytes to serve")
	etag := flag.String("etag", "", "the ETag to send and to answer If-None-Match with (quoted)")
	route := flag.String("route", "", `serve behind an http.ServeMux with this one pattern (e.g. "GET /feeds/{token}/{file}"), to tell the router's cost from the rest`)
	limits := flag.Bool("limits", true, "the daemon's own server limits (timeouts, header size), which it must keep; false: none at all")
	h200, h304 := headers{}, headers{}
	flag.Var(h200, "h200", "a header of the full answer, besides ETag and Content-Length (repeat)")
	flag.Var(h304, "h304", "a header of the 304, besides ETag (repeat)")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil || *etag == "" {
		fmt.Fprintln(os.Stderr, "floor: give -file FILE and -etag '\"TAG\"'")
		os.Exit(2)
	}
	tag := []string{*etag}
	length := []string{strconv.Itoa(len(body))}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd["Etag"] = tag
		if r.Header.Get("If-None-Match") == *etag {
			for k, v := range h304 {
				hd[k] = v
			}
			w.WriteHeader(http.StatusNotModified)
			return
		}
		for k, v := range h200 {
			hd[k] = v
		}
		hd["Content-Length"] = length
		w.Write(body)
	})
	srv := &http.Server{Addr: *listen, Handler: h}
	if *route != "" {
		mux := http.NewServeMux()
		mux.Handle(*route, h)
		srv.Handler = mux
	}
	if *limits {
		// As server.HTTPServer sets them: each costs net/http a deadline
		// per request, which the daemon cannot do without.
		srv.ReadHeaderTimeout, srv.ReadTimeout = 10*time.Second, 30*time.Second
		srv.WriteTimeout, srv.IdleTimeout = 60*time.Second, 120*time.Second
		srv.MaxHeaderBytes = 16 << 10
	}
	log.Fatal(srv.ListenAndServe())
}
