package server

import (
	"errors"
	"net/http"

	"github.com/avesta-kommun/arshjul/internal/app"
)

// status maps a use case's error to its HTTP answer.
func status(err error) int {
	var inv *app.Invalid
	switch {
	case errors.Is(err, app.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, app.ErrStarting):
		return http.StatusServiceUnavailable
	case errors.Is(err, app.ErrForbidden):
		return http.StatusForbidden
	case errors.As(err, &inv):
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

// fail answers a page request that a use case refused: the site's own
// 404 and 403 pages, a short text for the rest. The detail of an internal
// error goes to the log, never to the visitor.
func (s *Server) fail(w http.ResponseWriter, err error) {
	switch code := status(err); code {
	case http.StatusNotFound:
		s.notFound(w)
	case http.StatusForbidden:
		s.render(w, code, "followup.html", app.FollowUpPage{Forbidden: true, Title: "länken fungerar inte"})
	default:
		s.plainError(w, err, "")
	}
}

// plainError answers with a short text, as calendar clients and scripts
// read it; notFound is the text of a 404.
func (s *Server) plainError(w http.ResponseWriter, err error, notFound string) {
	code := status(err)
	msg := "internt fel; se tjänstens logg"
	switch code {
	case http.StatusNotFound:
		msg = notFound
	case http.StatusServiceUnavailable:
		msg = "tjänsten startar; försök igen om en stund"
	case http.StatusForbidden:
		msg = "länken fungerar inte"
	case http.StatusBadRequest:
		msg = err.Error()
	default:
		s.log.Error("request failed", "err", err)
	}
	http.Error(w, msg, code)
}

func (s *Server) notFound(w http.ResponseWriter) {
	s.render(w, http.StatusNotFound, "notfound.html", nil)
}
