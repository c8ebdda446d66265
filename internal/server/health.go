package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/avesta-kommun/arshjul/internal/remind"
	"github.com/avesta-kommun/arshjul/internal/wheel"
)

type health struct {
	Status    string         `json:"status"` // ok, degraded (serving the last good state), starting
	Now       time.Time      `json:"now"`
	Programme *programmeDoc  `json:"programme,omitempty"`
	Reload    *reloadDoc     `json:"last_reload,omitempty"`
	Units     int            `json:"units"`
	Items     int            `json:"items"`
	Reminders *remind.Status `json:"reminders,omitempty"`
	// OldestQueuedAge is how long the oldest waiting message has waited.
	OldestQueuedAge string `json:"oldest_queued_age,omitempty"`
}

type programmeDoc struct {
	Name       string     `json:"name"`
	ValidUntil wheel.Date `json:"valid_until"`
	Ended      bool       `json:"ended"`
}

type reloadDoc struct {
	At       time.Time `json:"at"`
	OK       bool      `json:"ok"`
	Problems []string  `json:"problems,omitempty"`
}

// handleHealth answers 200 while the daemon serves (even a stale state:
// restarting would not help, an administrator fixing the file will), and
// 503 only before anything could be loaded.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	now := s.clock.Now()
	doc := health{Status: "ok", Now: now.UTC().Truncate(time.Second)}
	code := http.StatusOK
	cur := s.state.Current()
	if cur == nil {
		doc.Status, code = "starting", http.StatusServiceUnavailable
	} else {
		p := &cur.Config.Programme
		doc.Programme = &programmeDoc{Name: p.Name, ValidUntil: p.ValidUntil, Ended: !now.Before(p.Ends())}
		doc.Units = len(cur.Config.Units)
		for _, items := range cur.Snapshot.Items {
			doc.Items += len(items)
		}
	}
	if st := s.state.Status(); st != nil {
		doc.Reload = &reloadDoc{At: st.At.UTC().Truncate(time.Second), OK: st.OK, Problems: st.Problems}
		if !st.OK && cur != nil {
			doc.Status = "degraded"
		}
	}
	if s.followUps != nil && cur != nil {
		st := s.followUps.runner.Status()
		doc.Reminders = &st
		if !st.OldestQueued.IsZero() {
			doc.OldestQueuedAge = now.Sub(st.OldestQueued).Truncate(time.Second).String()
		}
		if st.Stuck && doc.Status == "ok" {
			doc.Status = "degraded"
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(doc)
}
