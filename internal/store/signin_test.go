package store_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestSignInLinksAndSessions (issue 13, point 1): a link signs in once and
// only within 15 minutes; a session ends after 8 idle hours, after 7 days
// however busy, and at sign-out; an address is sent at most five links in
// 15 minutes; only hashes of the tokens are stored.
func TestSignInLinksAndSessions(t *testing.T) {
	st := testenv.OpenStore(t)
	ctx := context.Background()
	t0 := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	link, ok, err := st.NewSignInLink(ctx, "Eva.Ek@Avesta.se", t0)
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
