package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/avesta-kommun/arshjul/internal/clock"
	"github.com/avesta-kommun/arshjul/internal/store"
)

// Sender drains the outbox. Only the holder of the store's sender lock may
// run one (see store.SenderLock).
type Sender struct {
	Store     *store.Store
	Transport Transport
	// Teams, when set, delivers the messages whose recipient it handles
	// (a unit's Teams channel) instead of the mail transport.
	Teams Poster
	From  string // the From header; the envelope sender is its address
	Clock clock.Clock
	Log   *slog.Logger
	// Ends is when the programme's validity ends: nothing is sent after it.
	Ends time.Time

	Sent, Failed, Retried atomic.Int64 // for /metrics

	// After a connection failure the server is left alone for a while
	// (doubling, as for a message) instead of being dialled on every tick.
	pauseUntil   time.Time
	connFailures int
}

// Poster delivers outbox messages that are not mail. Its errors follow
// the transport's: Permanent ones fail the message, others retry it.
type Poster interface {
	Handles(recipient string) bool
	Post(ctx context.Context, recipient string, body []byte) error
}

// backoff is how long a message waits after its nth failed attempt: a
// minute, doubling to an hour. It is retried for as long as it takes; it
// is never dropped, and the stuck-mail alert tells the admins.
func backoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Drain sends every message that is due, over one session. It stops early
// when the connection fails (the messages wait for their retry time) or ctx
// ends (the message in flight is put back).
func (s *Sender) Drain(ctx context.Context) (sent int, err error) {
	now := s.Clock.Now()
	if !now.Before(s.Ends) {
		n, err := s.Store.Expire(ctx, "inte skickat: programmets giltighetstid har gått ut")
		if n > 0 {
			s.Log.Warn("the programme has ended; unsent mail will not be sent", "messages", n)
		}
		return 0, err
	}
	if now.Before(s.pauseUntil) {
		return 0, nil
	}
	envelope, err := Envelope(s.From)
	if err != nil {
		return 0, err
	}
	var sess Session
	defer func() {
		if sess != nil {
			sess.Close()
		}
	}()
	for ctx.Err() == nil {
		m, err := s.Store.Claim(ctx, s.Clock.Now())
		if err != nil || m == nil {
			return sent, err
		}
		posted := s.Teams != nil && s.Teams.Handles(m.Recipient)
		if sess == nil && !posted {
			if sess, err = s.Transport.Open(ctx); err != nil {
				sess = nil
				s.retry(ctx, m, err)
				s.pause()
				return sent, nil
			}
		}
		if posted {
			err = s.Teams.Post(ctx, m.Recipient, m.Body)
		} else {
			err = sess.Send(ctx, envelope, m.Recipient, m.Body)
		}
		switch {
		case err == nil:
			if err := s.Store.MarkSent(ctx, m.ID, s.Clock.Now()); err != nil {
				return sent, err
			}
			s.Sent.Add(1)
			sent++
			what := "mail sent"
			if posted {
				what = "Teams card posted"
			}
			s.Log.Info(what, "to", m.Recipient, "message_id", m.MessageID, "attempt", m.Attempts)
		case Permanent(err):
			s.Failed.Add(1)
			s.Log.Error("mail refused by the server; kept as failed (arshjul outbox retry sends it again)",
				"to", m.Recipient, "message_id", m.MessageID, "reason", err.Error())
			if err := s.Store.MarkFailed(ctx, m.ID, err.Error()); err != nil {
				return sent, err
			}
		default:
			s.retry(ctx, m, err)
			var ce *ConnError
			if errors.As(err, &ce) {
				sess.Close()
				sess = nil
				s.pause()
				return sent, nil
			}
		}
		s.connFailures = 0
	}
	return sent, ctx.Err()
}

func (s *Sender) pause() {
	s.connFailures++
	s.pauseUntil = s.Clock.Now().Add(backoff(s.connFailures))
}

func (s *Sender) retry(ctx context.Context, m *store.Message, cause error) {
	next := s.Clock.Now().Add(backoff(m.Attempts))
	s.Retried.Add(1)
	s.Log.Warn("mail not delivered; will retry", "to", m.Recipient, "message_id", m.MessageID,
		"attempt", m.Attempts, "retry_at", next.Format(time.RFC3339), "reason", cause.Error())
	// A cancelled ctx must not leave the message claimed: use a fresh one.
	if err := s.Store.Requeue(context.WithoutCancel(ctx), m.ID, next, fmt.Sprintf("försök %d: %v", m.Attempts, cause)); err != nil {
		s.Log.Error("could not requeue mail", "message_id", m.MessageID, "err", err)
	}
}
