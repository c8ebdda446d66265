// Package linksig signs the mark-done links sent in e-mail: a link is good
// for one follow-up until it expires, and no one without the key can make
// one. The signature goes in the query string, so a link is all a person
// needs; nothing about it is stored.
package linksig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Errors Verify returns; callers answer each with 403.
var (
	ErrInvalid = errors.New("linksig: signature does not match")
	ErrExpired = errors.New("linksig: link has expired")
)

// Sign returns EXPIRY.MAC for id: EXPIRY in Unix seconds, MAC an
// HMAC-SHA256 over a purpose label, the id and the expiry.
func Sign(key []byte, id string, expires time.Time) string {
	exp := strconv.FormatInt(expires.Unix(), 10)
	return exp + "." + base64.RawURLEncoding.EncodeToString(mac(key, id, exp))
}

// Verify checks sig for id at now. The comparison is constant-time.
func Verify(key []byte, id, sig string, now time.Time) error {
	exp, m, ok := strings.Cut(sig, ".")
	if !ok {
		return ErrInvalid
	}
	got, err := base64.RawURLEncoding.DecodeString(m)
	if err != nil || !hmac.Equal(got, mac(key, id, exp)) {
		return ErrInvalid
	}
	unix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil {
		return ErrInvalid
	}
	if !now.Before(time.Unix(unix, 0)) {
		return ErrExpired
	}
	return nil
}

func mac(key []byte, id, exp string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("arshjul followup done\x00"))
	h.Write([]byte(id))
	h.Write([]byte{0})
	h.Write([]byte(exp))
	return h.Sum(nil)
}
