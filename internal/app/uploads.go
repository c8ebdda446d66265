package app

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// pendingUpload is a checked workbook awaiting its confirmation. Kept in
// memory: a preview not confirmed within the hour, or across a restart,
// is uploaded again.
type pendingUpload struct {
	unit, who, name string
	data            []byte
	digest          string
	at              time.Time
}

// uploads are the pending ones, by an unguessable id, few and brief. Each
// person has a few per unit, and only their own newer upload pushes one of
// theirs out: no one's uploads can evict another's, in their unit or any
// other.
type uploads struct {
	mu sync.Mutex
	m  map[string]pendingUpload
}

const (
	uploadTTL = time.Hour
	// uploadsPerEditor is how many previews a person keeps pending in one
	// unit: the newest, and a couple compared side by side; the oldest
	// goes first.
	uploadsPerEditor = 3
	// maxUploads bounds the memory all pending uploads hold (at most 4 MB
	// each). Past it a new upload is refused, never one of another
	// person's dropped to make room.
	maxUploads  = 256
	uploadIDLen = 18
)

// errUploadsFull is the answer when maxUploads are pending.
var errUploadsFull = invalid("Just nu väntar för många uppladdade arbetsböcker på att bekräftas. Försök igen om en stund.")

// put keeps p and returns its id, or false when maxUploads others are
// pending.
func (u *uploads) put(p pendingUpload) (string, bool) {
	b := make([]byte, uploadIDLen)
	rand.Read(b)
	id := base64.RawURLEncoding.EncodeToString(b)
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.m == nil {
		u.m = map[string]pendingUpload{}
	}
	mine := 0
	oldest := ""
	for k, v := range u.m {
		switch {
		case p.at.Sub(v.at) > uploadTTL:
			delete(u.m, k)
		case v.unit == p.unit && v.who == p.who:
			mine++
			if oldest == "" || v.at.Before(u.m[oldest].at) {
				oldest = k
			}
		}
	}
	if mine >= uploadsPerEditor {
		delete(u.m, oldest)
	}
	if len(u.m) >= maxUploads {
		return "", false
	}
	u.m[id] = p
	return id, true
}

// take removes and returns the pending upload id, if it is unit's, by
// who, and not expired: a confirmation is used once.
func (u *uploads) take(id, unit, who string, now time.Time) (pendingUpload, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	p, ok := u.m[id]
	if !ok || p.unit != unit || p.who != who || now.Sub(p.at) > uploadTTL {
		return pendingUpload{}, false
	}
	delete(u.m, id)
	return p, true
}
