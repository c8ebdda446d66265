package remind

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/avesta-kommun/arshjul/internal/mail"
	"github.com/avesta-kommun/arshjul/internal/store"
	"github.com/avesta-kommun/arshjul/internal/teams"
)

// QueueResult counts what queueing did.
type QueueResult struct {
	Queued int // digests queued
	Stale  int // digests another pass queued first (plan again)
	Failed int // digests that could not be composed or stored
}

// Queue composes each digest and stores it with its ledger keys, one
// transaction per digest: a crash between two leaves the first queued and
// the second still due, never half of one.
func Queue(ctx context.Context, st *store.Store, from string, planned []Planned, now time.Time, log *slog.Logger) (QueueResult, error) {
	var res QueueResult
	for i := range planned {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		pl := &planned[i]
		var body []byte
		var err error
		if pl.Channel != nil {
			body, err = teams.Message(&pl.Digest, *pl.Channel)
		} else {
			body, err = mail.Compose(from, &pl.Digest)
		}
		var partial *mail.AttachmentError
		if errors.As(err, &partial) {
			log.Warn("a reminder goes without some calendar files", "to", pl.Digest.To, "err", err)
			err = nil
		}
		if err != nil {
			res.Failed++
			log.Error("could not compose a reminder; the others go on", "to", pl.Digest.To, "err", err)
			continue
		}
		msg := store.Message{MessageID: pl.Digest.MessageID, Recipient: pl.Digest.To, Subject: pl.Digest.Subject(), Body: body}
		_, err = st.Queue(ctx, msg, pl.Keys, now)
		switch {
		case errors.Is(err, store.ErrStale):
			res.Stale++
		case err != nil:
			res.Failed++
			log.Error("could not queue a reminder; the others go on", "to", pl.Digest.To, "err", err)
		default:
			res.Queued++
			log.Debug("reminder queued", "to", pl.Digest.To, "subject", msg.Subject, "keys", len(pl.Keys))
		}
	}
	return res, nil
}

// Print writes what the digests would say, for `arshjul remind --dry-run`.
func Print(w io.Writer, planned []Planned) {
	if len(planned) == 0 {
		fmt.Fprintln(w, "inget att skicka")
		return
	}
	for _, pl := range planned {
		d := &pl.Digest
		fmt.Fprintf(w, "till %s: %s\n", d.To, d.Subject())
		for _, a := range d.Upcoming {
			fmt.Fprintf(w, "  kommande     %s  %s (%s, %s)\n", a.ID, a.Title, a.When, a.In)
		}
		for _, f := range d.Overdue {
			fmt.Fprintf(w, "  försenad     %s  %s (%d dagar)\n", f.ID, f.Title, f.DaysOverdue)
		}
		for _, f := range d.Escalated {
			fmt.Fprintf(w, "  till chefen  %s  %s (%d dagar, ansvarig %s)\n", f.ID, f.Title, f.DaysOverdue, f.Owner)
		}
		if d.EndNotice != nil {
			fmt.Fprintf(w, "  slut         programmet gäller till %s, om %d dagar\n", d.EndNotice.ValidUntil, d.EndNotice.DaysLeft)
		}
		for _, a := range d.Alerts {
			fmt.Fprintf(w, "  varning      %s\n", a)
		}
	}
	fmt.Fprintf(w, "%d brev (inget skickat eller bokfört: --dry-run)\n", len(planned))
}
