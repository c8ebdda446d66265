package teams_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/teams"
)

// TestPostKeepsTheAddressSecret guards the webhook's address, which lets
// anyone post in the channel: no error the sender logs and stores quotes
// it, whether Teams cannot be reached, refuses, or the variable is unset;
// and which errors fail a message for good (a 4xx) or retry it.
func TestPostKeepsTheAddressSecret(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/workflows/x/invoke?sig=HEMLIG"
	ln.Close() // nothing listens there now
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad card", http.StatusBadRequest)
	}))
	defer refusing.Close()
	busy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer busy.Close()

	w := teams.NewWebhook()
	w.SetChannels(map[string]string{"a": "ARSHJUL_TEAMS_A", "b": "ARSHJUL_TEAMS_B", "c": "ARSHJUL_TEAMS_C", "d": "ARSHJUL_TEAMS_D"})
	t.Setenv("ARSHJUL_TEAMS_A", closed)
	t.Setenv("ARSHJUL_TEAMS_B", refusing.URL+"/x?sig=HEMLIG")
	t.Setenv("ARSHJUL_TEAMS_C", busy.URL+"/x?sig=HEMLIG")
	for _, c := range []struct {
		unit      string
		permanent bool
		says      string
	}{
		{"a", false, "Teams nåddes inte"},
		{"b", true, "HTTP 400 bad card"},
		{"c", false, "HTTP 429"},
		{"d", false, "miljövariabeln ARSHJUL_TEAMS_D"},
	} {
		err := w.Post(context.Background(), teams.Recipient(c.unit), []byte(`{}`))
		if err == nil {
			t.Fatalf("%s: posted", c.unit)
		}
		if strings.Contains(err.Error(), "HEMLIG") || strings.Contains(err.Error(), "/workflows/") {
			t.Errorf("%s: the address in the error: %v", c.unit, err)
		}
		if !strings.Contains(err.Error(), c.says) || mail.Permanent(err) != c.permanent {
			t.Errorf("%s: %v (permanent %v), want %q and permanent %v", c.unit, err, mail.Permanent(err), c.says, c.permanent)
		}
	}
	if !w.Handles("teams:a") || w.Handles("a@example.se") {
		t.Error("Handles takes an address for a channel or a channel for an address")
	}
}
