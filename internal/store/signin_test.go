package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestSignInLinksAndSessions: a link signs in once and
// only within 15 minutes; a session ends after 8 idle hours, after 7 days
// however busy, and at sign-out; an address is sent at most five links in
// 15 minutes; only hashes of the tokens are stored.
func TestSignInLinksAndSessions(t *testing.T) {
	st := testenv.OpenStore(t)
	ctx := context.Background()
	t0 := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	link, ok, err := st.NewSignInLink(ctx, "eva.ek@avesta.se", t0)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	sess, email, err := st.UseSignInLink(ctx, link, t0.Add(14*time.Minute))
	if err != nil || email != "eva.ek@avesta.se" {
		t.Fatalf("within 15 minutes: %q %v", email, err)
	}
	if _, _, err := st.UseSignInLink(ctx, link, t0.Add(14*time.Minute)); !errors.Is(err, store.ErrSignIn) {
		t.Errorf("a used link: %v", err)
	}
	late, _, _ := st.NewSignInLink(ctx, "eva.ek@avesta.se", t0)
	if _, _, err := st.UseSignInLink(ctx, late, t0.Add(15*time.Minute)); !errors.Is(err, store.ErrSignIn) {
		t.Errorf("a link at 15 minutes: %v", err)
	}
	// Busy all day: every request within the idle time keeps it open.
	at := t0.Add(14 * time.Minute)
	for i := 0; i < 6; i++ {
		at = at.Add(7 * time.Hour)
		if e, ok, err := st.Session(ctx, sess, at); err != nil || !ok || e != "eva.ek@avesta.se" {
			t.Fatalf("after %v of use: %v %v", at.Sub(t0), ok, err)
		}
	}
	if _, ok, _ := st.Session(ctx, sess, at.Add(8*time.Hour+time.Second)); ok {
		t.Error("a session idle for over 8 hours still signs in")
	}
	s2, _, _ := func() (string, string, error) {
		l, _, _ := st.NewSignInLink(ctx, "eva.ek@avesta.se", t0.Add(time.Hour))
		return st.UseSignInLink(ctx, l, t0.Add(time.Hour))
	}()
	for at := t0.Add(time.Hour); at.Before(t0.Add(7 * 24 * time.Hour)); at = at.Add(6 * time.Hour) {
		st.Session(ctx, s2, at)
	}
	if _, ok, _ := st.Session(ctx, s2, t0.Add(7*24*time.Hour+2*time.Hour)); ok {
		t.Error("a session older than 7 days still signs in")
	}
	s3, _, _ := func() (string, string, error) {
		l, _, _ := st.NewSignInLink(ctx, "eva.ek@avesta.se", t0.Add(2*time.Hour))
		return st.UseSignInLink(ctx, l, t0.Add(2*time.Hour))
	}()
	if err := st.EndSession(ctx, s3, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := st.Session(ctx, s3, t0.Add(2*time.Hour)); ok {
		t.Error("a session signed out still signs in")
	}
	// Five links in a quarter of an hour, then none until it has passed.
	t1 := t0.Add(24 * time.Hour)
	for i := 0; i < 5; i++ {
		if _, ok, _ := st.NewSignInLink(ctx, "kim@avesta.se", t1.Add(time.Duration(i)*time.Minute)); !ok {
			t.Fatalf("link %d refused", i+1)
		}
	}
	if _, ok, _ := st.NewSignInLink(ctx, "kim@avesta.se", t1.Add(5*time.Minute)); ok {
		t.Error("a sixth link within 15 minutes")
	}
	if _, ok, _ := st.NewSignInLink(ctx, "kim@avesta.se", t1.Add(16*time.Minute)); !ok {
		t.Error("no link after the quarter of an hour")
	}
	for _, f := range []string{st.Path(), st.Path() + "-wal"} {
		if b, err := os.ReadFile(f); err == nil && (bytes.Contains(b, []byte(link)) || bytes.Contains(b, []byte(sess))) {
			t.Errorf("%s holds a link or session token as it is", f)
		}
	}
}

// TestSignInRowsDeleted: links and sessions that can sign no one in any
// more are deleted as new ones are made, by the store's clock: a link once
// its 15 minutes are over (used or not), a session once signed out, idle
// 8 hours or 7 days old. Live ones stay, and the address keeps its spelling.
func TestSignInRowsDeleted(t *testing.T) {
	st := testenv.OpenStore(t)
	ctx := context.Background()
	t0 := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	rows := func(table string) int {
		t.Helper()
		db, err := sql.Open("sqlite", st.Path())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	used, _, _ := st.NewSignInLink(ctx, "Eva.Ek@avesta.se", t0)
	st.NewSignInLink(ctx, "kim@avesta.se", t0) // never used
	ended, email, err := st.UseSignInLink(ctx, used, t0.Add(time.Minute))
	if err != nil || email != "Eva.Ek@avesta.se" {
		t.Errorf("the address as given: %q %v", email, err)
	}
	st.EndSession(ctx, ended, t0.Add(2*time.Minute))
	idle, _ := st.OpenSession(ctx, "idle@avesta.se", "OpenID", t0)
	busy, _ := st.OpenSession(ctx, "busy@avesta.se", "OpenID", t0)
	if n := rows("login_links"); n != 2 {
		t.Fatalf("%d links before any expired", n)
	}
	// Nine hours on: the links have expired, the idle session and the
	// signed-out one are over; the busy one was used an hour ago.
	st.Session(ctx, busy, t0.Add(8*time.Hour))
	later := t0.Add(9 * time.Hour)
	fresh, _, _ := st.NewSignInLink(ctx, "eva.ek@avesta.se", later)
	if n := rows("login_links"); n != 1 {
		t.Errorf("%d links after the old ones expired, want the new one only", n)
	}
	st.OpenSession(ctx, "ny@avesta.se", "OpenID", later)
	if n := rows("sessions"); n != 2 {
		t.Errorf("%d sessions, want the busy one and the new one", n)
	}
	if _, ok, _ := st.Session(ctx, busy, later); !ok {
		t.Error("the busy session was deleted")
	}
	if _, ok, _ := st.Session(ctx, idle, later); ok {
		t.Error("the idle session still signs in")
	}
	if _, _, err := st.UseSignInLink(ctx, fresh, later.Add(time.Minute)); err != nil {
		t.Errorf("the new link: %v", err)
	}
	// Past seven days even a busy session goes.
	for at := later; at.Before(t0.Add(7 * 24 * time.Hour)); at = at.Add(6 * time.Hour) {
		st.Session(ctx, busy, at)
	}
	st.OpenSession(ctx, "ny@avesta.se", "OpenID", t0.Add(7*24*time.Hour+time.Hour))
	if n := rows("sessions"); n != 1 {
		t.Errorf("%d sessions after a week, want the new one only (the busy one is too old, the rest idle)", n)
	}
}
