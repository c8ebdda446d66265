package server

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// csrfPurpose names the csrf tokens' key among the service's keys.
const csrfPurpose = "arshjul csrf"

// formToken is the csrf token of the forms a browser is shown: an HMAC,
// under a key of its own, of what binds the browser to us (its session
// token once signed in, before that the random value of its pre-session
// cookie). A site elsewhere can make a browser post and may even set a
// cookie on it, but cannot read the browser's cookie nor compute the HMAC
// of one it set without the key.
func (s *Server) formToken(ctx context.Context, binding string) (string, error) {
	key, err := s.core.Key(ctx, csrfPurpose)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(formMAC(key, binding)), nil
}

// formTokenHolds reports whether given is binding's token; the comparison
// is constant-time.
func (s *Server) formTokenHolds(ctx context.Context, binding, given string) bool {
	key, err := s.core.Key(ctx, csrfPurpose)
	if err != nil || binding == "" {
		return false
	}
	got, err := base64.RawURLEncoding.DecodeString(given)
	return err == nil && hmac.Equal(got, formMAC(key, binding))
}

func formMAC(key []byte, binding string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(binding))
	return m.Sum(nil)
}
