package store

const (
	sqlGetMeta = `SELECT value FROM meta WHERE key = ?`
	sqlSetMeta = `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`
)

// metaLastChange is when a sync last changed anything: a feed's Last-Modified
// must move when an item disappears, which no remaining item records.
const metaLastChange = "last_change"
