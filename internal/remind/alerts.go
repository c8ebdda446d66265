package remind

import (
	"context"
	"fmt"
	"time"

	"github.com/avesta-kommun/arshjul/internal/config"
)

// mailAlerts finds mail trouble the admins should hear of: mail waiting
// longer than mail.alert_after, and mail a server refused. Each is told
// once (the ledger remembers); refused mail to an admin is only logged,
// lest an alert about an alert go round for ever.
func (r *Runner) mailAlerts(ctx context.Context, cfg *config.Config, now time.Time, st *Status) ([]Alert, error) {
	stats, err := r.Store.OutboxStats(ctx)
	if err != nil {
		return nil, err
	}
	var alerts []Alert
	if oldest, ok := stats.Oldest["queued"]; ok && now.Sub(oldest) > cfg.Mail.AlertAfter {
		slot := oldest.UTC().Format(time.RFC3339)
		if r.once("stuck " + slot) {
			r.Log.Error("mail is stuck in the outbox", "queued", stats.Count["queued"], "oldest", slot, "alert_after", cfg.Mail.AlertAfter.String())
		}
		alerts = append(alerts, Alert{Name: "stuck", Slot: slot, Text: fmt.Sprintf(
			"%d brev väntar i utkorgen; det äldsta sedan %s (längre än %s). Se `arshjul outbox` och loggen.",
			stats.Count["queued"], oldest.In(cfg.Programme.Location).Format("2006-01-02 15.04"), cfg.Mail.AlertAfter)})
	}
	if stats.Count["failed"] > 0 {
		failed, err := r.Store.Outbox(ctx, "failed")
		if err != nil {
			return nil, err
		}
		for _, m := range failed {
			if isAdmin(cfg, m.Recipient) {
				continue
			}
			alerts = append(alerts, Alert{Name: "failed", Slot: m.MessageID, Text: fmt.Sprintf(
				"Brevet till %s (%q) kunde inte levereras: %s. Rätta adressen och kör `arshjul outbox retry %d`.",
				m.Recipient, m.Subject, m.LastError, m.ID)})
		}
	}
	return alerts, nil
}

func isAdmin(cfg *config.Config, addr string) bool {
	for _, a := range cfg.Admins {
		if a == addr {
			return true
		}
	}
	return false
}
