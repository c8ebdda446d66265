package feed

import (
	"bytes"
	"fmt"
	"time"

	"github.com/avesta-kommun/arshjul/internal/snapshot"

	"github.com/avesta-kommun/arshjul/internal/config"
)

// Attachment is the .ics sent with a reminder: the item's event as the feed
// has it (the same UID, SEQUENCE and, for a series, the whole RRULE), with
// METHOD:PUBLISH so that mail clients offer to add it rather than treat it
// as a meeting invitation.
func Attachment(cfg *config.Config, snap *snapshot.Snapshot, unitID string, rec *snapshot.ItemRecord, now time.Time) ([]byte, error) {
	r, ok := AttachmentRequest(cfg, snap, unitID, rec, now)
	if !ok {
		return nil, fmt.Errorf("feed: unknown unit %s", unitID)
	}
	res, err := Build(r)
	if err != nil {
		return nil, err
	}
	// A published feed has no METHOD; an e-mailed object needs one (RFC
	// 5546); go-ical would sort it among the others, so it is put first.
	body := bytes.Replace(res.Body, []byte("BEGIN:VCALENDAR\r\n"), []byte("BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\n"), 1)
	return body, nil
}

// AttachmentRequest is the feed request an Attachment is built from: the
// one item, from today on.
func AttachmentRequest(cfg *config.Config, snap *snapshot.Snapshot, unitID string, rec *snapshot.ItemRecord, now time.Time) (Request, bool) {
	u := cfg.Unit(unitID)
	if u == nil {
		return Request{}, false
	}
	return Request{
		Programme: &cfg.Programme, Name: u.Name + ": " + rec.Item.Title, Now: now,
		Refresh: cfg.Feeds.Refresh,
		Units:   []Unit{{Unit: *u, Items: []snapshot.ItemRecord{*rec}, Plans: snap.Plans[unitID]}},
	}, true
}
