package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
)

// Key is a key of purpose's own, derived from the service's key (kept in
// the database): an adapter signs or seals with it what only this service
// may make or read (csrf tokens, the sign-in flow's cookie) without ever
// holding the service's key, and a key for one purpose opens nothing made
// for another.
func (c *Core) Key(ctx context.Context, purpose string) ([]byte, error) {
	key, err := c.linkKey(ctx)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose))
	return m.Sum(nil), nil
}
