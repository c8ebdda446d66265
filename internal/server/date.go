package server

import (
	"net/http"
	"sync/atomic"
	"time"
)

// dateHeader is the Date header of an answer begun at t, made once a
// second, as nginx makes its own: net/http would otherwise read the clock
// again and format the date for every answer, which is a hundredth of
// what a 304 costs. The second is the request's arrival; the answers it
// is set on (a 304, a page: none with a Last-Modified) are made within
// it, or nearly.
type dateHeader struct{ cur atomic.Pointer[dateValue] }

type dateValue struct {
	sec int64
	v   []string
}

func (d *dateHeader) at(t time.Time) []string {
	sec := t.Unix()
	if c := d.cur.Load(); c != nil && c.sec == sec {
		return c.v
	}
	c := &dateValue{sec: sec, v: []string{t.UTC().Truncate(time.Second).Format(http.TimeFormat)}}
	d.cur.Store(c)
	return c.v
}
