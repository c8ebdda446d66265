package teams

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sync/atomic"
	"time"
)

// Webhook posts cards to the units' Workflows webhooks. A webhook's
// address is a secret (whoever has it may post in the channel): it is
// read from the environment variable the config names, at each post, and
// never written to a log, an error or the outbox.
type Webhook struct {
	Client *http.Client
	envs   atomic.Pointer[map[string]string] // unit → environment variable
}

// NewWebhook makes a webhook poster with a bounded wait for Teams.
func NewWebhook() *Webhook {
	return &Webhook{Client: &http.Client{Timeout: 30 * time.Second}}
}

// SetChannels names, per unit, the environment variable holding its
// webhook; a reload calls it again.
func (w *Webhook) SetChannels(envs map[string]string) { w.envs.Store(&envs) }

// Handles says whether recipient is a Teams channel rather than a mail
// address.
func (w *Webhook) Handles(recipient string) bool {
	_, ok := Unit(recipient)
	return ok
}

// Refused is an answer from the webhook that sending the same card again
// will not change (a 4xx: the card or the webhook is wrong, or the flow
// was deleted): the message waits as failed for `arshjul outbox retry`.
type Refused struct {
	Status int
	Detail string
}

func (e *Refused) Error() string {
	return fmt.Sprintf("Teams tog inte emot kortet: HTTP %d %s", e.Status, e.Detail)
}

// Permanent marks the refusal as final for the sender.
func (e *Refused) Permanent() bool { return true }

// Post sends a card to recipient's channel. An error other than *Refused
// is worth retrying (Teams busy, unreachable, or the variable not set yet).
func (w *Webhook) Post(ctx context.Context, recipient string, body []byte) error {
	unit, ok := Unit(recipient)
	if !ok {
		return &Refused{Detail: fmt.Sprintf("%q är ingen Teams-kanal", recipient)}
	}
	var env string
	if m := w.envs.Load(); m != nil {
		env = (*m)[unit]
	}
	if env == "" {
		return fmt.Errorf("enheten %s har inte längre teams i inställningarna", unit)
	}
	addr := os.Getenv(env)
	if addr == "" {
		return fmt.Errorf("miljövariabeln %s (webhooken för %s) är inte satt", env, unit)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, addr, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("miljövariabeln %s håller ingen giltig adress", env) // not the address: it is the secret
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := w.Client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error quotes the address, and with it the webhook's signature
		}
		return fmt.Errorf("Teams nåddes inte: %w", err)
	}
	defer resp.Body.Close()
	detail, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout || resp.StatusCode >= 500:
		return fmt.Errorf("Teams svarade HTTP %d; försöker igen", resp.StatusCode)
	}
	return &Refused{Status: resp.StatusCode, Detail: string(bytes.ToValidUTF8(bytes.TrimSpace(detail), nil))}
}
