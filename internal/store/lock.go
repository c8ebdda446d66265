package store

import (
	"fmt"
	"os"
	"syscall"
)

// SenderLock is held by the one process that runs the schedules and sends
// mail for a database. The ledger already keeps two processes from queueing
// a reminder twice; the lock also keeps them from sending one message twice,
// and tells the holder that any message marked as being sent was left by a
// process that died (the kernel drops the lock with the process, even on
// SIGKILL).
type SenderLock struct{ f *os.File }

// TrySenderLock takes the lock without waiting; ok is false when another
// live process holds it.
func (s *Store) TrySenderLock() (lock *SenderLock, ok bool, err error) {
	f, err := os.OpenFile(s.path+".sender.lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("store: sender lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if err == syscall.EWOULDBLOCK {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("store: sender lock: %w", err)
	}
	return &SenderLock{f: f}, true, nil
}

// Release gives the lock up.
func (l *SenderLock) Release() {
	if l != nil && l.f != nil {
		syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
		l.f.Close()
		l.f = nil
	}
}
