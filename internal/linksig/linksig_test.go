package linksig

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestSignVerify(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Date(2026, 10, 5, 7, 0, 0, 0, time.UTC)
	id := "hr/medarbetarenkat/2026-10-05"
	sig := Sign(key, id, now.Add(24*time.Hour))
	if err := Verify(key, id, sig, now); err != nil {
		t.Fatalf("good signature refused: %v", err)
	}
	exp, mac, _ := strings.Cut(sig, ".")
	cases := map[string]struct {
		key     []byte
		id, sig string
		now     time.Time
		want    error
	}{
		"other id":        {key, "hr/medarbetarenkat/2027-10-04", sig, now, ErrInvalid},
		"other key":       {[]byte("another key of thirty-two bytes!"), id, sig, now, ErrInvalid},
		"expired":         {key, id, sig, now.Add(25 * time.Hour), ErrExpired},
		"expiry extended": {key, id, "9999999999." + mac, now, ErrInvalid},
		"mac cut short":   {key, id, exp + "." + mac[:10], now, ErrInvalid},
		"no dot":          {key, id, exp + mac, now, ErrInvalid},
		"empty":           {key, id, "", now, ErrInvalid},
		"not base64":      {key, id, exp + ".%%%", now, ErrInvalid},
	}
	for name, c := range cases {
		if err := Verify(c.key, c.id, c.sig, c.now); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}
