package server

import (
	"log"
	"net/http"
	"time"
)

// HTTPServer is the daemon's HTTP server for s, with the limits of a
// service on the open internet.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler: s.Handler(),
		// A slow or half-sent request ties up a connection for at most this.
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		// Room for the cookies of an intranet domain, far below the 1 MB
		// default. (net/http allows 4 KB more before it answers 431.)
		MaxHeaderBytes: 16 << 10,
		ErrorLog:       log.New(errorLog{s.log}, "", 0),
	}
}
