package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
)

const metaLinkKey = "link_key"

// LinkKey returns the key that signs the mark-done links in e-mails, making
// it on first use. It lives in the database, not the config: it must outlive
// config edits, and a config in git must hold no secrets.
func (s *Store) LinkKey(ctx context.Context) ([]byte, error) {
	var key []byte
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, sqlGetMeta, metaLinkKey).Scan(&v)
		if err == nil {
			key, err = hex.DecodeString(v)
			return err
		}
		if !isNoRows(err) {
			return err
		}
		key = make([]byte, 32)
		rand.Read(key)
		_, err = tx.ExecContext(ctx, sqlSetMeta, metaLinkKey, hex.EncodeToString(key))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: link key: %w", err)
	}
	return key, nil
}
