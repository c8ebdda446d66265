package remind_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/testenv"
)

// TestTeamsDigest guards the unit's Teams channel: the digest its people
// get by mail also goes to the channel's Workflows webhook, as an
// Adaptive Card in the message Workflows takes, once per run through
// the outbox (a 5xx is retried after its backoff, a 4xx waits as failed
// for `outbox retry`), and the webhook's address, a secret, is in no log
// line and no outbox row.
func TestTeamsDigest(t *testing.T) {
	dir := testenv.CopyExample(t)
	smtp := testenv.StartSMTP(t)
	cfgPath := testenv.UseSMTP(t, dir, smtp)
	hook := testenv.StartTeams(t)
	testenv.UseTeams(t, dir, "hr", "ARSHJUL_TEAMS_HR", hook)
	r := &rig{t: t, cfgPath: cfgPath, clock: clock.NewManual(at("2026-09-21T07:00").Add(2 * time.Second)), smtp: smtp}
	d := r.start()
	logs := &testenv.LogBuffer{}
	d.runner.Log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	hook.Fail(503, 400)
	d.tick(t) // first try: 503, requeued
	if n := len(hook.Posts()); n != 0 {
		t.Fatalf("%d cards taken through a 503", n)
	}
	r.clock.Advance(2 * time.Minute)
	d.tick(t) // second try: 400, failed
	ctx := context.Background()
	failed, _ := d.store.Outbox(ctx, "failed")
	if len(failed) != 1 || failed[0].Recipient != "teams:hr" || !strings.Contains(failed[0].LastError, "HTTP 400") {
		t.Fatalf("after a 400 the outbox's failed: %+v", failed)
	}
	if n, err := d.store.Retry(ctx, 0, r.clock.Now()); err != nil || n != 1 {
		t.Fatalf("outbox retry: %d, %v", n, err)
	}
	for i := 0; i < 5; i++ {
		r.clock.Advance(time.Minute)
		d.tick(t)
	}
	posts := hook.Posts()
	sent, _ := d.store.Outbox(ctx, "sent")
	var toTeams int
	for _, m := range sent {
		if m.Recipient == "teams:hr" {
			toTeams++
		}
	}
	if toTeams == 0 || len(posts) != toTeams {
		t.Fatalf("%d cards taken, %d sent to teams:hr in the outbox", len(posts), toTeams)
	}
	seen := map[string]bool{}
	for _, p := range posts {
		if seen[p.Sum] {
			t.Error("a card posted twice")
		}
		seen[p.Sum] = true
	}
	var msg struct {
		Type        string
		Attachments []struct {
			ContentType string
			Content     struct {
				Type, Version string
				Body          []json.RawMessage
				Actions       []struct{ Type, Title, URL string }
			}
		}
	}
	if err := json.Unmarshal(posts[0].Body, &msg); err != nil {
		t.Fatal(err)
	}
	if posts[0].ContentType != "application/json" || msg.Type != "message" || len(msg.Attachments) != 1 ||
		msg.Attachments[0].ContentType != "application/vnd.microsoft.card.adaptive" ||
		msg.Attachments[0].Content.Type != "AdaptiveCard" || msg.Attachments[0].Content.Version != "1.4" {
		t.Errorf("not the message Workflows takes: %s", posts[0].Body)
	}
	// The channel hears what HR's contact hears by mail.
	card := string(posts[0].Body)
	mails := smtp.Received()
	var hr string
	for _, m := range mails {
		if m.To == "hr@example.se" {
			hr = testenv.Text(t, m.Data)
		}
	}
	if hr == "" || !strings.Contains(hr, "Medarbetarenkät") || !strings.Contains(card, "Medarbetarenkät") {
		t.Errorf("the survey is not in both HR's mail and the card:\n%s", card)
	}
	if !strings.Contains(card, `"Öppna årshjulet"`) || !strings.Contains(card, "/wheel/hr/item/") {
		t.Errorf("the card does not lead to the wheel and the item:\n%s", card)
	}
	if hrToken, _ := d.store.Token(ctx, "unit:hr", r.clock.Now()); hrToken != "" && strings.Contains(card, hrToken) {
		t.Error("the card carries HR's token, which would reach everyone in the channel")
	}
	all, _ := d.store.Outbox(ctx, "queued", "sending", "sent", "failed")
	for _, m := range all {
		if strings.Contains(m.LastError, "HEMLIG") {
			t.Errorf("the webhook's signature in the outbox: %s", m.LastError)
		}
	}
	if strings.Contains(logs.String(), "HEMLIG") || strings.Contains(logs.String(), "/workflows/") {
		t.Errorf("the webhook's address in the log:\n%s", logs.String())
	}
	// The next runs' ticks send the channel nothing again.
	before := len(hook.Posts())
	r.clock.Set(at("2026-09-21T07:30"))
	d.tick(t)
	if got := len(hook.Posts()); got != before {
		t.Errorf("%d cards sent again", got-before)
	}
}
