package testenv

import (
	"bytes"
	"sync"
)

// LogBuffer is a log sink a server writes to while the test reads it. The
// lock is needed: the server logs from its own goroutines, with no ordering
// the race detector can see through a socket.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
